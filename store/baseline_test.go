package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// oldStore writes, straight into Badger, the store an oic of format 2
// left: visit documents, summaries, index keys and derived parts as this
// build writes them, audit entries that seal nothing and 40-byte heads,
// officer profiles without trails, and the mark 2. The visits are made
// in a store of this build first (so closing one is real), then copied
// down, entry by entry re-chained without seals.
func oldStore(t *testing.T) (dir string, visits []*domain.Visit) {
	t.Helper()
	src, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	visits = []*domain.Visit{
		closedVisit(t, src, start, start.Add(3*time.Hour)),
		subjectVisit(t, src),
		create(t, src, basics("WLN", "E1 6AN", start, bob), bob, t0),
	}
	var recs []Record
	for _, v := range visits {
		trail, err := src.Audit(context.Background(), v.Ref)
		if err != nil {
			t.Fatal(err)
		}
		changes := make([]domain.Change, len(trail))
		for i, e := range trail {
			changes[i] = e.Change
		}
		rec, _, err := src.visitRecords(v)
		if err != nil {
			t.Fatal(err)
		}
		audit, err := auditRecords(v.Ref, nil, changes, domain.Seal{})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(append(recs, rec...), audit...)
	}
	for _, o := range []domain.Officer{alice, bob} {
		b, _ := json.Marshal(o)
		recs = append(recs, Record{officerKey(o.StaffNo), b})
	}
	recs = append(recs, Record{keySchema, binary.BigEndian.AppendUint64(nil, 2)},
		Record{seqKey("SLN", 2026), binary.BigEndian.AppendUint32(nil, 2)}, Record{seqKey("WLN", 2026), binary.BigEndian.AppendUint32(nil, 1)})
	src.Close()

	dir = t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(DBDir(dir)).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(txn *badger.Txn) error { return setAll(txn, recs...) }); err != nil {
		t.Fatal(err)
	}
	return dir, visits
}

// rawTrail reads ref's entries as stored, each its JSON.
func rawTrail(t *testing.T, dir string, ref domain.Ref) []string {
	t.Helper()
	var out []string
	for k, v := range dump(t, dir) {
		if strings.HasPrefix(k, string(auditPrefix(ref))) {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// A store written by an earlier oic is sealed the first time this oic
// opens it: each visit and each officer profile gets one baseline entry
// sealing its record as found; nothing else changes (documents keep their
// bytes, visits their versions, old entries their JSON), and the format
// mark is raised, so an earlier oic then refuses the folder. A second
// open seals nothing again.
func TestBaseline_OldStoreSealedOnFirstOpen(t *testing.T) {
	dir, visits := oldStore(t)
	before := dump(t, dir)
	var told [][2]int
	s, err := OpenWith(dir, Options{Derive: testDerivation, Sealing: func(done, total int) { told = append(told, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if len(told) == 0 || told[len(told)-1] != [2]int{5, 5} {
		t.Errorf("progress told %v, want it to end at 5 of 5", told)
	}
	for _, v := range visits {
		got, err := s.Visit(ctx, v.Ref)
		if err != nil {
			t.Fatalf("%s after the baseline: %v", v.Ref, err)
		}
		if got.Version != v.Version {
			t.Errorf("%s: version %d, want %d: the baseline changes no record", v.Ref, got.Version, v.Version)
		}
		trail, err := s.Audit(ctx, v.Ref)
		if err != nil || domain.VerifyChain(trail) != nil {
			t.Fatalf("%s: trail %v, %v", v.Ref, err, domain.VerifyChain(trail))
		}
		last := trail[len(trail)-1]
		if uint64(len(trail)) != v.Version+1 || last.Change.Action != "record sealed as found" || last.Change.Actor != "" || last.Record == "" {
			t.Errorf("%s: %d entries, the last %+v", v.Ref, len(trail), last)
		}
		for _, e := range trail[:len(trail)-1] {
			if e.Seal() != (domain.Seal{}) {
				t.Errorf("%s: old entry %d was given a seal", v.Ref, e.Seq)
			}
		}
		if v.State == domain.Closed && last.Derived == "" {
			t.Errorf("%s: the baseline did not seal the derived part kept", v.Ref)
		}
	}
	for _, o := range []domain.Officer{alice, bob} {
		trail, err := s.OfficerAudit(ctx, o.StaffNo)
		if err != nil || len(trail) != 1 || trail[0].Change.Action != "record sealed as found" {
			t.Errorf("officer %s: trail %+v, %v", o.StaffNo, trail, err)
		}
		if _, err := s.Officer(ctx, o.StaffNo); err != nil {
			t.Errorf("officer %s: %v", o.StaffNo, err)
		}
	}
	checkStore(t, s)
	s.Close()

	after := dump(t, dir)
	for k, v := range before {
		if k == string(keySchema) || strings.HasPrefix(k, "h/") {
			continue
		}
		if after[k] != v {
			t.Errorf("the baseline changed %q", k)
		}
	}
	if got := binary.BigEndian.Uint64([]byte(after[string(keySchema)])); got != SchemaVersion {
		t.Errorf("format mark %d after the baseline, want %d", got, SchemaVersion)
	}

	// Opened again, nothing more is sealed.
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if again := dump(t, dir); len(again) != len(after) {
		t.Errorf("a second open added %d keys", len(again)-len(after))
	}
}

// A baseline cut short (oic killed) is finished by the next open, and no
// record is sealed twice.
func TestBaseline_CutShortIsFinished(t *testing.T) {
	dir, visits := oldStore(t)
	db := rawDB(t, dir)
	// What a baseline killed after its first transaction left: the first
	// visit sealed, the mark still 2.
	if err := db.Update(func(txn *badger.Txn) error {
		_, err := sealVisitAsFound(txn, visits[0].Ref, domain.BaselineChange(t0, SchemaVersion))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, v := range visits {
		trail, _ := s.Audit(context.Background(), v.Ref)
		n := 0
		for _, e := range trail {
			if e.Change.Action == "record sealed as found" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s has %d baseline entries, want 1", v.Ref, n)
		}
	}
	checkStore(t, s)
}

// A record the baseline cannot seal honestly (no trail, or a damaged
// head) is left unsealed: read marked, never sealed as if whole.
func TestBaseline_LeavesWhatItCannotSealHonestly(t *testing.T) {
	dir, visits := oldStore(t)
	db := rawDB(t, dir)
	if err := db.Update(func(txn *badger.Txn) error {
		if err := txn.Delete(headKey(visits[0].Ref)); err != nil {
			return err
		}
		return txn.Set(headKey(visits[1].Ref), []byte{1, 2, 3})
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	readMarked(t, s, visits[0].Ref, "it has no audit trail to seal it")
	readMarked(t, s, visits[1].Ref, "the head of its audit trail is damaged")
	if _, err := s.Visit(context.Background(), visits[2].Ref); err != nil {
		t.Errorf("the whole visit beside them: %v", err)
	}
	if b := getRaw(t, s, headKey(visits[1].Ref)); !bytes.Equal(b, []byte{1, 2, 3}) {
		t.Errorf("the damaged head was rewritten: %x", b)
	}
}
