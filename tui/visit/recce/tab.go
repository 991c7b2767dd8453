// Package recce is the visit's recce tab: each reconnaissance of the
// premises (REC-1 to REC-4), with the age of its imagery, what was seen,
// and the RIPA consideration of a physical recce. r adds a recce; w
// withdraws one recorded in error, which stays on the record with the
// reason.
package recce

import (
	"github.com/charmbracelet/bubbles/key"

	"oic/tui/common"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Recce"

// Tab is the recce tab.
type Tab struct{ tab.Base }

// New is the recce tab of v.
func New(v *tab.Visit) *Tab { return &Tab{tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return Name }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.recceView(tb.W)) }

func (tb *Tab) ShortHelp() []key.Binding {
	k := common.RecceKeys
	return []key.Binding{k.Add, k.Withdraw, common.VisitKeys.NextTab}
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.RecceKeys
	return []common.HelpGroup{{Title: "Recce tab", Keys: []key.Binding{k.Add, k.Withdraw}}}
}
