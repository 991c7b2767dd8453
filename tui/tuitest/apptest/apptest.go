// Package apptest runs the whole tool for the screens' tests of what an
// officer does: the root model over an in-memory store, driven key by key
// (tuitest.Driver) or in a real Bubble Tea program (Program), on
// tuitest's fixed morning. It imports the root, so only external test
// packages (planning_test, ...) use it; a screen's own internal tests use
// tuitest alone.
package apptest

import (
	"bytes"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"oic/domain"
	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/visit"
)

// App is the whole tool on s at Now, drawn without colour, signed in as
// whoever s says; the options given, if any, change that (Options.As, a
// clock, an exporter). It is closed when the test ends.
func App(t testing.TB, s domain.Store, with ...func(*tui.Options)) *tui.App {
	t.Helper()
	o := tui.Options{Renderer: tuitest.Renderer(), Store: s, Config: domain.DefaultConfig(), Clock: tuitest.Clock, Loc: tuitest.London, Version: "test"}
	for _, w := range with {
		w(&o)
	}
	a, err := tui.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// As signs sn in for App.
func As(sn domain.StaffNo) func(*tui.Options) { return func(o *tui.Options) { o.As = sn } }

// At runs App on clock.
func At(clock func() time.Time) func(*tui.Options) { return func(o *tui.Options) { o.Clock = clock } }

// Step is keys sent to a Program, then a text to wait for ("" waits for
// nothing).
type Step struct {
	Keys []string
	Wait string
}

// Program runs a in a real Bubble Tea program (teatest) at w by h until
// want appears, sends each step's keys and waits for its text, and returns
// the final screen.
func Program(t *testing.T, a *tui.App, w, h int, want string, steps ...Step) string {
	t.Helper()
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
	wait := func(s string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait(want)
	for _, s := range steps {
		for _, m := range tuitest.Keys(s.Keys...) {
			tm.Send(m)
		}
		if s.Wait != "" {
			wait(s.Wait)
		}
	}
	// Let the last messages land, then stop.
	time.Sleep(50 * time.Millisecond)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
}

// OnTab runs a at w by h, opens the visit under the register's cursor and
// shows its tab named name by the tab's key, failing the test if that is
// not what the screen then shows.
func OnTab(t testing.TB, a *tui.App, w, h int, name string) (*tuitest.Driver, *visit.Screen) {
	t.Helper()
	d := tuitest.NewDriver(t, a, w, h)
	d.Press("enter")
	sc, ok := d.Top().(*visit.Screen)
	if !ok {
		t.Fatalf("enter opened no visit:\n%s", d.View())
	}
	d.Press(sc.KeyOf(name))
	if sc.Shown() != name {
		t.Fatalf("not on the %s tab:\n%s", name, d.View())
	}
	return d, sc
}
