package pin_test

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/common"
	"oic/tui/pin"
	"oic/tui/tuitest"
)

// run is Bubble Tea for one screen alone: the command's message back
// through Update, the answers addressed to the screen unwrapped, a
// sequence's in order; done records whether the screen let a PIN through.
func run(t *testing.T, p common.Screen, cmd tea.Cmd) common.Screen {
	t.Helper()
	if cmd == nil {
		return p
	}
	switch msg := cmd().(type) {
	case common.Addressed:
		var next tea.Cmd
		p, next = p.Update(msg.Msg)
		return run(t, p, next)
	case tea.BatchMsg:
		for _, c := range msg {
			p = run(t, p, c)
		}
	case tea.KeyMsg:
		return p // a cursor's blink, say
	}
	return p
}

func typePIN(t *testing.T, p common.Screen, pin string) common.Screen {
	t.Helper()
	for _, msg := range tuitest.Keys(strings.Split(pin, "")...) {
		p, _ = p.Update(msg)
	}
	p, cmd := p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	return run(t, p, cmd)
}

func setup(t *testing.T) (*common.Session, *bool, common.Screen) {
	s := tuitest.Store(t)
	tuitest.SaveOfficer(t, s, tuitest.IO)
	if err := s.SetPIN(context.Background(), tuitest.IO.StaffNo, "2468", tuitest.IO, tuitest.Now); err != nil {
		t.Fatal(err)
	}
	ses := tuitest.Session(s)
	done := new(bool)
	p := pin.Check(ses, tuitest.IO, "Sign in", "Type your PIN.", func() tea.Cmd { *done = true; return nil })
	p.SetSize(200, 20)
	return ses, done, p
}

// The PIN is masked as it is typed, and checked off the UI's goroutine:
// enter shows "checking…" and returns the check as a command.
func TestIDN1PromptMasksAndChecksInACommand(t *testing.T) {
	_, done, p := setup(t)
	for _, msg := range tuitest.Keys("2", "4", "6", "8") {
		p, _ = p.Update(msg)
	}
	if v := p.View(); strings.Contains(v, "2468") || !strings.Contains(v, "****") {
		t.Fatalf("the PIN typed shows:\n%s", v)
	}
	p, cmd := p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil || !strings.Contains(p.View(), "checking…") || *done {
		t.Fatalf("enter: no check under way (cmd %v, done %v):\n%s", cmd != nil, *done, p.View())
	}
	run(t, p, cmd)
	if !*done {
		t.Fatalf("the right PIN was not let through:\n%s", p.View())
	}
}

// A wrong PIN says how many tries are left and lets nothing through; a
// PIN of the wrong shape says what a PIN is and costs no try.
func TestIDN1PromptWrongPIN(t *testing.T) {
	_, done, p := setup(t)
	p = typePIN(t, p, "123")
	tuitest.Contains(t, p.View(), "a PIN is 4 to 12 digits; this one has 3")
	p = typePIN(t, p, "1357")
	tuitest.Contains(t, p.View(), "wrong PIN for IO0042: 4 tries left")
	if strings.Contains(p.View(), "1357") || *done {
		t.Fatalf("after a wrong PIN (done %v):\n%s", *done, p.View())
	}
}

// Five wrong PINs lock the officer: even the right one is then refused,
// told until when in the officers' zone, and nothing is let through.
func TestIDN1PromptLocked(t *testing.T) {
	ses, done, p := setup(t)
	for range 5 {
		p = typePIN(t, p, "1357")
	}
	tuitest.Contains(t, p.View(), "IO0042 is locked after 5 wrong PINs, until 05:35:00 GMT on 25 Nov: nothing was recorded")
	p = typePIN(t, p, "2468")
	tuitest.Contains(t, p.View(), "locked after 5 wrong PINs")
	if *done {
		t.Fatal("the right PIN went through a lock")
	}
	// A prompt opened while the lock holds says so before anything is typed.
	again := pin.Check(ses, tuitest.IO, "Sign in", "Type your PIN.", func() tea.Cmd { return nil })
	again.SetSize(200, 20)
	tuitest.Contains(t, run(t, again, again.Init()).View(), "until 05:35:00 GMT on 25 Nov")
}
