package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/form"
)

// The debrief tab (DBF-1 to DBF-4): the template section by section, each
// with what the visit's record already says, what the OIC has added and
// what is still missing; the team's feedback officer by officer; closing
// the visit; and, once closed, the follow-ups.

// debriefTab is the tab's state: the selected row, where each row starts
// in the drawn content (to keep it in view), and the last refusal to close.
type debriefTab struct {
	sel     int
	rows    []int
	refused refusal
}

// debriefItem is one selectable row: a section, or one officer's
// feedback under the team section.
type debriefItem struct {
	sec     domain.SectionID
	officer domain.RosterEntry // set for a team row
}

// debriefItems are the rows in order: each section, and under the team
// section each officer who went to the premises.
func (d *detail) debriefItems() []debriefItem {
	var out []debriefItem
	for _, id := range domain.SectionIDs {
		out = append(out, debriefItem{sec: id})
		if id == domain.SecTeam {
			for _, p := range d.v.Presence(d.s.Now()) {
				if !p.Arrived.IsZero() {
					out = append(out, debriefItem{sec: id, officer: p.Officer})
				}
			}
		}
	}
	return out
}

func (d *detail) debriefKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.DebriefKeys
	switch {
	case key.Matches(msg, k.Up):
		d.debriefMove(-1)
		return nil, true
	case key.Matches(msg, k.Down):
		d.debriefMove(1)
		return nil, true
	case key.Matches(msg, k.Top):
		d.debrief.sel = 0
		d.vp.GotoTop()
		d.refresh()
		return nil, true
	case key.Matches(msg, k.Edit):
		return d.debriefEdit(), true
	case key.Matches(msg, k.Close):
		return d.closeVisit(), true
	case key.Matches(msg, k.FollowUp):
		return d.followUp(), true
	}
	return nil, false
}

// debriefMove moves the cursor and keeps the selected row in view.
func (d *detail) debriefMove(by int) {
	n := len(d.debriefItems())
	d.debrief.sel = min(n-1, max(0, d.debrief.sel+by))
	d.refresh()
	if r := d.debrief.rows; d.debrief.sel < len(r) {
		line := r[d.debrief.sel]
		switch {
		case line < d.vp.YOffset:
			d.vp.SetYOffset(line)
		case line >= d.vp.YOffset+d.vp.Height-3:
			d.vp.SetYOffset(line - d.vp.Height/3)
		}
	}
}

// debriefEdit opens the form of the selected row: a section's, or an
// officer's feedback. On the team section's own row it opens the first
// officer still without feedback.
func (d *detail) debriefEdit() tea.Cmd {
	items := d.debriefItems()
	if d.debrief.sel >= len(items) {
		return nil
	}
	it := items[d.debrief.sel]
	if it.sec == domain.SecTeam {
		if it.officer.StaffNo == "" {
			for _, x := range items {
				if x.officer.StaffNo != "" && len(d.v.TeamFeedbackValues(x.officer.StaffNo)) == 0 {
					it = x
					break
				}
			}
		}
		if it.officer.StaffNo == "" {
			return common.Flash(common.FlashInfo, "Choose an officer under Team feedback with ↓ and press enter.")
		}
		if err := d.v.TeamFeedbackEditable(it.officer.StaffNo, d.s.Me); err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return common.Push(newFeedbackForm(d.s, d.v, it.officer))
	}
	if err := d.v.DebriefEditable(d.s.Me); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newDebriefForm(d.s, d.v, it.sec))
}

// closeVisit closes the visit after asking, or shows at the top of the tab
// everything that stops it.
func (d *detail) closeVisit() tea.Cmd {
	ev := d.v.Clone()
	_, err := ev.Close(d.s.Config, d.s.Me, d.s.Now())
	if cmd, refused := d.refuse(&d.debrief.refused, "close", err); refused {
		return cmd
	}
	v := d.v
	body := fmt.Sprintf("Close %s? Its debrief, live record and plan become final: nothing in them can change after this. "+
		"Follow-ups (referrals made, the feedback report to the police) and assurance can still be recorded.", v.Ref)
	if due := v.CloseBy(d.s.Config); d.s.Now().After(due) {
		body += fmt.Sprintf(" It was due to close by %s; the history will say it closed late (DBF-3).", due.In(d.s.Loc).Format(domain.DateTimeLayout))
	}
	return common.Push(dialog.NewConfirm(d.s, "Close "+string(v.Ref), body, func() tea.Cmd {
		ev := v.Clone()
		c, err := ev.Close(d.s.Config, d.s.Me, d.s.Now())
		if err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, "closed: the debrief is final"))
	}))
}

// followUp records something done after the visit closed.
func (d *detail) followUp() tea.Cmd {
	if err := d.v.FollowUpEditable(d.s.Me); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newFollowUpForm(d.s, d.v))
}

func (d *detail) debriefShortHelp() []key.Binding {
	k := common.DebriefKeys
	v := d.v
	if v == nil {
		return nil
	}
	switch v.State {
	case domain.Deployed:
		keys := []key.Binding{common.Bind([]string{"up", "down"}, "↑/↓", "choose")}
		if v.DebriefEditable(d.s.Me) == nil {
			keys = append(keys, k.Edit, k.Close)
		}
		return keys
	case domain.Closed, domain.FollowUp:
		if v.FollowUpEditable(d.s.Me) == nil {
			return []key.Binding{k.FollowUp}
		}
	}
	return nil
}

func debriefHelpGroup() common.HelpGroup {
	k := common.DebriefKeys
	return common.HelpGroup{Title: "Debrief tab", Keys: []key.Binding{k.Up, k.Down, k.Top, k.Edit, k.Close, k.FollowUp}}
}

// sectionNoun is the section's title for a sentence: "premises notes for
// next time".
func sectionNoun(id domain.SectionID) string {
	t := id.Title()
	return strings.ToLower(t[:1]) + t[1:]
}
