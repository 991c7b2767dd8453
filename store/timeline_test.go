package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// deployedVisit stores a visit planned to start at start and deployed,
// through the domain, half an hour before.
func deployedVisit(t testing.TB, s *Store, start time.Time) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	now := start.Add(-time.Hour)
	v, c, err := domain.NewVisit(basics("SLN", "SW1A 1AA", start, alice), alice, now)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	if err := domaintest.Deploy(v, alice, start.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	v, err = s.SaveVisit(ctx, v, domain.Change{Action: "planned, briefed and deployed (fixture)", Actor: alice.StaffNo, At: start.Add(-30 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func note(t testing.TB, v *domain.Visit, text string, at time.Time) (*domain.Visit, domain.Change) {
	t.Helper()
	nv := v.Clone()
	e, err := nv.ParseEntry(domain.EntryNote, domain.EntryInput{Text: text}, at)
	if err != nil {
		t.Fatal(err)
	}
	c, err := nv.Record(e, alice, at)
	if err != nil {
		t.Fatal(err)
	}
	return nv, c
}

// TestTimeline_AppendOnlyInTheStore: whatever a caller does to its copy of
// a visit, the store refuses a save that edits or removes a timeline entry,
// an acceptance or a history entry, and the stored record is unchanged.
func TestTimeline_AppendOnlyInTheStore(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	start := t0.Add(48 * time.Hour)
	v := deployedVisit(t, s, start)
	nv, c := note(t, v, "Front door opened by the manager", start)
	v, err := s.SaveVisit(ctx, nv, c)
	if err != nil {
		t.Fatalf("appending a note: %v", err)
	}
	before, _ := s.Audit(ctx, v.Ref)
	for name, tamper := range map[string]func(n *domain.Visit){
		"edit an entry":       func(n *domain.Visit) { n.Timeline[0].Text = "Nothing happened" },
		"delete an entry":     func(n *domain.Visit) { n.Timeline = nil },
		"drop an acceptance":  func(n *domain.Visit) { n.Briefing.Acceptances = n.Briefing.Acceptances[1:] },
		"rewrite the history": func(n *domain.Visit) { n.History = n.History[:2] },
	} {
		n := v.Clone()
		tamper(n)
		_, err := s.SaveVisit(ctx, n, domain.Change{Action: "tamper", Actor: alice.StaffNo, At: start})
		if !errors.Is(err, domain.ErrAppendOnly) {
			t.Errorf("%s: saved, or refused for another reason: %v", name, err)
		}
	}
	got, err := s.Visit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.Audit(ctx, v.Ref)
	if got.Version != v.Version || len(got.Timeline) != 1 || got.Timeline[0].Text != "Front door opened by the manager" || len(after) != len(before) {
		t.Errorf("a refused save changed the store: version %d, timeline %+v, audit %d -> %d", got.Version, got.Timeline, len(before), len(after))
	}
}

// BenchmarkSaveTimelineEntry is one live note recorded and saved durably
// (fsync) in a store of 100,000 visits, on deployed visits whose timelines
// grow to about a hundred entries over the run: the budget is
// under 5 ms.
func BenchmarkSaveTimelineEntry(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	start := time.Now().Add(time.Hour)
	vs := make([]*domain.Visit, 20)
	for i := range vs {
		vs[i] = deployedVisit(b, s, start)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v := vs[i%len(vs)]
		nv, c := note(b, v, fmt.Sprintf("Room %d searched; nothing found", i), start)
		var err error
		if vs[i%len(vs)], err = s.SaveVisit(ctx, nv, c); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
