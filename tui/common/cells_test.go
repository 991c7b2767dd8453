package common

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestCellsMatchesLipgloss(t *testing.T) {
	for _, s := range []string{"", "SLN-2026-0042", "Planned ▼", "Café", "東京", "\x1b[1mbold\x1b[0m", "tab\there"} {
		if got, want := Cells(s), lipgloss.Width(s); got != want {
			t.Errorf("cells(%q) = %d, lipgloss says %d", s, got, want)
		}
	}
}
