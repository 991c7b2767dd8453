package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The roster tab. (Being built: see issue 5.)

type rosterTab struct{ sel int }

func (d *detail) rosterView(w int) string                  { return "" }
func (d *detail) rosterKey(msg tea.KeyMsg) (tea.Cmd, bool) { return nil, false }
func (d *detail) rosterShortHelp() []key.Binding           { return nil }
func rosterHelpGroup() helpGroup                           { return helpGroup{Title: "Roster tab"} }
