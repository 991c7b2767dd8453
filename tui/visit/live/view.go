package live

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"oic/domain"
	"oic/tui/common"
)

// Drawing the live tab, on refresh and on the clock's tick, never per
// frame. Top down: what to do now (or why the record is read only); who
// is on site and for how long; the live findings (PWR-2, PWR-3, INC-1);
// and the timeline, newest first, each entry with its number, the time it
// happened, its kind, what it says and who wrote it. A corrected entry is
// struck through and says which entry corrects it; a correction says what
// it corrects and why. Every state is said in words; colour helps.

// liveStyles are the tab's own styles, derived from the theme once.
type liveStyles struct {
	struck lipgloss.Style
}

func (tb *Tab) liveStyle() *liveStyles {
	if tb.styles == nil {
		tb.styles = &liveStyles{struck: tb.S.Theme.Muted.Strikethrough(true)}
	}
	return tb.styles
}

// liveKinds name the kinds in the timeline's column, 12 cells at most.
var liveKinds = map[domain.EntryKind]string{
	domain.EntryArrival: "arrival", domain.EntryDeparture: "departure", domain.EntryEntry: "entry made",
	domain.EntryEncounter: "encounter", domain.EntrySeizure: "seizure", domain.EntrySafeguarding: "safeguarding",
	domain.EntryReferral: "referral", domain.EntryIncident: "INCIDENT", domain.EntryIncidentOver: "stood down",
	domain.EntryNote: "note", domain.EntryIncidentAck: "acknowledged", domain.EntryDecision: "notice", domain.EntryCustody: "custody", domain.EntryAgency: "agency",
}

func (tb *Tab) liveView(w int) string {
	t := tb.S.Theme
	v := tb.V
	tb.facts = liveFacts{}
	switch v.State {
	case domain.Tasked, domain.Planning, domain.Authorised, domain.Briefed:
		return tb.liveNotYet(w)
	case domain.Cancelled, domain.StoodDown:
		if len(v.Timeline) == 0 {
			return t.Muted.Render(common.Wrap(fmt.Sprintf("%s was %s before the team deployed: there is no live record.", v.Ref, v.State), w)) + "\n"
		}
	}
	now := tb.S.Now()
	tb.facts = tb.liveFactsAt(now)
	var lines []string
	add := func(s string) { lines = append(lines, common.SplitLines(strings.TrimRight(s, "\n"))...) }
	add(tb.liveNow(w))
	// INC-1 is the banner above every tab and the line above: not a
	// third time here. The outcomes' rules (OUT-1, CUS-1) are the live
	// record's too: a worker without a notice, an arrest not booked in.
	for _, f := range tb.TeamFindings("PWR-2", "PWR-3", "OUT-1", "CUS-1") {
		add(tb.FindingLines(f, false, w))
	}
	lines = append(lines, "")
	add(tb.presenceLines(now, w))
	lines = append(lines, "")
	tb.timelineLines(&lines, w)
	return strings.Join(lines, "\n")
}

// liveNotYet says what the tab will hold and how the visit gets there.
func (tb *Tab) liveNotYet(w int) string {
	t := tb.S.Theme
	v := tb.V
	var how string
	switch v.State {
	case domain.Tasked, domain.Planning:
		how = fmt.Sprintf("To get there: plan and authorise the visit (tab %d), roster the team (tab %d), issue the briefing and have every officer accept it (tab %d), then deploy with D on the briefing tab.",
			tb.NumberOf("Planning"), tb.NumberOf("Roster"), tb.NumberOf("Briefing"))
	case domain.Authorised:
		how = fmt.Sprintf("To get there: roster the team (tab %d), issue the briefing and have every officer accept it, record the verbal briefing and confirm ready (tab %d), then deploy with D on the briefing tab.",
			tb.NumberOf("Roster"), tb.NumberOf("Briefing"))
	default:
		how = fmt.Sprintf("The team is briefed. Deploy with D on the briefing tab (tab %d) once nothing blocks; then record arrivals here with a.", tb.NumberOf("Briefing"))
	}
	var b strings.Builder
	b.WriteString(t.Header.Render("The live record opens when the team deploys.") + "\n\n")
	b.WriteString(common.Wrap("It will hold the visit as it happens, each entry timed and signed: who arrived and left and when, "+
		"with each officer's time on site (ICIBI 6.32); the power of entry used and who consented or the warrant (PWR-2); "+
		"everyone encountered and their outcome; seizures with their exhibit and sealed bag numbers (PWR-3); "+
		"safeguarding steps and referrals; notes; and any critical incident (INC-1). "+
		"A mistake is corrected by a later entry, never erased.", w) + "\n\n")
	b.WriteString(t.Accent.Render(common.Wrap("→ "+how, w)) + "\n\n")
	b.WriteString(t.Muted.Render(common.Wrap("Once deployed: a arrived · d left · e entry made · m person met · s seizure · g safeguarding · r referral · "+
		"n note · ! critical incident · enter on an entry corrects or voids it.", w)) + "\n")
	return b.String()
}

// liveNow is what to do now, in a line, or why the record is read only.
func (tb *Tab) liveNow(w int) string {
	t := tb.S.Theme
	v := tb.V
	me := tb.S.Me
	if err := v.LiveEditable(me); err != nil {
		if _, on := v.Rostered(me.StaffNo); !on && v.State == domain.Deployed {
			return t.Warn.Render(common.Wrap(fmt.Sprintf("You are signed in as %s, who is not on the team: the live record is kept by the officers on it. %s", me.Label(), tb.S.SignInYourself()), w))
		}
		return t.Warn.Render(common.Wrap("Read only: "+err.Error()+".", w))
	}
	f := tb.facts
	if f.incident {
		return t.Error.Bold(true).Render(common.Wrap(fmt.Sprintf("→ Critical incident since %s. Keep recording; ! stands it down.", tb.clock(f.declared)), w))
	}
	expected, arrived, onSite, entry := f.expected, f.arrived, f.on, f.entry
	var next string
	switch {
	case arrived == 0:
		next = fmt.Sprintf("Nobody has arrived yet: a, then enter, records all %d expected on site.", expected)
	case onSite > 0 && !entry:
		next = "Record how the team got in (PWR-2): press e."
	case onSite == 0:
		next = "Everyone has left the premises. Correct any entry: select it, press enter."
	default:
		next = "Record as it happens. To correct an entry, select it (↑/↓) and press enter."
	}
	return t.Accent.Render(common.Wrap("→ "+next, w))
}

// byClock is the time from one clock reading to another in whole minutes
// of the clock, as an officer reads it off the times shown: 06:59:50 to
// 07:00:10 is a minute.
func byClock(from, to time.Time) time.Duration {
	return to.Truncate(time.Minute).Sub(from.Truncate(time.Minute))
}

// liveFacts are what the tab's lines and its footer ask of the record,
// worked out once a drawing: who is on site, whether the entry is
// recorded, whether a critical incident is running.
type liveFacts struct {
	pr                        []domain.Presence
	on, arrived, expected     int
	arrivedExpected           int // of the officers expected on site
	entry, incident, editable bool
	declared                  time.Time
	// uncovered: OUT-1 finds someone found working illegally without a
	// decision on the employer, so the notice's key is offered.
	uncovered bool
}

func (tb *Tab) liveFactsAt(now time.Time) liveFacts {
	v := tb.V
	f := liveFacts{pr: v.Presence(now), editable: v.LiveEditable(tb.S.Me) == nil}
	for _, p := range f.pr {
		arrived := !p.Arrived.IsZero()
		if p.Officer.OnSite() {
			f.expected++
			if arrived {
				f.arrivedExpected++
			}
		}
		if arrived {
			f.arrived++
		}
		if p.OnSite {
			f.on++
		}
	}
	void := make([]bool, len(v.Timeline)+1) // by the latest correction
	for _, e := range v.Timeline {
		if e.Corrects > 0 && e.Corrects < len(void) {
			void[e.Corrects] = e.Void
		}
	}
	for _, e := range v.Timeline {
		f.entry = f.entry || e.Kind == domain.EntryEntry && e.Corrects == 0 && !void[e.Seq]
	}
	if e, ok := v.ActiveIncident(); ok {
		f.incident, f.declared = true, e.At
	}
	// From the findings worked out when the visit last changed, not
	// counted again at every frame.
	f.uncovered = len(tb.TeamFindings("OUT-1")) > 0
	return f
}

// clock is a time of day in the officer's zone, with the date when it is
// not the day of the visit.
func (tb *Tab) clock(at time.Time) string {
	at = at.In(tb.S.Loc)
	if domain.DateOf(at) != domain.DateOf(tb.V.Basics.PlannedStart.In(tb.S.Loc)) {
		return at.Format("02/01 15:04")
	}
	return at.Format("15:04")
}

// presenceLines account for every officer on the team (ICIBI 6.32): on
// site and for how long, left and when, or not arrived. Commanders off
// site who never came share one line.
func (tb *Tab) presenceLines(now time.Time, w int) string {
	t := tb.S.Theme
	f := tb.facts
	pr, on, left, notYet := f.pr, f.on, f.arrived-f.on, f.expected-f.arrivedExpected
	var away []string
	for _, p := range pr {
		if p.Arrived.IsZero() && !p.Officer.OnSite() {
			away = append(away, fmt.Sprintf("%s (%s)", p.Officer.Name, p.Officer.Roles()))
		}
	}
	var b strings.Builder
	head := "On site at " + now.Format("15:04")
	if tb.V.State != domain.Deployed {
		head = "Who was on site"
	}
	b.WriteString(t.Header.Render(head) +
		t.Muted.Render(common.Truncate(fmt.Sprintf("  %d on site · %d left · %d not arrived", on, left, notYet), max(0, w-16))) + "\n")
	wide := w >= 100
	nameW := min(30, max(16, w-48))
	for _, p := range pr {
		e := p.Officer
		glyph, style := "·", t.Warn
		var status string
		switch {
		case p.OnSite:
			glyph, style = "●", t.OK
			status = fmt.Sprintf("arrived %s · on site %s", tb.clock(p.Arrived), onSiteFor(byClock(p.Arrived, now)))
			if p.Total > now.Sub(p.Arrived)+time.Minute {
				status += fmt.Sprintf(" (%s in all)", onSiteFor(p.Total))
			}
		case !p.Arrived.IsZero():
			glyph, style = "✓", t.Muted
			status = fmt.Sprintf("arrived %s · left %s · %s on site", tb.clock(p.Arrived), tb.clock(p.Departed), onSiteFor(byClock(p.Arrived, p.Departed)))
			if p.Total > p.Departed.Sub(p.Arrived)+time.Minute {
				status += fmt.Sprintf(" (%s in all)", onSiteFor(p.Total))
			}
		case e.OnSite():
			status = "not arrived"
		default:
			continue
		}
		name := e.Label()
		if e.StaffNo == tb.S.Me.StaffNo {
			name += " (you)"
		}
		row := common.PadRight(name, nameW) + " "
		if wide {
			row += common.PadRight(e.Roles(), 24) + " "
		}
		b.WriteString("  " + style.Render(glyph) + " " + row + style.Render(common.Truncate(status, max(10, w-4-common.Cells(row)))) + "\n")
	}
	if len(away) > 0 {
		b.WriteString(t.Muted.Render(common.Truncate("  — off site: "+strings.Join(away, ", "), w)) + "\n")
	}
	return b.String()
}

// timelineLines draws the timeline, newest first, noting where the
// selected entry's lines are.
func (tb *Tab) timelineLines(lines *[]string, w int) {
	t := tb.S.Theme
	v := tb.V
	tl := v.Timeline
	title := t.Header.Render("Timeline") + t.Muted.Render(common.Truncate(fmt.Sprintf("  %s · %s, newest first", v.Basics.PlannedStart.In(tb.S.Loc).Format("Mon 02 Jan 2006"), common.Plural(len(tl), "entry")), max(0, w-8)))
	*lines = append(*lines, title)
	tb.selFrom, tb.selTo = len(*lines), len(*lines)
	if len(tl) == 0 {
		*lines = append(*lines, t.Muted.Render("  Nothing recorded yet."))
		return
	}
	// by[seq] is the latest entry correcting seq, or 0.
	by := make([]int, len(tl)+1)
	for _, e := range tl {
		if e.Corrects > 0 && e.Corrects < len(by) {
			by[e.Corrects] = e.Seq
		}
	}
	// A new entry is selected as it comes in: enter corrects what was
	// just written.
	if len(tl) > tb.seen && tb.seen > 0 {
		tb.sel = 0
	}
	tb.seen = len(tl)
	sel := tb.sel
	if sel <= 0 || sel > len(tl) {
		sel = len(tl)
	}
	nw := len(fmt.Sprint(len(tl))) + 1 // "#12"
	if len(tb.blocks) > len(tl) {
		tb.blocks = tb.blocks[:0]
	}
	for len(tb.blocks) < len(tl) {
		tb.blocks = append(tb.blocks, liveBlock{})
	}
	for i := len(tl) - 1; i >= 0; i-- {
		e := tl[i]
		b := &tb.blocks[i]
		if b.lines == nil || b.w != w || b.nw != nw || b.by != by[e.Seq] || !b.at.Equal(e.Recorded.At) {
			*b = liveBlock{w: w, nw: nw, by: by[e.Seq], at: e.Recorded.At, lines: tb.entryLines(e, by[e.Seq], nw, w)}
		}
		from := len(*lines)
		for j, l := range b.lines {
			m := "  "
			if j == 0 && e.Seq == sel {
				m = common.Marker(t, true)
			}
			*lines = append(*lines, m+l)
		}
		if e.Seq == sel {
			tb.selFrom, tb.selTo = from, len(*lines)
		}
	}
}

// liveBlock is one entry as drawn, without the selection marker. An entry
// never changes once recorded (append-only), so it is drawn again only
// when the width, the number column or the entry correcting it changes.
type liveBlock struct {
	w, nw, by int
	at        time.Time
	lines     []string
}

// entryLines draws entry e, corrected by entry by (0 for none), in w
// cells less the two of the selection marker.
func (tb *Tab) entryLines(e domain.TimelineEntry, by, nw, w int) []string {
	t := tb.S.Theme
	lead := nw + 2 + 5 + 2 + 12 + 1 // number, time, kind
	sw := max(20, w-2-lead)
	pad := strings.Repeat(" ", lead)
	kind, kindStyle := liveKinds[e.Kind], t.Label
	var text string
	body := t.Label // the summary's style
	switch {
	case e.Corrects != 0 && e.Void:
		text = fmt.Sprintf("voids #%d: %s", e.Corrects, e.Reason)
		body = t.Warn
	case e.Corrects != 0:
		text = fmt.Sprintf("corrects #%d: %s → %s", e.Corrects, e.Reason, tb.summary(e))
		body = t.Warn
	case e.Kind == domain.EntryIncident:
		text, kindStyle, body = "!! CRITICAL INCIDENT declared: "+tb.summary(e), t.Alarm, t.Error.Bold(true)
	case e.Kind == domain.EntryIncidentOver:
		text, body = "critical incident stood down: "+tb.summary(e), t.OK
	case e.Kind == domain.EntryIncidentAck:
		text, body = tb.summary(e)+" (INC-2)", t.OK
	default:
		text = tb.summary(e)
	}
	if by != 0 && e.Corrects == 0 {
		body = tb.liveStyle().struck
	}
	who := " · " + e.Recorded.ByName
	if e.Recorded.At.Sub(e.At) >= 2*time.Minute {
		who += ", written " + tb.clock(e.Recorded.At)
	}
	head := common.PadLeft(fmt.Sprintf("#%d", e.Seq), nw) + "  " + tb.clock(e.At) + "  " + kindStyle.Render(common.PadRight(kind, 12)) + " "
	wrapped := common.SplitLines(common.Wrap(text, sw))
	out := make([]string, 0, len(wrapped)+2)
	for j, l := range wrapped {
		out = append(out, common.Pick(j == 0, head, pad)+body.Render(l))
	}
	// The signature goes on the last line when it fits, muted.
	if common.Cells(wrapped[len(wrapped)-1])+common.Cells(who) <= sw {
		out[len(out)-1] += t.Muted.Render(who)
	} else {
		out = append(out, pad+t.Muted.Render(common.Truncate(strings.TrimPrefix(who, " · "), sw)))
	}
	if by != 0 && e.Corrects == 0 {
		what := "corrected"
		if tb.V.Timeline[by-1].Void {
			what = "void: struck out"
		}
		out = append(out, pad+t.Warn.Render(fmt.Sprintf("%s by #%d", what, by)))
	}
	return out
}

// summary is the entry in a line, officers by name.
func (tb *Tab) summary(e domain.TimelineEntry) string {
	if e.Kind != domain.EntryArrival && e.Kind != domain.EntryDeparture || e.Void {
		return e.Summary()
	}
	names := make([]string, len(e.Officers))
	for i, sn := range e.Officers {
		names[i] = string(sn)
		if r, ok := tb.V.Rostered(sn); ok {
			names[i] = r.Name
		}
	}
	s := strings.Join(names, ", ")
	if e.Text != "" {
		s += ": " + strings.Join(strings.Fields(e.Text), " ")
	}
	return s
}
