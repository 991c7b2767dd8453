package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/form"
)

// The roster tab: who is on the team, their grade, command and team roles
// and arrest training; the command structure at a glance (CMD-1); and the
// findings about the team (CMD-1, CMD-2). a adds an officer from the
// register of officers, enter changes the selected officer's roles, d takes
// them off the team. The team is fixed once the visit deploys.

// rosterTab is the tab's state: the selected officer, and where each
// officer's row starts in the drawn content, to keep it in view.
type rosterTab struct {
	sel  int
	rows []int
}

// rosterKey handles the roster tab's own keys; ok is false for keys the
// rest of the visit screen handles.
func (d *detail) rosterKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.RosterKeys
	switch {
	case key.Matches(msg, k.Up):
		d.rosterMove(-1)
		return nil, true
	case key.Matches(msg, k.Down):
		d.rosterMove(1)
		return nil, true
	case key.Matches(msg, k.Add):
		if err := d.v.RosterEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newRosterPicker(d)), true
	case key.Matches(msg, k.Roles):
		e, ok := d.rosterSelected()
		if !ok {
			return common.Flash(common.FlashInfo, "No one is on the team yet: press a to add an officer."), true
		}
		if err := d.v.RosterEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newRosterForm(d.s, d.v, d.officerFor(e), &e)), true
	case key.Matches(msg, k.Remove):
		e, ok := d.rosterSelected()
		if !ok {
			return common.Flash(common.FlashInfo, "No one is on the team to take off."), true
		}
		return d.rosterRemove(e), true
	}
	return nil, false
}

// rosterMove moves the cursor and keeps the selected officer in view.
func (d *detail) rosterMove(by int) {
	n := len(d.v.Roster)
	if n == 0 {
		return
	}
	d.roster.sel = min(n-1, max(0, d.roster.sel+by))
	d.refresh()
	if d.roster.sel < len(d.roster.rows) {
		line := d.roster.rows[d.roster.sel]
		switch {
		case line < d.vp.YOffset:
			d.vp.SetYOffset(max(0, line-1))
		case line+1 >= d.vp.YOffset+d.vp.Height:
			d.vp.SetYOffset(line + 2 - d.vp.Height)
		}
	}
}

func (d *detail) rosterSelected() (domain.RosterEntry, bool) {
	if d.v == nil || d.roster.sel < 0 || d.roster.sel >= len(d.v.Roster) {
		return domain.RosterEntry{}, false
	}
	return d.v.Roster[d.roster.sel], true
}

// officerFor is the officer's profile as it stands now, or, if this
// computer has none, as the roster recorded it.
func (d *detail) officerFor(e domain.RosterEntry) domain.Officer {
	if o, ok := d.s.Officers()[e.StaffNo]; ok {
		return o
	}
	return domain.Officer{StaffNo: e.StaffNo, Name: e.Name, Grade: e.Grade, ArrestTrained: e.ArrestTrained, RefresherOn: e.RefresherOn}
}

// rosterRemove takes an officer off the team, asking first. Once the
// briefing has been issued the domain wants a reason; before, it is
// optional.
func (d *detail) rosterRemove(e domain.RosterEntry) tea.Cmd {
	v := d.v
	_, err := v.Clone().RemoveFromRoster(e.StaffNo, "", d.s.Me, d.s.Now())
	var ve domain.ValidationError
	needReason := errors.As(err, &ve) && ve.For(domain.FieldReason) != ""
	if err != nil && !needReason {
		return common.Flash(common.FlashError, err.Error())
	}
	q := fmt.Sprintf("Take %s (%s) off the team for %s? The roster change goes on the record with your name. A reason is optional; press enter to confirm.", e.Label(), e.Roles(), v.Ref)
	if needReason {
		q = fmt.Sprintf("Why is %s (%s) taken off the team? The briefing has been issued to them, so the reason goes on the record with your name; any acceptance they gave stays on it.", e.Label(), e.Roles())
	}
	return common.Push(dialog.NewPrompt(d.s, "Take "+e.Name+" off the team", q, "e.g. called to court on the day", func(reason string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.RemoveFromRoster(e.StaffNo, reason, d.s.Me, d.s.Now())
		if err != nil {
			return nil, err
		}
		if d.roster.sel >= len(ev.Roster) {
			d.roster.sel = max(0, len(ev.Roster)-1)
		}
		return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, e.Label()+" taken off the team")), nil
	}))
}

func (d *detail) rosterShortHelp() []key.Binding {
	k := common.RosterKeys
	if d.v == nil || d.v.RosterEditable() != nil {
		return nil
	}
	keys := []key.Binding{k.Add}
	if len(d.v.Roster) > 0 {
		keys = append(keys, k.Roles, k.Remove)
	}
	return keys
}

func rosterHelpGroup() common.HelpGroup {
	k := common.RosterKeys
	return common.HelpGroup{Title: "Roster tab", Keys: []key.Binding{k.Add, k.Roles, k.Remove, k.Up, k.Down}}
}

// teamFindings are the visit's findings whose rule starts with one of
// prefixes, from the readiness worked out on refresh, blocking first.
func (d *detail) teamFindings(prefixes ...string) []domain.Finding {
	var out []domain.Finding
	for _, f := range d.all {
		for _, p := range prefixes {
			if strings.HasPrefix(f.Rule, p) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// rosterView draws the tab: the team, the command structure, the findings.
func (d *detail) rosterView(w int) string {
	t := d.s.Theme
	v := d.v
	var lines []string
	add := func(s string) { lines = append(lines, common.SplitLines(s)...) }
	if err := v.RosterEditable(); err != nil {
		add(t.Warn.Render(common.Wrap("Read only: "+err.Error(), w)))
		lines = append(lines, "")
	}
	d.roster.sel = min(d.roster.sel, max(0, len(v.Roster)-1))
	d.roster.rows = d.roster.rows[:0]
	if len(v.Roster) == 0 {
		add(t.Header.Render("No one is on the team yet."))
		add(common.Wrap(fmt.Sprintf("Press a to add officers from the register of officers, each with a team role and any command role. "+
			"A visit has one OIC and a named gold, silver and bronze (CMD-1); the visit names %s (%s) as its OIC.", v.Basics.OICName, v.Basics.OIC), w))
	} else {
		onSite := 0
		for _, e := range v.Roster {
			if e.OnSite() {
				onSite++
			}
		}
		add(t.Header.Render(fmt.Sprintf("Team: %s", common.Plural(len(v.Roster), "officer"))) +
			t.Muted.Render(fmt.Sprintf("  (%d at the premises, %d off site)", onSite, len(v.Roster)-onSite)))
		wide := w >= 104
		if wide {
			add(t.Muted.Render(fmt.Sprintf("  %-30s %-11s %-32s %s", "Officer", "Grade", "Roles", "Arrest training")))
		}
		day := domain.DateOf(v.Basics.PlannedStart.In(d.s.Loc))
		for i, e := range v.Roster {
			d.roster.rows = append(d.roster.rows, len(lines))
			sel := i == d.roster.sel
			name := e.Label()
			if e.StaffNo == d.s.Me.StaffNo {
				name += " (you)"
			}
			training := d.trainingText(e, day)
			if wide {
				row := common.PadRight(name, 30) + " " + common.PadRight(d.gradeLabel(e.Grade), 11) + " " + common.PadRight(e.Roles(), 32) + " "
				add(common.Marker(t, sel) + common.Truncate(row+training, w-2))
				continue
			}
			add(common.Marker(t, sel) + common.Truncate(name+" · "+d.gradeLabel(e.Grade), w-2))
			add("    " + common.Truncate(e.Roles()+" · "+training, w-4))
		}
	}
	lines = append(lines, "", t.Header.Render("Command (CMD-1)"))
	for _, c := range domain.CommandRoles {
		r, ok := v.Commander(c)
		val := t.Error.Render("✗ not named")
		if ok {
			val = t.OK.Render("✓") + " " + r.Label()
			if !r.OnSite() {
				val += t.Muted.Render(" · off site")
			}
		}
		add("  " + t.Label.Render(common.PadRight(string(c), 8)) + common.Truncate(val, w-10))
	}
	if fs := d.teamFindings("CMD-"); len(fs) > 0 {
		lines = append(lines, "", t.Header.Render("Findings"))
		for _, f := range fs {
			add(d.findingLines(f, false, w))
		}
	} else if v.State == domain.Tasked || v.State == domain.Planning {
		lines = append(lines, "")
		add(t.Muted.Render(common.Wrap("The team rules (CMD-1, CMD-2) are checked from authorisation until deployment.", w)))
	}
	if v.RosterEditable() == nil {
		lines = append(lines, "")
		add(t.Muted.Render(common.Wrap("a adds an officer · enter changes the selected officer's roles · d takes them off the team", w)))
	}
	return strings.Join(lines, "\n")
}

// trainingText says an officer's arrest training in words: trained, when
// the yearly refresher was, and whether it is over a year old on the day
// of the visit (CMD-2).
func (d *detail) trainingText(e domain.RosterEntry, day domain.Date) string {
	t := d.s.Theme
	if !e.ArrestTrained {
		return t.Muted.Render("· not arrest-trained")
	}
	o := domain.Officer{ArrestTrained: true, RefresherOn: e.RefresherOn}
	switch {
	case e.RefresherOn.IsZero():
		return t.Warn.Render("! arrest-trained, no refresher recorded")
	case o.RefresherLapsed(day):
		return t.Warn.Render("! arrest-trained, refresher " + e.RefresherOn.UK() + " over a year old")
	}
	return t.OK.Render("✓") + " arrest-trained, refresher " + e.RefresherOn.UK()
}
