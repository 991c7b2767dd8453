package planning

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"oic/domain"
	"oic/tui/common"
)

// The mandatory checks matrix (CHK-1, CHK-2, TSK-2): a row for each
// standing subject and the address, a column for each system and the final
// status check. A cell reads "✓ 23/11" (done), "✗ missing", "stale 20/10"
// (older than the configured age at the visit, TSK-2), or "—" where the
// system is not asked of that row (CRS holds people, not addresses).

// matrixSystems are the matrix's columns before the final status check.
var matrixSystems = []domain.CheckSystem{domain.SysCID, domain.SysCRS, domain.SysPNC, domain.SysPRONTO}

const (
	cellWidth  = 11
	finalWidth = 14
)

type cell struct {
	text  string
	style lipgloss.Style
}

// checkTally counts the matrix for the section's status line.
type checkTally struct {
	required, done, missing, stale  int
	finalDue, finalMissing, finalOK int
}

func (tb *Tab) checksSection(w int) secView {
	t := tb.S.Theme
	v := tb.V
	start := v.Basics.PlannedStart
	var tally checkTally
	tw := max(16, min(30, w-len(matrixSystems)*cellWidth-finalWidth))

	var b strings.Builder
	b.WriteString(t.Label.Render(common.PadRight("", tw)))
	for _, sys := range matrixSystems {
		b.WriteString(t.Label.Render(common.PadRight(string(sys), cellWidth)))
	}
	b.WriteString(t.Label.Render("Final status") + "\n")
	targets := v.CheckTargets()
	// The final status check is of each subject, or of the address when
	// nobody is named (CHK-2).
	finalTargets := targets
	if len(targets) > 1 {
		finalTargets = targets[:len(targets)-1]
	}
	for _, tg := range targets {
		label := v.TargetLabel(tg)
		if tg == domain.TargetAddress {
			label = "Address " + string(v.Basics.Premises.Postcode)
		}
		b.WriteString(common.PadRight(label, tw-1) + " ")
		required := domain.SubjectChecks
		if tg == domain.TargetAddress {
			required = domain.AddressChecks
		}
		for _, sys := range matrixSystems {
			c := tb.checkCell(tg, sys, slices.Contains(required, sys), &tally)
			b.WriteString(c.style.Render(common.PadRight(c.text, cellWidth)))
		}
		c := tb.finalCell(tg, slices.Contains(finalTargets, tg), &tally)
		b.WriteString(c.style.Render(c.text) + "\n")
	}
	b.WriteString(tb.checkNotes(w))

	sv := secView{sev: tb.worst("CHK-1", "CHK-2")}
	if tally.stale > 0 && sv.sev == secDone {
		sv.sev = secWarns
	}
	parts := []string{fmt.Sprintf("%d of %d done", tally.done, tally.required)}
	if tally.missing > 0 {
		parts = append(parts, fmt.Sprintf("%d missing", tally.missing))
	}
	if tally.stale > 0 {
		parts = append(parts, fmt.Sprintf("%d stale", tally.stale))
	}
	switch {
	case start.IsZero():
	case tally.finalMissing > 0:
		parts = append(parts, "final status check needed now")
	case tally.finalDue > 0:
		from := start.Add(-tb.S.Config.FinalCheckWindow())
		parts = append(parts, "final status due from "+from.In(tb.S.Loc).Format(domain.DateTimeLayout))
	case tally.finalOK > 0:
		parts = append(parts, "final status done")
	}
	sv.status = strings.Join(parts, " · ")
	sv.facts = b.String()
	return sv
}

// checkCell is one system's cell for one target.
func (tb *Tab) checkCell(target string, sys domain.CheckSystem, required bool, tally *checkTally) cell {
	t := tb.S.Theme
	if !required {
		return cell{"—", t.Muted}
	}
	tally.required++
	c, ok := tb.V.Plan.LatestCheck(target, sys)
	if !ok {
		tally.missing++
		return cell{"✗ missing", t.Error}
	}
	tally.done++
	start := tb.V.Basics.PlannedStart
	day := c.DoneAt.In(tb.S.Loc).Format("02/01")
	switch {
	case !start.IsZero() && c.DoneAt.After(start):
		return cell{"✗ too late", t.Error}
	case !start.IsZero() && start.Sub(c.DoneAt) > tb.S.Config.CheckMaxAge():
		tally.stale++
		return cell{"stale " + day, t.Warn}
	case c.Result == domain.TraceFound:
		return cell{"✓ " + day + " *", t.OK}
	}
	return cell{"✓ " + day, t.OK}
}

// finalCell is the final status check's cell: done within the window
// before the visit, not yet due, or missing.
func (tb *Tab) finalCell(target string, applies bool, tally *checkTally) cell {
	t := tb.S.Theme
	start := tb.V.Basics.PlannedStart
	if !applies || start.IsZero() {
		return cell{"—", t.Muted}
	}
	from := start.Add(-tb.S.Config.FinalCheckWindow())
	c, ok := tb.V.Plan.LatestCheck(target, domain.SysFinalStatus)
	switch {
	case ok && !c.DoneAt.Before(from) && !c.DoneAt.After(start):
		tally.finalOK++
		return cell{"✓ " + c.DoneAt.In(tb.S.Loc).Format("02/01 15:04"), t.OK}
	case tb.S.Now().Before(from):
		tally.finalDue++
		return cell{"not yet due", t.Muted}
	case ok && c.DoneAt.Before(from):
		tally.finalMissing++
		return cell{"✗ too early", t.Error}
	case ok:
		tally.finalMissing++
		return cell{"✗ too late", t.Error}
	}
	tally.finalMissing++
	return cell{"✗ missing", t.Error}
}

// checkNotes lists under the matrix what it cannot show: each trace found
// with what it found, other security checks, and checks withdrawn.
func (tb *Tab) checkNotes(w int) string {
	t := tb.S.Theme
	v := tb.V
	var lines []string
	note := func(s string) {
		ls := common.SplitLines(common.Wrap(s, w-2))
		for i := range ls[1:] {
			ls[i+1] = "  " + ls[i+1]
		}
		lines = append(lines, ls...)
	}
	for _, c := range v.Plan.Checks {
		what := fmt.Sprintf("%s %s of %s", c.ID, c.System, v.TargetLabel(c.Target))
		switch {
		case c.Withdrawn != "":
			note(t.Muted.Render(fmt.Sprintf("Withdrawn: %s (%s)", what, c.Withdrawn)))
		case c.Result == domain.TraceFound:
			note(fmt.Sprintf("* trace found: %s, %s by %s: %s", what, c.DoneAt.In(tb.S.Loc).Format(domain.DateTimeLayout), c.DoneByName, c.Detail))
		case c.System == domain.SysOther:
			note(fmt.Sprintf("Other: %s, %s, %s by %s", what, c.Result, c.DoneAt.In(tb.S.Loc).Format(domain.DateTimeLayout), c.DoneByName))
		}
	}
	if tb.locked == nil {
		lines = append(lines, t.Muted.Render("enter or C adds a check; W withdraws one recorded in error"))
	}
	return strings.Join(lines, "\n") + "\n"
}
