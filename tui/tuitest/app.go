package tuitest

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Fixed is a clock stopped at at.
func Fixed(at time.Time) func() time.Time { return func() time.Time { return at } }

// Sizes are the two terminals the golden files are drawn at: an 80x24
// terminal and a 120x40 laptop window.
var Sizes = []struct{ W, H int }{{80, 24}, {120, 40}}

// CheckFits fails when a frame is wider or taller than the terminal: a
// line too long wraps and pushes everything down.
func CheckFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, terminal is %d: %q", i+1, lw, w, l)
		}
	}
}
