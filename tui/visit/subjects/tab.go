// Package subjects is the visit's subjects tab: the people named in the
// intelligence, each with what the checks and the outcome are recorded
// against. a adds one, enter corrects the selected one, w withdraws it
// with a reason (it stays on the record, struck out).
package subjects

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/common"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Subjects"

// Tab is the subjects tab; sel is the selected subject.
type Tab struct {
	tab.Base
	sel int
}

// New is the subjects tab of v.
func New(v *tab.Visit) *Tab { return &Tab{Base: tab.NewBase(v)} }

func (tb *Tab) Name() string { return Name }

// Label counts the subjects, withdrawn ones included: the tab lists them.
func (tb *Tab) Label() string { return fmt.Sprintf("%s (%d)", Name, len(tb.V.Subjects)) }
func (tb *Tab) Short() string { return "Subj" }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.subjects(tb.W)) }

func (tb *Tab) Key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.SubjectKeys
	switch {
	case key.Matches(msg, common.VisitKeys.Up):
		tb.sel = max(0, tb.sel-1)
		tb.Refresh()
	case key.Matches(msg, common.VisitKeys.Down):
		tb.sel = min(len(tb.V.Subjects)-1, tb.sel+1)
		tb.Refresh()
	case key.Matches(msg, k.Add):
		if err := tb.V.Editable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newSubjectForm(tb.S, tb.V, nil)), true
	case key.Matches(msg, k.Edit):
		sub := tb.selected()
		if sub == nil {
			return nil, true
		}
		if err := tb.V.Editable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		if sub.Withdrawn != "" {
			return common.Flash(common.FlashError, fmt.Sprintf("Subject %s was withdrawn (%s) and cannot be edited.", sub.ID, sub.Withdrawn)), true
		}
		return common.Push(newSubjectForm(tb.S, tb.V, sub)), true
	case key.Matches(msg, k.Withdraw):
		if sub := tb.selected(); sub != nil {
			return tb.withdraw(sub), true
		}
	default:
		return nil, false
	}
	return nil, true
}

func (tb *Tab) ShortHelp() []key.Binding {
	k := common.SubjectKeys
	return []key.Binding{common.VisitKeys.NextTab, k.Add, k.Edit, k.Withdraw}
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.SubjectKeys
	return []common.HelpGroup{{Title: "Subjects tab", Keys: []key.Binding{k.Add, k.Edit, k.Withdraw}}}
}
