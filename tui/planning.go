package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/guide"
)

// The planning tab: what blocks the visit and what warns, then each part of
// the plan with its status and key facts. One cursor walks both lists;
// enter opens a finding's rule in the guide or a section's form.

// planSection is one part of the planning record on the tab.
type planSection int

const (
	secChecks planSection = iota
	secEPA
	secAuth
	secPLAN
	secCommunity
	secECIA
	secOrder
	secPower
)

// planSections lists the sections in the order the tab shows them, with
// their titles.
var planSections = []struct {
	sec   planSection
	title string
}{
	{secChecks, "Mandatory checks"},
	{secEPA, "EPA"},
	{secAuth, "Authorisation"},
	{secPLAN, "PLAN"},
	{secCommunity, "Community impact"},
	{secECIA, "ECIA"},
	{secOrder, "Operational order"},
	{secPower, "Power of entry"},
}

// planTab is the tab's cursor. Items are findings then sections; the cursor
// is kept by key, so it stays on the same finding or section when the list
// changes under it (a finding cleared, a check added).
type planTab struct {
	keys   []string // every item's key, in order
	sel    int
	selKey string
	spans  [][2]int // each item's first and past-last content line
	locked error    // why the plan may not change now, or nil
}

func findingKey(f domain.Finding) string { return "f:" + f.Rule + ":" + f.Message }
func sectionKey(s planSection) string    { return fmt.Sprintf("s:%d", s) }

// place rebuilds the item keys from the findings and puts the cursor back on
// its item, or at the same position if that item has gone.
func (p *planTab) place(fs []domain.Finding) {
	p.keys = p.keys[:0]
	for _, f := range fs {
		p.keys = append(p.keys, findingKey(f))
	}
	for _, s := range planSections {
		p.keys = append(p.keys, sectionKey(s.sec))
	}
	for i, k := range p.keys {
		if k == p.selKey {
			p.sel = i
			return
		}
	}
	p.sel = max(0, min(p.sel, len(p.keys)-1))
	p.selKey = p.keys[p.sel]
}

func (p *planTab) move(d int) {
	if len(p.keys) == 0 {
		return
	}
	p.sel = max(0, min(len(p.keys)-1, p.sel+d))
	p.selKey = p.keys[p.sel]
}

// selected returns the finding or section under the cursor.
func (d *detail) planSelected() (*domain.Finding, planSection) {
	i := d.plan.sel
	if i < len(d.findings) {
		return &d.findings[i], 0
	}
	return nil, planSections[i-len(d.findings)].sec
}

// planKey handles the planning tab's own keys; ok is false for keys the
// rest of the visit screen handles.
func (d *detail) planKey(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	k := common.VisitKeys
	switch {
	case key.Matches(msg, k.Up):
		d.plan.move(-1)
	case key.Matches(msg, k.Down):
		d.plan.move(1)
	case key.Matches(msg, k.Open):
		f, sec := d.planSelected()
		if f != nil {
			return common.Push(guide.New(d.s, f.Rule)), true
		}
		return d.openSection(sec), true
	case key.Matches(msg, k.Authorise):
		return d.authorise(), true
	case key.Matches(msg, k.AddCheck):
		return d.openSection(secChecks), true
	case key.Matches(msg, k.WithdrawCheck):
		return d.withdrawCheck(), true
	default:
		return nil, false
	}
	d.refresh()
	return nil, true
}

// openSection opens the form for a section, or says why it cannot.
func (d *detail) openSection(sec planSection) tea.Cmd {
	if sec == secAuth {
		return d.authorise()
	}
	if err := d.v.PlanningEditable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	s, v := d.s, d.v
	switch sec {
	case secChecks:
		return common.Push(newCheckForm(s, v))
	case secEPA:
		return common.Push(newEPAForm(s, v))
	case secPLAN:
		return common.Push(newPLANForm(s, v))
	case secCommunity:
		return common.Push(newCommunityForm(s, v))
	case secECIA:
		return common.Push(newECIAForm(s, v))
	case secOrder:
		if v.Plan.EPA.Rating == domain.Green {
			return common.Flash(common.FlashInfo, "A green visit's digital order is assembled from the visit (EPA-4); fill in what it shows as missing, e.g. photograph refs on the Subjects tab (5).")
		}
		return common.Push(newOrderForm(s, v))
	case secPower:
		return common.Push(newPowerForm(s, v))
	}
	return nil
}

// authorise opens the authorisation form if the visit is at the step
// where it can be authorised.
func (d *detail) authorise() tea.Cmd {
	if err := d.v.CanTransition(domain.Authorised); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newAuthoriseForm(d.s, d.v))
}

func (d *detail) withdrawCheck() tea.Cmd {
	if err := d.v.PlanningEditable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	if len(standingChecks(d.v)) == 0 {
		return common.Flash(common.FlashInfo, "No checks are recorded, so there is none to withdraw.")
	}
	return common.Push(newWithdrawCheckForm(d.s, d.v))
}

// standingChecks are the checks not withdrawn.
func standingChecks(v *domain.Visit) []domain.Check {
	var out []domain.Check
	for _, c := range v.Plan.Checks {
		if c.Withdrawn == "" {
			out = append(out, c)
		}
	}
	return out
}

// refreshPlanning rebuilds the tab and scrolls so the item under the
// cursor is in view, as much of it as fits, however the list changed.
func (d *detail) refreshPlanning(w int) {
	d.plan.place(d.findings)
	d.plan.locked = d.v.PlanningEditable()
	d.vp.SetContent(d.planning(w))
	if d.plan.sel >= len(d.plan.spans) {
		return
	}
	from, to := d.plan.spans[d.plan.sel][0], d.plan.spans[d.plan.sel][1]
	if d.plan.sel == 0 {
		from = 0 // the summary above the first finding comes into view too
	}
	switch {
	case from < d.vp.YOffset:
		d.vp.SetYOffset(from)
	case to > d.vp.YOffset+d.vp.Height:
		d.vp.SetYOffset(min(from, to-d.vp.Height))
	}
}
