package tui_test

import (
	"context"
	"strings"
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui"
	"oic/tui/board"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/live"
)

// fixed is a session over SSH: its officer is sn's, whoever the folder
// last signed in.
func fixed(sn domain.StaffNo) func(*tui.Options) {
	return func(o *tui.Options) { o.As, o.Fixed = sn, true }
}

const refusedIO = "Over SSH you are your key's officer, Sam Whitfield (IO0042); another officer connects with their own key."

// signedInIs fails the test unless the folder's "last signed in" is sn.
func signedInIs(t *testing.T, s domain.Store, sn domain.StaffNo) {
	t.Helper()
	if got, err := s.SignedIn(context.Background()); err != nil || got != sn {
		t.Fatalf("the folder's last signed in = %q, %v; want %q, untouched", got, err, sn)
	}
}

// Over SSH, u on a visit's tab refuses to switch officer, says whose key
// this is, and neither asks for a staff number nor writes the folder's
// "last signed in".
func TestFixed_NoSwitchOnAVisit(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, tuitest.IO)
	signedInIs(t, s, tuitest.CIO.StaffNo)
	a := apptest.App(t, s, fixed(tuitest.IO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow)))
	d, _ := apptest.OnTab(t, a, 120, 40, live.Name)
	d.Press("u")
	d.WaitFor(refusedIO)
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("u opened something over the visit:\n%s", d.View())
	}
	signedInIs(t, s, tuitest.CIO.StaffNo)
}

// The same on the board, where a duty CIO would sign in to acknowledge.
func TestFixed_NoSwitchOnTheBoard(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, nil)
	tuitest.SaveOfficer(t, s, tuitest.IO)
	d := tuitest.NewDriver(t, apptest.App(t, s, fixed(tuitest.IO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 120, 40)
	d.Press("ctrl+t")
	if _, ok := d.Top().(*board.Screen); !ok {
		t.Fatalf("ctrl+t opened no board:\n%s", d.View())
	}
	d.Press("u")
	d.WaitFor(refusedIO)
	if _, ok := d.Top().(*board.Screen); !ok {
		t.Fatalf("u opened something over the board:\n%s", d.View())
	}
	signedInIs(t, s, tuitest.CIO.StaffNo)
}

// The session starts as the key's officer, not the folder's last signed
// in; their own profile saves as theirs, without touching the folder's
// "last signed in"; typing another's staff number there is refused.
func TestFixed_MyProfileIsMine(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	tuitest.SaveOfficer(t, s, tuitest.IO)
	a := apptest.App(t, s, fixed(tuitest.IO.StaffNo))
	d := tuitest.NewDriver(t, a, 120, 40)
	tuitest.Contains(t, d.View(), tuitest.IO.Name)
	d.Press("p")
	d.WaitFor("My profile")
	// Staff number first: put the CIO's in its place and save.
	for range len(tuitest.IO.StaffNo) {
		d.Press("backspace")
	}
	d.Press(string(tuitest.CIO.StaffNo), "ctrl+s")
	d.WaitFor("Over SSH you are your key's officer")
	cio, err := s.Officer(context.Background(), tuitest.CIO.StaffNo)
	if err != nil || cio.Name != tuitest.CIO.Name {
		t.Fatalf("the CIO's profile after the refusal: %+v, %v", cio, err)
	}
	for range len(tuitest.CIO.StaffNo) {
		d.Press("backspace")
	}
	d.Press(string(tuitest.IO.StaffNo), "ctrl+s")
	d.WaitFor("Profile saved: " + tuitest.IO.Label())
	signedInIs(t, s, tuitest.CIO.StaffNo)
}

// Over SSH, an officer not on a deployed visit's team is told the record
// is kept by the officers on it, each from their own session: not to
// press u, which is refused there.
func TestFixed_NotOnTheTeamSaysNotU(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, nil)
	other := domain.Officer{StaffNo: "IO0777", Name: "Nia Roe", Grade: "EO", Team: "SLN"}
	tuitest.SaveOfficer(t, s, other)
	a := apptest.App(t, s, fixed(other.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow)))
	d, _ := apptest.OnTab(t, a, 120, 40, live.Name)
	d.WaitFor("Each officer on it records from their own session, with their own key.")
	if v := d.View(); strings.Contains(v, "Press u") {
		t.Fatalf("a session over SSH is told to press u:\n%s", v)
	}
}

// Over SSH the screens that ask another officer to record say they do it
// in their own session, never to sign in with u, which is refused there:
// the briefing's next step for the team and the OIC, and an authorisation
// asked of an officer whose grade may not give it (a notice, not the
// offer to switch officer).
func TestFixed_OthersRecordInTheirOwnSession(t *testing.T) {
	s, _, d := apptest.RosteredVisit(t, 120, 40)
	tuitest.SaveOfficer(t, s, domaintest.Arrest)
	briefing := func(sn domain.StaffNo) string {
		t.Helper()
		dd, _ := apptest.OnTab(t, apptest.App(t, s, fixed(sn)), 140, 45, "Briefing")
		return dd.View()
	}
	view := briefing(domaintest.Arrest.StaffNo)
	tuitest.Contains(t, view, "The OIC, "+tuitest.CIO.Label()+", in their own session, presses b to issue")
	lacks(t, view, "u switches officer")
	lacks(t, view, "(u)")

	d.Press("7", "b", "enter")
	d.WaitFor("issued to")
	d.Press("a")
	d.WaitFor("Accept briefing version")
	d.Press("y")
	d.WaitFor("accepted by " + tuitest.CIO.Label())
	view = briefing(tuitest.CIO.StaffNo)
	tuitest.Contains(t, view, "Each accepts (a) in", "their own session; or override with a reason (O).")
	lacks(t, view, "(u)")
	lacks(t, view, "u switches officer")
	lacks(t, view, "u switch officer") // nor the keys below

	s2 := tuitest.Store(t)
	tuitest.PlannedVisit(t, s2, tuitest.PlanSetup{Rating: domain.Amber})
	tuitest.SaveOfficer(t, s2, tuitest.IO)
	dd, _ := apptest.OnTab(t, apptest.App(t, s2, fixed(tuitest.IO.StaffNo)), 120, 40, "Planning")
	dd.Press("A")
	dd.WaitFor("The authorising officer records it themselves, in their own session with their own key")
	lacks(t, dd.View(), "Switch the signed-in officer now?")
	dd.Press("esc")
	if _, ok := dd.Top().(*visit.Screen); !ok {
		t.Fatalf("esc left the notice open:\n%s", dd.View())
	}
}
