package tui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

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
		for _, m := range keys(s.keys...) {
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

func TestGoldenRegister(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := openStore(t)
			seed(t, s, 40)
			view := program(t, newTestApp(t, s), sz.w, sz.h, "40 visits")
			golden(t, fmt.Sprintf("register_%dx%d", sz.w, sz.h), view)
			checkFits(t, view, sz.w, sz.h)
		})
	}
}

func TestGoldenVisitFormErrors(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := openStore(t)
			seed(t, s, 3)
			view := program(t, newTestApp(t, s), sz.w, sz.h, "3 visits",
				step{keys: []string{"n"}, wait: "New visit"},
				// Team stays SLN; a name, an address, then a bad postcode,
				// then save with the rest empty.
				step{keys: []string{"tab", "Golden Dragon Takeaway", "tab", "12 High Street, Croydon", "tab", "CR0 1ZZZ", "tab", "ctrl+s"}, wait: "not a UK postcode"},
			)
			golden(t, fmt.Sprintf("visitform_errors_%dx%d", sz.w, sz.h), view)
			checkFits(t, view, sz.w, sz.h)
		})
	}
}

func TestGoldenHelp(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := openStore(t)
			seed(t, s, 3)
			view := program(t, newTestApp(t, s), sz.w, sz.h, "3 visits", step{keys: []string{"?"}, wait: "Keys for"})
			golden(t, fmt.Sprintf("help_%dx%d", sz.w, sz.h), view)
			checkFits(t, view, sz.w, sz.h)
		})
	}
}

var _ tea.Model = (*App)(nil)
