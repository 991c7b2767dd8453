package recce

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// Drawing the recce tab, on refresh, never per frame. Old imagery, a
// missing RIPA answer and a withdrawn recce are each said in words; colour
// only helps.

func (tb *Tab) recceView(w int) string {
	t := tb.S.Theme
	v := tb.V
	var b strings.Builder
	switch {
	case v.State == domain.Cancelled || v.State == domain.StoodDown:
		b.WriteString(t.Muted.Render(common.Wrap(fmt.Sprintf("This visit is %s. What was recorded of the recce is below, read only.", v.State), w)) + "\n\n")
	default:
		if err := v.PlanningEditable(); err != nil {
			b.WriteString(t.Warn.Render(common.Wrap("Read only: "+err.Error(), w)) + "\n\n")
		}
	}
	if fs := tb.RuleFindings("REC-"); len(fs) > 0 {
		for _, f := range fs {
			b.WriteString(tb.FindingLines(f, false, w) + "\n")
		}
		b.WriteString("\n")
	}
	if len(v.Plan.Recces) == 0 {
		b.WriteString(t.Header.Render("No recce recorded yet.") + "\n")
		b.WriteString(common.Wrap("REC-1: every arrest visit records a reconnaissance of the premises: virtual, walk-by or drive-past, who made it and when. "+
			"A virtual recce names each imagery source and the date of its imagery (REC-2); any recce notes occupants, entrances and exits, layout "+
			"and the wider area (REC-3); a walk-by or drive-past records the RIPA 2000 consideration (REC-4).", w) + "\n\n")
		b.WriteString(t.OK.Render("Press r to add one.") + "\n")
		return b.String()
	}
	for i, r := range v.Plan.Recces {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(tb.recceLines(r, w))
	}
	switch {
	case v.State == domain.Deployed || v.State == domain.Closed || v.State == domain.FollowUp || v.State == domain.Assured:
		// After the visit a recce cannot be put right: what it recorded
		// is kept for assurance and for the next visit there.
		b.WriteString("\n" + t.Muted.Render(common.Wrap("The visit has taken place: its recces stay as recorded, for assurance (ASR-1) and for the next team at these premises (REC-5, P).", w)) + "\n")
	case len(standingRecces(v)) > 0:
		b.WriteString("\n" + t.Muted.Render(common.Wrap("r adds another recce; w withdraws one recorded in error (it stays, struck out, with your reason).", w)) + "\n")
	}
	return b.String()
}

// recceLines draws one recce: a headline, then its facts indented.
func (tb *Tab) recceLines(r domain.Recce, w int) string {
	t := tb.S.Theme
	when := r.At.In(tb.S.Loc).Format("Mon 02 Jan 2006 15:04")
	head := fmt.Sprintf("%s recce · by %s (%s) · %s", r.Kind, r.ByName, r.By, when)
	if r.Withdrawn != "" {
		var b strings.Builder
		b.WriteString(t.Muted.Render(common.Truncate(r.ID+"  WITHDRAWN  "+head, w)) + "\n")
		b.WriteString(t.Muted.Render(common.Indent(common.Wrap("withdrawn: "+r.Withdrawn, max(10, w-4)), 4)) + "\n")
		return b.String()
	}
	var b strings.Builder
	b.WriteString(t.Header.Render(r.ID) + "  " + common.Truncate(head, max(10, w-4)) + "\n")
	now, visit := domain.DateOf(tb.S.Now()), domain.DateOf(tb.V.Basics.PlannedStart.In(tb.S.Loc))
	var imagery []string
	for _, s := range r.Sources {
		line := fmt.Sprintf("%s, dated %s: %s", s.Source, s.Date.UK(), imageryAge(s.Date, now))
		if imageryTooOld(tb.S, s.Date, visit) {
			line = t.Warn.Render(fmt.Sprintf("! %s, dated %s: imagery %s, over %d months (REC-2)",
				s.Source, s.Date.UK(), imageryAge(s.Date, now), tb.S.Config.ImageryMaxMonths()))
		}
		imagery = append(imagery, line)
	}
	pairs := []string{}
	switch {
	case len(imagery) > 0:
		pairs = append(pairs, "Imagery", strings.Join(imagery, "\n"))
	case r.Kind == domain.RecceVirtual:
		pairs = append(pairs, "Imagery", t.Error.Render("✗ no source named (REC-2)"))
	}
	pairs = append(pairs, "Occupants", r.Occupants, "Entrances, exits", r.Entrances, "Layout", r.Layout, "Geography", r.Geography,
		"RIPA (REC-4)", tb.ripaText(r), "Risks", r.Risks)
	b.WriteString(common.Indent(strings.TrimRight(common.RowsOf(t, w-2, 18, pairs...), "\n"), 2) + "\n")
	if l := r.Recorded.Label(tb.S.Loc); l != "" {
		b.WriteString("    " + t.Muted.Render("recorded by "+l) + "\n")
	}
	return b.String()
}

// ripaText is the RIPA 2000 consideration in words, or why none applies.
func (tb *Tab) ripaText(r domain.Recce) string {
	t := tb.S.Theme
	p := r.RIPA
	if !r.Kind.Physical() && p == (domain.RIPA{}) {
		return t.Muted.Render("not asked: a virtual recce does not go to the premises")
	}
	missing := t.Error.Render("✗ not recorded")
	ans := func(s string) string {
		if s == "" {
			return missing
		}
		return s
	}
	auth := missing
	switch {
	case p.AuthRef != "":
		auth = "reference " + p.AuthRef
	case p.NeedsAuthorisation():
		// A reason for having none does not stand in for it (REC-4).
		auth = t.Error.Render("✗ no reference: covert, or likely to obtain private information, needs a RIPA authorisation")
	case p.NoAuthWhy != "":
		auth = "none needed: " + p.NoAuthWhy
	}
	return fmt.Sprintf("covert: %s\nprivate information likely: %s\nauthorisation: %s", ans(p.Covert), ans(p.PrivateInfo), auth)
}
