package tui_test

import (
	"context"
	"strings"
	"testing"

	"oic/domain"
	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

func setPIN(t *testing.T, s domain.Store, o domain.Officer, pin string) {
	t.Helper()
	if err := s.SetPIN(context.Background(), o.StaffNo, pin, o, tuitest.Now); err != nil {
		t.Fatal(err)
	}
}

// IDN-1 at start: the officer last signed in has a PIN, so the first
// screen asks it; a wrong one keeps it there, the right one opens the
// register as them.
func TestIDN1StartAsksThePIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.CIO, "2468")
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	tuitest.Contains(t, d.View(), "Your PIN", "Signed in at this computer: "+tuitest.CIO.Label())
	if strings.Contains(d.View(), "SLN-2026-0001") {
		t.Fatalf("the register shows before the PIN:\n%s", d.View())
	}
	d.Press("1", "3", "5", "7", "enter")
	d.WaitFor("tries left")
	tuitest.Contains(t, d.View(), "wrong PIN for CIO001: 4 tries left")
	d.Press("ctrl+t") // the board is not a way round the PIN
	if strings.Contains(d.View(), "SLN-2026-0001") {
		t.Fatalf("ctrl+t before the PIN:\n%s", d.View())
	}
	d.Press("2", "4", "6", "8", "enter")
	d.WaitFor("SLN-2026-0001")
	tuitest.Contains(t, d.View(), "Visit register", "Signed in as "+tuitest.CIO.Label())
}

// At start, someone else at the keyboard signs in as themselves, with
// their own PIN.
func TestIDN1StartSomeoneElse(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.CIO, "2468")
	setPIN(t, s, tuitest.IO, "97531")
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("esc")
	d.WaitFor("Who is signing in?")
	d.Press(string(tuitest.IO.StaffNo), "enter")
	d.WaitFor("type your PIN")
	d.Press("2", "4", "6", "8", "enter") // the CIO's, not theirs
	d.WaitFor("wrong PIN for IO0042")
	d.Press("9", "7", "5", "3", "1", "enter")
	d.WaitFor("SLN-2026-0001")
	tuitest.Contains(t, d.View(), "Signed in as "+tuitest.IO.Label())
	if sn, _ := s.SignedIn(context.Background()); sn != tuitest.IO.StaffNo {
		t.Errorf("signed in for the next start: %q", sn)
	}
}

// An officer without a PIN starts as before, told once on the status
// line to set one; the first key clears it.
func TestIDN1StartWithoutPINIsTold(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.WaitFor("SLN-2026-0001")
	tuitest.Contains(t, d.View(), "You have no PIN: anyone here could record as you. Set one: p, then ctrl+p.")
	d.Press("down")
	if strings.Contains(d.View(), "You have no PIN") {
		t.Fatalf("the hint stays after a key:\n%s", d.View())
	}
}

// Over SSH (Fixed) the key is the identity: no PIN is asked.
func TestIDN1FixedAsksNoPIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.CIO, "2468")
	d := tuitest.NewDriver(t, apptest.App(t, s, func(o *tui.Options) { o.Fixed, o.As = true, tuitest.CIO.StaffNo }), 120, 40)
	d.WaitFor("SLN-2026-0001")
	if strings.Contains(d.View(), "PIN") {
		t.Fatalf("a fixed session mentions a PIN:\n%s", d.View())
	}
}

// u on the board: the officer typed in is signed in only after their
// PIN; a wrong one, or esc, leaves the one signed in as they were.
func TestIDN1SwitchNeedsThePIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.IO, "97531")
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.WaitFor("SLN-2026-0001")
	d.Press("ctrl+t")
	d.WaitFor("board")
	d.Press("u")
	d.WaitFor("Switch the signed-in officer")
	d.Press(string(tuitest.IO.StaffNo), "enter")
	d.WaitFor("type your PIN")
	d.Press("1", "2", "3", "4", "enter")
	d.WaitFor("wrong PIN for IO0042: 4 tries left")
	d.Press("esc")
	header := strings.SplitN(d.View(), "\n", 2)[0]
	if !strings.Contains(header, tuitest.CIO.Label()) || strings.Contains(header, tuitest.IO.Label()) {
		t.Fatalf("after a wrong PIN and esc, the header is %q", header)
	}
	if sn, _ := s.SignedIn(context.Background()); sn != tuitest.CIO.StaffNo {
		t.Errorf("signed in: %q", sn)
	}
	d.Press("u")
	d.WaitFor("Switch the signed-in officer")
	d.Press(string(tuitest.IO.StaffNo), "enter")
	d.WaitFor("type your PIN")
	d.Press("9", "7", "5", "3", "1", "enter")
	d.WaitFor("Signed in as " + tuitest.IO.Label())
	if header := strings.SplitN(d.View(), "\n", 2)[0]; !strings.Contains(header, tuitest.IO.Label()) {
		t.Fatalf("after the right PIN, the header is %q", header)
	}
}

// ctrl+p on the profile sets a PIN, typed twice; changing it asks the
// current one first. Both go on the profile's trail, PIN nowhere.
func TestIDN1ProfileSetsAndChangesThePIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.WaitFor("SLN-2026-0001")
	d.Press("p")
	d.WaitFor("My profile")
	d.Press("ctrl+p")
	d.WaitFor("New PIN")
	d.Press("2", "4", "6", "8", "enter")
	d.WaitFor("again")
	d.Press("2", "4", "6", "9", "enter")
	d.WaitFor("not the PIN you typed first")
	d.Press("2", "4", "6", "8", "enter")
	d.WaitFor("PIN set")
	tuitest.Contains(t, d.View(), "My profile")
	d.Press("ctrl+p")
	d.WaitFor("Change your PIN")
	d.Press("1", "1", "1", "1", "enter")
	d.WaitFor("wrong PIN for CIO001")
	d.Press("2", "4", "6", "8", "enter")
	d.WaitFor("New PIN")
	d.Press("1", "3", "5", "7", "enter")
	d.WaitFor("again")
	d.Press("1", "3", "5", "7", "enter")
	d.WaitFor("PIN changed")
	ctx := context.Background()
	if err := s.CheckPIN(ctx, tuitest.CIO.StaffNo, "1357", tuitest.Now); err != nil {
		t.Errorf("the new PIN: %v", err)
	}
	trail, err := s.OfficerAudit(ctx, tuitest.CIO.StaffNo)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range trail {
		actions = append(actions, e.Change.Action)
	}
	if got := strings.Join(actions, ", "); !strings.HasSuffix(got, "PIN set, PIN changed") {
		t.Errorf("the profile's trail: %s", got)
	}
}

// The profile form is no way round a PIN: saving one's own profile under
// the staff number of an officer with a PIN would sign in as them, and
// is refused, their profile left as it was.
func TestIDN1ProfileIsNoWayRoundThePIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.IO, "97531")
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.WaitFor("SLN-2026-0001")
	d.Press("p")
	d.WaitFor("My profile")
	for range len(tuitest.CIO.StaffNo) {
		d.Press("backspace")
	}
	d.Press(string(tuitest.IO.StaffNo), "ctrl+s")
	d.WaitFor("whose profile here has a PIN")
	if header := strings.SplitN(d.View(), "\n", 2)[0]; !strings.Contains(header, tuitest.CIO.Label()) {
		t.Fatalf("the header is %q", header)
	}
	if o, err := s.Officer(context.Background(), tuitest.IO.StaffNo); err != nil || o.Name != tuitest.IO.Name || o.Grade != tuitest.IO.Grade {
		t.Fatalf("IO's profile is now %+v, %v", o, err)
	}
}

// --as an officer with a PIN starts on their PIN, as the one last signed
// in does.
func TestIDN1AsAsksTheirPIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.IO, "97531")
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(tuitest.IO.StaffNo)), 120, 40)
	tuitest.Contains(t, d.View(), "Your PIN", "Signed in at this computer: "+tuitest.IO.Label())
	d.Press("9", "7", "5", "3", "1", "enter")
	d.WaitFor("SLN-2026-0001")
	if header := strings.SplitN(d.View(), "\n", 2)[0]; !strings.Contains(header, tuitest.IO.Label()) {
		t.Fatalf("the header is %q", header)
	}
}

// oic --board with a PIN: the PIN first, then the board, the register
// under it as esc finds it.
func TestIDN1BoardAfterThePIN(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	setPIN(t, s, tuitest.CIO, "2468")
	d := tuitest.NewDriver(t, apptest.App(t, s, func(o *tui.Options) { o.Board = true }), 120, 40)
	tuitest.Contains(t, d.View(), "Your PIN")
	d.Press("2", "4", "6", "8", "enter")
	d.WaitFor("Today's board")
	d.Press("esc")
	d.WaitFor("SLN-2026-0001")
	tuitest.Contains(t, d.View(), "Visit register")
}
