package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The live tab. (Being built: see issue 5.)

type liveTab struct{ sel int }

func (d *detail) liveView(w int) string                  { return "" }
func (d *detail) liveKey(msg tea.KeyMsg) (tea.Cmd, bool) { return nil, false }
func (d *detail) liveShortHelp() []key.Binding           { return nil }
func (d *detail) liveMsg(msg tea.Msg) (tea.Cmd, bool)    { return nil, false }
func liveHelpGroup() helpGroup                           { return helpGroup{Title: "Live tab"} }

func (d *detail) liveStart() tea.Cmd { return nil }
