package exchange

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// The Markdown export: one readable debrief a visit, to the standard of
// ICIBI figure 7 (who went, in what, what the intelligence said, what
// happened at the door and inside, who was encountered and what became of
// them, when the team stood down, where the debrief was held), but in the
// template's order, every section with the facts the record holds and
// what the OIC recorded. The file opens with its provenance.

func (r *renderer) mdHeader(count int) []byte {
	o := r.opt
	var b strings.Builder
	b.WriteString("# Debriefs of closed visits\n\n")
	fmt.Fprintf(&b, "Exported from oic by %s on %s.\n\n", mdText(o.By.Label()), o.At.In(r.loc).Format("02/01/2006 at 15:04"))
	b.WriteString("| | |\n|---|---|\n")
	row := func(k, v string) { fmt.Fprintf(&b, "| %s | %s |\n", k, v) }
	row("Visits", mdCell(plural(count, "visit", "visits")+": "+r.filterText()))
	by := o.By.Label()
	if o.By.Grade != "" {
		by += ", " + o.By.Grade
	}
	if o.By.Team != "" {
		by += ", team " + string(o.By.Team)
	}
	row("Exported by", mdCell(by))
	// The zone as a clock in it reads (GMT, BST), not the Location's
	// name, which for the computer's own zone is "Local".
	row("Exported at", mdCell(o.At.In(r.loc).Format(domain.DateTimeLayout+" MST")))
	tv := o.ToolVersion
	if tv == "" {
		tv = "dev"
	}
	row("Tool", mdCell(fmt.Sprintf("oic %s, export schema %d", tv, ExportSchemaVersion)))
	switch {
	case o.Redact && o.KeepText:
		row("Personal data", "redacted: the names, dates of birth, photograph and document references and telephone numbers of the people the visits concern are replaced by Person 1, Person 2 and so on; free text is kept, searched for them, and may still name others")
	case o.Redact:
		row("Personal data", "redacted: the names, dates of birth, photograph and document references and telephone numbers of the people the visits concern are replaced by Person 1, Person 2 and so on; free text is withheld")
	default:
		row("Personal data", "not redacted: names, dates of birth and document numbers of the people encountered are included")
	}
	if o.Name != "" {
		row("Digest", mdCell("SHA-256 of this file in "+o.Name+".sha256"))
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// policeFeedback is what the feedback report to the force that had the
// ONF said and when (ONF-7); "" where no ONF went to a force.
func policeFeedback(v *domain.Visit, loc *time.Location) string {
	o := v.Plan.ONF
	switch {
	case !o.FeedbackAt.IsZero():
		return "reported to " + o.Force + " " + o.FeedbackAt.In(loc).Format(domain.DateTimeLayout) + ": " + o.Feedback
	case o.Met || o.SentAt.IsZero():
		return ""
	}
	return "none recorded to " + o.Force + " (ONF-7)"
}

// filterText says which visits the export holds, in words.
func (r *renderer) filterText() string {
	f := r.opt.Filter
	s := "closed, follow-up or assured"
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		s += ", planned from " + f.From.UK() + " to " + f.To.UK()
	case !f.From.IsZero():
		s += ", planned on or after " + f.From.UK()
	case !f.To.IsZero():
		s += ", planned up to " + f.To.UK()
	}
	if f.Team != "" {
		name := string(f.Team)
		if t, ok := domain.TeamByCode(f.Team); ok {
			name = t.Name + " (" + string(f.Team) + ")"
		}
		s += ", " + name
	} else {
		s += ", every team"
	}
	return s
}

func (r *renderer) mdVisit(dst []byte, v *domain.Visit, secs []domain.DebriefSection, a lineAudit) []byte {
	head := a.head
	var b strings.Builder
	loc := r.loc
	bs := v.Basics
	f := factsOf(v, secs, r.cfg)
	start := bs.PlannedStart.In(loc)
	team := string(bs.Team)
	if t, ok := domain.TeamByCode(bs.Team); ok {
		team = t.Name
	}
	fmt.Fprintf(&b, "---\n\n## %s: %s\n\n", v.Ref, mdText(bs.Premises.Name))
	oic := bs.OICName + " (" + string(bs.OIC) + ")"
	if c, ok := v.Commander(domain.CommandOIC); ok {
		// With their grade as rostered, as ICIBI figure 7 names it.
		oic = c.Label()
		if g, ok := r.cfg.Grade(c.Grade); ok {
			oic += ", " + g.Label()
		} else if c.Grade != "" {
			oic += ", " + c.Grade
		}
	}
	fmt.Fprintf(&b, "A visit by %s to %s, %s, %s (%s) on %s at %s. Officer in charge: %s.\n\n",
		mdText(team), mdText(bs.Premises.Name), mdText(bs.Premises.Address), mdText(string(bs.Premises.Postcode)),
		mdText(bs.Premises.Sector), start.Format("Monday 02/01/2006"), start.Format("15:04"), mdText(oic))

	b.WriteString("| | |\n|---|---|\n")
	row := func(k, val string) {
		if val != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, mdCell(val))
		}
	}
	state := string(v.State)
	if !f.closedAt.IsZero() {
		state = "closed " + f.closedAt.In(loc).Format(domain.DateTimeLayout)
		if h, ok := f.hoursToClosure(v); ok {
			state += fmt.Sprintf(", %s hours after the stand-down", strconv.FormatFloat(h, 'f', 1, 64))
		}
		if f.closedLate() {
			state += fmt.Sprintf("; late: due by %s (DBF-3)", f.closeBy.In(loc).Format(domain.DateTimeLayout))
		}
		if v.State != domain.Closed {
			state += "; now " + string(v.State)
		}
	}
	row("State", state)
	in := bs.Intel
	intel := fmt.Sprintf("%s, received %s, priority %d", in.Ref, in.Received.UK(), in.Priority)
	if in.Priority >= 1 && in.Priority < len(domain.Priorities) {
		intel += " (" + domain.Priorities[in.Priority] + ")"
	}
	if in.Summary != "" {
		intel += ": " + in.Summary
	}
	row("Intelligence", intel)
	tk := bs.Tasking
	row("Tasking", strings.TrimSuffix(fmt.Sprintf("%s at the %s, %s: %s", tk.Decision.Label(), tk.Forum, tk.DecidedAt.In(loc).Format(domain.DateTimeLayout), tk.Rationale), ": "))
	var subjects []string
	for _, sub := range v.Subjects {
		line := sub.ID + " " + sub.Name
		var about []string
		for _, x := range []string{sub.Nationality, sub.DOB.UK(), sub.Offence} {
			if x != "" {
				about = append(about, x)
			}
		}
		if len(about) > 0 {
			line += " (" + strings.Join(about, ", ") + ")"
		}
		if sub.Withdrawn != "" {
			line += ", withdrawn: " + sub.Withdrawn
		}
		subjects = append(subjects, line)
	}
	if len(subjects) > 0 {
		row("Named subjects", strings.Join(subjects, "\n"))
	}
	ps := planningOf(v)
	rating := string(ps.Rating)
	if rating == "" {
		rating = "not rated"
	}
	if a := v.Plan.Auth; a != nil {
		rating += fmt.Sprintf("; authorised by %s (%s), %s, %s", a.Name, a.By, a.Grade, a.At.In(loc).Format(domain.DateTimeLayout))
	}
	row("Risk rating", rating)
	checks := fmt.Sprintf("%d done", ps.ChecksDone)
	switch {
	case ps.ChecksDone == 0:
		checks = "none recorded"
	case ps.TracesFound == 0:
		checks += ", no trace found"
	default:
		checks += fmt.Sprintf(", %d with a trace", ps.TracesFound)
	}
	if ps.ChecksWithdrawn > 0 {
		checks += fmt.Sprintf(" (%d withdrawn)", ps.ChecksWithdrawn)
	}
	row("Checks", checks)
	onf := string(ps.ONFStatus)
	if ps.ONFSentLate {
		onf += fmt.Sprintf("; sent late, %s before the visit, under the 3 days ONF-2 asks", plural(*ps.ONFHoursBefore, "hour", "hours"))
	}
	row("Police notification", onf)
	row("Police feedback", policeFeedback(v, loc))
	recces := "none"
	if len(ps.Recces) > 0 {
		kinds := make([]string, len(ps.Recces))
		for i, k := range ps.Recces {
			kinds[i] = string(k)
		}
		recces = fmt.Sprintf("%d: %s", len(ps.Recces), strings.Join(kinds, ", "))
	}
	row("Recce", recces)
	if ps.PowerPlanned != "" {
		row("Power of entry planned", domain.PowerHint(ps.PowerPlanned))
	}
	row("Entry", map[bool]string{true: "no entry made", false: domain.PowerHint(domain.PowerKind(f.entry))}[f.entry == "no entry"])
	row("Outcome", outcomeText(f))
	for _, o := range outcomeRows(v) {
		row(o[0], o[1])
	}
	row("Debrief", fmt.Sprintf("%d of %d sections complete", f.complete, f.sections))
	row("Assurance", assuranceText(v, r.cfg, loc))
	row("Record", fmt.Sprintf("version %d; audit trail of %d entries, last %s", v.Version, head.Seq, head.Hash))
	if len(a.marks) > 0 {
		row("Unverified", domain.UnverifiedText(a.marks))
	}
	b.WriteString("\n")

	for i, s := range secs {
		fmt.Fprintf(&b, "### %d. %s\n\n", i+1, mdText(s.Title))
		if len(s.Facts) > 0 {
			b.WriteString("From the record:\n\n")
			mdList(&b, s.Facts)
		}
		if len(s.Recorded) > 0 {
			b.WriteString("Recorded by the OIC:\n\n")
			mdList(&b, s.Recorded)
		}
		if len(s.Missing) > 0 {
			b.WriteString("Still missing:\n\n")
			mdList(&b, s.Missing)
		}
		if len(s.Facts)+len(s.Recorded)+len(s.Missing) == 0 {
			b.WriteString("Nothing recorded.\n\n")
		}
		if s.ID == domain.SecEncounters {
			r.mdPeople(&b, v, start)
		}
	}

	if len(v.Timeline) > 0 {
		b.WriteString("### Timeline\n\n| # | At | Entry | Recorded by |\n|---:|---|---|---|\n")
		for _, e := range v.Timeline {
			what := string(e.Kind)
			if s := e.Summary(); s != "" {
				what += ": " + s
			}
			if e.Corrects != 0 {
				what = fmt.Sprintf("corrects #%d (%s): %s", e.Corrects, e.Reason, what)
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", e.Seq, r.when(e.At, start), mdCell(what),
				mdCell(stampText(e.Recorded, loc, start)))
		}
		b.WriteString("\n")
	}
	if len(v.FollowUps) > 0 {
		b.WriteString("### Follow-ups\n\n")
		for _, fu := range v.FollowUps {
			fmt.Fprintf(&b, "- %s, %s: %s (%s)\n", fu.Stamp.At.In(loc).Format(domain.DateTimeLayout), mdText(fu.Kind),
				mdInline(fu.Text), mdText(officerText(fu.Stamp)))
		}
		b.WriteString("\n")
	}
	return append(dst, b.String()...)
}

// mdPeople lists the people encountered with their details, as the
// record holds them (corrections applied).
func (r *renderer) mdPeople(b *strings.Builder, v *domain.Visit, start time.Time) {
	var rows []string
	for _, e := range v.Effective() {
		p := e.Person
		if e.Kind != domain.EntryEncounter || p == nil {
			continue
		}
		excuse := string(p.Excuse)
		if p.Excuse == domain.ExcuseNA {
			excuse = ""
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |", r.when(e.At, start), mdCell(p.Name), mdCell(p.Nationality),
			p.DOB.UK(), mdCell(p.DocNo), p.Outcome, excuse))
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("| At | Name | Nationality | Date of birth | Document | Outcome | Employer's statutory excuse |\n|---|---|---|---|---|---|---|\n")
	b.WriteString(strings.Join(rows, "\n"))
	b.WriteString("\n\n")
}

// when shows a moment of the visit: the time alone on the visit's day,
// with the date on any other.
func (r *renderer) when(t, day time.Time) string {
	t = t.In(r.loc)
	if y, m, d := t.Date(); y == day.Year() && m == day.Month() && d == day.Day() {
		return t.Format("15:04")
	}
	return t.Format(domain.DateTimeLayout)
}

func officerText(s domain.Stamp) string {
	if s.ByName == "" {
		return string(s.By)
	}
	return s.ByName + " (" + string(s.By) + ")"
}

func stampText(s domain.Stamp, loc *time.Location, day time.Time) string {
	if s.At.IsZero() {
		return officerText(s)
	}
	t := s.At.In(loc)
	when := t.Format("15:04")
	if y, m, d := t.Date(); y != day.Year() || m != day.Month() || d != day.Day() {
		when = t.Format(domain.DateTimeLayout)
	}
	return officerText(s) + ", " + when
}

func outcomeText(f visitFacts) string {
	if f.encountered == 0 {
		s := "nobody encountered"
		if f.seizures > 0 {
			s += fmt.Sprintf("; %d seized", f.seizures)
		}
		return s
	}
	var parts []string
	for _, o := range domain.Outcomes {
		if n := f.outcomes[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, o))
		}
	}
	s := fmt.Sprintf("%d encountered: %s", f.encountered, strings.Join(parts, ", "))
	if f.seizures > 0 {
		s += fmt.Sprintf("; %d seized", f.seizures)
	}
	if f.referrals > 0 {
		s += fmt.Sprintf("; %d referrals", f.referrals)
	}
	if f.safeguard > 0 {
		s += fmt.Sprintf("; %d safeguarding steps", f.safeguard)
	}
	return s
}

func mdList(b *strings.Builder, items []string) {
	for _, it := range items {
		b.WriteString("- ")
		b.WriteString(mdInline(it))
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// mdText escapes the characters Markdown would read as markup. Brackets
// are escaped only where they could make a link ("](", "][", "]:"), so a
// redacted "[document of Person 1]" reads as written.
func mdText(s string) string {
	if !strings.ContainsAny(s, "\\`*_]<#|") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '`', '*', '_', '<', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		case ']':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '[' || s[i+1] == ':') {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		case '#':
			if i == 0 || s[i-1] == '\n' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdInline is text for a list item: escaped, its lines kept as lines of
// the item.
func mdInline(s string) string {
	s = mdText(strings.TrimSpace(s))
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	return strings.Join(lines, "\\\n  ")
}

// mdCell is text for a table cell: on one line, its own lines broken with
// <br>.
func mdCell(s string) string {
	s = mdText(strings.TrimSpace(s))
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	return strings.Join(lines, "<br>")
}
