package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"oic/domain"
	"oic/tui/common"
)

// The detail screen's tabs, drawn from the visit. Everything is words
// first; colour only helps.

func (d *detail) headline() string {
	t := d.s.Theme
	v := d.v
	left := t.Bold.Render(string(v.Ref)) + "  " + t.State(v.State).Render(strings.ToUpper(string(v.State))) +
		"  " + v.Basics.Premises.Name
	return common.Truncate(left, d.w)
}

// incidentLine is the banner a declared critical incident puts on every
// tab of its visit until it is stood down (INC-1). It takes the blank line
// under the tabs, so nothing else moves. It is worked out on refresh, not
// on every frame.
func (d *detail) incidentLine() string { return d.incident }

func (d *detail) makeIncidentLine() string {
	e, ok := d.v.ActiveIncident()
	if !ok {
		return ""
	}
	t := d.s.Theme
	text := fmt.Sprintf("!! CRITICAL INCIDENT declared %s by %s: %s  (tab %d)", e.At.In(d.s.Loc).Format("15:04"), e.Recorded.ByName, e.Text, tabLive+1)
	return t.Alarm.Render(common.Truncate(strings.Join(strings.Fields(text), " "), d.w))
}

func (d *detail) tabBar() string {
	bar := d.tabs(false)
	if common.Cells(bar) > d.w { // 80 columns: every tab still shows, in short
		bar = d.tabs(true)
	}
	return common.Truncate(bar, d.w)
}

// shortTabs name the tabs when the full names do not fit (80 columns).
// The labels lose their padding too, so all ten fit.
var shortTabs = []string{"Overview", "Plan", "ONF", "Recce", "Subj", "Roster", "Brief", "Live", "Debrief", "Audit"}

func (d *detail) tabs(short bool) string {
	t := d.s.Theme
	var parts []string
	for i, name := range detailTabs {
		n := (i + 1) % 10 // the tenth tab is key 0
		label := fmt.Sprintf("%d %s", n, name)
		switch {
		case short:
			label = fmt.Sprintf("%d %s", n, shortTabs[i])
		case i == tabSubjects:
			label = fmt.Sprintf("%d %s (%d)", n, name, len(d.v.Subjects))
		}
		switch {
		case short && i == d.tab:
			parts = append(parts, t.TabActive.UnsetPadding().Render(label))
		case short:
			parts = append(parts, label)
		case i == d.tab:
			parts = append(parts, t.TabActive.Render(label))
		default:
			parts = append(parts, t.Tab.Render(label))
		}
	}
	return strings.Join(parts, t.Muted.Render("│"))
}

// when formats a moment in the officer's zone, with its distance from now
// for times near enough to matter.
func (d *detail) when(at time.Time) string {
	if at.IsZero() {
		return "—"
	}
	s := at.In(d.s.Loc).Format("Mon 02 Jan 2006 15:04")
	diff := at.Sub(d.s.Now())
	switch {
	case diff > 0 && diff < 14*24*time.Hour:
		s += " (in " + common.Span(diff) + ")"
	case diff < 0 && -diff < 14*24*time.Hour:
		s += " (" + common.Span(-diff) + " ago)"
	}
	return s
}

func (d *detail) overview(w int) string {
	t := d.s.Theme
	v, b := d.v, d.v.Basics
	team, _ := domain.TeamByCode(b.Team)
	var out strings.Builder
	if next := d.nextStep(w); next != "" {
		out.WriteString(next + "\n")
	}
	if r := d.readinessLine(w); r != "" {
		out.WriteString(r + "\n\n")
	}
	out.WriteString(t.Header.Render("Visit") + "\n")
	out.WriteString(common.KV(t, w,
		"Planned start", d.when(b.PlannedStart),
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
		decided = b.Tasking.DecidedAt.In(d.s.Loc).Format(domain.DateTimeLayout)
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
	out.WriteString("\n" + t.Header.Render(fmt.Sprintf("Subjects: %d named", active)) + t.Muted.Render(fmt.Sprintf("  (tab %d to add or correct)", tabSubjects+1)) + "\n")
	for _, s := range v.Subjects {
		if s.Withdrawn == "" {
			out.WriteString("  " + s.ID + "  " + subjectLine(s) + "\n")
		}
	}
	if len(v.Roster) > 0 {
		out.WriteString("\n" + t.Header.Render(fmt.Sprintf("Roster: %d officers", len(v.Roster))) + t.Muted.Render(fmt.Sprintf("  (tab %d)", tabRoster+1)) + "\n")
		for _, r := range v.Roster {
			out.WriteString(common.Truncate(fmt.Sprintf("  %-28s %s", r.Roles(), r.Label()), w) + "\n")
		}
		if cur, ok := v.Briefing.Current(); ok {
			line := fmt.Sprintf("Briefing: version %d, %d of %d accepted", cur.N, len(v.Roster)-len(v.Outstanding()), len(v.Roster))
			if _, over := v.Briefing.OverrideFor(cur.N); over {
				line += "; missing acceptances overridden"
			}
			out.WriteString("\n" + t.Header.Render(line) + t.Muted.Render(fmt.Sprintf("  (tab %d)", tabBriefing+1)) + "\n")
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
			line = "Debrief: closed " + at.In(d.s.Loc).Format(domain.DateTimeLayout)
		}
		out.WriteString("\n" + t.Header.Render(line) + t.Muted.Render(fmt.Sprintf("  (tab %d)", tabDebrief+1)) + "\n")
	}
	out.WriteString("\n" + t.Muted.Render(fmt.Sprintf("Opened %s by %s · last changed %s by %s · version %d",
		v.CreatedAt.In(d.s.Loc).Format(domain.DateTimeLayout), v.CreatedBy,
		v.UpdatedAt.In(d.s.Loc).Format(domain.DateTimeLayout), v.UpdatedByName, v.Version)) + "\n")
	return out.String()
}

// nextStep says what the visit is waiting for, and why a step is not yet
// possible, in the words of the rule that blocks it.
func (d *detail) nextStep(w int) string {
	t := d.s.Theme
	v := d.v
	last := v.History[len(v.History)-1]
	switch {
	case v.State == domain.Cancelled || v.State == domain.StoodDown:
		return t.Warn.Render(common.Wrap(fmt.Sprintf("%s on %s by %s: %s", strings.ToUpper(string(v.State)[:1])+string(v.State)[1:],
			last.At.In(d.s.Loc).Format(domain.DateTimeLayout), last.ByName, last.Reason), w)) + "\n"
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

func subjectLine(s domain.Subject) string {
	parts := []string{s.Name}
	if !s.DOB.IsZero() {
		parts = append(parts, "born "+s.DOB.UK())
	}
	if s.Nationality != "" {
		parts = append(parts, s.Nationality)
	}
	parts = append(parts, s.Offence)
	if s.PhotoRef != "" {
		parts = append(parts, "photo "+s.PhotoRef)
	}
	return strings.Join(parts, " · ")
}

func (d *detail) subjects(w int) string {
	t := d.s.Theme
	v := d.v
	if len(v.Subjects) == 0 {
		return t.Muted.Render(common.Wrap("No named subjects. Press a to add one. (Priority 6 intelligence has no named subject.)", w))
	}
	var b strings.Builder
	for i, s := range v.Subjects {
		marker := "  "
		if i == d.sel {
			marker = t.Cursor.Render("▸ ")
		}
		if s.Withdrawn == "" {
			b.WriteString(marker + common.Truncate(s.ID+"  "+subjectLine(s), w-2) + "\n")
			continue
		}
		b.WriteString(marker + t.Muted.Render(common.Truncate(s.ID+"  WITHDRAWN  "+subjectLine(s), w-2)) + "\n")
		b.WriteString(t.Muted.Render(common.Indent(common.Wrap("why: "+s.Withdrawn, max(10, w-8)), 6)) + "\n")
	}
	return b.String()
}

func (d *detail) history(w int) string {
	t := d.s.Theme
	var b strings.Builder
	b.WriteString(t.Muted.Render("Every change of state, who made it and why (ICIBI 3.14-3.15, 6.32).") + "\n\n")
	for _, h := range d.v.History {
		from := string(h.From)
		if from == "" {
			from = "opened"
		}
		line := fmt.Sprintf("%s  %-10s → %-10s  %s (%s)", h.At.In(d.s.Loc).Format(domain.DateTimeLayout), from, h.To, h.ByName, h.By)
		b.WriteString(common.Truncate(line, w) + "\n")
		if h.Reason != "" {
			b.WriteString(t.Muted.Render(common.Wrap("    "+h.Reason, w)) + "\n")
		}
	}
	return b.String()
}

func (d *detail) auditView(w int) string {
	t := d.s.Theme
	var b strings.Builder
	if d.chain == nil {
		b.WriteString(t.OK.Render(fmt.Sprintf("✓ Chain verified: %s, each sealed with SHA-256 to the one before.", common.Plural(len(d.audit), "entry"))) + "\n\n")
	} else {
		b.WriteString(t.Error.Render("✗ AUDIT CHAIN BROKEN: "+d.chain.Error()+". Report this: the record may have been altered outside oic.") + "\n\n")
	}
	for i := len(d.audit) - 1; i >= 0; i-- { // newest first: what changed last is what is asked about
		e := d.audit[i]
		c := e.Change
		b.WriteString(common.Truncate(fmt.Sprintf("#%d  %s  %s  %s (%s)", e.Seq, c.At.In(d.s.Loc).Format(domain.DateTimeLayout), c.Action, c.ActorName, c.Actor), w) + "\n")
		if i > 0 && c.At.Before(d.audit[i-1].Change.At) {
			b.WriteString(t.Warn.Render("    ⚠ dated before the entry above it: the computer's clock may have been wrong") + "\n")
		}
		for _, f := range c.Fields {
			line := fmt.Sprintf("    %s: %s → %s", fieldLabel(f.Field), d.auditValue(f.Old), d.auditValue(f.New))
			b.WriteString(t.Muted.Render(common.Truncate(line, w)) + "\n")
		}
		if c.Reason != "" {
			b.WriteString(t.Muted.Render(common.Wrap("    reason: "+c.Reason, w)) + "\n")
		}
	}
	return b.String()
}

// fieldLabels name the audit trail's fields as the forms do.
var fieldLabels = map[string]string{
	domain.FieldTeam: "Team", domain.FieldPremName: "Premises name", domain.FieldPremAddress: "Address",
	domain.FieldPostcode: "Postcode", domain.FieldSector: "Sector", domain.FieldIntelRef: "Intelligence ref",
	domain.FieldIntelRecv: "Received", domain.FieldPriority: "Priority", domain.FieldIntelSummary: "Summary",
	domain.FieldDecision: "Decision", domain.FieldForum: "Forum", domain.FieldDecidedAt: "Decided at",
	domain.FieldRationale: "Rationale", domain.FieldPlannedStart: "Planned start", domain.FieldOIC: "OIC",
	"state": "State", domain.FieldRating: "EPA rating", domain.FieldAssessor: "Assessed by",
	domain.FieldProportionate: "Proportionate", domain.FieldLegal: "Legal", domain.FieldAccountable: "Accountable",
	domain.FieldNecessary: "Necessary", domain.FieldImpact: "Community impact", domain.FieldCommMitigation: "Community mitigation",
	domain.FieldECIARef: "ECIA reference", domain.FieldECIABy: "ECIA completed by", domain.FieldECIAOn: "ECIA completed on",
	domain.FieldECIAConclusion: "ECIA conclusion", domain.FieldInformation: "Information", domain.FieldIntention: "Intention",
	domain.FieldMethod: "Method", domain.FieldAdministration: "Administration", domain.FieldRiskAssessment: "Risk assessment",
	domain.FieldCommunications: "Communications", domain.FieldHumanRights: "Human rights and legal issues",
	domain.FieldPower: "Power of entry", domain.FieldPowerDetail: "Power of entry detail",
	"authorisation": "Authorisation", "authorisation.by": "Authorised by", "authorisation.grade": "Authoriser's grade",
	"authorisation.rating": "Authorised at",
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	if l, ok := recceFieldLabel(f); ok {
		return l
	}
	// Numbered and per-check fields: epa.risk.2, check.C3.result.
	for _, p := range []struct{ prefix, label string }{{"epa.risk.", "Risk "}, {"epa.mitigation.", "Mitigation "}, {"check.", "Check "}} {
		if rest, ok := strings.CutPrefix(f, p.prefix); ok {
			return p.label + strings.ReplaceAll(rest, ".", " ")
		}
	}
	return f
}

// auditValue shows a stored value for reading: times in the officer's
// zone, dates the UK way, empty as a dash. The trail itself keeps the
// exact machine form.
func (d *detail) auditValue(v string) string {
	if v == "" {
		return "—"
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.In(d.s.Loc).Format(domain.DateTimeLayout)
	}
	if len(v) == 10 {
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return domain.DateOf(t).UK()
		}
	}
	return v
}
