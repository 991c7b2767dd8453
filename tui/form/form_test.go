package form

import (
	"io"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/tui/common"
)

// A value set after the field was focused (a restored draft) puts the
// cursor at its end, so typing carries on where the officer left off.
func TestFormSetValueCursorAtEnd(t *testing.T) {
	f := New(testTheme()).Text("k", "Staff number", "", "HMI001").Done()
	f.fields[0].SetValue("HMI001X")
	for _, m := range keys("Y") {
		f.Update(m)
	}
	if got := f.Values()["k"]; got != "HMI001XY" {
		t.Errorf("typed after a restored value: %q, want HMI001XY", got)
	}
}

// Typing a choice's label letter by letter narrows to it; the same letter
// again and again walks the options that start with it.
func TestFormChoiceTypeAhead(t *testing.T) {
	opts := []Option{{"shown", "shown"}, {"not shown", "not shown"}, {"not yet known", "not yet known"}, {"not applicable", "not applicable"}}
	f := New(testTheme()).Choice("x", "Excuse", opts, "not yet known").Done()
	for _, k := range keys("n", "o", "t", " ", "s") {
		f.Update(k)
	}
	if got := f.Values()["x"]; got != "not shown" {
		t.Fatalf("typed \"not s\", chose %q", got)
	}
	// Back on the field, n keeps "not shown" (it starts with n); n again
	// and again walks on.
	f.Update(keys("tab")[0])
	f.Update(keys("shift+tab")[0])
	for _, want := range []string{"not shown", "not yet known", "not applicable", "not shown"} {
		f.Update(keys("n")[0])
		if got := f.Values()["x"]; got != want {
			t.Fatalf("n again: %q, want %q", got, want)
		}
	}
}

func testTheme() *common.Theme {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return common.NewTheme(r)
}

// keys turns "tab", "shift+tab" and typed text into key messages.
func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		switch k {
		case "tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyTab})
		case "shift+tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyShiftTab})
		default:
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
	return out
}
