package tui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"oic/tui/tuitest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// Golden files of whole screens, run through a real Bubble Tea program by
// teatest at the two sizes officers use most: an 80x24 terminal and a
// 120x40 laptop window. go test ./tui/... -update rewrites them; review
// the diff before committing.

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// program runs the app in teatest until want appears, sends the keys, waits
// for after, and returns the final screen.
func program(t *testing.T, a *App, w, h int, want string, steps ...step) string {
	t.Helper()
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
	wait := func(s string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait(want)
	for _, s := range steps {
		for _, m := range tuitest.Keys(s.keys...) {
			tm.Send(m)
		}
		if s.wait != "" {
			wait(s.wait)
		}
	}
	// Let the last messages land, then stop.
	time.Sleep(50 * time.Millisecond)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App).View()
}

type step struct {
	keys []string
	wait string
}

// TestGolden draws each screen at each size. A case names its golden
// file, seeds the store, waits for a text, then sends its steps.
func TestGolden(t *testing.T) {
	cases := []struct {
		name  string
		seed  int
		want  string
		steps []step
	}{
		{name: "register", seed: 40, want: "40 visits"},
		{name: "visitform_errors", seed: 3, want: "3 visits", steps: []step{
			{keys: []string{"n"}, wait: "New visit"},
			// Team stays SLN; a name, an address, then a bad postcode, then
			// save with the rest empty.
			{keys: []string{"tab", "Golden Dragon Takeaway", "tab", "12 High Street, Croydon", "tab", "CR0 1ZZZ", "tab", "ctrl+s"}, wait: "not a UK postcode"},
		}},
		{name: "help", seed: 3, want: "3 visits", steps: []step{{keys: []string{"?"}, wait: "Keys for"}}},
		// The guide, searched for the police notification form.
		{name: "guide_onf", seed: 3, want: "3 visits", steps: []step{
			{keys: []string{"ctrl+g"}, wait: "Search:"},
			{keys: []string{"ONF"}, wait: "ONF-2"},
		}},
	}
	for _, c := range cases {
		for _, sz := range sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				s := tuitest.Store(t)
				tuitest.Seed(t, s, c.seed)
				view := program(t, newTestApp(t, s), sz.w, sz.h, c.want, c.steps...)
				tuitest.Golden(t, name, view)
				checkFits(t, view, sz.w, sz.h)
			})
		}
	}
}

var _ tea.Model = (*App)(nil)
