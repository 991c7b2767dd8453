package apptest

import (
	"testing"

	"oic/domain"
	"oic/tui/tuitest"
	"oic/tui/visit"
)

// RosteredVisit opens an authorised visit in a w×h terminal and rosters
// BriefTeam on it through the roster tab's keys.
func RosteredVisit(t testing.TB, w, h int) (domain.Store, *domain.Visit, *tuitest.Driver) {
	t.Helper()
	s := tuitest.Store(t)
	v := tuitest.AuthorisedVisit(t, s)
	d := tuitest.NewDriver(t, App(t, s), w, h)
	d.Press("enter")
	RosterTeam(t, d)
	return s, v, d
}

// RosterTeam adds the officers of BriefTeam through the roster tab's keys.
func RosterTeam(t testing.TB, d *tuitest.Driver) {
	t.Helper()
	d.Press("6")
	for _, m := range tuitest.BriefTeam {
		d.Press("a", m.Filter, "enter")
		if m.Role != "" {
			d.Press(m.Role)
		}
		d.Press("tab", m.Command, "ctrl+s")
		if _, ok := d.Top().(*visit.Screen); !ok {
			t.Fatalf("adding %s did not return to the roster:\n%s", m.O.Name, d.View())
		}
	}
}
