// Package debrief is the visit's debrief tab (DBF-1 to DBF-4): the
// template section by section, each with what the visit's record already
// says, what the OIC has added and what is still missing; the team's
// feedback officer by officer; closing the visit; and, once closed, the
// follow-ups.
package debrief

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Debrief"

// Tab is the debrief tab: the selected row, where each row starts in the
// drawn content (to keep it in view), and the last refusal to close.
type Tab struct {
	tab.Base
	sel     int
	rows    []int
	refused dialog.Refusal
}

// New is the debrief tab of v.
func New(v *tab.Visit) *Tab { return &Tab{Base: tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }

// Short is "Dbrf": with it every tab's short name fits 80 columns.
func (tb *Tab) Short() string { return "Dbrf" }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.debriefView(tb.W)) }

// debriefItem is one selectable row: a section, or one officer's
// feedback under the team section.
type debriefItem struct {
	sec     domain.SectionID
	officer domain.RosterEntry // set for a team row
}

// debriefItems are the rows in order: each section, and under the team
// section each officer who went to the premises.
func (tb *Tab) debriefItems() []debriefItem {
	var out []debriefItem
	for _, id := range tb.V.SectionIDs() {
		out = append(out, debriefItem{sec: id})
		if id == domain.SecTeam {
			for _, p := range tb.V.Presence(tb.S.Now()) {
				if !p.Arrived.IsZero() {
					out = append(out, debriefItem{sec: id, officer: p.Officer})
				}
			}
		}
	}
	return out
}

// Key handles the debrief tab's own keys; ok is false for keys the rest
// of the visit screen handles.
func (tb *Tab) Key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.DebriefKeys
	switch {
	case key.Matches(msg, k.Up):
		tb.debriefMove(-1)
		return nil, true
	case key.Matches(msg, k.Down):
		tb.debriefMove(1)
		return nil, true
	case key.Matches(msg, k.Top):
		tb.sel = 0
		tb.VP.GotoTop()
		tb.Refresh()
		return nil, true
	case key.Matches(msg, k.Edit):
		return tb.debriefEdit(), true
	case key.Matches(msg, k.Close):
		return tb.closeVisit(), true
	case key.Matches(msg, k.FollowUp):
		return tb.followUp(), true
	}
	return nil, false
}

// debriefMove moves the cursor and keeps the selected row in view.
func (tb *Tab) debriefMove(by int) {
	n := len(tb.debriefItems())
	tb.sel = min(n-1, max(0, tb.sel+by))
	tb.Refresh()
	if r := tb.rows; tb.sel < len(r) {
		line := r[tb.sel]
		switch {
		case line < tb.VP.YOffset:
			tb.VP.SetYOffset(line)
		case line >= tb.VP.YOffset+tb.VP.Height-3:
			tb.VP.SetYOffset(line - tb.VP.Height/3)
		}
	}
}

// debriefEdit opens the form of the selected row: a section's, or an
// officer's feedback. On the team section's own row it opens the first
// officer still without feedback.
func (tb *Tab) debriefEdit() tea.Cmd {
	items := tb.debriefItems()
	if tb.sel >= len(items) {
		return nil
	}
	it := items[tb.sel]
	if it.sec == domain.SecTeam {
		if it.officer.StaffNo == "" {
			for _, x := range items {
				if x.officer.StaffNo != "" && len(tb.V.TeamFeedbackValues(x.officer.StaffNo)) == 0 {
					it = x
					break
				}
			}
		}
		if it.officer.StaffNo == "" {
			return common.Flash(common.FlashInfo, "Choose an officer under Team feedback with ↓ and press enter.")
		}
		if err := tb.V.TeamFeedbackEditable(it.officer.StaffNo, tb.S.Me); err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return common.Push(newFeedbackForm(tb.S, tb.V, it.officer))
	}
	if err := tb.V.DebriefEditable(tb.S.Me); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newDebriefForm(tb.S, tb.V, it.sec))
}

// closeVisit closes the visit after asking, or shows at the top of the tab
// everything that stops it.
func (tb *Tab) closeVisit() tea.Cmd {
	ev := tb.V.Clone()
	_, err := ev.Close(tb.S.Config, tb.S.Me, tb.S.Now())
	if cmd, refused := tb.Refuse(&tb.refused, "close", err); refused {
		return cmd
	}
	v := tb.V
	body := fmt.Sprintf("Close %s? Its debrief, live record and plan become final: nothing in them can change after this. "+
		"Follow-ups (referrals made, the feedback report to the police) and assurance can still be recorded.", v.Ref)
	if due := v.CloseBy(tb.S.Config); tb.S.Now().After(due) {
		body += fmt.Sprintf(" It was due to close by %s; the history will say it closed late (DBF-3).", due.In(tb.S.Loc).Format(domain.DateTimeLayout))
	}
	return common.Push(dialog.NewConfirm(tb.S, "Close "+string(v.Ref), body, func() tea.Cmd {
		ev := v.Clone()
		c, err := ev.Close(tb.S.Config, tb.S.Me, tb.S.Now())
		if err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return tb.Save(ev, c, "closed: the debrief is final")
	}))
}

// followUp records something done after the visit closed.
func (tb *Tab) followUp() tea.Cmd {
	if err := tb.V.FollowUpEditable(tb.S.Me); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newFollowUpForm(tb.S, tb.V))
}

func (tb *Tab) ShortHelp() []key.Binding {
	return append(tb.stepKeys(), common.VisitKeys.NextTab)
}

// stepKeys are the debrief's steps open to the officer signed in now.
func (tb *Tab) stepKeys() []key.Binding {
	k := common.DebriefKeys
	v := tb.V
	if v == nil {
		return nil
	}
	switch v.State {
	case domain.Deployed:
		keys := []key.Binding{common.Bind([]string{"up", "down"}, "↑/↓", "choose")}
		if v.DebriefEditable(tb.S.Me) == nil {
			keys = append(keys, k.Edit, k.Close)
		}
		return keys
	case domain.Closed, domain.FollowUp:
		if v.FollowUpEditable(tb.S.Me) == nil {
			return []key.Binding{k.FollowUp}
		}
	}
	return nil
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.DebriefKeys
	return []common.HelpGroup{{Title: "Debrief tab", Keys: []key.Binding{k.Up, k.Down, k.Top, k.Edit, k.Close, k.FollowUp}}}
}

// sectionNoun is the section's title for a sentence: "premises notes for
// next time".
func sectionNoun(id domain.SectionID) string {
	t := id.Title()
	return strings.ToLower(t[:1]) + t[1:]
}
