package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"oic/domain"
	"oic/tui/common"
)

// Drawing the planning tab. Every status is a glyph and a word: ✗ blocks,
// ! warns, ✓ done, - not required; colour only helps. It is drawn when the
// visit, the cursor or the size changes, never per frame.

// findingIndent is where a finding's message starts: the cursor, the glyph,
// the rule ID and the severity word come before it.
const findingIndent = 19

// planning draws the tab and records where each item's lines are, so the
// viewport can follow the cursor.
func (d *detail) planning(w int) string {
	var out []string
	add := func(s string) { out = append(out, common.SplitLines(strings.TrimRight(s, "\n"))...) }
	d.plan.spans = make([][2]int, len(d.plan.keys))
	add(d.planSummary(w))
	for i, f := range d.findings {
		from := len(out)
		add(d.findingLines(f, i == d.plan.sel, w))
		d.plan.spans[i] = [2]int{from, len(out)}
	}
	for j, s := range planSections {
		i := len(d.findings) + j
		out = append(out, "")
		from := len(out)
		add(d.sectionLines(s.sec, s.title, i == d.plan.sel, w))
		d.plan.spans[i] = [2]int{from, len(out)}
	}
	return strings.Join(out, "\n")
}

func (d *detail) counts() (blocks, warns int) {
	for _, f := range d.findings {
		if f.Severity == domain.Blocks {
			blocks++
		} else {
			warns++
		}
	}
	return blocks, warns
}

// planSummary says in a line or two where the visit stands: authorised or
// not, and how many findings block and warn.
func (d *detail) planSummary(w int) string {
	t := d.s.Theme
	v := d.v
	var lines []string
	if v.State == domain.Cancelled || v.State == domain.StoodDown {
		return t.Muted.Render(common.Wrap(fmt.Sprintf("This visit is %s: nothing is left to plan. What was planned is below, read only.", v.State), w)) + "\n"
	}
	if err := d.plan.locked; err != nil {
		lines = append(lines, t.Warn.Render(common.Wrap("Read only: "+err.Error(), w)))
	}
	blocks, warns := d.counts()
	warnText := ""
	if warns > 0 {
		warnText = "; " + common.Plural(warns, "more finding") + " " + common.Pick(warns == 1, "warns", "warn")
	}
	switch a := v.Plan.Auth; {
	case a != nil:
		lines = append(lines, t.OK.Render(common.Wrap("✓ Authorised by "+d.authLabel(*a)+".", w)))
		if blocks > 0 {
			lines = append(lines, t.Error.Render(common.Wrap(fmt.Sprintf("✗ But %s now%s:", common.Pick(blocks == 1, "1 finding blocks", fmt.Sprintf("%d findings block", blocks)), warnText), w)))
		} else if warns > 0 {
			lines = append(lines, t.Warn.Render(fmt.Sprintf("! %s:", common.Plural(warns, "finding")+" "+common.Pick(warns == 1, "warns", "warn"))))
		}
	case blocks > 0:
		lines = append(lines, t.Error.Render(common.Wrap(fmt.Sprintf("✗ %s authorisation%s:", common.Pick(blocks == 1, "1 finding blocks", fmt.Sprintf("%d findings block", blocks)), warnText), w)))
	default:
		msg := "✓ Nothing blocks authorisation. Press A to record who authorises it."
		if warns > 0 {
			msg = fmt.Sprintf("✓ Nothing blocks authorisation; %s %s. Press A to record who authorises it.", common.Plural(warns, "finding"), common.Pick(warns == 1, "warns", "warn"))
		}
		lines = append(lines, t.OK.Render(common.Wrap(msg, w)))
	}
	return strings.Join(lines, "\n") + "\n"
}

// authLabel is "Jo Patel (HMI001), HMI (SEO), at amber on 25/11/2026 05:00".
func (d *detail) authLabel(a domain.Authorisation) string {
	return fmt.Sprintf("%s (%s), %s, at %s on %s", a.Name, a.By, d.gradeLabel(a.Grade), a.Rating, a.At.In(d.s.Loc).Format(domain.DateTimeLayout))
}

func (d *detail) gradeLabel(code string) string {
	if g, ok := d.s.Config.Grade(code); ok {
		return g.Label()
	}
	return code
}

// findingLines draws one finding: "✗ EPA-2  blocks  message", the message
// wrapped under itself, and under the cursor what to do about it.
func (d *detail) findingLines(f domain.Finding, selected bool, w int) string {
	t := d.s.Theme
	glyph, style := "✗", t.Error
	if f.Severity == domain.Warns {
		glyph, style = "!", t.Warn
	}
	mw := max(20, w-findingIndent)
	pad := strings.Repeat(" ", findingIndent)
	msg := common.SplitLines(common.Wrap(f.Message, mw))
	var b strings.Builder
	b.WriteString(common.Marker(t, selected) + style.Render(glyph+" "+common.PadRight(f.Rule, 7)+common.PadRight(string(f.Severity), 8)) + msg[0])
	for _, l := range msg[1:] {
		b.WriteString("\n" + pad + l)
	}
	if selected {
		do := f.Do
		if do != "" {
			do = "→ " + do + " "
		}
		for _, l := range common.SplitLines(common.Wrap(do+"(enter: the rule in the guide)", mw)) {
			b.WriteString("\n" + pad + t.Muted.Render(l))
		}
	}
	return b.String()
}

// secView is a section's status, by glyph and words, and its key facts.
type secView struct {
	sev    sectionSev
	status string
	facts  string
}

type sectionSev int

const (
	secDone sectionSev = iota
	secWarns
	secBlocks
	secNotRequired
)

func (d *detail) sevStyle(s sectionSev) (string, lipgloss.Style) {
	t := d.s.Theme
	switch s {
	case secBlocks:
		return "✗", t.Error
	case secWarns:
		return "!", t.Warn
	case secNotRequired:
		return "-", t.Muted
	}
	return "✓", t.OK
}

// worst is the gravest finding of the rules given: blocks, warns, or done.
func (d *detail) worst(rules ...string) sectionSev {
	s := secDone
	for _, f := range d.findings {
		if slices.Contains(rules, f.Rule) {
			if f.Severity == domain.Blocks {
				return secBlocks
			}
			s = secWarns
		}
	}
	return s
}

// finding returns the first finding of rule, if any.
func (d *detail) finding(rule string) (domain.Finding, bool) {
	i := slices.IndexFunc(d.findings, func(f domain.Finding) bool { return f.Rule == rule })
	if i < 0 {
		return domain.Finding{}, false
	}
	return d.findings[i], true
}

// sectionLines draws a section: its title and status on one line, its key
// facts indented beneath.
func (d *detail) sectionLines(sec planSection, title string, selected bool, w int) string {
	t := d.s.Theme
	iw := max(30, w-4)
	var sv secView
	switch sec {
	case secChecks:
		sv = d.checksSection(iw)
	case secEPA:
		sv = d.epaSection(iw)
	case secAuth:
		sv = d.authSection(iw)
	case secPLAN:
		sv = d.planSection(iw)
	case secCommunity:
		sv = d.communitySection(iw)
	case secECIA:
		sv = d.eciaSection(iw)
	case secOrder:
		sv = d.orderSection(iw)
	case secPower:
		sv = d.powerSection(iw)
	}
	glyph, style := d.sevStyle(sv.sev)
	const tw = 19
	status := common.SplitLines(common.Wrap(sv.status, max(20, w-4-tw)))
	head := common.Marker(t, selected) + style.Render(glyph) + " " + t.Header.Render(common.PadRight(title, tw)) + status[0]
	for _, l := range status[1:] {
		head += "\n" + strings.Repeat(" ", 4+tw) + l
	}
	if sv.facts == "" {
		return head
	}
	return head + "\n" + common.Indent(strings.TrimRight(sv.facts, "\n"), 4)
}

// stamp is "recorded by Name (staff no) at ..." in muted text, or "".
func (d *detail) stamp(s domain.Stamp) string {
	if l := s.Label(d.s.Loc); l != "" {
		return d.s.Theme.Muted.Render("recorded by "+l) + "\n"
	}
	return ""
}

func (d *detail) ratingWord(r domain.Rating) string {
	return d.s.Theme.RatingStyle(r).Render(strings.ToUpper(string(r)))
}

func (d *detail) epaSection(w int) secView {
	e := d.v.Plan.EPA
	sv := secView{sev: d.worst("EPA-1", "EPA-5", "ONF-6")}
	if !e.Recorded() {
		sv.status = "not rated: every visit is rated green, amber or red (EPA-1)"
		return sv
	}
	sv.status = fmt.Sprintf("%s · %s · assessed by %s", d.ratingWord(e.Rating), common.Plural(len(e.Risks), "risk"), e.AssessedByName)
	pairs := []string{"Rating", d.ratingWord(e.Rating) + " — " + ratingNeeds(d.s, e.Rating),
		"Assessed by", fmt.Sprintf("%s (%s) on %s", e.AssessedByName, e.AssessedBy, e.AssessedAt.In(d.s.Loc).Format(domain.DateTimeLayout))}
	for i, r := range e.Risks {
		pairs = append(pairs, fmt.Sprintf("Risk %d", i+1), r.Risk+"\n→ "+r.Mitigation)
	}
	if len(e.Risks) == 0 {
		pairs = append(pairs, "Risks", d.s.Theme.Error.Render("✗ none recorded (EPA-5)"))
	}
	// What the police said feeds the rating, visibly (ONF-6; ICIBI 5.25).
	if o := d.v.Plan.ONF; o.Markers != "" || o.Tensions != "" {
		if o.Markers != "" {
			pairs = append(pairs, "Police markers", d.s.Theme.Warn.Render("! ")+o.Markers+" (from the ONF, ONF-6)")
		}
		if o.Tensions != "" {
			pairs = append(pairs, "Tensions", d.s.Theme.Warn.Render("! ")+o.Tensions+" (from the ONF, ONF-6)")
		}
	}
	sv.facts = common.Facts(d.s.Theme, w, pairs...) + d.stamp(e.Stamp)
	return sv
}

func (d *detail) authSection(w int) secView {
	t := d.s.Theme
	p := d.v.Plan
	sv := secView{sev: d.worst("EPA-2")}
	var b strings.Builder
	if a := p.Auth; a != nil {
		sv.status = fmt.Sprintf("authorised by %s, %s, at %s", a.Name, d.gradeLabel(a.Grade), a.Rating)
		pairs := []string{
			"Authorised by", fmt.Sprintf("%s (%s), %s", a.Name, a.By, d.gradeLabel(a.Grade)),
			"Rating", string(a.Rating),
			"When", a.At.In(d.s.Loc).Format(domain.DateTimeLayout),
			"Recorded by", a.Recorded.Label(d.s.Loc),
		}
		if a.Note != "" {
			pairs = append(pairs, "Note", a.Note)
		}
		b.WriteString(common.Facts(t, w, pairs...))
	} else {
		sv.sev = secBlocks
		if d.v.State == domain.Cancelled || d.v.State == domain.StoodDown {
			sv.sev = secNotRequired
		}
		switch f, ok := d.finding("EPA-2"); {
		case ok:
			sv.status = f.Message
		case !p.EPA.Recorded():
			sv.status = "not authorised; rate the visit first (EPA-1)"
		default:
			sv.status = "not authorised"
		}
	}
	for _, a := range p.Voided {
		b.WriteString(common.Facts(t, w, "Void", t.Muted.Render(fmt.Sprintf("%s (%s), %s, %s, %s — void %s: %s", a.Name, a.By, d.gradeLabel(a.Grade), a.Rating,
			a.At.In(d.s.Loc).Format(domain.DateTimeLayout), a.VoidedAt.In(d.s.Loc).Format(domain.DateTimeLayout), a.VoidReason))))
	}
	sv.facts = b.String()
	return sv
}

func (d *detail) planSection(w int) secView {
	pl := d.v.Plan.PLAN
	sv := secView{sev: d.worst("PLAN-1"), status: "all four elements recorded"}
	if f, ok := d.finding("PLAN-1"); ok {
		sv.status = f.Message
	}
	if pl.Proportionate == "" && pl.Legal == "" && pl.Accountable == "" && pl.Necessary == "" {
		return sv
	}
	sv.facts = common.Facts(d.s.Theme, w, "Proportionate", pl.Proportionate, "Legal", pl.Legal,
		"Accountable", pl.Accountable, "Necessary", pl.Necessary) + d.stamp(pl.Stamp)
	return sv
}

func (d *detail) communitySection(w int) secView {
	c := d.v.Plan.Community
	sv := secView{sev: d.worst("COMM-1"), status: "considered and recorded"}
	if f, ok := d.finding("COMM-1"); ok {
		sv.status = f.Message
	}
	if c.Impact == "" && c.Mitigation == "" {
		return sv
	}
	sv.facts = common.Facts(d.s.Theme, w, "Impact", c.Impact, "Mitigation", c.Mitigation) + d.stamp(c.Stamp)
	return sv
}

func (d *detail) eciaSection(w int) secView {
	e := d.v.Plan.ECIA
	r := d.v.Plan.EPA.Rating
	sv := secView{sev: d.worst("EPA-3"), status: "complete"}
	switch {
	case r != domain.Red:
		sv.sev = secNotRequired
		sv.status = "not required for green or amber (EPA-3); may still be recorded"
		if r != "" {
			sv.status = fmt.Sprintf("not required for %s (EPA-3); may still be recorded", r)
		}
	default:
		if f, ok := d.finding("EPA-3"); ok {
			sv.status = f.Message
		}
	}
	if e == (domain.ECIA{}) {
		return sv
	}
	on := ""
	if !e.CompletedOn.IsZero() {
		on = e.CompletedOn.UK()
	}
	sv.facts = common.Facts(d.s.Theme, w, "Reference", e.Reference, "Completed by", e.CompletedBy, "Completed on", on, "Conclusion", e.Conclusion) + d.stamp(e.Stamp)
	return sv
}

func (d *detail) orderSection(w int) secView {
	t := d.s.Theme
	o := d.v.Plan.Order
	sv := secView{sev: d.worst("EPA-4")}
	switch d.v.Plan.EPA.Rating {
	case domain.Green:
		sv.status = "green: the short digital order, assembled from the visit (read only)"
		sv.facts = d.digitalOrder(w)
		return sv
	case "":
		sv.sev = secNotRequired
		sv.status = "rate the visit first: amber and red need the full IIMARCH order, green the short digital order"
		if o.Blank() == nil || len(o.Blank()) == len(domain.OrderSections) {
			return sv
		}
	default:
		written := len(domain.OrderSections) - len(o.Blank())
		sv.status = fmt.Sprintf("IIMARCH order: %d of %d sections written", written, len(domain.OrderSections))
	}
	vals := o.Values()
	var b strings.Builder
	for _, s := range domain.OrderSections {
		if v := vals[s.Field]; v != "" {
			b.WriteString(common.Truncate(t.OK.Render("✓ ")+s.Title+": "+strings.Join(strings.Fields(v), " "), w) + "\n")
		} else {
			b.WriteString(t.Error.Render("✗ "+s.Title+": not written") + "\n")
		}
	}
	sv.facts = b.String() + d.stamp(o.Stamp)
	return sv
}

func (d *detail) powerSection(w int) secView {
	p := d.v.Plan.Power
	sv := secView{sev: d.worst("PWR-1")}
	if p.Kind == "" {
		sv.status = "no intended power of entry recorded"
		return sv
	}
	sv.status = "intended: " + string(p.Kind)
	sv.facts = common.Facts(d.s.Theme, w, "Intended", powerHint(p.Kind), "Detail", p.Detail) + d.stamp(p.Stamp)
	return sv
}

func powerHint(k domain.PowerKind) string { return domain.PowerHint(k) }

// digitalOrder is the green visit's short order (EPA-4; ICIBI 6.4), as the
// domain puts it together from the visit: the same facts the briefing
// issues and officers accept. What is missing is marked ✗.
func (d *detail) digitalOrder(w int) string {
	t := d.s.Theme
	var pairs []string
	for _, f := range d.v.OrderFacts() {
		val := f.Value
		if f.Missing {
			val = t.Error.Render("✗ " + val)
		}
		pairs = append(pairs, f.Label, val)
	}
	return common.Facts(t, w, pairs...)
}

// readinessLine is the overview's one line on the plan: how many findings
// block and warn, and where to see them.
func (d *detail) readinessLine(w int) string {
	t := d.s.Theme
	if !d.v.State.Active() {
		return ""
	}
	blocks, warns := d.counts()
	see := fmt.Sprintf(" — see Planning (%d)", tabPlanning+1)
	warnText := ""
	if warns > 0 {
		warnText = fmt.Sprintf(", %d %s", warns, common.Pick(warns == 1, "warns", "warn"))
	}
	switch {
	case blocks > 0:
		return t.Error.Render(common.Truncate(fmt.Sprintf("✗ Readiness: %d %s%s%s", blocks, common.Pick(blocks == 1, "blocks", "block"), warnText, see), w))
	case d.v.Plan.Auth != nil && warns > 0:
		return t.Warn.Render(common.Truncate(fmt.Sprintf("! Readiness: authorised; %d %s%s", warns, common.Pick(warns == 1, "warns", "warn"), see), w))
	case d.v.Plan.Auth != nil:
		return t.OK.Render(common.Truncate("✓ Readiness: authorised; nothing blocks or warns"+see, w))
	case warns > 0:
		return t.Warn.Render(common.Truncate(fmt.Sprintf("! Readiness: nothing blocks authorisation; %d %s%s", warns, common.Pick(warns == 1, "warns", "warn"), see), w))
	}
	return t.OK.Render(common.Truncate("✓ Readiness: nothing blocks authorisation"+see, w))
}
