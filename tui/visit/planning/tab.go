// Package planning is the visit's planning tab: what blocks the visit and
// what warns, then each part of the plan with its status and key facts.
// One cursor walks both lists; enter opens the form that fixes a finding
// (on whichever tab holds it) or a section's form, and g a finding's rule
// in the guide. A authorises; C adds a mandatory check and W
// withdraws one recorded in error.
package planning

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/guide"
	"oic/tui/visit/tab"
)

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

// Name is the tab's name.
const Name = "Planning"

// Tab is the planning tab. Its items are findings then sections; the
// cursor is kept by key, so it stays on the same finding or section when
// the list changes under it (a finding cleared, a check added).
type Tab struct {
	tab.Base
	keys   []string // every item's key, in order
	sel    int
	selKey string
	spans  [][2]int // each item's first and past-last content line
	locked error    // why the plan may not change now, or nil
}

// New is the planning tab of v.
func New(v *tab.Visit) *Tab { return &Tab{Base: tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return "Plan" }

// Draw rebuilds the tab and scrolls so the item under the cursor is in
// view, as much of it as fits, however the list changed.
func (tb *Tab) Draw() { tb.refreshPlanning(tb.W) }

func (tb *Tab) ShortHelp() []key.Binding {
	k := common.PlanningKeys
	keys := []key.Binding{k.Open}
	if tb.sel < len(tb.Findings) { // a finding under the cursor
		keys = []key.Binding{k.Fix, k.Rule}
		if tb.locked != nil { // its form is closed now: only the rule is left
			keys = []key.Binding{k.Rule}
		}
	}
	if tb.V != nil && tb.V.CanTransition(domain.Authorised) == nil {
		keys = append(keys, k.Authorise)
	}
	if tb.V != nil && tb.locked == nil {
		keys = append(keys, k.AddCheck)
	}
	return append(keys, common.VisitKeys.NextTab)
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.PlanningKeys
	return []common.HelpGroup{{Title: "Planning tab", Keys: []key.Binding{k.Fix, k.Open, k.Rule, k.Authorise, k.SignIn, k.AddCheck, k.WithdrawCheck}}}
}

func findingKey(f domain.Finding) string { return "f:" + f.Rule + ":" + f.Message }
func sectionKey(s planSection) string    { return fmt.Sprintf("s:%d", s) }

// place rebuilds the item keys from the findings and puts the cursor back on
// its item, or at the same position if that item has gone.
func (tb *Tab) place(fs []domain.Finding) {
	tb.keys = tb.keys[:0]
	for _, f := range fs {
		tb.keys = append(tb.keys, findingKey(f))
	}
	for _, s := range planSections {
		tb.keys = append(tb.keys, sectionKey(s.sec))
	}
	for i, k := range tb.keys {
		if k == tb.selKey {
			tb.sel = i
			return
		}
	}
	tb.sel = max(0, min(tb.sel, len(tb.keys)-1))
	tb.selKey = tb.keys[tb.sel]
}

func (tb *Tab) move(d int) {
	if len(tb.keys) == 0 {
		return
	}
	tb.sel = max(0, min(len(tb.keys)-1, tb.sel+d))
	tb.selKey = tb.keys[tb.sel]
}

// selected returns the finding or section under the cursor.
func (tb *Tab) planSelected() (*domain.Finding, planSection) {
	i := tb.sel
	if i < len(tb.Findings) {
		return &tb.Findings[i], 0
	}
	return nil, planSections[i-len(tb.Findings)].sec
}

// Key handles the planning tab's own keys; ok is false for keys the rest
// of the visit screen handles.
func (tb *Tab) Key(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	k := common.PlanningKeys
	switch {
	case key.Matches(msg, common.VisitKeys.Up):
		tb.move(-1)
	case key.Matches(msg, common.VisitKeys.Down):
		tb.move(1)
	case key.Matches(msg, k.Open):
		f, sec := tb.planSelected()
		if f == nil {
			return tb.openSection(sec), true
		}
		if cmd, ok := tb.OpenFix(*f); ok {
			return cmd, true
		}
		// No form fixes it (stale intelligence): the rule says what to do.
		return common.Push(guide.New(tb.S, f.Rule)), true
	case key.Matches(msg, k.Rule):
		if f, _ := tb.planSelected(); f != nil {
			return common.Push(guide.New(tb.S, f.Rule)), true
		}
		return nil, true
	case key.Matches(msg, k.Authorise):
		return tb.authorise(), true
	case key.Matches(msg, k.SignIn):
		return tb.SwitchOfficer(), true
	case key.Matches(msg, k.AddCheck):
		return tb.openSection(secChecks), true
	case key.Matches(msg, k.WithdrawCheck):
		return tb.withdrawCheck(), true
	default:
		return nil, false
	}
	tb.Refresh()
	return nil, true
}

// fixedIn is the section whose form fixes each rule the planning tab
// holds; the ONF's and the recce's are on their own tabs.
var fixedIn = map[string]planSection{
	"CHK-1": secChecks, "CHK-2": secChecks,
	"EPA-1": secEPA, "EPA-5": secEPA, "EPA-2": secAuth, "EPA-3": secECIA, "EPA-4": secOrder,
	"PLAN-1": secPLAN, "COMM-1": secCommunity, "PWR-1": secPower,
}

// Fix opens the form that fixes f, if this tab holds it. A stale check
// (TSK-2) is fixed by running it again; stale intelligence by no form.
func (tb *Tab) Fix(f domain.Finding) (tea.Cmd, bool) {
	sec, ok := fixedIn[f.Rule]
	if f.Rule == "TSK-2" && !strings.HasPrefix(f.Message, "intelligence") {
		sec, ok = secChecks, true
	}
	if !ok {
		return nil, false
	}
	return tb.openSection(sec), true
}

// openSection opens the form for a section, or says why it cannot.
func (tb *Tab) openSection(sec planSection) tea.Cmd {
	if sec == secAuth {
		return tb.authorise()
	}
	if err := tb.V.PlanningEditable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	s, v := tb.S, tb.V
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
func (tb *Tab) authorise() tea.Cmd {
	if err := tb.V.CanTransition(domain.Authorised); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	if err := tb.S.Config.MayAuthoriseVisit(tb.V, tb.S.Me); err != nil {
		// Not theirs to authorise: say who must sign in, and offer the
		// switch (EPA-2, IDN-1).
		if tb.S.Fixed { // over SSH nobody switches: say who, and how
			return common.Push(dialog.NewNotice(tb.S, "Authorise "+string(tb.V.Ref), err.Error()+".\n\nThe authorising officer records it themselves, in their own session with their own key: they open "+string(tb.V.Ref)+" and press A."))
		}
		return common.Push(dialog.NewConfirm(tb.S, "Authorise "+string(tb.V.Ref), authoriserHow(err), tb.SwitchOfficer))
	}
	return common.Push(newAuthoriseForm(tb.S, tb.V))
}

func (tb *Tab) withdrawCheck() tea.Cmd {
	if err := tb.V.PlanningEditable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	if len(standingChecks(tb.V)) == 0 {
		return common.Flash(common.FlashInfo, "No checks are recorded, so there is none to withdraw.")
	}
	return common.Push(newWithdrawCheckForm(tb.S, tb.V))
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
func (tb *Tab) refreshPlanning(w int) {
	tb.place(tb.Findings)
	tb.locked = tb.V.PlanningEditable()
	tb.VP.SetContent(tb.planning(w))
	if tb.sel >= len(tb.spans) {
		return
	}
	from, to := tb.spans[tb.sel][0], tb.spans[tb.sel][1]
	if tb.sel == 0 {
		from = 0 // the summary above the first finding comes into view too
	}
	switch {
	case from < tb.VP.YOffset:
		tb.VP.SetYOffset(from)
	case to > tb.VP.YOffset+tb.VP.Height:
		tb.VP.SetYOffset(min(from, to-tb.VP.Height))
	}
}
