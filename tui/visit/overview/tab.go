// Package overview is the visit's first tab: what the visit waits for
// next, its readiness in a line, the pointer to earlier visits to its
// premises, then the basics, the intelligence, the tasking decision, the
// subjects, the team and where the briefing and the debrief stand.
package overview

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Overview"

// Tab is the overview tab.
type Tab struct{ tab.Base }

// New is the overview tab of v.
func New(v *tab.Visit) *Tab { return &Tab{tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }

// Short is "Over": with it every tab's short name fits 80 columns.
func (tb *Tab) Short() string { return "Over" }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.premisesLine(tb.W) + tb.overview(tb.W)) }

// Key leaves every key to the visit screen: the visit's own keys (e, p, c,
// x) are the overview's.
func (tb *Tab) Key(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }

func (tb *Tab) ShortHelp() []key.Binding { return tb.VisitHelp() }
