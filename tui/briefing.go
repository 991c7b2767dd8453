package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The briefing tab. (Being built: see issue 5.)

type briefTab struct{}

func (d *detail) briefingView(w int) string                  { return "" }
func (d *detail) briefingKey(msg tea.KeyMsg) (tea.Cmd, bool) { return nil, false }
func (d *detail) briefingShortHelp() []key.Binding           { return nil }
func briefingHelpGroup() helpGroup                           { return helpGroup{Title: "Briefing tab"} }
