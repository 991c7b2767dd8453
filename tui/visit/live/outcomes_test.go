package live_test

import (
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// metThree is deployed with the team on site and three people met: #2
// Arben Hoxha arrested and #3 an unknown male served papers, neither with
// a statutory excuse, and #4 Mei Chen cleared.
func metThree(t *testing.T, s domain.Store) *domain.Visit {
	t.Helper()
	return tuitest.DeployedVisit(t, s, func(v *domain.Visit) {
		at := tuitest.LiveNow.Add(-15 * time.Minute)
		for _, e := range []struct {
			kind domain.EntryKind
			in   domain.EntryInput
		}{
			{domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903 IO0904"}},
			{domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: "Arben Hoxha", Outcome: "arrested", Excuse: "not shown"}}},
			{domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: "Unknown male", Outcome: "papers served", Excuse: "not shown"}}},
			{domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: "Mei Chen", Outcome: "cleared"}}},
		} {
			te, err := v.ParseEntry(e.kind, e.in, at)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Record(te, tuitest.CIO, at); err != nil {
				t.Fatal(err)
			}
			at = at.Add(time.Minute)
		}
	})
}

// An officer records the notice on the employer by ticking the workers it
// covers among those found working illegally (OUT-1): the form offers
// only them, ticks those not yet covered, and refuses a worker covered
// already.
func TestLive_DecisionPicksTheWorkers(t *testing.T) {
	s := tuitest.Store(t)
	v := metThree(t, s)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 100, 40)
	tuitest.Contains(t, d.View(), "o notice")
	d.Press("o")
	view := d.View()
	tuitest.Contains(t, view, "Decision on the employer (OUT-1)", "civil penalty referral notice", v.Basics.Premises.Name,
		"#2 Arben Hoxha        [x] yes", "#3 Unknown male       [x] yes")
	if strings.Contains(view, "Mei Chen") {
		t.Errorf("someone cleared is offered:\n%s", view)
	}
	// Untick the unknown male: this notice covers Arben Hoxha alone.
	d.Press("tab", "tab", "tab", "tab", " ", "ctrl+s")
	backOnLive(t, d)
	e := last(t, s, v.Ref)
	if x := e.Decision; e.Kind != domain.EntryDecision || x.Notice != domain.NoticeCPRN || len(x.Workers) != 1 || x.Workers[0] != 2 ||
		x.Employer.Name != v.Basics.Premises.Name || x.ExcuseShown {
		t.Fatalf("recorded %+v %+v", e, e.Decision)
	}
	tuitest.Contains(t, d.View(), "civil penalty referral notice to "+v.Basics.Premises.Name)
	// The next notice has the unknown male alone ticked.
	d.Press("o")
	tuitest.Contains(t, d.View(), "#2 Arben Hoxha        [ ] no", "#3 Unknown male       [x] yes")
	d.Press("ctrl+s")
	backOnLive(t, d)
	if x := last(t, s, v.Ref).Decision; x == nil || len(x.Workers) != 1 || x.Workers[0] != 3 {
		t.Fatalf("second notice %+v", x)
	}
	// A third covering Arben Hoxha again is refused beside the workers,
	// and nothing is recorded.
	n := len(tuitest.Stored(t, s, v.Ref).Timeline)
	d.Press("o", "tab", "tab", "tab", " ", "ctrl+s")
	tuitest.Contains(t, d.View(), "OUT-1: #2 Arben Hoxha is already covered by the civil penalty", "correct #5 instead")
	if got := len(tuitest.Stored(t, s, v.Ref).Timeline); got != n {
		t.Fatalf("%d entries, want %d", got, n)
	}
	d.Press("esc", "y")
	if o := tuitest.Stored(t, s, v.Ref).Outcomes(); o.CPRNs != 2 || o.WorkersCovered != 2 {
		t.Errorf("outcomes %+v", o)
	}
}

// Custody is recorded for an arrest picked from those arrested; a time
// booked in before the arrest is refused beside the time (CUS-1).
func TestLive_CustodyForAnArrest(t *testing.T) {
	s := tuitest.Store(t)
	v := metThree(t, s)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 100, 40)
	d.Press("b")
	view := d.View()
	tuitest.Contains(t, view, "Booked into custody (CUS-1)", "#2 Arben Hoxha, arrested")
	if strings.Contains(view, "Unknown male") {
		t.Errorf("someone not arrested is offered:\n%s", view)
	}
	d.Press("tab", "Croydon police station", "tab", "y", "tab", "tab", "ctrl+u", "05:50", "ctrl+s")
	view = d.View()
	tuitest.Contains(t, view, "CUS-1: booked in at 05:50, before the arrest of #2 Arben Hoxha at 05:56")
	if n := len(tuitest.Stored(t, s, v.Ref).Timeline); n != 4 {
		t.Fatalf("%d entries stored", n)
	}
	d.Press("ctrl+u", "now", "ctrl+s")
	backOnLive(t, d)
	e := last(t, s, v.Ref)
	if c := e.Custody; c == nil || c.Person != 2 || c.Suite != "Croydon police station" || !c.Interpreter || !e.At.Equal(tuitest.LiveNow) {
		t.Fatalf("custody %+v", e.Custody)
	}
}

// A partner agency is picked from the list; another needs its name
// (JNT-1); a voided one no longer makes a joint operation.
func TestLive_PartnerAgencies(t *testing.T) {
	s := tuitest.Store(t)
	v := metThree(t, s)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 100, 40)
	d.Press("i", "o", "ctrl+s")
	tuitest.Contains(t, d.View(), "JNT-1: name the other agency")
	d.Press("Border Force", "ctrl+s")
	backOnLive(t, d)
	if a := last(t, s, v.Ref).Agency; a == nil || a.Agency != domain.AgencyOther || a.Name != "Border Force" {
		t.Fatalf("agency %+v", a)
	}
	if !tuitest.Stored(t, s, v.Ref).JointOperation() {
		t.Fatal("not a joint operation")
	}
	// Struck out: entered in error.
	d.Press("enter", "only passing by, not on the operation", "tab", " ", "ctrl+s")
	backOnLive(t, d)
	if tuitest.Stored(t, s, v.Ref).JointOperation() {
		t.Error("a voided agency still makes a joint operation")
	}
}

// Whether a person met was interviewed and their biometrics checked are
// ticks on the encounter form.
func TestLive_EncounterInterviewAndBiometrics(t *testing.T) {
	s := tuitest.Store(t)
	v := metThree(t, s)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 100, 40)
	d.Press("m", "Dritan Kola", "tab", "a", "tab", "n", "tab", "tab", "tab", "tab", "y", "tab", "y", "ctrl+s")
	backOnLive(t, d)
	p := last(t, s, v.Ref).Person
	if p == nil || p.Name != "Dritan Kola" || !p.Interviewed || !p.Biometrics {
		t.Fatalf("person %+v", p)
	}
	tuitest.Contains(t, d.View(), "interviewed, biometrics checked")
}
