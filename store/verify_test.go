package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// verifyFixture is a store as oic leaves it: a closed visit (with its
// derived part), a visit naming a subject, two plain ones, and two
// officers.
func verifyFixture(t *testing.T) (*Store, string, []*domain.Visit) {
	t.Helper()
	s, dir := openStore(t)
	start := t0.Add(48 * time.Hour)
	vs := []*domain.Visit{
		closedVisit(t, s, start, start.Add(3*time.Hour)),
		subjectVisit(t, s),
		create(t, s, basics("WLN", "E1 6AN", start, bob), bob, t0),
		create(t, s, basics("CLN", "M1 1AE", start, bob), bob, t0),
	}
	for _, o := range []domain.Officer{alice, bob} {
		if err := s.SaveOfficer(context.Background(), o, domain.ProfileChange(nil, o, o, t0)); err != nil {
			t.Fatal(err)
		}
	}
	return s, dir, vs
}

func verify(t *testing.T, s *Store) (Checked, []string) {
	t.Helper()
	var told int
	ck, problems, err := s.Verify(context.Background(), func(done, total int) { told = done })
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if told != ck.Visits {
		t.Errorf("progress ended at %d of %d visits", told, ck.Visits)
	}
	var out []string
	for _, p := range problems {
		out = append(out, p.Subject()+": "+p.What)
	}
	return ck, out
}

func TestVerify_StoreAsOicLeftIt(t *testing.T) {
	s, _, vs := verifyFixture(t)
	ck, problems := verify(t, s)
	if len(problems) != 0 {
		t.Fatalf("problems in a whole store:\n%s", strings.Join(problems, "\n"))
	}
	entries := 2 // the officers'
	for _, v := range vs {
		trail, _ := s.Audit(context.Background(), v.Ref)
		entries += len(trail)
	}
	if ck != (Checked{Visits: 4, Officers: 2, Entries: entries}) {
		t.Errorf("checked %+v, want 4 visits, 2 officers, %d entries", ck, entries)
	}
}

// Each thing that can be wrong in a store is named by Verify, with what
// it concerns, and nothing else is.
func TestVerify_NamesEachProblem(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, s *Store, vs []*domain.Visit)
		want   string
	}{
		{"document changed", func(t *testing.T, s *Store, vs []*domain.Visit) {
			outside{t, s}.ChangeOutside(vs[1].Ref, func(doc []byte) []byte {
				return bytes.Replace(doc, []byte("Arben Hoxha"), []byte("Arben Haxha"), 1)
			})
		}, "SLN-2026-0002: record changed outside oic: its stored document is not the one audit entry 4 sealed"},
		{"derived part changed", func(t *testing.T, s *Store, vs []*domain.Visit) {
			b := getRaw(t, s, derivedKey(vs[0].Ref))
			b[len(b)-1] ^= 1
			putRaw(t, s, derivedKey(vs[0].Ref), b)
		}, "SLN-2026-0001: record changed outside oic: the stored derived part of its export line is not the one audit entry"},
		{"profile changed", func(t *testing.T, s *Store, vs []*domain.Visit) {
			outside{t, s}.ChangeOfficerOutside(alice.StaffNo, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"grade":"HEO"`), []byte(`"grade":"SEO"`), 1)
			})
		}, "officer A1001: record changed outside oic: its stored document is not the one audit entry 1 sealed"},
		{"entry altered", func(t *testing.T, s *Store, vs []*domain.Visit) {
			k := auditKeyLiteral(vs[2].Ref, 1)
			putRaw(t, s, k, bytes.Replace(getRaw(t, s, k), []byte("Bob Brown"), []byte("Ann Other"), 1))
		}, "WLN-2026-0001: its audit trail is broken: audit entry 1 does not match its hash: it was altered"},
		{"entry removed", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, auditKeyLiteral(vs[1].Ref, 2))
		}, "SLN-2026-0002: its audit trail is broken: audit entry 2 is numbered 3"},
		{"head lost", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, headKey(vs[3].Ref))
		}, "CLN-2026-0001: its audit trail has lost its head (the last entry is 1)"},
		{"head pointing back", func(t *testing.T, s *Store, vs []*domain.Visit) {
			trail, _ := s.Audit(ctx, vs[1].Ref)
			h, _ := headRecord(trail[1])
			putRaw(t, s, h.Key, h.Value)
		}, "SLN-2026-0002: the head of its audit trail is not its last entry (4)"},
		{"register entry lost", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, []byte(wantKeys(vs[2])[0]))
		}, "WLN-2026-0001: it has no register entry"},
		{"register entry doubled", func(t *testing.T, s *Store, vs []*domain.Visit) {
			sum := vs[2].Summary()
			sum.PlannedStart = sum.PlannedStart.Add(time.Hour)
			putRaw(t, s, indexKeys(sum)[0], encodeSummary(sum))
		}, "WLN-2026-0001: it has two register entries"},
		{"index key lost", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, []byte(wantKeys(vs[3])[2]))
		}, "CLN-2026-0001: its index key"},
		{"visit removed", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, visitKey(vs[3].Ref))
		}, "CLN-2026-0001: audit entries left without its record"},
		{"import cut short", func(t *testing.T, s *Store, vs []*domain.Visit) {
			putRaw(t, s, importKey, []byte("{}"))
		}, "m/import: an import was cut short"},
		{"premises entry lost", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, []byte(wantKeys(vs[2])[4]))
		}, "WLN-2026-0001: it is missing from the premises index: the history of its premises (REC-5) does not show it; run oic verify --rebuild"},
		{"premises entry of no visit", func(t *testing.T, s *Store, vs []*domain.Visit) {
			v := vs[2].Clone()
			v.Ref = "WLN-2026-0099"
			putRaw(t, s, []byte(wantKeys(v)[4]), nil)
		}, "WLN-2026-0099: a premises index entry left without its record: the history of its premises lists a visit this folder does not hold; run oic verify --rebuild"},
		{"premises entry elsewhere", func(t *testing.T, s *Store, vs []*domain.Visit) {
			v := vs[2].Clone()
			v.Basics.Premises.Postcode = "E2 7AA"
			putRaw(t, s, []byte(wantKeys(v)[4]), nil)
		}, "WLN-2026-0001: a premises index entry its record does not make"},
		{"measures lost", func(t *testing.T, s *Store, vs []*domain.Visit) {
			deleteRaw(t, s, measuresKey(vs[0].Ref))
		}, "SLN-2026-0001: it has no measures record: oic measures leaves it out; run oic verify --rebuild"},
		{"measures of no visit", func(t *testing.T, s *Store, vs []*domain.Visit) {
			putRaw(t, s, measuresKey("WLN-2026-0099"), getRaw(t, s, measuresKey(vs[2].Ref)))
		}, "WLN-2026-0099: a measures record left without its record: oic measures counts a visit this folder does not hold; run oic verify --rebuild"},
		{"measures changed", func(t *testing.T, s *Store, vs []*domain.Visit) {
			k := measuresKey(vs[0].Ref)
			putRaw(t, s, k, bytes.Replace(getRaw(t, s, k), []byte(`"team":"SLN"`), []byte(`"team":"WLN"`), 1))
		}, "SLN-2026-0001: its measures record is not the one its record makes: oic measures counts it wrongly; run oic verify --rebuild"},
		{"measures seal broken", func(t *testing.T, s *Store, vs []*domain.Visit) {
			k := measuresKey(vs[2].Ref)
			putRaw(t, s, k, bytes.Replace(getRaw(t, s, k), []byte("i/q/"), []byte("i/Q/"), 1))
		}, "WLN-2026-0001: its measures record was changed outside oic, or damaged: run oic verify --rebuild"},
		{"measures of another visit", func(t *testing.T, s *Store, vs []*domain.Visit) {
			putRaw(t, s, measuresKey(vs[1].Ref), getRaw(t, s, measuresKey(vs[0].Ref)))
		}, "SLN-2026-0002: its measures record is not the one its record makes"},
		{"measures unreadable", func(t *testing.T, s *Store, vs []*domain.Visit) {
			putRaw(t, s, measuresKey(vs[1].Ref), []byte("{"))
		}, "SLN-2026-0002: its measures record is not the one its record makes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, vs := verifyFixture(t)
			tc.damage(t, s, vs)
			_, problems := verify(t, s)
			if len(problems) == 0 {
				t.Fatalf("no problem found; want %q", tc.want)
			}
			if !strings.HasPrefix(problems[0], tc.want) {
				t.Errorf("first problem:\n %s\nwant one starting\n %s\nall:\n %s", problems[0], tc.want, strings.Join(problems, "\n "))
			}
		})
	}
}

// A value changed in the store's files fails Badger's own checksum,
// which Verify has Badger check (VerifyValues): the visit is named, and
// the cause given. (Opened without it, as oic usually is, the seal finds
// the same change: TestSeal_NameAndBirthDateEditedInTheFiles.)
func TestVerify_ValueChecksumOfAFileEdit(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	v := subjectVisit(t, s)
	s.Close()
	if s, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	s.Close()
	editLast(t, dir, "Arben Hoxha", "Arben Haxha")

	s, err = OpenWith(dir, Options{VerifyValues: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Badger hands back a value whose checksum fails empty, with no error,
	// and logs why: the visit is named as unreadable, and Badger's cause
	// given.
	_, problems := verify(t, s)
	want := []string{fmt.Sprintf("%s: visit %[1]s is unreadable: it cannot be read from db/000001.vlog, which is missing or damaged (Badger: value corrupted", v.Ref), "db/: Badger could not read 1 stored value, and handed it back empty"}
	if len(problems) != 2 || !strings.HasPrefix(problems[0], want[0]) || !strings.HasPrefix(problems[1], want[1]) || !strings.Contains(problems[0], "checksum mismatch") || !strings.Contains(problems[1], "checksum mismatch") {
		t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}

func deleteRaw(t testing.TB, s *Store, key []byte) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(key) }); err != nil {
		t.Fatal(err)
	}
}

// A measures record written otherwise than json.Marshal writes it
// (spaces, another order of members, and as before format 8, without
// its seal) but holding the same figures is its record's.
func TestVerify_MeasuresWrittenOtherwise(t *testing.T) {
	s, _, vs := verifyFixture(t)
	k := measuresKey(vs[0].Ref)
	var m map[string]any
	if err := json.Unmarshal(readMade(getRaw(t, s, k)).json, &m); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(m, "", "  ") // members sorted by name
	if err != nil {
		t.Fatal(err)
	}
	putRaw(t, s, k, b)
	if _, problems := verify(t, s); len(problems) != 0 {
		t.Fatalf("problems:\n%s", strings.Join(problems, "\n"))
	}
}

// oic verify --rebuild: the premises index and the measures, whatever
// was wrong with them, are made again from the records when the store is
// next opened, and nothing of the records changes.
func TestVerify_RebuildMendsWhatTheRecordsMake(t *testing.T) {
	s, dir, vs := verifyFixture(t)
	want := scanMeasures(t, s)
	stray := vs[2].Clone()
	stray.Ref = "WLN-2026-0099"
	deleteRaw(t, s, []byte(wantKeys(vs[2])[4]))
	putRaw(t, s, []byte(wantKeys(stray)[4]), nil)
	deleteRaw(t, s, measuresKey(vs[0].Ref))
	putRaw(t, s, measuresKey(stray.Ref), getRaw(t, s, measuresKey(vs[2].Ref)))
	putRaw(t, s, measuresKey(vs[1].Ref), []byte("{"))
	// The officers' index (i/o/): an entry missing, one under an officer
	// the record does not name, one of a visit not held.
	deleteRaw(t, s, partKey(vs[0].Parts()[0], vs[0].Ref))
	putRaw(t, s, partKey("NOTON01", vs[1].Ref), nil)
	putRaw(t, s, partKey(vs[2].Parts()[0], stray.Ref), nil)
	_, problems := verify(t, s)
	if len(problems) != 8 {
		t.Fatalf("%d problems, want 8:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	for _, want := range []string{
		string(vs[0].Ref) + ": it is missing from the officers' index under " + string(vs[0].Parts()[0]),
		string(vs[1].Ref) + ": an officers' index entry under NOTON01, whom its record does not name",
		"WLN-2026-0099: an officers' index entry under " + string(vs[2].Parts()[0]) + " left without its record",
	} {
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, want) && strings.HasSuffix(p, rebuildMade) }) {
			t.Errorf("no problem %q...%q in:\n%s", want, rebuildMade, strings.Join(problems, "\n"))
		}
	}
	if err := s.MarkMadeStale(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, problems := verify(t, s); len(problems) != 0 {
		t.Fatalf("problems after the rebuild:\n%s", strings.Join(problems, "\n"))
	}
	if got := scanMeasures(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("measures after the rebuild:\n%v\nwant\n%v", got, want)
	}
	if found, err := s.checkSchema(); err != nil || found != SchemaVersion {
		t.Fatalf("format %d (%v) after the rebuild, want %d", found, err, SchemaVersion)
	}
	checkStore(t, s)
}
