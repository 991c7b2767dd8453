package debrief

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// debriefView draws the debrief tab: what stands between the visit and its
// closure, then each section of the template with the record's facts, what
// the OIC wrote, and what is missing.
func (tb *Tab) debriefView(w int) string {
	t := tb.S.Theme
	v := tb.V
	var b strings.Builder
	switch v.State {
	case domain.Tasked, domain.Planning, domain.Authorised, domain.Briefed:
		b.WriteString(t.Muted.Render(common.Wrap(fmt.Sprintf("The debrief follows the visit (DBF-1). Once %s is deployed and the team has left, "+
			"this tab holds the debrief: most of it filled from the live record (who went, the entry and power used, who was encountered "+
			"and what happened to them, seizures, referrals, times), and what only the team knows added section by section.", v.Ref), w)) + "\n")
		return b.String()
	case domain.Cancelled, domain.StoodDown:
		b.WriteString(t.Muted.Render(common.Wrap(fmt.Sprintf("%s was %s before it took place: there is no debrief.", v.Ref, v.State), w)) + "\n")
		return b.String()
	}
	if tb.refused.Standing(v) && v.State == domain.Deployed {
		b.WriteString(tb.refused.Box(tb.S.Theme, "close", v.Ref, w) + "\n\n")
	}
	sections := v.DebriefSections()
	b.WriteString(tb.debriefStatusBox(sections, w) + "\n")
	tb.rows = tb.rows[:0]
	items := tb.debriefItems()
	tb.sel = min(tb.sel, len(items)-1)
	line := strings.Count(b.String(), "\n")
	i := 0
	for _, s := range sections {
		var sb strings.Builder
		tb.rows = append(tb.rows, line+1)
		sb.WriteString("\n" + tb.sectionHead(s, i == tb.sel, w) + "\n")
		i++
		for _, f := range s.Facts {
			sb.WriteString(t.Muted.Render(common.Hang("    ", f, w)) + "\n")
		}
		if s.ID == domain.SecTeam {
			for i < len(items) && items[i].sec == domain.SecTeam && items[i].officer.StaffNo != "" {
				sb.WriteString(tb.feedbackLine(items[i].officer, i == tb.sel, w))
				tb.rows = append(tb.rows, line+strings.Count(sb.String(), "\n"))
				i++
			}
		} else {
			for _, r := range s.Recorded {
				sb.WriteString(common.Hang("    ", r, w) + "\n")
			}
		}
		for _, m := range s.Missing {
			if s.ID == domain.SecTeam && strings.HasPrefix(m, "no feedback from") {
				continue // shown on the officer's own row
			}
			sb.WriteString(t.Error.Render(common.Hang("    ✗ ", m, w)) + "\n")
		}
		b.WriteString(sb.String())
		line += strings.Count(sb.String(), "\n")
	}
	if len(v.FollowUps) > 0 || v.State != domain.Deployed {
		b.WriteString("\n" + t.Header.Render("Follow-ups after closing") + "\n")
		if len(v.FollowUps) == 0 {
			b.WriteString(t.Muted.Render("  none recorded yet") + "\n")
		}
		for _, f := range v.FollowUps {
			b.WriteString(common.Hang("  ", fmt.Sprintf("#%d %s · %s: %s", f.Seq, f.Stamp.Label(tb.S.Loc), f.Kind, f.Text), w) + "\n")
		}
	}
	return b.String()
}

// sectionHead is a section's line: tick or cross, its title and its rule.
func (tb *Tab) sectionHead(s domain.DebriefSection, selected bool, w int) string {
	t := tb.S.Theme
	mark := t.OK.Render("✓")
	if !s.Complete() {
		mark = t.Error.Render("✗")
	}
	cursor := "  "
	if selected {
		cursor = t.Accent.Render("▸ ")
	}
	return cursor + mark + " " + t.Bold.Render(s.Title) + t.Muted.Render("  "+s.Rule)
}

// feedbackLine is one officer's row under team feedback.
func (tb *Tab) feedbackLine(o domain.RosterEntry, selected bool, w int) string {
	t := tb.S.Theme
	cursor := "    "
	if selected {
		cursor = "  " + t.Accent.Render("▸ ")
	}
	m := tb.V.TeamFeedbackValues(o.StaffNo)
	switch {
	case len(m) == 0:
		return cursor + t.Error.Render(common.Hang("✗ ", o.Label()+": no feedback yet (enter)", w-4)) + "\n"
	case m[domain.FieldDbfNone] != "":
		return cursor + common.Hang("✓ ", o.Label()+": no feedback given: "+m[domain.FieldDbfNone], w-4) + "\n"
	}
	return cursor + common.Hang("✓ ", fmt.Sprintf("%s: went well: %s; could improve: %s", o.Label(), m[domain.FieldDbfWentWell], m[domain.FieldDbfImprove]), w-4) + "\n"
}

// debriefStatusBox says where the debrief stands and what to do now.
func (tb *Tab) debriefStatusBox(sections []domain.DebriefSection, w int) string {
	t := tb.S.Theme
	v := tb.V
	bw := max(10, w-4)
	done := 0
	for _, s := range sections {
		if s.Complete() {
			done++
		}
	}
	var lines []string
	add := func(s string) { lines = append(lines, common.SplitLines(s)...) }
	if at, ok := v.ClosedAt(); ok {
		h := v.History[len(v.History)-1]
		for _, x := range v.History {
			if x.To == domain.Closed {
				h = x
			}
		}
		add(t.OK.Render(common.Wrap(fmt.Sprintf("✓ Closed by %s (%s) at %s: %s", h.ByName, h.By, at.In(tb.S.Loc).Format(domain.DateTimeLayout), h.Reason), bw)))
		add(t.Muted.Render(common.Wrap("The debrief is final. Follow-ups (f) can still be recorded.", bw)))
		return t.Box.Width(bw + 2).Render(strings.Join(lines, "\n"))
	}
	line := fmt.Sprintf("Debrief: %d of %d sections complete", done, len(sections))
	if done == len(sections) {
		add(t.OK.Render("✓ " + line))
	} else {
		add(t.Error.Render("✗ " + line))
	}
	due := v.CloseBy(tb.S.Config)
	from := "the last departure"
	if v.ClockStart().Equal(v.Basics.PlannedStart) {
		from = "the planned start, until a departure is recorded"
	}
	dueText := fmt.Sprintf("Close by %s (DBF-3: 48 hours after %s)", due.In(tb.S.Loc).Format(domain.DateTimeLayout), from)
	if tb.S.Now().After(due) {
		add(t.Error.Render(common.Wrap("✗ "+dueText+": overdue", bw)))
	} else {
		add(t.Muted.Render(common.Wrap(dueText, bw)))
	}
	add(t.Accent.Render(common.Wrap("→ Now: "+tb.debriefNext(sections), bw)))
	return t.Box.Width(bw + 2).Render(strings.Join(lines, "\n"))
}

// debriefNext is the one thing to do next.
func (tb *Tab) debriefNext(sections []domain.DebriefSection) string {
	v := tb.V
	if err := v.DebriefEditable(tb.S.Me); err != nil {
		return err.Error() + "."
	}
	for _, p := range v.Presence(tb.S.Now()) {
		if p.OnSite {
			return "officers are still on site: record their departures on the live tab (8, d). You can start the debrief now."
		}
	}
	for _, s := range sections {
		if !s.Complete() {
			return fmt.Sprintf("fill in %s (↓ to it, enter): %s.", sectionNoun(s.ID), s.Missing[0])
		}
	}
	if fs := domain.Blocking(tb.S.Config.ClosingFindings(v, tb.S.Now())); len(fs) > 0 {
		return fs[0].String()
	}
	return "every section is complete: close the visit (C)."
}
