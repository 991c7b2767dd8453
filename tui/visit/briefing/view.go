package briefing

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// Drawing the briefing tab, on refresh, never per frame. Top down: a
// refused deployment, if one was just tried; the status box (version,
// digest, stale, how many accepted, who is signed in, what to do now);
// any override; each officer's acceptance; the verbal briefing; the
// OIC's confirmation; the findings; and the order as issued, which is
// what the officers accepted. Every state is said in words; colour helps.

func (tb *Tab) briefingView(w int) string {
	t := tb.S.Theme
	v := tb.V
	var b strings.Builder
	if tb.refused.Standing(v) && v.State == domain.Briefed {
		b.WriteString(tb.refused.Box(tb.S.Theme, "deploy", v.Ref, w) + "\n\n")
	}
	b.WriteString(tb.briefStatusBox(w) + "\n")
	for _, o := range v.Briefing.Overrides {
		b.WriteString("\n" + tb.overrideLines(o, w))
	}
	if len(v.Roster) > 0 {
		b.WriteString("\n" + t.Header.Render("Acceptances (BRF-1)") + "\n")
		b.WriteString(tb.acceptanceLines(w))
	}
	b.WriteString("\n" + t.Header.Render("Verbal briefing on the day (BRF-3, BRF-5)") + "\n")
	b.WriteString(tb.verbalLines(w))
	b.WriteString("\n" + t.Header.Render("Confirmed ready to deploy (BRF-4)") + "\n")
	b.WriteString(tb.confirmLines(w))
	if fs := tb.TeamFindings("BRF-", "CMD-"); len(fs) > 0 {
		b.WriteString("\n" + t.Header.Render("Findings") + "\n")
		for _, f := range fs {
			b.WriteString(tb.FindingLines(f, false, w) + "\n")
		}
	}
	if cur, ok := v.Briefing.Current(); ok {
		title := fmt.Sprintf("The order as issued: version %d", cur.N)
		if tb.stale {
			title += t.Warn.Render("  (what was accepted; the visit has changed since)")
		}
		b.WriteString("\n" + t.Header.Render(title) + "\n")
		b.WriteString(tb.orderText(cur.Text, w))
	} else {
		b.WriteString("\n" + t.Header.Render("The order as it stands") + t.Muted.Render("  (not yet issued)") + "\n")
		b.WriteString(tb.orderText(v.BriefingText(), w))
	}
	return b.String()
}

// briefStatusBox is what an officer reads first: the version and who
// issued it, its digest, whether the order has moved on, how many have
// accepted, who is signed in, and what to do now.
func (tb *Tab) briefStatusBox(w int) string {
	t := tb.S.Theme
	v := tb.V
	bw := max(10, w-4)
	var lines []string
	add := func(s string) { lines = append(lines, common.SplitLines(s)...) }
	cur, issued := v.Briefing.Current()
	if issued {
		add(t.Bold.Render(common.Wrap(fmt.Sprintf("Version %d issued by %s · digest %s", cur.N, cur.Issued.Label(tb.S.Loc), cur.Digest[:12]), bw)))
		if cur.Note != "" {
			add(common.Wrap("What changed: "+cur.Note, bw))
		}
		if tb.stale {
			add(t.Error.Bold(true).Render(common.Wrap(fmt.Sprintf("✗ STALE: the order has changed since version %d (BRF-2); the team has not seen the change.", cur.N), bw)))
		}
		accepted := len(v.Roster) - len(v.Outstanding())
		line := fmt.Sprintf("Accepted: %d of %d", accepted, len(v.Roster))
		_, overridden := v.Briefing.OverrideFor(cur.N)
		switch {
		case len(v.Roster) > 0 && accepted == len(v.Roster):
			add(t.OK.Render("✓ " + line))
		case overridden:
			add(t.Warn.Render("! " + line + " · missing acceptances overridden (BRF-1)"))
		default:
			add(t.Error.Render("✗ " + line))
		}
	} else {
		add(t.Bold.Render("Not yet issued") + t.Muted.Render(fmt.Sprintf(" · %s on the team", common.Plural(len(v.Roster), "officer"))))
	}
	me := tb.S.Me
	who := "Signed in: " + me.Label()
	if e, on := v.Rostered(me.StaffNo); on {
		who += " · " + e.Roles()
	} else {
		who += " · not on the team"
	}
	if !tb.S.Fixed {
		who += " · u switches officer"
	}
	add(t.Muted.Render(common.Truncate(who, bw)))
	add(t.Accent.Render(common.Wrap("→ Now: "+tb.briefNext(), bw)))
	return t.Box.Width(bw + 2).Render(strings.Join(lines, "\n"))
}

// briefNext is what to do now about the briefing, in a line, with the
// key that does it and who may press it.
func (tb *Tab) briefNext() string {
	v := tb.V
	me := tb.S.Me.StaffNo
	oic, hasOIC := v.Commander(domain.CommandOIC)
	isOIC := hasOIC && oic.StaffNo == me
	// theOIC says what the OIC does next: to the OIC, "press b to …"; to
	// anyone else, "the OIC, Name, signs in (u) and presses b to …".
	theOIC := func(do, does string) string {
		if isOIC {
			return do
		}
		return fmt.Sprintf("the OIC, %s, %s %s", oic.Label(), tb.S.SignsIn(), does)
	}
	cur, issued := v.Briefing.Current()
	switch v.State {
	case domain.Tasked, domain.Planning:
		return fmt.Sprintf("The briefing is issued once the visit is authorised (EPA-2). Meanwhile, roster the team on the roster tab (%d).", tb.NumberOf("Roster"))
	case domain.Deployed:
		if _, on := v.Rostered(me); on && issued {
			if _, ok := v.Briefing.Accepted(me, cur.N); !ok {
				return fmt.Sprintf("The team has deployed. You have not accepted version %d: press a to read and accept it.", cur.N)
			}
		}
		return "The team has deployed: the briefing record below is kept as it stood."
	case domain.Authorised, domain.Briefed:
	default:
		return fmt.Sprintf("This visit is %s: the briefing record below is read only.", v.State)
	}
	switch {
	case len(v.Roster) == 0:
		return fmt.Sprintf("Roster the team first (tab %d): the briefing is issued to the officers on it.", tb.NumberOf("Roster"))
	case !hasOIC:
		return fmt.Sprintf("Name the OIC on the roster tab (%d) first: the OIC issues the briefing (CMD-1).", tb.NumberOf("Roster"))
	case !issued:
		return capital(theOIC(fmt.Sprintf("press b to issue the order as it stands to the %s.", common.Plural(len(v.Roster), "officer")), fmt.Sprintf("presses b to issue the order as it stands to the %s.", common.Plural(len(v.Roster), "officer"))))
	case tb.stale:
		return capital(theOIC(fmt.Sprintf("press b to issue version %d, saying what changed; the team accepts it afresh.", cur.N+1), fmt.Sprintf("presses b to issue version %d, saying what changed; the team accepts it afresh.", cur.N+1)))
	}
	if _, on := v.Rostered(me); on {
		if _, ok := v.Briefing.Accepted(me, cur.N); !ok {
			return fmt.Sprintf("You have not accepted version %d: press a to read and accept it.", cur.N)
		}
	}
	_, overridden := v.Briefing.OverrideFor(cur.N)
	if out := v.Outstanding(); len(out) > 0 && !overridden {
		names := make([]string, len(out))
		for i, r := range out {
			names[i] = r.Label()
		}
		each := "Each signs in as themselves (u) and accepts (a)"
		if tb.S.Fixed {
			each = "Each accepts (a) in their own session"
		}
		s := fmt.Sprintf("Waiting on %s: %s. %s", common.Plural(len(out), "officer"), strings.Join(names, ", "), each)
		if isOIC {
			s += "; or override with a reason (O)"
		}
		return s + "."
	}
	switch c := v.Briefing.Confirm; {
	case v.Briefing.Verbal == nil:
		return capital(theOIC("record the verbal briefing once it is given (v): the time, the risks discussed, the questions asked.", "records the verbal briefing once it is given (v): the time, the risks discussed, the questions asked."))
	case c == nil || c.Version != cur.N:
		return capital(theOIC(fmt.Sprintf("confirm each item before deployment (c), for version %d.", cur.N), fmt.Sprintf("confirms each item before deployment (c), for version %d.", cur.N)))
	}
	if n := len(tb.teamFindingsBlocking()); n > 0 {
		return fmt.Sprintf("%s still %s deployment: see Findings below.", common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block"))
	}
	return capital(theOIC("press D to deploy.", "presses D to deploy."))
}

// teamFindingsBlocking are all the visit's blocking findings.
func (tb *Tab) teamFindingsBlocking() []domain.Finding { return domain.Blocking(tb.All) }

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// overrideLines shows an override of missing acceptances, prominently and
// for good: who, when, why, and whose acceptance was missing.
func (tb *Tab) overrideLines(o domain.Override, w int) string {
	t := tb.S.Theme
	head := fmt.Sprintf("! OVERRIDE (BRF-1): version %d deployed without the acceptance of %s", o.Version, strings.Join(o.Names, ", "))
	var b strings.Builder
	b.WriteString(t.Warn.Bold(true).Render(common.Wrap(head, w)) + "\n")
	b.WriteString(t.Warn.Render(common.Indent(common.Wrap(fmt.Sprintf("by %s. Reason: %s", o.Stamp.Label(tb.S.Loc), o.Reason), max(10, w-2)), 2)) + "\n")
	return b.String()
}

// acceptanceLines lists each rostered officer and their acceptance: of
// the current version, of an older one now void (BRF-2), or none.
func (tb *Tab) acceptanceLines(w int) string {
	t := tb.S.Theme
	v := tb.V
	cur, issued := v.Briefing.Current()
	wide := w >= 104
	var b strings.Builder
	for _, e := range v.Roster {
		name := e.Label()
		if e.StaffNo == tb.S.Me.StaffNo {
			name += " (you)"
		}
		glyph, style, status := "✗", t.Error, "not accepted"
		if a, ok := v.Briefing.Accepted(e.StaffNo, cur.N); ok && issued {
			glyph, style, status = "✓", t.OK, fmt.Sprintf("accepted %s (version %d)", a.At.In(tb.S.Loc).Format(domain.DateTimeLayout), a.Version)
		} else if old, ok := tb.lastAcceptance(e.StaffNo); ok {
			status = fmt.Sprintf("accepted version %d, void since version %d (BRF-2)", old.Version, cur.N)
		} else if !issued {
			glyph, style, status = "·", t.Muted, "not yet issued"
		}
		if wide {
			b.WriteString("  " + style.Render(glyph) + " " + common.PadRight(name, 32) + " " + common.PadRight(e.Roles(), 32) + " " + style.Render(common.Truncate(status, max(10, w-72))) + "\n")
			continue
		}
		b.WriteString("  " + style.Render(glyph) + " " + common.Truncate(name, w-4) + "\n")
		b.WriteString("      " + common.Truncate(e.Roles()+" · "+style.Render(status), w-6) + "\n")
	}
	// Acceptances stay on the record when an officer leaves the team.
	var gone []string
	seen := map[domain.StaffNo]bool{}
	for _, a := range v.Briefing.Acceptances {
		if _, on := v.Rostered(a.StaffNo); !on && !seen[a.StaffNo] {
			seen[a.StaffNo] = true
			gone = append(gone, fmt.Sprintf("%s (version %d)", domain.Officer{StaffNo: a.StaffNo, Name: a.Name}.Label(), a.Version))
		}
	}
	if len(gone) > 0 {
		b.WriteString(t.Muted.Render(common.Hang("  ", "Also on the record, since taken off the team: "+strings.Join(gone, ", "), w)) + "\n")
	}
	return b.String()
}

// lastAcceptance is the officer's latest acceptance of any version.
func (tb *Tab) lastAcceptance(sn domain.StaffNo) (domain.Acceptance, bool) {
	acc := tb.V.Briefing.Acceptances
	for i := len(acc) - 1; i >= 0; i-- {
		if acc[i].StaffNo == sn {
			return acc[i], true
		}
	}
	return domain.Acceptance{}, false
}

// verbalLines shows the verbal briefing given on the day, or that none
// is recorded.
func (tb *Tab) verbalLines(w int) string {
	t := tb.S.Theme
	vb := tb.V.Briefing.Verbal
	if vb == nil {
		if tb.V.State == domain.Briefed {
			return t.Error.Render(common.Hang("  ✗ ", "not recorded. Once the team is briefed on the day, the OIC records it (v): the time, the risks discussed, the questions and answers.", w)) + "\n"
		}
		return t.Muted.Render("  — not recorded") + "\n"
	}
	qs := "none asked"
	if len(vb.Questions) > 0 {
		var l []string
		for _, q := range vb.Questions {
			l = append(l, q.Question+" → "+q.Answer)
		}
		qs = strings.Join(l, "\n")
	} else if !vb.NoQuestions {
		qs = t.Warn.Render("! neither questions nor \"none asked\" recorded (BRF-5)")
	}
	out := common.RowsOf(t, w, 18, "Given at", vb.At.In(tb.S.Loc).Format(domain.DateTimeLayout), "Risks discussed", vb.Risks, "Questions", qs)
	if l := vb.Stamp.Label(tb.S.Loc); l != "" {
		out += "  " + t.Muted.Render("recorded by "+l) + "\n"
	}
	return out
}

// confirmLines shows the OIC's confirmation of each BRF-4 item, and for
// which version.
func (tb *Tab) confirmLines(w int) string {
	t := tb.S.Theme
	v := tb.V
	c := v.Briefing.Confirm
	cur, _ := v.Briefing.Current()
	var b strings.Builder
	switch {
	case c == nil && v.State == domain.Briefed:
		b.WriteString(t.Error.Render(common.Hang("  ✗ ", "not confirmed. Before deployment the OIC confirms each item (c):", w)) + "\n")
	case c == nil:
		b.WriteString(t.Muted.Render("  — not confirmed; the OIC confirms each item before deployment:") + "\n")
	case c.Version != cur.N:
		b.WriteString(t.Warn.Render(common.Hang("  ! ", fmt.Sprintf("confirmed for version %d by %s; the order is now version %d: confirm again (c).", c.Version, c.Stamp.Label(tb.S.Loc), cur.N), w)) + "\n")
	default:
		b.WriteString(t.OK.Render("  ✓ "+common.Truncate(fmt.Sprintf("confirmed for version %d by %s", c.Version, c.Stamp.Label(tb.S.Loc)), w-4)) + "\n")
	}
	ok := c != nil && c.Version == cur.N
	var items []string
	for _, item := range domain.ConfirmItems {
		items = append(items, common.Pick(ok, "✓ ", "· ")+item)
	}
	// Two columns when they fit: the seven items take four lines.
	if w >= 76 {
		half := (len(items) + 1) / 2
		for i := range half {
			line := "    " + common.PadRight(items[i], 38)
			if i+half < len(items) {
				line += items[i+half]
			}
			b.WriteString(common.Pick(ok, t.OK.Render(line), t.Muted.Render(line)) + "\n")
		}
	} else {
		for _, it := range items {
			b.WriteString(common.Pick(ok, t.OK.Render("    "+it), t.Muted.Render("    "+it)) + "\n")
		}
	}
	if c != nil && c.Note != "" {
		b.WriteString(t.Muted.Render(common.Hang("    note: ", c.Note, w)) + "\n")
	}
	return b.String()
}

// orderText draws an order's text ("Label: value", continuation lines
// indented) as labelled facts: what the officers read and accept.
func (tb *Tab) orderText(text string, w int) string {
	var pairs []string
	for _, line := range common.SplitLines(strings.TrimRight(text, "\n")) {
		if rest, ok := strings.CutPrefix(line, "  "); ok && len(pairs) > 0 {
			pairs[len(pairs)-1] += "\n" + rest
			continue
		}
		label, val, _ := strings.Cut(line, ":")
		pairs = append(pairs, label, strings.TrimSpace(val))
	}
	return common.Indent(strings.TrimRight(common.Facts(tb.S.Theme, w-2, pairs...), "\n"), 2) + "\n"
}
