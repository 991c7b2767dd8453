package tui_test

import (
	"fmt"
	"testing"

	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"

	tea "github.com/charmbracelet/bubbletea"
)

// Golden files of whole screens, run through a real Bubble Tea program by
// teatest at the two tuitest.Sizes officers use most: an 80x24 terminal and a
// 120x40 laptop window. go test ./tui/... -update rewrites them; review
// the diff before committing.

// TestGolden draws each screen at each size. A case names its golden
// file, seeds the store, waits for a text, then sends its steps.
func TestGolden(t *testing.T) {
	cases := []struct {
		name  string
		seed  int
		want  string
		steps []apptest.Step
	}{
		{name: "register", seed: 40, want: "40 visits"},
		{name: "visitform_errors", seed: 3, want: "3 visits", steps: []apptest.Step{
			{Keys: []string{"n"}, Wait: "New visit"},
			// Team stays SLN; a name, an address, then a bad postcode, then
			// save with the rest empty.
			{Keys: []string{"tab", "Golden Dragon Takeaway", "tab", "12 High Street, Croydon", "tab", "CR0 1ZZZ", "tab", "ctrl+s"}, Wait: "not a UK postcode"},
		}},
		{name: "help", seed: 3, want: "3 visits", steps: []apptest.Step{{Keys: []string{"?"}, Wait: "Keys for"}}},
		// The guide, searched for the police notification form.
		{name: "guide_onf", seed: 3, want: "3 visits", steps: []apptest.Step{
			{Keys: []string{"ctrl+g"}, Wait: "Search:"},
			{Keys: []string{"ONF"}, Wait: "ONF-2"},
		}},
	}
	for _, c := range cases {
		for _, sz := range tuitest.Sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.W, sz.H)
			t.Run(name, func(t *testing.T) {
				s := tuitest.Store(t)
				tuitest.Seed(t, s, c.seed)
				view := apptest.Program(t, apptest.App(t, s), sz.W, sz.H, c.want, c.steps...)
				tuitest.Golden(t, name, view)
				tuitest.CheckFits(t, view, sz.W, sz.H)
			})
		}
	}
}

var _ tea.Model = (*tui.App)(nil)
