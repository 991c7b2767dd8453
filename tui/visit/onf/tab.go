// Package onf is the visit's ONF tab: where the Operational Notification
// Form to the police stands (ONF-1 to ONF-7), the dates that matter, what
// to do now, and the record itself. o opens the ONF form; t records the
// telephone check with the police intelligence unit when the form is not
// back in time (ONF-3); f records the feedback to the police after the
// visit (ONF-7).
package onf

import (
	"github.com/charmbracelet/bubbles/key"

	"oic/tui/common"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "ONF"

// Tab is the ONF tab.
type Tab struct{ tab.Base }

// New is the ONF tab of v.
func New(v *tab.Visit) *Tab { return &Tab{tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return Name }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.onfView(tb.W)) }

func (tb *Tab) ShortHelp() []key.Binding {
	k := common.ONFKeys
	// After the visit the feedback to the police is what is left to do,
	// so f leads; before it, f still shows where the width allows
	// (pressed early, it says when the feedback is due).
	if tb.V.CanRecordONFFeedback() == nil {
		if tb.V.PlanningEditable() != nil { // the form itself is final now
			return []key.Binding{k.Feedback, common.VisitKeys.NextTab}
		}
		return []key.Binding{k.Feedback, k.Open, common.VisitKeys.NextTab}
	}
	return []key.Binding{k.Open, k.PhoneCheck, k.Feedback, common.VisitKeys.NextTab}
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.ONFKeys
	return []common.HelpGroup{{Title: "ONF tab", Keys: []key.Binding{k.Open, k.PhoneCheck, k.Feedback}}}
}
