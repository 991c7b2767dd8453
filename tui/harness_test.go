package tui_test

import (
	"os"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The root's tests stand on tuitest's fixed morning in London, draw
// without colour, and use an in-memory store.

func TestMain(m *testing.M) {
	// Screens draw with their session's renderer, never lipgloss's global
	// one: with the global set to full colour, a style that slipped
	// through to it would put escape codes in the golden files.
	lipgloss.SetColorProfile(termenv.TrueColor)
	os.Exit(m.Run())
}
