package tui

import (
	"context"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/form"
	"oic/tui/premises"
	"oic/tui/visit/basics"
)

// detail shows one visit: its basics, its planning, subjects, state history
// and audit trail, each on a tab, with the actions the visit allows.
type detail struct {
	s     *common.Session
	ref   domain.Ref
	v     *domain.Visit
	audit []domain.AuditEntry
	chain error // the audit chain's verification result
	err   error
	tab   int
	vp    viewport.Model
	sel   int // selected subject on the Subjects tab
	w, h  int
	// all is the visit's readiness at the last refresh, blocking first;
	// findings are those of planning, the ONF and the recce, which the
	// planning tab lists and authorisation waits on. The roster, briefing
	// and live tabs read theirs from all.
	all, findings []domain.Finding
	plan          planTab
	roster        rosterTab
	brief         briefTab
	live          liveTab
	debrief       debriefTab
	// incident is the critical incident banner, or "" (INC-1).
	incident string
	// premises counts the other visits to the same premises, when the
	// visit loads, for the overview's line (REC-5).
	premises premisesCount
}

// detailTabs follow the visit's life; keys 1-9 and 0 go to them.
// The state history heads the audit tab, which records every change.
var detailTabs = []string{"Overview", "Planning", "ONF", "Recce", "Subjects", "Roster", "Briefing", "Live", "Debrief", "Audit"}

const (
	tabOverview = iota
	tabPlanning
	tabONF
	tabRecce
	tabSubjects
	tabRoster
	tabBriefing
	tabLive
	tabDebrief
	tabAudit
)

func newDetail(s *common.Session, ref domain.Ref) *detail {
	return &detail{s: s, ref: ref, vp: common.NewViewport(s.Theme)}
}

// visitMsg carries a freshly read visit and its audit trail.
type visitMsg struct {
	ref   domain.Ref
	v     *domain.Visit
	audit []domain.AuditEntry
	err   error
	// incident is the critical incident banner, or "" (INC-1).
	incident string
	// premises counts the other visits to the same premises.
	premises premisesCount
}

func (d *detail) load() tea.Cmd {
	st, ref := d.s.Store, d.ref
	return common.DeliverTo(d, func() tea.Msg {
		ctx := context.Background()
		v, err := st.Visit(ctx, ref)
		if err != nil {
			return visitMsg{ref: ref, err: err}
		}
		a, err := st.Audit(ctx, ref)
		return visitMsg{ref: ref, v: v, audit: a, err: err, premises: countAtPremises(ctx, st, v)}
	})
}

func (d *detail) Init() tea.Cmd { return d.load() }

func (d *detail) Title() string { return "Visit " + string(d.ref) }

func (d *detail) Capturing() bool { return false }

func (d *detail) SetSize(w, h int) {
	d.w, d.h = w, h
	d.vp.Width, d.vp.Height = w, max(1, h-5) // headline, tabs, gap, and the scroll line
	d.refresh()
}

func (d *detail) ShortHelp() []key.Binding {
	k := common.VisitKeys
	keys := []key.Binding{k.NextTab}
	switch d.tab {
	case tabSubjects:
		keys = append(keys, k.AddSubject, k.EditSubject, k.Withdraw)
	case tabPlanning:
		keys = []key.Binding{k.Open}
		if d.v != nil && d.v.CanTransition(domain.Authorised) == nil {
			keys = append(keys, k.Authorise)
		}
		if d.v != nil && d.plan.locked == nil {
			keys = append(keys, k.AddCheck)
		}
		keys = append(keys, k.NextTab)
	case tabONF:
		keys = []key.Binding{k.OpenONF, k.PhoneCheck, k.NextTab}
	case tabRecce:
		keys = []key.Binding{k.AddRecce, k.WithdrawRecce, k.NextTab}
	case tabRoster:
		keys = append(d.rosterShortHelp(), k.NextTab)
	case tabBriefing:
		keys = append(d.briefingShortHelp(), k.NextTab)
	case tabLive:
		keys = append(d.liveShortHelp(), k.NextTab)
	case tabDebrief:
		keys = append(d.debriefShortHelp(), k.NextTab)
	default:
		keys = append(keys, k.Edit)
		if d.v != nil && d.v.State == domain.Tasked {
			keys = append(keys, k.Plan)
		}
		if d.premises.others() > 0 {
			keys = append(keys, common.PremisesKeys.FromVisit)
		}
		keys = append(keys, k.Cancel, k.StandDown)
	}
	return append(keys, common.GlobalKeys.Back)
}

// FullHelp lists the tab's own keys first, so a small terminal that cuts
// the list short still shows the keys of the tab in use.
func (d *detail) FullHelp() []common.HelpGroup {
	k := common.VisitKeys
	groups := d.helpGroups()
	own := map[int]string{tabPlanning: "Planning tab", tabONF: "ONF tab", tabRecce: "Recce tab", tabSubjects: "Subjects tab",
		tabRoster: "Roster tab", tabBriefing: "Briefing tab", tabLive: "Live tab", tabDebrief: "Debrief tab"}[d.tab]
	out := []common.HelpGroup{{Title: "Move", Keys: []key.Binding{k.NextTab, k.PrevTab, k.Tab1, k.Up, k.Down, common.GlobalKeys.Back}}}
	for _, g := range groups {
		if g.Title == own {
			out = append(out, g)
		}
	}
	for _, g := range groups {
		if g.Title != own {
			out = append(out, g)
		}
	}
	return out
}

func (d *detail) helpGroups() []common.HelpGroup {
	k := common.VisitKeys
	return []common.HelpGroup{
		{Title: "Visit", Keys: []key.Binding{k.Edit, k.Plan, k.Cancel, k.StandDown, common.PremisesKeys.FromVisit}},
		{Title: "Planning tab", Keys: []key.Binding{k.Open, k.Authorise, k.AddCheck, k.WithdrawCheck}},
		{Title: "ONF tab", Keys: []key.Binding{k.OpenONF, k.PhoneCheck, k.ONFFeedback}},
		{Title: "Recce tab", Keys: []key.Binding{k.AddRecce, k.WithdrawRecce}},
		{Title: "Subjects tab", Keys: []key.Binding{k.AddSubject, k.EditSubject, k.Withdraw}},
		rosterHelpGroup(),
		briefingHelpGroup(),
		liveHelpGroup(),
		debriefHelpGroup(),
	}
}

func (d *detail) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case visitMsg:
		if msg.ref != d.ref {
			return d, nil
		}
		d.err = msg.err
		if msg.v != nil {
			d.v, d.audit, d.premises = msg.v, msg.audit, msg.premises
			d.chain = domain.VerifyChain(msg.audit)
		}
		d.refresh()
		if d.tab == tabLive && !d.live.ticking && d.v != nil && d.v.State == domain.Deployed {
			return d, d.liveStart() // deployed while the tab was shown
		}
		return d, nil
	case common.EventMsg:
		if msg.Ref == d.ref || msg.Resync {
			return d, d.load()
		}
		return d, nil
	case form.SavedMsg: // from an action taken on this screen
		if msg.Err != nil {
			return d, tea.Batch(common.Flash(common.FlashError, msg.Err.Error()), d.load())
		}
		return d, msg.Then
	case tea.KeyMsg:
		return d, d.key(msg)
	}
	if cmd, ok := d.liveMsg(msg); ok { // the live tab's clock
		return d, cmd
	}
	return d, nil
}

func (d *detail) key(msg tea.KeyMsg) tea.Cmd {
	k := common.VisitKeys
	switch {
	case key.Matches(msg, common.GlobalKeys.Back), key.Matches(msg, common.GlobalKeys.Quit):
		return common.Pop
	case key.Matches(msg, k.NextTab):
		return d.setTab((d.tab + 1) % len(detailTabs))
	case key.Matches(msg, k.PrevTab):
		return d.setTab((d.tab + len(detailTabs) - 1) % len(detailTabs))
	case key.Matches(msg, k.Tab1):
		return d.setTab((int(msg.String()[0]-'0') + 9) % 10) // 1 is the first tab, 0 the tenth
	}
	if d.v == nil {
		return nil
	}
	if key.Matches(msg, common.PremisesKeys.FromVisit) { // on every tab (REC-5)
		return common.Push(premises.FromVisit(d.s, d.v))
	}
	if d.tab == tabPlanning {
		if cmd, ok := d.planKey(msg); ok {
			return cmd
		}
	}
	switch d.tab {
	case tabONF:
		if cmd, ok := d.onfKey(msg); ok {
			return cmd
		}
	case tabRecce:
		if cmd, ok := d.recceKey(msg); ok {
			return cmd
		}
	case tabRoster:
		if cmd, ok := d.rosterKey(msg); ok {
			return cmd
		}
	case tabBriefing:
		if cmd, ok := d.briefingKey(msg); ok {
			return cmd
		}
	case tabLive:
		if cmd, ok := d.liveKey(msg); ok {
			return cmd
		}
	case tabDebrief:
		if cmd, ok := d.debriefKey(msg); ok {
			return cmd
		}
	}
	if d.tab == tabSubjects {
		switch {
		case key.Matches(msg, k.Up):
			d.sel = max(0, d.sel-1)
			d.refresh()
			return nil
		case key.Matches(msg, k.Down):
			d.sel = min(len(d.v.Subjects)-1, d.sel+1)
			d.refresh()
			return nil
		case key.Matches(msg, k.AddSubject):
			if err := d.v.Editable(); err != nil {
				return common.Flash(common.FlashError, err.Error())
			}
			return common.Push(newSubjectForm(d.s, d.v, nil))
		case key.Matches(msg, k.EditSubject):
			if sub := d.selected(); sub != nil {
				if err := d.v.Editable(); err != nil {
					return common.Flash(common.FlashError, err.Error())
				}
				if sub.Withdrawn != "" {
					return common.Flash(common.FlashError, fmt.Sprintf("Subject %s was withdrawn (%s) and cannot be edited.", sub.ID, sub.Withdrawn))
				}
				return common.Push(newSubjectForm(d.s, d.v, sub))
			}
			return nil
		case key.Matches(msg, k.Withdraw):
			if sub := d.selected(); sub != nil {
				return d.withdraw(sub)
			}
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.Up):
		d.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		d.vp.ScrollDown(1)
	case key.Matches(msg, k.Edit):
		if err := d.v.Editable(); err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return common.Push(basics.NewForm(d.s, d.v))
	case key.Matches(msg, k.Plan):
		return d.transition(domain.Planning, "")
	case key.Matches(msg, k.Cancel):
		return d.askTransition(domain.Cancelled, "Cancel", "Why is the visit cancelled? This goes on the record with your name.", "e.g. recce found the premises closed down")
	case key.Matches(msg, k.StandDown):
		return d.askTransition(domain.StoodDown, "Stand down", "Why is the visit stood down? This goes on the record with your name.", "e.g. police unable to support on the day")
	}
	var cmd tea.Cmd
	d.vp, cmd = d.vp.Update(msg)
	return cmd
}

func (d *detail) selected() *domain.Subject {
	if d.sel < 0 || d.sel >= len(d.v.Subjects) {
		return nil
	}
	return &d.v.Subjects[d.sel]
}

// transition moves the visit on at once; used for steps needing no reason.
func (d *detail) transition(to domain.State, reason string) tea.Cmd {
	ev := d.v.Clone()
	c, err := ev.Transition(to, reason, d.s.Me, d.s.Now())
	if err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, "now "+string(to)))
}

// askTransition checks the step is allowed before asking for a reason, so
// nobody types a reason for something that will be refused.
func (d *detail) askTransition(to domain.State, verb, question, placeholder string) tea.Cmd {
	if err := d.v.CanTransition(to); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	v := d.v
	return common.Push(dialog.NewPrompt(d.s, verb+" "+string(v.Ref), question, placeholder, func(reason string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.Transition(to, reason, d.s.Me, d.s.Now())
		if err != nil {
			return nil, err
		}
		return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, "now "+string(to))), nil
	}))
}

func (d *detail) withdraw(sub *domain.Subject) tea.Cmd {
	if err := d.v.Editable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	if sub.Withdrawn != "" {
		return common.Flash(common.FlashError, fmt.Sprintf("Subject %s is already withdrawn.", sub.ID))
	}
	v, id := d.v, sub.ID
	return common.Push(dialog.NewPrompt(d.s, "Withdraw subject "+id, fmt.Sprintf("Why is %s (%s) withdrawn? They stay on the record, struck out, with your reason.", sub.Name, id),
		"e.g. named in error; confirmed left the UK", func(reason string) (tea.Cmd, error) {
			ev := v.Clone()
			c, err := ev.WithdrawSubject(id, reason, d.s.Me, d.s.Now())
			if err != nil {
				return nil, err
			}
			return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, "subject "+id+" withdrawn")), nil
		}))
}

// setTab shows tab i from its top, or on the planning tab from its
// cursor.
func (d *detail) setTab(i int) tea.Cmd {
	if i != d.tab {
		d.vp.GotoTop()
	}
	d.tab = i
	d.refresh()
	if i == tabLive {
		return d.liveStart() // the live tab's clock: time on site
	}
	return nil
}

// refresh rebuilds the tab's content into the viewport. The findings are
// worked out here, when the visit, the tab or the cursor changes, not on
// every frame.
func (d *detail) refresh() {
	if d.v == nil {
		return
	}
	d.all = d.s.Config.Readiness(d.v, d.s.Now())
	if d.tab == tabBriefing {
		d.brief.stale = d.v.BriefingStale()
	}
	d.incident = d.makeIncidentLine()
	d.findings = planningOnly(d.all, nil)
	w := max(20, d.w-2)
	var content string
	switch d.tab {
	case tabOverview:
		content = d.premisesLine(w) + d.overview(w)
	case tabPlanning:
		d.refreshPlanning(w)
		return
	case tabONF:
		content = d.onfView(w)
	case tabRecce:
		content = d.recceView(w)
	case tabSubjects:
		content = d.subjects(w)
	case tabRoster:
		content = d.rosterView(w)
	case tabBriefing:
		content = d.briefingView(w)
	case tabLive:
		content = d.liveView(w)
	case tabDebrief:
		content = d.debriefView(w)
	case tabAudit:
		content = d.history(w) + "\n" + d.auditView(w)
	}
	d.vp.SetContent(content)
}

// planningOnly keeps the findings of the rules that come before the team
// is briefed, reusing buf.
func planningOnly(all, buf []domain.Finding) []domain.Finding {
	for _, f := range all {
		r, _ := domain.RuleByID(f.Rule)
		switch r.Area {
		case domain.AreaBriefing, domain.AreaLive, domain.AreaDebrief, domain.AreaAssure:
			continue
		}
		buf = append(buf, f)
	}
	return buf
}

func (d *detail) View() string {
	t := d.s.Theme
	if d.v == nil {
		if d.err != nil {
			if errors.Is(d.err, domain.ErrNotFound) {
				return t.Error.Render("✗ No visit " + string(d.ref) + " in this store.")
			}
			return t.Error.Render("✗ " + d.err.Error())
		}
		return t.Muted.Render("Reading " + string(d.ref) + "…")
	}
	out := d.headline() + "\n" + d.tabBar() + "\n" + d.incidentLine() + "\n" + d.vp.View()
	if d.vp.TotalLineCount() > d.vp.Height {
		more := "↓/j for more"
		switch {
		case d.vp.AtBottom():
			more = "↑/k to scroll back"
		case !d.vp.AtTop():
			more = fmt.Sprintf("%d%% · ↓/j for more", int(d.vp.ScrollPercent()*100))
		}
		out += "\n" + common.PadLeft(t.Muted.Render(more), d.w)
	}
	return out
}
