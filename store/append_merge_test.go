package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// Two sessions recording the live timeline of one visit at once, as the
// OIC and an arrest officer do over SSH, each saving from the copy its
// last save gave back: no save is lost or refused, every entry is stored
// once, numbered in order, and the audit chain, each entry sealing the
// record it left, verifies.
func TestSaveVisit_TwoSessionsAppendingNeverConflict(t *testing.T) {
	s, dir := openStore(t)
	ctx := context.Background()
	start := t0.Add(48 * time.Hour)
	v := deployedVisit(t, s, start)
	const each = 20
	officers := []domain.Officer{alice, domaintest.Arrest}
	errs := make([][]error, len(officers))
	var wg sync.WaitGroup
	for w, o := range officers {
		wg.Go(func() {
			mine := v.Clone()
			for i := range each {
				at := start.Add(time.Duration(i) * time.Second)
				nv := mine.Clone()
				e, err := nv.ParseEntry(domain.EntryNote, domain.EntryInput{Text: fmt.Sprintf("%s note %d", o.StaffNo, i)}, at)
				if err == nil {
					var c domain.Change
					if c, err = nv.Record(e, o, at); err == nil {
						nv, err = s.SaveVisit(ctx, nv, c)
					}
				}
				if err != nil {
					errs[w] = append(errs[w], err)
					continue
				}
				mine = nv
			}
		})
	}
	wg.Wait()
	for w, es := range errs {
		for _, err := range es {
			t.Errorf("%s: %v", officers[w].StaffNo, err)
		}
	}
	got, err := s.Visit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, e := range got.Timeline {
		if e.Seq != i+1 {
			t.Errorf("entry %d is numbered %d", i+1, e.Seq)
		}
		if seen[e.Text] {
			t.Errorf("%q stored twice", e.Text)
		}
		seen[e.Text] = true
	}
	if n := len(got.Timeline) - len(v.Timeline); n != len(officers)*each {
		t.Errorf("%d entries stored, want %d", n, len(officers)*each)
	}
	trail, err := s.Audit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(trail)) != got.Version || got.Version != v.Version+uint64(len(officers)*each) {
		t.Errorf("version %d with %d audit entries, want %d", got.Version, len(trail), v.Version+uint64(len(officers)*each))
	}
	s.Close()
	s2, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, problems, err := s2.Verify(ctx, nil); err != nil || len(problems) > 0 {
		t.Errorf("verify after reopening: %v %+v", err, problems)
	}
}
