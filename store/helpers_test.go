package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// TestMain doubles as the child process of the crash and lock tests: the
// parent re-executes this test binary with OIC_STORE_CHILD set, which runs a
// child mode instead of the tests, so no separate binary has to be built.
func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(runChild(mode, os.Getenv(childDirEnv)))
	}
	code := m.Run()
	cleanupBench()
	os.Exit(code)
}

const (
	childModeEnv = "OIC_STORE_CHILD"
	childDirEnv  = "OIC_STORE_CHILD_DIR"
)

func runChild(mode, dir string) int {
	switch mode {
	case "crash":
		return crashChild(dir)
	case "hold":
		return holdChild(dir)
	case "open":
		return openChild(dir)
	case "fill":
		return fillChild(dir)
	case "reserve":
		return reserveChild(dir)
	}
	fmt.Fprintf(os.Stderr, "unknown child mode %q\n", mode)
	return 2
}

// holdChild opens the store, says so, and keeps it open until its stdin
// closes (or it is killed).
func holdChild(dir string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Printf("ready %d\n", os.Getpid())
	var buf [64]byte
	for {
		if _, err := os.Stdin.Read(buf[:]); err != nil {
			break
		}
	}
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// A fixed clock: the domain never reads one, and neither do these tests.
var (
	t0    = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	alice = domain.Officer{StaffNo: "A1001", Name: "Alice Ames", Grade: "HEO", Team: "SLN", ArrestTrained: true}
	bob   = domain.Officer{StaffNo: "B2002", Name: "Bob Brown", Grade: "SEO", Team: "SLN", ArrestTrained: true}
)

func basics(team domain.TeamCode, pc domain.Postcode, start time.Time, oic domain.Officer) domain.Basics {
	return domain.Basics{
		Team: team,
		Premises: domain.Premises{
			Name: "Star Takeaway", Address: "1 High Street, London", Postcode: pc, Sector: "Restaurant / takeaway",
		},
		Intel: domain.Intelligence{Ref: "INT-0001", Received: domain.Date{Year: 2026, Month: 2, Day: 1}, Priority: 3,
			Summary: "Workers seen arriving before opening"},
		Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Local tasking meeting",
			DecidedAt: t0.Add(-24 * time.Hour), Rationale: "Credible, recent, specific"},
		PlannedStart: start, OIC: oic.StaffNo, OICName: oic.Name,
	}
}

// testDerivation stands for the export's derivation (store/exchange) in
// the store's tests: a part for a closed visit and the states after it,
// made from the visit and its document, so a part beside another
// document differs from the part that document would get.
var testDerivation = Derivation{Version: 7, Part: func(v *domain.Visit, doc []byte) []byte {
	if !slices.Contains([]domain.State{domain.Closed, domain.FollowUp, domain.Assured}, v.State) {
		return nil
	}
	return fmt.Appendf(nil, "%s version %d, %s, document of %d bytes", v.Ref, v.Version, v.State, len(doc))
}}

// openStore opens a store in a fresh folder with testDerivation.
func openStore(t testing.TB) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func create(t testing.TB, s *Store, b domain.Basics, by domain.Officer, now time.Time) *domain.Visit {
	t.Helper()
	v, c, err := domain.NewVisit(b, by, now)
	if err != nil {
		t.Fatalf("NewVisit: %v", err)
	}
	nv, err := s.CreateVisit(context.Background(), v, c)
	if err != nil {
		t.Fatalf("CreateVisit: %v", err)
	}
	return nv
}

func mustVisit(t testing.TB, s *Store, ref domain.Ref) *domain.Visit {
	t.Helper()
	v, err := s.Visit(context.Background(), ref)
	if err != nil {
		t.Fatalf("Visit(%s): %v", ref, err)
	}
	return v
}

// readMarked reads ref, which must come with a *domain.RecordError whose
// problem holds problem: a record that fails its seal is still read.
func readMarked(t testing.TB, s *Store, ref domain.Ref, problem string) *domain.Visit {
	t.Helper()
	v, err := s.Visit(context.Background(), ref)
	var re *domain.RecordError
	if v == nil || !errors.As(err, &re) || !strings.Contains(re.Problem, problem) {
		t.Fatalf("Visit(%s) = %v, %v; want the visit, marked: %s", ref, v != nil, err, problem)
	}
	return v
}

// rawKeys lists the keys under prefix, read straight from Badger.
func rawKeys(t testing.TB, s *Store, prefix string) []string {
	t.Helper()
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = []byte(prefix), false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			out = append(out, string(it.Item().KeyCopy(nil)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// putRaw writes one key straight into Badger, bypassing the store.
func putRaw(t testing.TB, s *Store, key, val []byte) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(key, val) }); err != nil {
		t.Fatal(err)
	}
}

// getRaw reads key's value straight from Badger.
func getRaw(t testing.TB, s *Store, key []byte) []byte {
	t.Helper()
	var out []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	}); err != nil {
		t.Fatalf("reading %q: %v", key, err)
	}
	return out
}

// wantKeys is the documented key layout (keys.go) for a visit's list entry
// and index keys, written out here independently of the code under test.
func wantKeys(v *domain.Visit) []string {
	inv := string(binary.BigEndian.AppendUint64(nil, ^uint64(v.Basics.PlannedStart.Unix())))
	ref := string(v.Ref)
	keys := []string{
		"l/" + inv + "/" + ref,
		"i/t/" + string(v.Basics.Team) + "/" + inv + "/" + ref,
		"i/s/" + string(v.State) + "/" + inv + "/" + ref,
		"i/p/" + string(v.Basics.Premises.Postcode) + "/" + ref,
		"i/q/" + premisesKeyPart(v.Basics.Premises.Key()) + inv + ref,
	}
	for _, sn := range v.Parts() {
		keys = append(keys, "i/o/"+string(sn)+"/"+ref)
	}
	return keys
}

// premisesKeyPart is the postcode and the address line of a premises
// index key, each after its length.
func premisesKeyPart(k domain.PremisesKey) string {
	pc, addr, _ := strings.Cut(string(k), "|")
	n := func(s string) string { return string(binary.BigEndian.AppendUint16(nil, uint16(len(s)))) + s }
	return n(pc) + n(addr)
}

func sameSummary(a, b domain.Summary) bool {
	return a.Ref == b.Ref && a.PlannedStart.Unix() == b.PlannedStart.Unix() && a.Premises == b.Premises &&
		a.Postcode == b.Postcode && a.Team == b.Team && a.State == b.State && a.OIC == b.OIC &&
		a.Ended.IsZero() == b.Ended.IsZero() && a.Ended.Unix() == b.Ended.Unix()
}

// checkStore reads every key of the store and checks that each visit is
// whole: its document decodes; its list entry and index keys are exactly
// the ones its document implies, and nothing else is; its summary matches
// the document; its audit trail verifies, has one entry per version and
// ends at the head; its reference counter is at or past its sequence. It
// returns the stored visits by reference.
func checkStore(t testing.TB, s *Store) map[domain.Ref]*domain.Visit {
	t.Helper()
	var (
		docs     = map[domain.Ref]*domain.Visit{}
		rawDocs  = map[domain.Ref][]byte{}
		derived  = map[domain.Ref][]byte{}
		lists    = map[string][]byte{}
		measures = map[domain.Ref][]byte{}
		index    = map[string]bool{}
		audits   = map[domain.Ref][]domain.AuditEntry{}
		heads    = map[domain.Ref][]byte{}
		counters = map[string]uint32{}

		officers      = map[domain.StaffNo][]byte{}
		officerAudits = map[domain.StaffNo][]domain.AuditEntry{}
		officerHeads  = map[domain.StaffNo][]byte{}
		problems      []string
	)
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := string(it.Item().KeyCopy(nil))
			val, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			switch {
			case strings.HasPrefix(k, "v/"):
				if val, err = decodeDoc(nil, val); err != nil {
					bad("%s: %v", k, err)
					continue
				}
				v := new(domain.Visit)
				if err := json.Unmarshal(val, v); err != nil {
					bad("%s: document does not decode: %v", k, err)
					continue
				}
				if string(v.Ref) != k[2:] {
					bad("%s: document says ref %s", k, v.Ref)
				}
				docs[domain.Ref(k[2:])] = v
				rawDocs[domain.Ref(k[2:])] = val
			case strings.HasPrefix(k, "x/"):
				if val, err = derivedEnvelope(val); err != nil {
					bad("%s: %v", k, err)
					continue
				}
				derived[domain.Ref(k[2:])] = val
			case strings.HasPrefix(k, "l/"):
				lists[k] = val
			case strings.HasPrefix(k, "e/"):
				measures[domain.Ref(k[2:])] = val
			case strings.HasPrefix(k, "i/"):
				if len(val) != 0 {
					bad("index key %q has a value", k)
				}
				index[k] = true
			case strings.HasPrefix(k, "a/"):
				if len(k) < 2+1+8 || k[len(k)-9] != '/' {
					bad("audit key %q is malformed", k)
					continue
				}
				ref := domain.Ref(k[2 : len(k)-9])
				seq := binary.BigEndian.Uint64([]byte(k[len(k)-8:]))
				// One entry, or a run of them from seq (trailrun.go).
				err := trailValue([]byte(val), nil, func(entry []byte) error {
					var e domain.AuditEntry
					if err := json.Unmarshal(entry, &e); err != nil {
						return err
					}
					if e.Seq != seq || e.Ref != ref {
						bad("%q holds entry %s #%d where %s #%d belongs", k, e.Ref, e.Seq, ref, seq)
					}
					seq++
					audits[ref] = append(audits[ref], e)
					return nil
				})
				if err != nil {
					bad("%q: audit entry does not decode: %v", k, err)
				}
			case strings.HasPrefix(k, "h/"):
				heads[domain.Ref(k[2:])] = val
			case strings.HasPrefix(k, "o/"):
				officers[domain.StaffNo(k[2:])] = val
			case strings.HasPrefix(k, "p/"):
				sn, _, _ := strings.Cut(k[2:], "/")
				var e domain.AuditEntry
				if err := json.Unmarshal(val, &e); err != nil {
					bad("%q: audit entry does not decode: %v", k, err)
					continue
				}
				officerAudits[domain.StaffNo(sn)] = append(officerAudits[domain.StaffNo(sn)], e)
			case strings.HasPrefix(k, "q/"):
				officerHeads[domain.StaffNo(k[2:])] = val
			case strings.HasPrefix(k, "n/"):
				if len(val) != 4 || len(k) < 2+1+4 {
					bad("counter %q is malformed", k)
					continue
				}
				team := k[2 : len(k)-5]
				year := binary.BigEndian.Uint32([]byte(k[len(k)-4:]))
				counters[fmt.Sprintf("%s-%04d", team, year)] = binary.BigEndian.Uint32(val)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("scanning the store: %v", err)
	}

	expected := map[string]domain.Ref{}
	for ref, v := range docs {
		for i, k := range wantKeys(v) {
			expected[k] = ref
			if i == 0 {
				val, ok := lists[k]
				if !ok {
					bad("%s: list entry %q missing", ref, k)
					continue
				}
				sum, err := decodeSummary(val)
				if err != nil {
					bad("%s: summary does not decode: %v", ref, err)
				} else if !sameSummary(sum, v.Summary()) {
					bad("%s: summary %+v does not match document %+v", ref, sum, v.Summary())
				}
			} else if !index[k] {
				bad("%s: index key %q missing", ref, k)
			}
		}
		// Its measures are those of the document (measures.go), sealed
		// to it with the keys it makes (measures_seal.go).
		if want, _ := measuresRecord(v, domain.RecordHash(rawDocs[ref])); !bytes.Equal(measures[ref], want.Value) {
			bad("%s: measures record %q, the document's are %q", ref, measures[ref], want.Value)
		} else if m := readMade(measures[ref]); !m.madeFrom(domain.RecordHash(rawDocs[ref])) {
			bad("%s: measures record not sealed to its document", ref)
		}
		entries := audits[ref]
		// One entry a version, and a baseline entry where the store was
		// written by an earlier oic (open.go).
		versions := uint64(0)
		for _, e := range entries {
			if e.Change.Action != domain.BaselineChange(t0, SchemaVersion).Action {
				versions++
			}
		}
		if versions != v.Version {
			bad("%s: version %d but %d audit entries of versions", ref, v.Version, versions)
		}
		if err := domain.VerifyChain(entries); err != nil {
			bad("%s: audit chain: %v", ref, err)
		}
		if len(entries) > 0 {
			last := entries[len(entries)-1]
			h := heads[ref]
			want := domain.SealOf(rawDocs[ref], derived[ref])
			if last.Seal() != want {
				bad("%s: entry %d seals %+v, the record stored is %+v", ref, last.Seq, last.Seal(), want)
			}
			if enc, err := encodeHead(last); err != nil || !bytes.Equal(h, enc) {
				bad("%s: audit head %x does not point at entry %d and its seal (%v)", ref, h, last.Seq, err)
			}
		}
		parts := strings.Split(string(ref), "-")
		if len(parts) == 3 {
			var seq uint32
			fmt.Sscan(parts[2], &seq)
			if c := counters[parts[0]+"-"+parts[1]]; c < seq {
				bad("%s: counter %s-%s is %d, behind the reference", ref, parts[0], parts[1], c)
			}
		}
	}
	for k := range lists {
		if _, ok := expected[k]; !ok {
			bad("stray list entry %q", k)
		}
	}
	for k := range index {
		if _, ok := expected[k]; !ok {
			bad("stray index key %q", k)
		}
	}
	for ref := range measures {
		if docs[ref] == nil {
			bad("measures record for %s, which has no document", ref)
		}
	}
	for ref := range audits {
		if docs[ref] == nil {
			bad("audit entries for %s, which has no document", ref)
		}
	}
	for ref := range heads {
		if docs[ref] == nil {
			bad("audit head for %s, which has no document", ref)
		}
	}
	// Every officer's profile is the one the last entry of its own trail
	// sealed.
	for sn, b := range officers {
		entries := officerAudits[sn]
		if len(entries) == 0 {
			bad("officer %s has no audit trail", sn)
			continue
		}
		if err := domain.VerifyChain(entries); err != nil {
			bad("officer %s: audit chain: %v", sn, err)
		}
		last := entries[len(entries)-1]
		if last.Officer != sn || last.Seal() != domain.SealOf(b, nil) {
			bad("officer %s: entry %d (of %s) does not seal the profile stored", sn, last.Seq, last.Officer)
		}
		if enc, err := encodeHead(last); err != nil || !bytes.Equal(officerHeads[sn], enc) {
			bad("officer %s: audit head does not point at entry %d", sn, last.Seq)
		}
	}
	for sn := range officerAudits {
		if officers[sn] == nil {
			bad("audit entries for officer %s, who has no profile", sn)
		}
	}
	// A derived part (derived.go) belongs to a visit, and if it names the
	// document as it is and the store's derivation, it is what that
	// derivation makes of the document.
	for ref, rec := range derived {
		v := docs[ref]
		if v == nil {
			bad("derived part for %s, which has no document", ref)
			continue
		}
		part, ok := derivedPart(rec, s.derive.Version, rawDocs[ref])
		if !ok || s.derive.Part == nil {
			continue // of another document or derivation: a reader derives afresh
		}
		if want := s.derive.Part(v, rawDocs[ref]); !bytes.Equal(part, want) {
			bad("%s: derived part differs from its document's:\n got %s\nwant %s", ref, part, want)
		}
	}

	// The public view agrees: every summary once, newest first.
	var sums []domain.Summary
	if err := s.ScanSummaries(context.Background(), 97, func(b []domain.Summary) error {
		sums = append(sums, b...)
		return nil
	}); err != nil {
		bad("ScanSummaries: %v", err)
	}
	if len(sums) != len(docs) {
		bad("ScanSummaries gave %d summaries for %d visits", len(sums), len(docs))
	}
	for i, sum := range sums {
		if i > 0 && sum.PlannedStart.After(sums[i-1].PlannedStart) {
			bad("ScanSummaries out of order at %d: %s after %s", i, sum.PlannedStart, sums[i-1].PlannedStart)
		}
		if v := docs[sum.Ref]; v == nil || !sameSummary(sum, v.Summary()) {
			bad("ScanSummaries: %s does not match its document", sum.Ref)
		}
	}
	if n, err := s.CountVisits(context.Background()); err != nil || n != len(docs) {
		bad("CountVisits = %d, %v; want %d", n, err, len(docs))
	}

	if len(problems) > 0 {
		sort.Strings(problems)
		if len(problems) > 30 {
			problems = append(problems[:30], fmt.Sprintf("... and %d more", len(problems)-30))
		}
		t.Fatalf("store is not whole:\n  %s", strings.Join(problems, "\n  "))
	}
	return docs
}

// edit makes one small change to a copy of v, cycling through the kinds of
// edit that move index keys. It returns nil if v can no longer change.
func edit(v *domain.Visit, by domain.Officer, now time.Time, n int) (*domain.Visit, domain.Change) {
	nv := v.Clone()
	if nv.State.Active() && n%4 != 3 {
		b := nv.Basics
		switch n % 4 {
		case 0:
			b.PlannedStart = b.PlannedStart.Add(time.Duration(1+n%5) * time.Hour)
		case 1:
			b.Premises.Postcode = postcodes[n%len(postcodes)]
			b.Premises.Name = fmt.Sprintf("Premises %d", n)
		case 2:
			b.Team = teams[n%len(teams)]
		}
		if c, err := nv.EditBasics(b, by, now); err == nil {
			return nv, c
		}
	}
	if next, ok := nv.Next(); ok {
		if c, err := nv.Transition(next, "", by, now); err == nil {
			return nv, c
		}
	}
	return nil, domain.Change{}
}

var (
	postcodes = []domain.Postcode{"SW1A 1AA", "E1 6AN", "M1 1AE", "CR0 2RH", "N17 0AP"}
	teams     = []domain.TeamCode{"SLN", "WLN", "CLN"}
)

func isConflict(err error) (*domain.ConflictError, bool) {
	var ce *domain.ConflictError
	return ce, errors.As(err, &ce)
}
