package recce

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Key handles the recce tab's own keys; ok is false for keys the rest of
// the visit screen handles.
func (tb *Tab) Key(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	k := common.RecceKeys
	switch {
	case key.Matches(msg, k.Add):
		return tb.addRecce(), true
	case key.Matches(msg, k.Withdraw):
		if err := tb.V.PlanningEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		if len(standingRecces(tb.V)) == 0 {
			return common.Flash(common.FlashInfo, "No recce is recorded, so there is none to withdraw."), true
		}
		return common.Push(newWithdrawRecceForm(tb.S, tb.V)), true
	}
	return nil, false
}

// Fix opens the recce form for a recce finding (REC-1 to REC-4): a recce
// recorded afresh puts right what the last one lacked.
func (tb *Tab) Fix(f domain.Finding) (tea.Cmd, bool) {
	switch f.Rule {
	case "REC-1", "REC-2", "REC-3", "REC-4":
		return tb.addRecce(), true
	}
	return nil, false
}

// addRecce opens the recce form, or says why the plan cannot change now.
func (tb *Tab) addRecce() tea.Cmd {
	if err := tb.V.PlanningEditable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newRecceForm(tb.S, tb.V))
}

// standingRecces are the recces not withdrawn.
func standingRecces(v *domain.Visit) []domain.Recce {
	var out []domain.Recce
	for _, r := range v.Plan.Recces {
		if r.Withdrawn == "" {
			out = append(out, r)
		}
	}
	return out
}

// imageryAge says how old imagery dated d is on now's date: "9 months
// old", "7 years old".
func imageryAge(d, now domain.Date) string {
	m := domain.MonthsBetween(d, now)
	switch {
	case m < 1:
		return "under a month old"
	case m == 1:
		return "1 month old"
	case m < 24:
		return fmt.Sprintf("%d months old", m)
	}
	return fmt.Sprintf("%d years old", m/12)
}

// imageryTooOld reports whether imagery dated d is over the configured age
// at the visit (REC-2).
func imageryTooOld(s *common.Session, d domain.Date, visit domain.Date) bool {
	return domain.MonthsBetween(d, visit) > s.Config.ImageryMaxMonths()
}
