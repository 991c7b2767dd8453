package roster

import (
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/visit/tab/tabtest"
)

// An officer who types a name and presses enter before the register has
// been read still gets the officer they typed.
func TestRosterPicker_EnterBeforeTheRegisterIsRead(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.AuthorisedVisit(t, s)
	h := tabtest.New(t, tuitest.Session(s), v.Ref, 100, 30)
	p := newRosterPicker(New(h.V))
	p.SetSize(100, 30)
	for _, m := range tuitest.Keys("Grant", "enter") {
		p.Update(m)
	}
	if !p.pending {
		t.Fatal("enter before the list was read was dropped")
	}
	_, cmd := p.Update(officersMsg{list: []domain.Officer{tuitest.CIO, domaintest.Arrest}})
	if cmd == nil || p.pending {
		t.Fatalf("the pending pick did not run: %q", p.problem)
	}
}
