package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// The recce tab: each reconnaissance of the premises (REC-1 to REC-4),
// with the age of its imagery, what was seen, and the RIPA consideration
// of a physical recce. r adds a recce; w withdraws one recorded in error,
// which stays on the record with the reason.

// recceKey handles the recce tab's own keys; ok is false for keys the rest
// of the visit screen handles.
func (d *detail) recceKey(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	k := common.VisitKeys
	switch {
	case key.Matches(msg, k.AddRecce):
		if err := d.v.PlanningEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newRecceForm(d.s, d.v)), true
	case key.Matches(msg, k.WithdrawRecce):
		if err := d.v.PlanningEditable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		if len(standingRecces(d.v)) == 0 {
			return common.Flash(common.FlashInfo, "No recce is recorded, so there is none to withdraw."), true
		}
		return common.Push(newWithdrawRecceForm(d.s, d.v)), true
	}
	return nil, false
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

// recceParts name the parts of a recce as the audit trail records them
// (recce.R2.ripa.covert).
var recceParts = map[string]string{
	"kind": "kind", "by": "made by", "at": "made at", "occupants": "occupants", "entrances": "entrances and exits",
	"layout": "layout", "geography": "geographic factors", "ripa.covert": "RIPA: covert", "ripa.private": "RIPA: private information likely",
	"ripa.auth_ref": "RIPA: authorisation ref", "ripa.no_auth_why": "RIPA: why none needed", "risks": "risks and mitigations",
	"withdrawn": "withdrawn",
}

// recceFieldLabel names an audit trail field of a recce: "Recce R2 RIPA:
// covert", "Recce R1 imagery source 2".
func recceFieldLabel(f string) (string, bool) {
	rest, ok := strings.CutPrefix(f, "recce.")
	if !ok {
		return "", false
	}
	id, part, ok := strings.Cut(rest, ".")
	if !ok {
		return "", false
	}
	if n, ok := strings.CutPrefix(part, "source."); ok {
		return "Recce " + id + " imagery source " + n, true
	}
	if l, ok := recceParts[part]; ok {
		return "Recce " + id + " " + l, true
	}
	return "", false
}
