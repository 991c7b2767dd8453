package planning

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

// planning draws the tab and records where each item's lines are, so the
// viewport can follow the cursor.
func (tb *Tab) planning(w int) string {
	var out []string
	add := func(s string) { out = append(out, common.SplitLines(strings.TrimRight(s, "\n"))...) }
	tb.spans = make([][2]int, len(tb.keys))
	add(tb.planSummary(w))
	for i, f := range tb.Findings {
		from := len(out)
		add(tb.FindingLines(f, i == tb.sel, w))
		tb.spans[i] = [2]int{from, len(out)}
	}
	for j, s := range planSections {
		i := len(tb.Findings) + j
		out = append(out, "")
		from := len(out)
		add(tb.sectionLines(s.sec, s.title, i == tb.sel, w))
		tb.spans[i] = [2]int{from, len(out)}
	}
	return strings.Join(out, "\n")
}

// planSummary says in a line or two where the visit stands: authorised or
// not, and how many findings block and warn.
func (tb *Tab) planSummary(w int) string {
	t := tb.S.Theme
	v := tb.V
	var lines []string
	if v.State == domain.Cancelled || v.State == domain.StoodDown {
		return t.Muted.Render(common.Wrap(fmt.Sprintf("This visit is %s: nothing is left to plan. What was planned is below, read only.", v.State), w)) + "\n"
	}
	if err := tb.locked; err != nil {
		lines = append(lines, t.Warn.Render(common.Wrap("Read only: "+err.Error(), w)))
	}
	blocks, warns := tb.Counts()
	warnText := ""
	if warns > 0 {
		warnText = "; " + common.Plural(warns, "more finding") + " " + common.Pick(warns == 1, "warns", "warn")
	}
	switch a := v.Plan.Auth; {
	case a != nil:
		lines = append(lines, t.OK.Render(common.Wrap("✓ Authorised by "+tb.authLabel(*a)+".", w)))
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
func (tb *Tab) authLabel(a domain.Authorisation) string {
	return fmt.Sprintf("%s (%s), %s, at %s on %s", a.Name, a.By, tb.GradeLabel(a.Grade), a.Rating, a.At.In(tb.S.Loc).Format(domain.DateTimeLayout))
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

func (tb *Tab) sevStyle(s sectionSev) (string, lipgloss.Style) {
	t := tb.S.Theme
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
func (tb *Tab) worst(rules ...string) sectionSev {
	s := secDone
	for _, f := range tb.Findings {
		if slices.Contains(rules, f.Rule) {
			if f.Severity == domain.Blocks {
				return secBlocks
			}
			s = secWarns
		}
	}
	return s
}

// sectionLines draws a section: its title and status on one line, its key
// facts indented beneath.
func (tb *Tab) sectionLines(sec planSection, title string, selected bool, w int) string {
	t := tb.S.Theme
	iw := max(30, w-4)
	var sv secView
	switch sec {
	case secChecks:
		sv = tb.checksSection(iw)
	case secEPA:
		sv = tb.epaSection(iw)
	case secAuth:
		sv = tb.authSection(iw)
	case secPLAN:
		sv = tb.planSection(iw)
	case secCommunity:
		sv = tb.communitySection(iw)
	case secECIA:
		sv = tb.eciaSection(iw)
	case secOrder:
		sv = tb.orderSection(iw)
	case secPower:
		sv = tb.powerSection(iw)
	}
	glyph, style := tb.sevStyle(sv.sev)
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

func (tb *Tab) ratingWord(r domain.Rating) string {
	return tb.S.Theme.RatingStyle(r).Render(strings.ToUpper(string(r)))
}

func (tb *Tab) epaSection(w int) secView {
	e := tb.V.Plan.EPA
	sv := secView{sev: tb.worst("EPA-1", "EPA-5", "ONF-6")}
	if !e.Recorded() {
		sv.status = "not rated: every visit is rated green, amber or red (EPA-1)"
		return sv
	}
	sv.status = fmt.Sprintf("%s · %s · assessed by %s", tb.ratingWord(e.Rating), common.Plural(len(e.Risks), "risk"), e.AssessedByName)
	pairs := []string{"Rating", tb.ratingWord(e.Rating) + " — " + ratingNeeds(tb.S, e.Rating),
		"Assessed by", fmt.Sprintf("%s (%s) on %s", e.AssessedByName, e.AssessedBy, e.AssessedAt.In(tb.S.Loc).Format(domain.DateTimeLayout))}
	for i, r := range e.Risks {
		pairs = append(pairs, fmt.Sprintf("Risk %d", i+1), r.Risk+"\n→ "+r.Mitigation)
	}
	if len(e.Risks) == 0 {
		pairs = append(pairs, "Risks", tb.S.Theme.Error.Render("✗ none recorded (EPA-5)"))
	}
	// What the police said feeds the rating, visibly (ONF-6; ICIBI 5.25).
	if o := tb.V.Plan.ONF; o.Markers != "" || o.Tensions != "" {
		if o.Markers != "" {
			pairs = append(pairs, "Police markers", tb.S.Theme.Warn.Render("! ")+o.Markers+" (from the ONF, ONF-6)")
		}
		if o.Tensions != "" {
			pairs = append(pairs, "Tensions", tb.S.Theme.Warn.Render("! ")+o.Tensions+" (from the ONF, ONF-6)")
		}
	}
	sv.facts = common.Facts(tb.S.Theme, w, pairs...) + tb.Stamp(e.Stamp)
	return sv
}

func (tb *Tab) authSection(w int) secView {
	t := tb.S.Theme
	p := tb.V.Plan
	sv := secView{sev: tb.worst("EPA-2")}
	var b strings.Builder
	if a := p.Auth; a != nil {
		sv.status = fmt.Sprintf("authorised by %s, %s, at %s", a.Name, tb.GradeLabel(a.Grade), a.Rating)
		pairs := []string{
			"Authorised by", fmt.Sprintf("%s (%s), %s", a.Name, a.By, tb.GradeLabel(a.Grade)),
			"Rating", string(a.Rating),
			"When", a.At.In(tb.S.Loc).Format(domain.DateTimeLayout),
			"Recorded by", a.Recorded.Label(tb.S.Loc),
		}
		if a.Note != "" {
			pairs = append(pairs, "Note", a.Note)
		}
		b.WriteString(common.Facts(t, w, pairs...))
	} else {
		sv.sev = secBlocks
		if tb.V.State == domain.Cancelled || tb.V.State == domain.StoodDown {
			sv.sev = secNotRequired
		}
		switch f, ok := tb.Finding("EPA-2"); {
		case ok:
			sv.status = f.Message
			b.WriteString(common.Facts(t, w, "How", "the authorising officer signs in as themselves (u, then their staff number) and presses A; nobody authorises on their behalf"))
		case !p.EPA.Recorded():
			sv.status = "not authorised; rate the visit first (EPA-1)"
		default:
			sv.status = "not authorised"
		}
	}
	for _, a := range p.Voided {
		b.WriteString(common.Facts(t, w, "Void", t.Muted.Render(fmt.Sprintf("%s (%s), %s, %s, %s — void %s: %s", a.Name, a.By, tb.GradeLabel(a.Grade), a.Rating,
			a.At.In(tb.S.Loc).Format(domain.DateTimeLayout), a.VoidedAt.In(tb.S.Loc).Format(domain.DateTimeLayout), a.VoidReason))))
	}
	sv.facts = b.String()
	return sv
}

func (tb *Tab) planSection(w int) secView {
	pl := tb.V.Plan.PLAN
	sv := secView{sev: tb.worst("PLAN-1"), status: "all four elements recorded"}
	if f, ok := tb.Finding("PLAN-1"); ok {
		sv.status = f.Message
	}
	if pl.Proportionate == "" && pl.Legal == "" && pl.Accountable == "" && pl.Necessary == "" {
		return sv
	}
	sv.facts = common.Facts(tb.S.Theme, w, "Proportionate", pl.Proportionate, "Legal", pl.Legal,
		"Accountable", pl.Accountable, "Necessary", pl.Necessary) + tb.Stamp(pl.Stamp)
	return sv
}

func (tb *Tab) communitySection(w int) secView {
	c := tb.V.Plan.Community
	sv := secView{sev: tb.worst("COMM-1"), status: "considered and recorded"}
	if f, ok := tb.Finding("COMM-1"); ok {
		sv.status = f.Message
	}
	if c.Impact == "" && c.Mitigation == "" {
		return sv
	}
	sv.facts = common.Facts(tb.S.Theme, w, "Impact", c.Impact, "Mitigation", c.Mitigation) + tb.Stamp(c.Stamp)
	return sv
}

func (tb *Tab) eciaSection(w int) secView {
	e := tb.V.Plan.ECIA
	r := tb.V.Plan.EPA.Rating
	sv := secView{sev: tb.worst("EPA-3"), status: "complete"}
	switch {
	case r != domain.Red:
		sv.sev = secNotRequired
		sv.status = "not required for green or amber (EPA-3); may still be recorded"
		if r != "" {
			sv.status = fmt.Sprintf("not required for %s (EPA-3); may still be recorded", r)
		}
	default:
		if f, ok := tb.Finding("EPA-3"); ok {
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
	sv.facts = common.Facts(tb.S.Theme, w, "Reference", e.Reference, "Completed by", e.CompletedBy, "Completed on", on, "Conclusion", e.Conclusion) + tb.Stamp(e.Stamp)
	return sv
}

func (tb *Tab) orderSection(w int) secView {
	t := tb.S.Theme
	o := tb.V.Plan.Order
	sv := secView{sev: tb.worst("EPA-4")}
	switch tb.V.Plan.EPA.Rating {
	case domain.Green:
		sv.status = "green: the short digital order, assembled from the visit (read only)"
		sv.facts = tb.digitalOrder(w)
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
	sv.facts = b.String() + tb.Stamp(o.Stamp)
	return sv
}

func (tb *Tab) powerSection(w int) secView {
	p := tb.V.Plan.Power
	sv := secView{sev: tb.worst("PWR-1")}
	if p.Kind == "" {
		sv.status = "no intended power of entry recorded"
		return sv
	}
	sv.status = "intended: " + string(p.Kind)
	sv.facts = common.Facts(tb.S.Theme, w, "Intended", powerHint(p.Kind), "Detail", p.Detail) + tb.Stamp(p.Stamp)
	return sv
}

func powerHint(k domain.PowerKind) string { return domain.PowerHint(k) }

// digitalOrder is the green visit's short order (EPA-4; ICIBI 6.4), as the
// domain puts it together from the visit: the same facts the briefing
// issues and officers accept. What is missing is marked ✗.
func (tb *Tab) digitalOrder(w int) string {
	t := tb.S.Theme
	var pairs []string
	for _, f := range tb.V.OrderFacts() {
		val := f.Value
		if f.Missing {
			val = t.Error.Render("✗ " + val)
		}
		pairs = append(pairs, f.Label, val)
	}
	return common.Facts(t, w, pairs...)
}
