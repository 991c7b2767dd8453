package basics_test

import (
	"context"
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// usedUp is a laptop's folder whose reserved reference numbers are all
// used: CreateVisit refuses as the Badger store does (store/refblocks.go).
type usedUp struct{ *domaintest.Store }

func (usedUp) CreateVisit(context.Context, *domain.Visit, domain.Change) (*domain.Visit, error) {
	return nil, &domain.RefsUsedUpError{Team: "SLN", Year: 2026, Server: "ssh://oic.example:2323", Had: 50}
}

// A new visit refused because the folder's numbers are used up says what
// to run once online, and the form keeps what was typed.
func TestNewVisitRefusedWhenNumbersUsedUpKeepsTyping(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, usedUp{s}), 120, 40)
	d.Press("n")
	d.Press("tab", "Golden Dragon Takeaway", "tab", "12 High Street, Croydon", "tab", "cr0 1ab", "tab", "r",
		"tab", "INT-2026-1", "tab", "02/11/2026", "tab", "3", "tab", "Three males in the kitchen without permission",
		"tab", "a", "tab", "r", "tab", "today 05:00", "tab", "Credible and local", "tab", "tomorrow 06:00", "ctrl+s")
	tuitest.Contains(t, d.View(), "New visit", "The 50 reference numbers this folder reserved for SLN 2026",
		"--team SLN --year 2026, then save again", "Golden Dragon Takeaway", "12 High Street, Croydon")
	n := 0
	s.ScanSummaries(context.Background(), 100, func(b []domain.Summary) error { n += len(b); return nil })
	if n != 1 {
		t.Errorf("the store holds %d visits after the refusal, want the 1 seeded", n)
	}
}
