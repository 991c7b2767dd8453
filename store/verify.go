package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Verify checks a whole store, as oic verify runs it: every visit (its
// document read and sealed by the last entry of its trail, the trail
// whole from its first entry, its head pointing at that entry, its
// arrivals, where it has any, whole and chained as a trail of their own,
// its register entry and index keys there, its premises index entry and
// measures record the ones its document makes: verify_made.go), every
// officer profile and its trail, records left without a visit or officer
// (premises index entries and measures records too), the reference
// blocks a server issued or a laptop holds (refblocks_verify.go), and Badger's own
// checksums of its tables and, if the store was opened with VerifyValues,
// of every value read.

// Problem is one thing wrong in a store: what it concerns (a visit, an
// officer, or else a key or file) and what is wrong.
type Problem struct {
	Ref     domain.Ref     `json:"ref,omitempty"`
	Officer domain.StaffNo `json:"officer,omitempty"`
	Key     string         `json:"key,omitempty"`
	What    string         `json:"problem"`
}

// Subject names what the problem concerns: "SLN-2026-0042", "officer
// A1001", or the key or file.
func (p Problem) Subject() string {
	switch {
	case p.Ref != "":
		return string(p.Ref)
	case p.Officer != "":
		return "officer " + string(p.Officer)
	}
	return p.Key
}

// Checked counts what Verify read.
type Checked struct {
	Visits   int `json:"visits"`
	Officers int `json:"officers"`
	Entries  int `json:"audit_entries"`
}

// Verify checks the store, telling progress (if set) how many visits are
// checked of how many, and returns what it checked and every problem
// found, visits' in reference order. An error means it could not finish.
func (s *Store) Verify(ctx context.Context, progress func(done, total int)) (Checked, []Problem, error) {
	var out []Problem
	unreadable, _ := s.log.unreadableValues()
	if err := s.db.VerifyChecksum(); err != nil {
		out = append(out, Problem{Key: "db/", What: "Badger's checksum of one of its tables fails: " + err.Error()})
	}
	snap, err := s.Snapshot(runtime.GOMAXPROCS(0))
	if err != nil {
		return Checked{}, nil, err
	}
	defer snap.Close()
	rd0 := snap.Readers()[0]
	refs, officers := rd0.keysUnder(prefixVisit), rd0.keysUnder(prefixOfficer)
	lists, listProblems := rd0.listEntries()
	arrived := rd0.arrivalOwners()
	out = append(out, listProblems...)
	var ck Checked
	ck.Visits, ck.Officers = len(refs), len(officers)

	// The visits, a worker a reader, each taking the next reference.
	found := make([][]Problem, len(refs))
	// made[i] are the premises index key and the officers refs[i]'s
	// document makes (none, if its document could not be read), for the
	// scans of the indexes after.
	made := make([]madeKeys, len(refs))
	var next, done, entries atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	for _, rd := range snap.Readers() {
		wg.Go(func() {
			var buf []byte
			var t trailBytes
			for {
				i := int(next.Add(1) - 1)
				if i >= len(refs) || ctx.Err() != nil {
					return
				}
				var n int
				var err error
				found[i], made[i], n, buf, err = rd.verifyVisit(domain.Ref(refs[i]), lists[domain.Ref(refs[i])], buf, &t)
				if err != nil {
					mu.Lock()
					failed = errors.Join(failed, err)
					mu.Unlock()
					return
				}
				if arrived[refs[i]] {
					found[i] = append(found[i], rd.verifyArrivals(domain.Ref(refs[i]))...)
				}
				entries.Add(int64(n))
				if d := done.Add(1); d%1000 == 0 || int(d) == len(refs) {
					mu.Lock()
					if progress != nil {
						progress(int(d), len(refs))
					}
					// Every document is read once: give the pages back as
					// it goes, as an export does.
					snap.ReleasePages()
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(ctx.Err(), failed); err != nil {
		return Checked{}, nil, err
	}
	premises := rd0.premisesStrays(refs, made, found)
	parts := rd0.partsStrays(refs, made, found)
	for _, p := range found {
		out = append(out, p...)
	}
	ck.Entries = int(entries.Load())
	for _, sn := range officers {
		p, n := rd0.verifyOfficer(domain.StaffNo(sn))
		out = append(out, p...)
		ck.Entries += n
	}
	out = append(out, rd0.strays(refs, officers)...)
	out = append(out, premises...)
	out = append(out, parts...)
	out = append(out, rd0.verifyBlocks()...)
	if m, err := rd0.get(importKey); err != nil || m != nil {
		out = append(out, Problem{Key: string(importKey), What: "an import was cut short: run the same oic import again to finish it"})
	}
	// Badger hands a value it cannot read back empty, saying why only in
	// its log: the records above read as empty or unreadable, and this
	// says why.
	if n, last := s.log.unreadableValues(); n > unreadable {
		what := fmt.Sprintf("%d stored values, and handed them", n-unreadable)
		if n-unreadable == 1 {
			what = "1 stored value, and handed it"
		}
		out = append(out, Problem{Key: "db/", What: fmt.Sprintf("Badger could not read %s back empty: the store's files were changed or damaged (details in %s); the last, %s", what, s.log.Name(), last)})
	}
	return ck, out, nil
}

// keysUnder lists, sorted, what follows prefix in each key under it.
func (r *Reader) keysUnder(prefix []byte) []string {
	opt := badger.DefaultIteratorOptions
	opt.Prefix, opt.PrefetchValues = prefix, false
	it := r.txn.NewIterator(opt)
	defer it.Close()
	var out []string
	for it.Rewind(); it.Valid(); it.Next() {
		out = append(out, string(it.Item().Key()[len(prefix):]))
	}
	return out
}

// get is key's value, or nil if there is none.
func (r *Reader) get(key []byte) ([]byte, error) {
	item, err := r.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return valueCopy(item)
}

// verifyVisit checks one visit, sum being its register entry (nil: none):
// its problems, the premises index key its document makes (nil: none),
// and how many entries its trail holds. dst is memory for its document,
// returned for the next.
// An error is a failure to read the store at all.
func (r *Reader) verifyVisit(ref domain.Ref, sum *domain.Summary, dst []byte, t *trailBytes) (out []Problem, mk madeKeys, entries int, buf []byte, err error) {
	bad := func(format string, a ...any) { out = append(out, Problem{Ref: ref, What: fmt.Sprintf(format, a...)}) }
	n, last, trailProblems := r.verifyTrail(ref, t)
	entries = n
	for _, p := range trailProblems {
		bad("%s", p)
	}
	rec, head, rerr := readSealed(r.txn, ref, dst)
	buf = rec.doc
	var he *headError
	switch {
	case errors.As(rerr, &he):
		bad("the head of its audit trail is damaged (%v)", he.err)
	case errors.Is(rerr, errEmptyDoc):
		bad("record changed outside oic, or damaged: its stored document is empty")
		return out, madeKeys{}, entries, buf, nil
	case rerr != nil:
		bad("%v", rerr)
		return out, madeKeys{}, entries, buf, nil
	case head == nil:
		if last != nil {
			bad("its audit trail has lost its head (the last entry is %d)", last.Seq)
		}
	case last != nil:
		if head.Seq != last.Seq || head.Hash != last.Hash || head.Record != last.Record ||
			head.Derived != last.Derived && !r.derivedAfresh(ref, head) {
			bad("the head of its audit trail is not its last entry (%d)", last.Seq)
		}
	}
	// sealed is the document's hash if the trail seals it as stored.
	sealed := ""
	if rerr == nil {
		if p := sealProblem(head, rec.doc, rec.derived); p != "" {
			bad("record changed outside oic: %s", p)
		} else {
			sealed = head.Record
		}
	}
	// Its seal vouches for its content; that it is this visit's, its
	// first member says (encoding/json writes the reference first).
	if rerr == nil && !bytes.HasPrefix(rec.doc, []byte(`{"ref":"`+string(ref)+`"`)) {
		bad("its document is not that of %s", ref)
	}
	var made []Problem
	made, mk = r.verifyMade(ref, rec.doc, sealed)
	out = append(out, made...)
	// The register's entry and the index keys made from it: there, and
	// where the entry says. Their text is not compared with the document's.
	if sum == nil {
		bad("it has no register entry: the register does not show it")
		return out, mk, entries, buf, nil
	}
	for _, k := range indexKeys(*sum)[1:] {
		if _, err := r.txn.Get(k); err != nil {
			bad("its index key %q is missing: searches by team, state or postcode miss it", k)
		}
	}
	return out, mk, entries, buf, nil
}

// listEntries reads the register's entries (l/), a summary each, by the
// visit each names, with the problems found: an entry that cannot be
// read, or is filed under another visit or time than it says, or a
// visit with two.
func (r *Reader) listEntries() (map[domain.Ref]*domain.Summary, []Problem) {
	out := map[domain.Ref]*domain.Summary{}
	var problems []Problem
	opt := badger.DefaultIteratorOptions
	opt.Prefix, opt.PrefetchValues = prefixList, false
	it := r.txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().KeyCopy(nil)
		var sum domain.Summary
		err := value(it.Item(), func(b []byte) (err error) {
			sum, err = decodeSummary(b)
			return err
		})
		switch {
		case err != nil:
			problems = append(problems, Problem{Key: fmt.Sprintf("%q", k), What: fmt.Sprintf("a register entry that cannot be read: %v", err)})
		case !bytes.Equal(k, indexKeys(sum)[0]):
			problems = append(problems, Problem{Ref: sum.Ref, What: fmt.Sprintf("its register entry is filed under %q, not where it says", k)})
		case out[sum.Ref] != nil:
			problems = append(problems, Problem{Ref: sum.Ref, What: "it has two register entries: the register shows it twice"})
		default:
			out[sum.Ref] = &sum
		}
	}
	return out, problems
}

// verifyOfficer checks one officer's profile and trail: its problems,
// and how many entries the trail holds.
func (r *Reader) verifyOfficer(sn domain.StaffNo) (out []Problem, entries int) {
	bad := func(format string, a ...any) {
		out = append(out, Problem{Officer: sn, What: fmt.Sprintf(format, a...)})
	}
	trail, err := readTrail(r.txn, officerAuditPrefix(sn), "the profile of "+string(sn))
	entries = len(trail)
	if err != nil {
		bad("%v", err)
	} else if err := domain.VerifyChain(trail); err != nil {
		bad("its audit trail is broken: %v", err)
	}
	b, head, err := readOfficer(r.txn, sn)
	if err != nil {
		bad("%v", err)
		return out, entries
	}
	if len(trail) > 0 && head != nil {
		last := trail[len(trail)-1]
		if head.Seq != last.Seq || head.Hash != last.Hash || head.Seal() != last.Seal() || last.Officer != sn {
			bad("the head of its audit trail is not its last entry (%d)", last.Seq)
		}
	}
	if p := sealProblem(head, b, nil); p != "" {
		bad("record changed outside oic: %s", p)
	}
	var o domain.Officer
	if err := json.Unmarshal(b, &o); err != nil {
		bad("its profile is unreadable: %v", err)
	} else if o.StaffNo != sn {
		bad("its profile is that of %s", o.StaffNo)
	}
	return out, entries
}

// strays are the records of visits and officers the store does not hold:
// trails, heads, derived parts and list entries left without a document,
// and officers' trails without a profile.
func (r *Reader) strays(refs, officers []string) []Problem {
	var out []Problem
	for _, f := range []struct {
		prefix string
		what   string
		owner  func(rest string) string
		known  []string
	}{
		{"a/", "audit entries", func(rest string) string { return rest[:max(0, len(rest)-9)] }, refs},
		{"h/", "an audit head", func(rest string) string { return rest }, refs},
		{"x/", "a derived export part", func(rest string) string { return rest }, refs},
		{"l/", "a register entry", func(rest string) string { return rest[min(len(rest), 9):] }, refs},
		{"r/", "arrival entries", func(rest string) string { return rest[:max(0, len(rest)-9)] }, refs},
		{"s/", "an arrivals head", func(rest string) string { return rest }, refs},
		{"p/", "profile audit entries", func(rest string) string { return rest[:max(0, len(rest)-9)] }, officers},
		{"q/", "a profile audit head", func(rest string) string { return rest }, officers},
		{string(prefixMeasures), "a measures record", func(rest string) string { return rest }, refs},
	} {
		seen := ""
		for _, rest := range r.keysUnder([]byte(f.prefix)) {
			owner := f.owner(rest)
			if owner == seen {
				continue
			}
			seen = owner
			if _, ok := slices.BinarySearch(f.known, owner); ok {
				continue
			}
			p := Problem{What: fmt.Sprintf("%s left without its record", f.what)}
			if f.prefix == string(prefixMeasures) {
				// Counted all the same: a visit that is not there.
				p.What += ": oic measures counts a visit this folder does not hold; " + rebuildMade
			}
			if f.prefix == "p/" || f.prefix == "q/" {
				p.Officer = domain.StaffNo(owner)
			} else {
				p.Ref = domain.Ref(owner)
			}
			out = append(out, p)
		}
	}
	return out
}

// derivedAfresh says head's seal of the derived part, not its last
// entry's, is the one ref's last arrival sealed, with the same document:
// an import that kept the part this oic derives, not the one the trail
// sealed (Arrival.DerivedAfresh).
func (r *Reader) derivedAfresh(ref domain.Ref, head *domain.AuditEntry) bool {
	arr, err := readHead(r.txn, arrivalHeadKey(ref))
	return err == nil && arr != nil && head.Derived != "" && arr.Record == head.Record && arr.Derived == head.Derived
}
