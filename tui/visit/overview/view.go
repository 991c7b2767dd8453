package overview

import (
	"errors"
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/visit/tab"
)

func (tb *Tab) overview(w int) string {
	t := tb.S.Theme
	v, b := tb.V, tb.V.Basics
	team, _ := domain.TeamByCode(b.Team)
	var out strings.Builder
	if changed := tb.recordLine(w); changed != "" {
		out.WriteString(changed + "\n\n")
	}
	if len(tb.Unverified) > 0 {
		out.WriteString(t.Warn.Render(common.Wrap(fmt.Sprintf("? %s: it came by import and cannot be verified back to where it was made (tab %d, Audit, says why).",
			domain.UnverifiedText(tb.Unverified), tb.NumberOf("Audit")), w)) + "\n\n")
	}
	if next := tb.nextStep(w); next != "" {
		out.WriteString(next + "\n")
	}
	if r := tb.readinessLine(w); r != "" {
		out.WriteString(r + "\n\n")
	}
	out.WriteString(t.Header.Render("Visit") + "\n")
	out.WriteString(common.KV(t, w,
		"Planned start", tb.When(b.PlannedStart),
		"Team", fmt.Sprintf("%s  %s (%s region)", team.Code, team.Name, team.Region),
		"OIC", fmt.Sprintf("%s (%s)", b.OICName, b.OIC),
		"Premises", b.Premises.Name,
		"Address", b.Premises.Address+", "+string(b.Premises.Postcode),
		"Sector", b.Premises.Sector,
	))
	out.WriteString("\n" + t.Header.Render("Intelligence") + "\n")
	out.WriteString(common.KV(t, w,
		"Reference", b.Intel.Ref,
		"Received", b.Intel.Received.UK(),
		"Priority", fmt.Sprintf("%d %s", b.Intel.Priority, domain.Priorities[b.Intel.Priority]),
		"Summary", b.Intel.Summary,
	))
	out.WriteString("\n" + t.Header.Render("Tasking decision (TSK-1)") + "\n")
	decided := ""
	if !b.Tasking.DecidedAt.IsZero() {
		decided = b.Tasking.DecidedAt.In(tb.S.Loc).Format(domain.DateTimeLayout)
	}
	out.WriteString(common.KV(t, w,
		"Decision", b.Tasking.Decision.Label(),
		"Forum", b.Tasking.Forum,
		"Decided at", decided,
		"Rationale", b.Tasking.Rationale,
	))
	active := 0
	for _, s := range v.Subjects {
		if s.Withdrawn == "" {
			active++
		}
	}
	out.WriteString("\n" + t.Header.Render(fmt.Sprintf("Subjects: %d named", active)) + t.Muted.Render(fmt.Sprintf("  (tab %d to add or correct)", tb.NumberOf("Subjects"))) + "\n")
	for _, s := range v.Subjects {
		if s.Withdrawn == "" {
			out.WriteString("  " + s.ID + "  " + tab.SubjectLine(s) + "\n")
		}
	}
	if len(v.Roster) > 0 {
		out.WriteString("\n" + t.Header.Render(fmt.Sprintf("Roster: %d officers", len(v.Roster))) + t.Muted.Render(fmt.Sprintf("  (tab %d)", tb.NumberOf("Roster"))) + "\n")
		for _, r := range v.Roster {
			out.WriteString(common.Truncate(fmt.Sprintf("  %-28s %s", r.Roles(), r.Label()), w) + "\n")
		}
		if cur, ok := v.Briefing.Current(); ok {
			line := fmt.Sprintf("Briefing: version %d, %d of %d accepted", cur.N, len(v.Roster)-len(v.Outstanding()), len(v.Roster))
			if _, over := v.Briefing.OverrideFor(cur.N); over {
				line += "; missing acceptances overridden"
			}
			out.WriteString("\n" + t.Header.Render(line) + t.Muted.Render(fmt.Sprintf("  (tab %d)", tb.NumberOf("Briefing"))) + "\n")
		}
	}
	switch v.State {
	case domain.Deployed, domain.Closed, domain.FollowUp, domain.Assured:
		done, all := 0, 0
		for _, s := range v.DebriefSections() {
			all++
			if s.Complete() {
				done++
			}
		}
		line := fmt.Sprintf("Debrief: %d of %d sections complete", done, all)
		if at, ok := v.ClosedAt(); ok {
			line = "Debrief: closed " + at.In(tb.S.Loc).Format(domain.DateTimeLayout)
		}
		out.WriteString("\n" + t.Header.Render(line) + t.Muted.Render(fmt.Sprintf("  (tab %d)", tb.NumberOf("Debrief"))) + "\n")
	}
	out.WriteString("\n" + t.Muted.Render(fmt.Sprintf("Opened %s by %s · last changed %s by %s · version %d",
		v.CreatedAt.In(tb.S.Loc).Format(domain.DateTimeLayout), tb.openedBy(),
		v.UpdatedAt.In(tb.S.Loc).Format(domain.DateTimeLayout), v.UpdatedByName, v.Version)) + "\n")
	return out.String()
}

// openedBy names who opened the visit as "last changed" names who changed
// it: the record keeps only the staff number, the trail's first entry
// (the opening) the name as it was then.
func (tb *Tab) openedBy() string {
	v := tb.V
	if len(tb.Audit) > 0 && tb.Audit[0].Seq == 1 {
		if c := tb.Audit[0].Change; c.Actor == v.CreatedBy && c.ActorName != "" {
			return c.ActorName
		}
	}
	return string(v.CreatedBy)
}

// nextStep says what the visit is waiting for, and why a step is not yet
// possible, in the words of the rule that blocks it.
// recordLine says, first of all, that the record shown is not the one its
// audit trail sealed; "" if it is.
func (tb *Tab) recordLine(w int) string {
	var re *domain.RecordError
	if !errors.As(tb.Record, &re) {
		return ""
	}
	return tb.S.Theme.Error.Render(common.Wrap(fmt.Sprintf("%s: %s. What follows may not be what was recorded; it cannot be saved over or exported. Report it (tab %d, Audit).",
		domain.RecordChanged, re.Problem, tb.NumberOf("Audit")), w))
}

func (tb *Tab) nextStep(w int) string {
	t := tb.S.Theme
	v := tb.V
	last := v.History[len(v.History)-1]
	switch {
	case v.State == domain.Cancelled || v.State == domain.StoodDown:
		return t.Warn.Render(common.Wrap(fmt.Sprintf("%s on %s by %s: %s", strings.ToUpper(string(v.State)[:1])+string(v.State)[1:],
			last.At.In(tb.S.Loc).Format(domain.DateTimeLayout), last.ByName, last.Reason), w)) + "\n"
	case v.State.Terminal():
		return t.Muted.Render("This visit's record is complete.") + "\n"
	}
	next, ok := v.Next()
	if !ok {
		return ""
	}
	if err := v.CanTransition(next); err != nil {
		msg := err.Error()
		if te := (*domain.TransitionError)(nil); errors.As(err, &te) {
			msg = te.Reason // the headline already names the step
		}
		return t.Warn.Render(common.Wrap("Next: "+string(next)+" — not yet. "+msg, w)) + "\n"
	}
	if next == domain.Planning {
		return t.OK.Render("Next: planning. Press p to start planning.") + "\n"
	}
	return ""
}

// readinessLine is the overview's one line on the plan: how many findings
// block and warn, and where to see them.
func (tb *Tab) readinessLine(w int) string {
	t := tb.S.Theme
	if !tb.V.State.Active() {
		return ""
	}
	blocks, warns := tb.Counts()
	see := fmt.Sprintf(" — see Planning (%d)", tb.NumberOf("Planning"))
	warnText := ""
	if warns > 0 {
		warnText = fmt.Sprintf(", %d %s", warns, common.Pick(warns == 1, "warns", "warn"))
	}
	switch {
	case blocks > 0:
		return t.Error.Render(common.Truncate(fmt.Sprintf("✗ Readiness: %d %s%s%s", blocks, common.Pick(blocks == 1, "blocks", "block"), warnText, see), w))
	case tb.V.Plan.Auth != nil && warns > 0:
		return t.Warn.Render(common.Truncate(fmt.Sprintf("! Readiness: authorised; %d %s%s", warns, common.Pick(warns == 1, "warns", "warn"), see), w))
	case tb.V.Plan.Auth != nil:
		return t.OK.Render(common.Truncate("✓ Readiness: authorised; nothing blocks or warns"+see, w))
	case warns > 0:
		return t.Warn.Render(common.Truncate(fmt.Sprintf("! Readiness: nothing blocks authorisation; %d %s%s", warns, common.Pick(warns == 1, "warns", "warn"), see), w))
	}
	return t.OK.Render(common.Truncate("✓ Readiness: nothing blocks authorisation"+see, w))
}
