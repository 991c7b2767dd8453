package roster_test

import (
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
)

func TestRoster_SecondOICRefusedBesideTheField(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.AuthorisedVisit(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("enter", "6", "a", "Okafor", "enter", "tab", "OIC", "ctrl+s")
	d.Press("a", "Whitfield", "enter", "arr", "tab", "OIC", "tab")
	tuitest.Contains(t, d.View(), "CMD-1", "Dana Okafor (CIO001) is already the OIC")
	d.Press("ctrl+s")
	if _, ok := d.Top().(*visit.Screen); ok {
		t.Fatal("a second OIC was saved")
	}
	if got := tuitest.Stored(t, s, v.Ref).Roster; len(got) != 1 {
		t.Fatalf("roster %+v", got)
	}
}

func TestRoster_AddAnOfficerWhoIsNotOnTheRegister(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.AuthorisedVisit(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("enter", "6", "a", "Priya Shah", "enter")
	tuitest.Contains(t, d.View(), `No officer matches "Priya Shah"`, "ctrl+n")
	d.Press("ctrl+n")
	tuitest.Contains(t, d.View(), "Priya Shah")
	// Staff number, then past the name she typed, the grade (IO), the
	// team, arrest-trained and the refresher.
	d.Press("IO0777", "tab", "tab", "I", "tab", "tab", "y", "tab", "01/09/2026", "ctrl+s")
	tuitest.Contains(t, d.View(), "Add Priya Shah to "+string(v.Ref))
	d.Press("rear", "ctrl+s")
	got := tuitest.Stored(t, s, v.Ref).Roster
	if len(got) != 1 || got[0].StaffNo != "IO0777" || got[0].Role != "rear cover" || !got[0].ArrestTrained {
		t.Fatalf("roster %+v\n%s", got, d.View())
	}
	tuitest.Contains(t, d.View(), "Priya Shah (IO0777)", "rear cover", "added Priya Shah (IO0777)")
}

func TestRoster_TakeOffBeforeTheBriefingNeedsNoReason(t *testing.T) {
	s, v, d := apptest.RosteredVisit(t, 120, 40)
	d.Press("down", "d")
	tuitest.Contains(t, d.View(), "Take Jo Marsh off the team")
	d.Press("enter")
	got := tuitest.Stored(t, s, v.Ref)
	if len(got.Roster) != 4 {
		t.Fatalf("roster %+v", got.Roster)
	}
	tuitest.Contains(t, d.View(), "gold    ✗ not named", "CMD-1")
}

func TestRoster_FixedOnceDeployed(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, tuitest.CIO, tuitest.Now); err != nil {
			t.Fatal(err)
		}
	}})
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("enter", "6", "a")
	tuitest.Contains(t, d.View(), "deployed")
	d.Press("d")
	if got := tuitest.Stored(t, s, v.Ref); len(got.Roster) != 5 || got.Version != v.Version {
		t.Fatalf("the roster changed after deployment: %+v", got.Roster)
	}
}
