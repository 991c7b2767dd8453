// Package tab is what the visit screen's tabs share: the Tab interface
// the host drives, and Visit, the visit as a tab sees it (the record as
// last read, what the host worked out from it, and the host's actions).
// Each tab is a package of its own under tui/visit, owning its state,
// keys, view and forms; it embeds Base, so it reads the visit as t.V and
// saves through t.Save.
package tab

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Tab is one tab of the visit screen.
type Tab interface {
	// Name is the tab's name: on the tab bar, in "(tab 8)", and looked up
	// by NumberOf. Label is what the tab bar shows (a count may follow
	// the name) and Short what it shows when every name does not fit.
	Name() string
	Label() string
	Short() string
	// Draw puts the tab's content for the visit as it stands into the
	// viewport. The host calls it when the visit loads, the tab comes
	// into view, the size changes, or a tab asks for Refresh: never per
	// frame.
	Draw()
	// Key handles a key while the tab is shown; ok is false for keys the
	// visit screen handles (scrolling, the visit's own keys).
	Key(msg tea.KeyMsg) (cmd tea.Cmd, ok bool)
	// Update handles a message of the tab's own (the live tab's clock),
	// wherever the tab is; ok is false for any other.
	Update(msg tea.Msg) (cmd tea.Cmd, ok bool)
	// Shown is called when the tab comes into view; Loaded after each
	// load of the visit while it is in view.
	Shown() tea.Cmd
	Loaded() tea.Cmd
	// ShortHelp is the footer's keys while the tab is shown, the likeliest
	// first; the host adds esc. HelpGroups are the tab's keys on the ?
	// screen.
	ShortHelp() []key.Binding
	HelpGroups() []common.HelpGroup
}

// Fixer is a tab that holds the form fixing some findings: Fix opens it
// for f, or ok is false for a finding it has no form for. Enter on a
// finding (the planning tab) goes to the tab that fixes it, so "Open the
// EPA on the planning tab" is one key, not a hunt.
type Fixer interface {
	Fix(f domain.Finding) (cmd tea.Cmd, ok bool)
}

// Base gives a tab the visit and the defaults of what most tabs leave
// alone. A tab embeds it and is built with New(v).
type Base struct{ *Visit }

// NewBase is the base of a tab over v.
func NewBase(v *Visit) Base { return Base{v} }

func (Base) Update(tea.Msg) (tea.Cmd, bool) { return nil, false }
func (Base) Shown() tea.Cmd                 { return nil }
func (Base) Loaded() tea.Cmd                { return nil }
func (Base) HelpGroups() []common.HelpGroup { return nil }
