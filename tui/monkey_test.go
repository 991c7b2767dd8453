package tui_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// TestRandomKeysNeverPanic drives the whole program with thousands of
// random keys, pastes and resizes on a real store: whatever an officer or a
// cat on the keyboard does, nothing panics and every frame fits the
// terminal. The seed is fixed so a failure can be replayed.
func TestRandomKeysNeverPanic(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 25)
	d := tuitest.NewDriver(t, apptest.App(t, s), 80, 24)
	d.Idle = 2 * time.Millisecond
	seedN := uint64(7)
	if v, err := strconv.ParseUint(os.Getenv("OIC_MONKEY_SEED"), 10, 64); err == nil {
		seedN = v // to explore: OIC_MONKEY_SEED=n go test ./tui -run RandomKeys
	}
	r := rand.New(rand.NewPCG(seedN, 11))
	special := []tea.KeyType{tea.KeyEnter, tea.KeyEsc, tea.KeyTab, tea.KeyShiftTab, tea.KeyUp, tea.KeyDown,
		tea.KeyLeft, tea.KeyRight, tea.KeyPgUp, tea.KeyPgDown, tea.KeyHome, tea.KeyEnd, tea.KeyBackspace,
		tea.KeyDelete, tea.KeyCtrlS, tea.KeyCtrlR, tea.KeyCtrlU, tea.KeySpace}
	letters := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/?-:. epcxnwGgsr1234"
	w, h := 80, 24
	titles := map[string]int{}
	for i := range 3000 {
		var msg tea.Msg
		switch n := r.IntN(100); {
		case n < 45:
			msg = tea.KeyMsg{Type: special[r.IntN(len(special))]}
		case n < 97:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune(letters[r.IntN(len(letters))])}}
		case n < 98:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("x", 10240)), Paste: true}
		default:
			w, h = 20+r.IntN(140), 5+r.IntN(50)
			msg = tea.WindowSizeMsg{Width: w, Height: h}
		}
		d.Send(msg)
		d.Settle()
		view := d.View()
		lines := strings.Split(view, "\n")
		if len(lines) != h {
			t.Fatalf("step %d: %d lines in a %d-line terminal:\n%s", i, len(lines), h, view)
		}
		for _, l := range lines {
			if lipgloss.Width(l) > w {
				t.Fatalf("step %d: a line of %d cells in a %d-cell terminal:\n%s", i, lipgloss.Width(l), w, view)
			}
		}
		titles[d.Top().Title()]++
	}
	// The walk must reach the forms and the visit screen, or it proves
	// little.
	t.Logf("screens visited: %v", titles)
	if len(titles) < 4 {
		t.Errorf("random walk reached only %v", titles)
	}
}
