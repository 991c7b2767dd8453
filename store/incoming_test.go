package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// arrive writes arrivals as the import does: their records made through
// one snapshot, then written by an ImportWriter under marker. stopAfter,
// if above zero, cancels the write once that many are added.
// recordsOf makes what each arrival writes, read against the store as
// it is, and the references they concern.
func recordsOf(t *testing.T, s *Store, arrivals []Arrival) ([]VisitRecords, []domain.Ref) {
	t.Helper()
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	recs := make([]VisitRecords, len(arrivals))
	refs := make([]domain.Ref, len(arrivals))
	for i, a := range arrivals {
		if recs[i], err = snap.Readers()[0].Records(a); err != nil {
			t.Fatal(err)
		}
		refs[i] = a.Summary.Ref
	}
	return recs, refs
}

func arrive(t *testing.T, s *Store, marker string, arrivals []Arrival, stopAfter int) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	recs, refs := recordsOf(t, s, arrivals)
	w, err := s.NewImportWriter([]byte(marker), refs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if i == stopAfter && stopAfter > 0 {
			cancel()
		}
		if err := w.Add(ctx, r); err != nil {
			w.Abandon()
			return err
		}
	}
	return w.Finish()
}

// arrival is v arriving with its trail: the entries of trails[v.Ref]
// (its trail so far, kept up to date there) and c, sealing it.
func arrival(t *testing.T, v *domain.Visit, replaces *domain.Visit, trails map[domain.Ref][]domain.AuditEntry, c domain.Change) Arrival {
	t.Helper()
	doc, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	held := trails[v.Ref]
	var prev *domain.AuditEntry
	if len(held) > 0 {
		prev = &held[len(held)-1]
	}
	trail := append(slices.Clone(held), domain.ChainEntry(v.Ref, prev, c, domain.SealOf(doc, nil)))
	trails[v.Ref] = trail
	a := Arrival{Doc: doc, Summary: v.Summary(), Trail: trail,
		Arrived: domain.Arrival{At: c.At, By: bob.StaffNo, ByName: bob.Name, Version: v.Version, File: "export.jsonl", Schema: 2}.Change()}
	if replaces != nil {
		sum := replaces.Summary()
		a.Replaces = &sum
	}
	return a
}

// TestImportWriter: visits arriving new are written whole, over several
// transactions (a visit is one audit entry here per arrival), and the
// reference counters moved past them; a newer version replaces its visit,
// index keys and all, its audit entry chained on the trail here; a write
// stopped part-way leaves whole visits and the marker, until cleared.
func TestImportWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 4,000 visits")
	}
	ctx := context.Background()
	s, _ := openStore(t)
	seqs := map[string]uint32{}
	trails := map[domain.Ref][]domain.AuditEntry{}
	var arrivals []Arrival
	var visits []*domain.Visit
	for i := range 2500 {
		v, cs := synth(i, seqs)
		visits = append(visits, v)
		arrivals = append(arrivals, arrival(t, v, nil, trails, cs[0]))
	}
	if err := arrive(t, s, "first", arrivals, 0); err != nil {
		t.Fatal(err)
	}
	if got := checkStore(t, s); len(got) != 2500 { // the counters past them too
		t.Fatalf("%d visits written, want 2500", len(got))
	}
	if m, err := s.ImportMarker(); m != nil || err != nil {
		t.Errorf("the marker outlived the write: %q, %v", m, err)
	}

	// Newer versions of a few, moved to another day, team and postcode.
	arrivals = nil
	for i, old := range visits[:20] {
		v := old.Clone()
		b := v.Basics
		b.PlannedStart = b.PlannedStart.Add(time.Duration(25+i) * time.Hour)
		b.Team, b.Premises.Postcode = teams[(i+1)%len(teams)], postcodes[(i+2)%len(postcodes)]
		c, err := v.EditBasics(b, bob, old.CreatedAt.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		v.Version = 2
		visits[i] = v
		arrivals = append(arrivals, arrival(t, v, old, trails, c))
	}
	if err := arrive(t, s, "second", arrivals, 0); err != nil {
		t.Fatal(err)
	}
	stored := checkStore(t, s)
	for _, v := range visits[:20] {
		trail, err := s.Audit(ctx, v.Ref)
		if got := stored[v.Ref]; err != nil || got.Version != 2 || got.Basics.Team != v.Basics.Team || len(trail) != 2 || trail[1].Change.Actor != bob.StaffNo {
			t.Fatalf("%s after its newer version: %+v, trail %+v, %v", v.Ref, got.Basics, trail, err)
		}
		if !slices.EqualFunc(trail, trails[v.Ref], func(a, b domain.AuditEntry) bool { return a.Hash == b.Hash }) {
			t.Fatalf("%s: the trail here is not the trail that arrived", v.Ref)
		}
		arr, err := s.Arrivals(ctx, v.Ref)
		if err != nil || len(arr) != 2 || domain.VerifyChain(arr) != nil || arr[1].Record != trail[1].Record {
			t.Fatalf("%s: its arrivals after two: %+v, %v", v.Ref, arr, err)
		}
	}

	// Stopped part-way, after the first transaction.
	arrivals = nil
	for i := 2500; i < 5000; i++ {
		v, cs := synth(i, seqs)
		arrivals = append(arrivals, arrival(t, v, nil, trails, cs[0]))
	}
	if err := arrive(t, s, "third", arrivals, 1500); err == nil || !strings.Contains(err.Error(), "import stopped at visit") {
		t.Fatalf("a write stopped part-way: %v", err)
	}
	if got := len(checkStore(t, s)) - 2500; got <= 0 || got >= 2500 {
		t.Errorf("%d of 2,500 visits written before the stop: not part-way", got)
	}
	if m, err := s.ImportMarker(); string(m) != "third" || err != nil {
		t.Errorf("the marker after a stop is %q, %v", m, err)
	}
	if err := s.ClearImportMarker(); err != nil {
		t.Fatal(err)
	}
	if m, err := s.ImportMarker(); m != nil || err != nil {
		t.Errorf("the marker after clearing it is %q, %v", m, err)
	}
}

// rawState is every key and value in the store, as Badger holds them.
func rawState(t *testing.T, s *Store) map[string]string {
	t.Helper()
	return dbState(t, s.db)
}

// TestImportWriterUndo: an import stopped after its first transactions
// are written, then undone, leaves every key of the store as it was:
// visits new here gone with their index keys, audit entries and counters;
// visits it replaced back at their old version, old index keys and head;
// and the marker of an earlier import that never finished still there.
func TestImportWriterUndo(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 2,500 visits")
	}
	s, _ := openStore(t)
	seqs := map[string]uint32{}
	trails := map[domain.Ref][]domain.AuditEntry{}
	var old []*domain.Visit
	var arrivals []Arrival
	for i := range 30 {
		v, cs := synth(i, seqs)
		old = append(old, v)
		arrivals = append(arrivals, arrival(t, v, nil, trails, cs[0]))
	}
	if err := arrive(t, s, "first", arrivals, 0); err != nil {
		t.Fatal(err)
	}
	// An earlier import that never finished: its marker must survive.
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(importKey, []byte("earlier")) }); err != nil {
		t.Fatal(err)
	}
	before := rawState(t, s)

	// Newer versions of the 30, moved, then 2,500 new visits.
	arrivals = nil
	for i, o := range old {
		v := o.Clone()
		b := v.Basics
		b.PlannedStart = b.PlannedStart.Add(time.Duration(25+i) * time.Hour)
		b.Team, b.Premises.Postcode = teams[(i+1)%len(teams)], postcodes[(i+2)%len(postcodes)]
		c, err := v.EditBasics(b, bob, o.CreatedAt.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		v.Version = 2
		arrivals = append(arrivals, arrival(t, v, o, trails, c))
	}
	for i := 30; i < 2530; i++ {
		v, cs := synth(i, seqs)
		arrivals = append(arrivals, arrival(t, v, nil, trails, cs[0]))
	}
	recs, refs := recordsOf(t, s, arrivals)
	w, err := s.NewImportWriter([]byte("second"), refs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stopped error
	for i, r := range recs {
		if i == 1500 {
			cancel()
		}
		if stopped = w.Add(ctx, r); stopped != nil {
			break
		}
	}
	if !errors.Is(stopped, context.Canceled) {
		t.Fatalf("the write was not stopped: %v", stopped)
	}
	if n := len(rawState(t, s)) - len(before); n <= 0 {
		t.Fatalf("nothing was written before the stop (%d keys more): the test undoes nothing", n)
	}
	err = w.Undo(func(fn func(VisitRecords) error) error {
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after := rawState(t, s)
	for k, v := range before {
		if got, ok := after[k]; !ok || got != v {
			t.Errorf("key %q: %q before, %q (there: %v) after the undo", k, v, got, ok)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("key %q is left by the undone import", k)
		}
	}
	checkStore(t, s)
}

// TestRecordsTrailJSON: an arrival whose trail comes with its entries'
// encodings (domain.VerifyChainJSON) makes the same records as one
// whose entries Records encodes itself, new here and replacing.
func TestRecordsTrailJSON(t *testing.T) {
	s, _ := openStore(t)
	seqs := map[string]uint32{}
	trails := map[domain.Ref][]domain.AuditEntry{}
	v, cs := synth(1, seqs)
	first := arrival(t, v, nil, trails, cs[0])
	if err := arrive(t, s, "first", []Arrival{first}, 0); err != nil {
		t.Fatal(err)
	}
	nv := v.Clone()
	nb := nv.Basics
	nb.PlannedStart = nb.PlannedStart.Add(25 * time.Hour)
	c, err := nv.EditBasics(nb, bob, v.CreatedAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	nv.Version = 2
	second := arrival(t, nv, v, trails, c)
	second.Trail = roundTripTrail(t, second.Trail)
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	// The same visit new here under another reference, its first entry
	// sealing it, as it came from a file.
	fresh := Arrival{Doc: first.Doc, Summary: first.Summary, Arrived: first.Arrived}
	fresh.Summary.Ref = "SLN-2026-9999"
	fresh.Trail = roundTripTrail(t, []domain.AuditEntry{domain.ChainEntry(fresh.Summary.Ref, nil, second.Trail[0].Change, domain.SealOf(fresh.Doc, nil))})
	for _, c := range []struct {
		name string
		a    Arrival
	}{{"replacing", second}, {"new", fresh}} {
		name, a := c.name, c.a
		want, err := snap.Readers()[0].Records(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a.TrailJSON, err = domain.VerifyChainJSON(a.Trail); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := snap.Readers()[0].Records(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.EqualFunc(got.Set, want.Set, func(x, y Record) bool { return string(x.Key) == string(y.Key) && string(x.Value) == string(y.Value) }) ||
			!slices.EqualFunc(got.Delete, want.Delete, func(x, y []byte) bool { return string(x) == string(y) }) {
			t.Errorf("%s: with the encodings given\n%q\nwithout\n%q", name, got, want)
		}
	}
}

// roundTripTrail is tr as it comes from a file: times in UTC.
func roundTripTrail(t *testing.T, tr []domain.AuditEntry) []domain.AuditEntry {
	t.Helper()
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.AuditEntry
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
