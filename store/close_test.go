package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// closedVisit stores a visit deployed, visited, debriefed and closed
// through the domain, closing it at closeAt.
func closedVisit(t testing.TB, s *Store, start, closeAt time.Time) *domain.Visit {
	t.Helper()
	v := deployedVisit(t, s, start)
	if err := domaintest.VisitAndClose(v, alice, closeAt); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVisit(context.Background(), v, domain.Change{Action: "visited, debriefed and closed (fixture)", Actor: alice.StaffNo, At: closeAt})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestClosedDebriefIsFinalInTheStore: once closed, the store refuses a
// save that rewrites the debrief, whatever the caller did to its copy.
func TestClosedDebriefIsFinalInTheStore(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	start := t0.Add(48 * time.Hour)
	v := closedVisit(t, s, start, start.Add(3*time.Hour))
	if v.State != domain.Closed {
		t.Fatalf("state %s", v.State)
	}
	nv := v.Clone()
	nv.Debrief.PremisesNotes = "rewritten after closing"
	_, err := s.SaveVisit(ctx, nv, domain.Change{Action: "tamper", Actor: alice.StaffNo, At: start.Add(4 * time.Hour)})
	if !errors.Is(err, domain.ErrAppendOnly) {
		t.Fatalf("a closed debrief was rewritten: %v", err)
	}
	got, err := s.Visit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Debrief.PremisesNotes != v.Debrief.PremisesNotes || got.Version != v.Version {
		t.Fatalf("stored debrief changed: %q (version %d)", got.Debrief.PremisesNotes, got.Version)
	}
}
