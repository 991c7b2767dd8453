// Package roster is the visit's roster tab: who is on the team, their
// grade, command and team roles and arrest training; the command structure
// at a glance (CMD-1); and the findings about the team (CMD-1, CMD-2). a
// adds an officer from the register of officers, enter changes the
// selected officer's roles, d takes them off the team. The team is fixed
// once the visit deploys.
package roster

import (
	"errors"
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
const Name = "Roster"

// Tab is the roster tab: the selected officer, and where each officer's
// row starts in the drawn content, to keep it in view.
type Tab struct {
	tab.Base
	sel  int
	rows []int
}

// New is the roster tab of v.
func New(v *tab.Visit) *Tab { return &Tab{Base: tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return Name }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.rosterView(tb.W)) }

// Key handles the roster tab's own keys; ok is false for keys the rest of
// the visit screen handles.
func (tb *Tab) Key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.RosterKeys
	switch {
	case key.Matches(msg, k.Up):
		tb.rosterMove(-1)
		return nil, true
	case key.Matches(msg, k.Down):
		tb.rosterMove(1)
		return nil, true
	case key.Matches(msg, k.Add):
		if err := tb.V.RosterEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newRosterPicker(tb)), true
	case key.Matches(msg, k.Roles):
		e, ok := tb.rosterSelected()
		if !ok {
			return common.Flash(common.FlashInfo, "No one is on the team yet: press a to add an officer."), true
		}
		if err := tb.V.RosterEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newRosterForm(tb.S, tb.V, tb.officerFor(e), &e)), true
	case key.Matches(msg, k.Remove):
		e, ok := tb.rosterSelected()
		if !ok {
			return common.Flash(common.FlashInfo, "No one is on the team to take off."), true
		}
		return tb.rosterRemove(e), true
	}
	return nil, false
}

// rosterMove moves the cursor and keeps the selected officer in view.
func (tb *Tab) rosterMove(by int) {
	n := len(tb.V.Roster)
	if n == 0 {
		return
	}
	tb.sel = min(n-1, max(0, tb.sel+by))
	tb.Refresh()
	if tb.sel < len(tb.rows) {
		line := tb.rows[tb.sel]
		switch {
		case line < tb.VP.YOffset:
			tb.VP.SetYOffset(max(0, line-1))
		case line+1 >= tb.VP.YOffset+tb.VP.Height:
			tb.VP.SetYOffset(line + 2 - tb.VP.Height)
		}
	}
}

func (tb *Tab) rosterSelected() (domain.RosterEntry, bool) {
	if tb.V == nil || tb.sel < 0 || tb.sel >= len(tb.V.Roster) {
		return domain.RosterEntry{}, false
	}
	return tb.V.Roster[tb.sel], true
}

// officerFor is the officer's profile as it stands now, or, if this
// computer has none, as the roster recorded it.
func (tb *Tab) officerFor(e domain.RosterEntry) domain.Officer {
	if o, ok := tb.S.Officers()[e.StaffNo]; ok {
		return o
	}
	return domain.Officer{StaffNo: e.StaffNo, Name: e.Name, Grade: e.Grade, ArrestTrained: e.ArrestTrained, RefresherOn: e.RefresherOn}
}

// rosterRemove takes an officer off the team, asking first. Once the
// briefing has been issued the domain wants a reason; before, it is
// optional.
func (tb *Tab) rosterRemove(e domain.RosterEntry) tea.Cmd {
	v := tb.V
	_, err := v.Clone().RemoveFromRoster(e.StaffNo, "", tb.S.Me, tb.S.Now())
	var ve domain.ValidationError
	needReason := errors.As(err, &ve) && ve.For(domain.FieldReason) != ""
	if err != nil && !needReason {
		return common.Flash(common.FlashError, err.Error())
	}
	q := fmt.Sprintf("Take %s (%s) off the team for %s? The roster change goes on the record with your name. A reason is optional; press enter to confirm.", e.Label(), e.Roles(), v.Ref)
	if needReason {
		q = fmt.Sprintf("Why is %s (%s) taken off the team? The briefing has been issued to them, so the reason goes on the record with your name; any acceptance they gave stays on it.", e.Label(), e.Roles())
	}
	return common.Push(dialog.NewPrompt(tb.S, "Take "+e.Name+" off the team", q, "e.g. called to court on the day", func(reason string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.RemoveFromRoster(e.StaffNo, reason, tb.S.Me, tb.S.Now())
		if err != nil {
			return nil, err
		}
		if tb.sel >= len(ev.Roster) {
			tb.sel = max(0, len(ev.Roster)-1)
		}
		return tb.Save(ev, c, e.Label()+" taken off the team"), nil
	}))
}

func (tb *Tab) ShortHelp() []key.Binding {
	return append(tb.editKeys(), common.VisitKeys.NextTab)
}

// editKeys are the keys that change the team, while it may change.
func (tb *Tab) editKeys() []key.Binding {
	k := common.RosterKeys
	if tb.V == nil || tb.V.RosterEditable() != nil {
		return nil
	}
	keys := []key.Binding{k.Add}
	if len(tb.V.Roster) > 0 {
		keys = append(keys, k.Roles, k.Remove)
	}
	return keys
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.RosterKeys
	return []common.HelpGroup{{Title: "Roster tab", Keys: []key.Binding{k.Add, k.Roles, k.Remove, k.Up, k.Down}}}
}

// rosterView draws the tab: the team, the command structure, the findings.
func (tb *Tab) rosterView(w int) string {
	t := tb.S.Theme
	v := tb.V
	var lines []string
	add := func(s string) { lines = append(lines, common.SplitLines(s)...) }
	if err := v.RosterEditable(); err != nil {
		add(t.Warn.Render(common.Wrap("Read only: "+err.Error(), w)))
		lines = append(lines, "")
	}
	tb.sel = min(tb.sel, max(0, len(v.Roster)-1))
	tb.rows = tb.rows[:0]
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
		day := domain.DateOf(v.Basics.PlannedStart.In(tb.S.Loc))
		for i, e := range v.Roster {
			tb.rows = append(tb.rows, len(lines))
			sel := i == tb.sel
			name := e.Label()
			if e.StaffNo == tb.S.Me.StaffNo {
				name += " (you)"
			}
			training := tb.trainingText(e, day)
			if wide {
				row := common.PadRight(name, 30) + " " + common.PadRight(tb.GradeLabel(e.Grade), 11) + " " + common.PadRight(e.Roles(), 32) + " "
				add(common.Marker(t, sel) + common.Truncate(row+training, w-2))
				continue
			}
			add(common.Marker(t, sel) + common.Truncate(name+" · "+tb.GradeLabel(e.Grade), w-2))
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
	if fs := tb.TeamFindings("CMD-"); len(fs) > 0 {
		lines = append(lines, "", t.Header.Render("Findings"))
		for _, f := range fs {
			add(tb.FindingLines(f, false, w))
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
func (tb *Tab) trainingText(e domain.RosterEntry, day domain.Date) string {
	t := tb.S.Theme
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
