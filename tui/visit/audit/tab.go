// Package audit is the visit's audit trail tab: every change of state, who
// made it and why, then every entry of the hash-chained trail, newest
// first, with whether the chain verifies.
package audit

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Audit"

// Tab is the audit trail tab.
type Tab struct{ tab.Base }

// New is the audit trail tab of v.
func New(v *tab.Visit) *Tab { return &Tab{tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return Name }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.history(tb.W) + "\n" + tb.auditView(tb.W)) }

// Key leaves every key to the visit screen: the trail is read only.
func (tb *Tab) Key(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }

func (tb *Tab) ShortHelp() []key.Binding { return tb.VisitHelp() }
