package premises

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
)

// Screen is the memory of a place (REC-5): every visit recorded
// at the premises, newest first, with what each learned, so knowledge of
// entrances, hazards and earlier outcomes does not leave with the officer
// who gained it (ICIBI 5.25, 7.3).
//
// Opened from a visit it shows that visit's premises, the visit itself
// marked, and below them, one line each, visits at the same postcode to
// other addresses, in case an address was typed another way. Opened by a
// postcode from the register it shows every premises at that postcode.
type Screen struct {
	s    *common.Session
	from *domain.Visit   // the visit it was opened from; nil for a postcode search
	pc   domain.Postcode // the postcode searched
	w, h int

	loaded bool
	err    error
	groups []premisesGroup

	// order is every visit listed, in the order shown, from the premises'
	// history (the store's index, no record read); read holds the records
	// of order[:len(read)], read a page at a time as the list comes into
	// view, so premises visited thousands of times open at once.
	order     []domain.Ref
	read      []readVisit
	groupEnds []int  // each group's end in order
	gen       uint64 // which load is current: an answer to an older one is dropped
	reading   bool   // a page is being read
	toEnd     bool   // read on to the last visit, then select it

	// The list is laid out as far as laid, in order; group and
	// groupName are the group being laid out; tail is how many lines at
	// the end say more are to come (extend).
	laid, group, tail int
	groupName         string

	lines  []premLine // the list, drawn once per load or resize, extended per page read
	heads  []int      // each visit's own first line in lines, in list order
	tops   []int      // each visit's first line with any heading above it
	refs   []domain.Ref
	sel    int // selected visit, an index into heads
	offset int // first line drawn
}

// premisesGroup is the visits to one premises, newest first.
type premisesGroup struct {
	key   domain.PremisesKey
	refs  []domain.Ref
	brief bool // one line a visit: other addresses, seen from a visit
}

// readVisit is what the list shows of a visit, taken from its record as
// the record is read, or why it could not be read. The record itself is
// not kept: 20,000 of them held two gigabytes.
type readVisit struct {
	ok       bool
	premises domain.Premises
	line     string // reference, planned start, state, OIC (visitLine)
	notes    []note // what it found and how it ended (visitNotes)
	err      error
}

// shown is what the list shows of v.
func shown(v *domain.Visit, loc *time.Location) readVisit {
	// What happened and what was found there first; the intelligence
	// that prompted an old visit matters least to the next.
	notes := outcomeNotes(v, loc)
	notes = append(notes, premisesNotes(v)...)
	notes = append(notes, note{"Intelligence", v.Basics.Intel.Summary})
	return readVisit{ok: true, premises: v.Basics.Premises, notes: notes,
		line: fmt.Sprintf("%s  %s  %s  %s", v.Ref, v.Basics.PlannedStart.In(loc).Format("Mon 02 Jan 2006 15:04"),
			common.PadRight(string(v.State), 10), v.Basics.OICName)}
}

// firstPage is how many records the screen reads before it is first
// drawn: more than a screen can show. Further pages are read as the
// officer nears the end of what is read, morePage at a time, or
// endPage at a time on the way to the last.
const (
	firstPage = 60
	morePage  = 100
	endPage   = 500
)

// premLine is one line of the list; head marks a visit's first line.
type premLine struct {
	text string
	head bool
}

func FromVisit(s *common.Session, v *domain.Visit) *Screen {
	return &Screen{s: s, from: v, pc: v.Basics.Premises.Postcode}
}

func AtPostcode(s *common.Session, pc domain.Postcode) *Screen {
	return &Screen{s: s, pc: pc}
}

// AskPostcode asks for a postcode and opens its premises; a postcode that
// does not parse is refused beside the field.
func AskPostcode(s *common.Session) tea.Cmd {
	return common.Push(dialog.NewPrompt(s, "Premises by postcode",
		"Which postcode? Every visit recorded there is listed, grouped by premises, with what each learned (REC-5).",
		"e.g. CR0 1ND (any spacing or case)", func(text string) (tea.Cmd, error) {
			pc, err := domain.ParsePostcode(text)
			if err != nil {
				return nil, err
			}
			return common.Push(AtPostcode(s, pc)), nil
		}))
}

// premisesMsg carries the history at the postcode, grouped, and the
// records of its first page.
type premisesMsg struct {
	gen    uint64
	groups []premisesGroup
	order  []domain.Ref
	read   []readVisit
	err    error
}

// pageMsg carries the records of order[from:], a page of them.
type pageMsg struct {
	gen  uint64
	from int
	read []readVisit
}

// load reads the history at the postcode and the first page of records;
// a reload reads as many as were read before, so the list stays as long.
func (p *Screen) load() tea.Cmd {
	p.gen++
	st, pc, from, gen, want, loc := p.s.Store, p.pc, p.from, p.gen, max(firstPage, len(p.read)), p.s.Loc
	return common.DeliverTo(p, func() tea.Msg {
		ctx := context.Background()
		hist, err := st.PremisesHistory(ctx, domain.Premises{Postcode: pc})
		if err != nil {
			return premisesMsg{gen: gen, err: err}
		}
		groups := groupPremises(hist, from)
		var order []domain.Ref
		for _, g := range groups {
			order = append(order, g.refs...)
		}
		return premisesMsg{gen: gen, groups: groups, order: order, read: readVisits(ctx, st, order[:min(want, len(order))], from, loc)}
	})
}

// readVisits reads the records of refs. A record changed outside oic is
// read all the same (its screen shows it marked); one not stored (yet) is
// the visit the screen came from, if it is that one.
func readVisits(ctx context.Context, st domain.Visits, refs []domain.Ref, from *domain.Visit, loc *time.Location) []readVisit {
	out := make([]readVisit, len(refs))
	for i, ref := range refs {
		v, err := st.Visit(ctx, ref)
		switch {
		case v != nil:
			out[i] = shown(v, loc)
		case from != nil && ref == from.Ref:
			out[i] = shown(from, loc)
		default:
			out[i] = readVisit{err: err}
		}
	}
	return out
}

// more reads the next page of records when the list shown nears the end
// of those read, or the officer asked for the last visit.
func (p *Screen) more() tea.Cmd {
	if !p.loaded || p.err != nil || p.reading || len(p.read) >= len(p.order) {
		return nil
	}
	n := endPage
	if !p.toEnd {
		if p.offset+2*p.bodyHeight() < len(p.lines) && p.sel+p.bodyHeight() < len(p.heads) {
			return nil
		}
		n = morePage
	}
	p.reading = true
	st, gen, from := p.s.Store, p.gen, len(p.read)
	refs, me, loc := p.order[from:min(from+n, len(p.order))], p.from, p.s.Loc
	return common.DeliverTo(p, func() tea.Msg {
		return pageMsg{gen: gen, from: from, read: readVisits(context.Background(), st, refs, me, loc)}
	})
}

func (p *Screen) Init() tea.Cmd   { return p.load() }
func (p *Screen) Capturing() bool { return false }

func (p *Screen) Title() string {
	if p.from != nil {
		return "Premises history · " + p.from.Basics.Premises.Name
	}
	return "Premises at " + string(p.pc)
}

func (p *Screen) SetSize(w, h int) {
	p.w, p.h = w, h
	p.build()
}

func (p *Screen) ShortHelp() []key.Binding {
	k := common.PremisesKeys
	return []key.Binding{k.Open, k.Move, common.GlobalKeys.Back}
}

func (p *Screen) FullHelp() []common.HelpGroup {
	k := common.PremisesKeys
	return []common.HelpGroup{{Title: "Premises history", Keys: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open, common.GlobalKeys.Back}}}
}

func (p *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case premisesMsg:
		if msg.gen != p.gen {
			return p, nil // a load since replaced
		}
		cur := p.current()
		p.loaded, p.err, p.reading = true, msg.err, false
		if msg.err == nil {
			p.groups, p.order, p.read = msg.groups, msg.order, msg.read
			p.groupEnds = p.groupEnds[:0]
			end := 0
			for _, g := range p.groups {
				end += len(g.refs)
				p.groupEnds = append(p.groupEnds, end)
			}
		}
		p.build()
		p.selectRef(cur)
	case pageMsg:
		if msg.gen != p.gen || msg.from != len(p.read) {
			return p, nil
		}
		p.reading = false
		p.read = append(p.read, msg.read...)
		p.extend()
		if p.toEnd && len(p.read) == len(p.order) {
			p.toEnd = false
			p.choose(len(p.heads) - 1)
		}
	case common.EventMsg:
		// Any save may be a visit at this postcode, new or moved here;
		// the history is one short index scan.
		if msg.Ref != "" || msg.Resync {
			return p, p.load()
		}
		return p, nil
	case tea.KeyMsg:
		cmd = p.key(msg)
	default:
		return p, nil
	}
	return p, tea.Batch(cmd, p.more())
}

func (p *Screen) key(msg tea.KeyMsg) tea.Cmd {
	k := common.PremisesKeys
	switch {
	case key.Matches(msg, common.GlobalKeys.Back), key.Matches(msg, common.GlobalKeys.Quit):
		return common.Pop
	case key.Matches(msg, k.Open):
		ref := p.current()
		switch {
		case ref == "":
			return nil
		case p.from != nil && ref == p.from.Ref:
			return common.Pop // back to the visit it came from
		}
		return common.OpenVisit(ref)
	}
	p.toEnd = false
	switch {
	case key.Matches(msg, k.Down):
		// Through a visit taller than the screen a line at a time, then on
		// to the next visit.
		if p.sel < len(p.heads) && p.blockEnd(p.sel) > p.offset+p.bodyHeight() {
			p.offset++
		} else {
			p.choose(p.sel + 1)
		}
	case key.Matches(msg, k.Up):
		if p.sel < len(p.tops) && p.tops[p.sel] < p.offset {
			p.offset--
		} else {
			p.choose(p.sel - 1)
		}
	case key.Matches(msg, k.PageDown):
		p.page(1)
	case key.Matches(msg, k.PageUp):
		p.page(-1)
	case key.Matches(msg, k.Top):
		p.choose(0)
	case key.Matches(msg, k.Bottom):
		p.choose(len(p.heads) - 1)
		p.toEnd = len(p.read) < len(p.order) // selected at the last once it is read
	}
	return nil
}

// current is the selected visit's reference, or "".
// Listed is every visit listed, in the order shown.
func (p *Screen) Listed() []domain.Ref { return p.refs }

// Selected is the visit under the cursor, or "".
func (p *Screen) Selected() domain.Ref { return p.current() }

func (p *Screen) current() domain.Ref {
	if p.sel < 0 || p.sel >= len(p.refs) {
		return ""
	}
	return p.refs[p.sel]
}

// selectRef selects ref after a reload, or failing that the first visit
// other than the one the screen came from.
func (p *Screen) selectRef(ref domain.Ref) {
	for i, r := range p.refs {
		if r == ref {
			p.choose(i)
			return
		}
	}
	for i, r := range p.refs {
		if p.from == nil || r != p.from.Ref {
			p.choose(i)
			return
		}
	}
	p.choose(0)
}

// choose selects visit i and scrolls so as much of it as fits is in view.
func (p *Screen) choose(i int) {
	if len(p.heads) == 0 {
		p.sel, p.offset = 0, 0
		return
	}
	p.sel = max(0, min(i, len(p.heads)-1))
	h := p.bodyHeight()
	top, end := p.tops[p.sel], p.blockEnd(p.sel)
	if end > p.offset+h {
		p.offset = end - h
	}
	if top < p.offset {
		p.offset = top
	}
	p.clamp()
}

// page moves a screenful and selects the first visit starting in view.
func (p *Screen) page(dir int) {
	if len(p.heads) == 0 {
		return
	}
	p.offset += dir * max(1, p.bodyHeight()-1)
	p.clamp()
	for i, at := range p.heads {
		if at >= p.offset {
			p.sel = i
			return
		}
	}
	p.sel = len(p.heads) - 1
}

func (p *Screen) clamp() {
	p.offset = max(0, min(p.offset, len(p.lines)-p.bodyHeight()))
}

// blockEnd is the line after visit i's last.
func (p *Screen) blockEnd(i int) int {
	if i+1 < len(p.tops) {
		return p.tops[i+1]
	}
	return len(p.lines)
}

// bodyHeight is the lines left for the list under the heading and above
// the scroll line.
func (p *Screen) bodyHeight() int { return max(1, p.h-len(p.heading())-1) }

// groupPremises groups a history by premises, each group newest first and
// the groups by their newest visit; from's premises, if given, first.
func groupPremises(hist []domain.PremisesVisit, from *domain.Visit) []premisesGroup {
	var groups []premisesGroup
	at := map[domain.PremisesKey]int{}
	for _, h := range hist { // already newest first
		i, ok := at[h.Place]
		if !ok {
			i = len(groups)
			at[h.Place] = i
			groups = append(groups, premisesGroup{key: h.Place})
		}
		groups[i].refs = append(groups[i].refs, h.Ref)
	}
	if from == nil {
		return groups
	}
	k := from.Basics.Premises.Key()
	out := []premisesGroup{{key: k}}
	for _, g := range groups {
		if g.key == k {
			out[0] = g
		} else {
			g.brief = true
			out = append(out, g)
		}
	}
	if len(out[0].refs) == 0 { // not stored at this postcode (yet): show it anyway
		out[0].refs = []domain.Ref{from.Ref}
	}
	return out
}

// heading is the fixed part above the list: the premises, or the
// postcode, and what the list holds.
func (p *Screen) heading() []string {
	t := p.s.Theme
	w := max(20, p.w)
	var out []string
	if p.from != nil {
		pr := p.from.Basics.Premises
		out = append(out,
			common.Truncate(t.Bold.Render(pr.Name), w),
			common.Truncate(pr.Address+" · "+string(pr.Postcode)+" · "+pr.Sector, w))
	} else {
		out = append(out, common.Truncate(t.Bold.Render("Postcode "+string(p.pc)), w))
	}
	switch {
	case !p.loaded:
		out = append(out, t.Muted.Render("Reading the visits at "+string(p.pc)+"…"))
	case p.err != nil:
		out = append(out, common.Truncate(t.Error.Render("✗ "+p.err.Error()), w))
	case p.from != nil:
		n := len(p.groups[0].refs) - 1
		if n == 0 {
			out = append(out, common.Truncate(t.Muted.Render("No earlier or later visit to these premises is recorded (REC-5)."), w))
		} else {
			out = append(out, common.Truncate(t.Muted.Render(fmt.Sprintf("%s to these premises, newest first (REC-5)", common.Plural(n, "other visit"))), w))
		}
	case len(p.groups) == 0:
		out = append(out, t.Warn.Render(common.Truncate("No visit in this store is at "+string(p.pc)+".", w)),
			t.Muted.Render(common.Truncate("Esc to go back; P on the register searches another postcode.", w)))
	default:
		n := len(p.order)
		addresses := "1 address"
		if len(p.groups) > 1 {
			addresses = fmt.Sprintf("%d addresses", len(p.groups))
		}
		out = append(out, common.Truncate(t.Muted.Render(fmt.Sprintf("%s at %s, newest first, with what each learned (REC-5)",
			common.Plural(n, "visit"), addresses)), w))
	}
	return append(out, "")
}

// build lays out the list for the width. It runs when the visits or the
// width change, never per frame.
func (p *Screen) build() {
	cur := p.current()
	p.lines, p.heads, p.tops, p.refs = nil, nil, nil, nil
	p.laid, p.group, p.tail = 0, 0, 0
	if !p.loaded || p.err != nil {
		return
	}
	p.extend()
	p.sel = 0
	p.selectRef(cur)
}

// extend lays out the visits read since the list was last laid out,
// after those already laid out: a page read adds its lines, and 20,000
// visits read a page at a time are laid out once each.
func (p *Screen) extend() {
	t := p.s.Theme
	w := max(20, p.w-2)
	add := func(s string) { p.lines = append(p.lines, premLine{text: s}) }
	p.lines = p.lines[:len(p.lines)-p.tail] // the line saying more are to come
	for ; p.laid < len(p.read); p.laid++ {
		for p.laid >= p.groupEnd(p.group) {
			p.group++
		}
		g, vi := p.groups[p.group], p.laid-p.groupEnd(p.group-1)
		r := p.read[p.laid]
		top := len(p.lines)
		if vi == 0 {
			first := r.premises
			p.groupName = first.Name
			switch {
			case g.brief:
				if p.group == 1 { // the first of the other addresses
					add("")
					add(t.Header.Render(common.Truncate("Other addresses at "+string(p.pc), w)))
					add(t.Muted.Render(common.Truncate("Not the same premises by their address; listed in case one was typed another way.", w)))
				}
				add(common.Truncate(first.Name+" · "+first.Address, w))
			case p.from == nil:
				if p.group > 0 {
					add("")
				}
				add(t.Header.Render(common.Truncate(fmt.Sprintf("%s · %s (%s)", first.Name, first.Address, common.Plural(len(g.refs), "visit")), w)))
			}
		} else if !g.brief {
			add("")
		}
		ref := g.refs[vi]
		this := p.from != nil && ref == p.from.Ref
		p.tops = append(p.tops, top)
		p.heads = append(p.heads, len(p.lines))
		p.refs = append(p.refs, ref)
		if !r.ok {
			p.lines = append(p.lines, premLine{text: t.Error.Render(common.Truncate(fmt.Sprintf("%s  could not be read: %v", ref, r.err), w)), head: true})
			continue
		}
		p.lines = append(p.lines, premLine{text: p.visitLine(r, this, w), head: true})
		if g.brief || this {
			continue
		}
		for _, l := range p.visitNotes(r, p.groupName, w-4) {
			add("    " + l)
		}
	}
	p.tail = 0
	if left := len(p.order) - len(p.read); left > 0 {
		add("")
		add(t.Muted.Render(common.Truncate(fmt.Sprintf("…and %s, read as they come into view.", common.Plural(left, "more visit")), w)))
		p.tail = 2
	}
}

// groupEnd is the place in order after group gi's last visit (0 for -1).
func (p *Screen) groupEnd(gi int) int {
	if gi < 0 {
		return 0
	}
	return p.groupEnds[gi]
}

// visitLine is a visit's one line: reference, planned start, state, OIC.
func (p *Screen) visitLine(r readVisit, this bool, w int) string {
	t := p.s.Theme
	if this {
		return t.Muted.Render(common.Truncate(r.line, w-14)) + t.Accent.Render("  ◂ this visit")
	}
	return common.Truncate(r.line, w)
}

// visitNotes are a visit's lines under its heading: a different trading
// name, the outcome so far, its notes and the intelligence.
func (p *Screen) visitNotes(r readVisit, name string, w int) []string {
	notes := r.notes
	if n := r.premises.Name; n != name {
		notes = append([]note{{"Trading as", n}}, notes...)
	}
	var out []string
	t := p.s.Theme
	const lw = 13
	for _, n := range notes {
		lines := common.SplitLines(common.Wrap(n.text, max(10, w-lw-1)))
		out = append(out, t.Label.Render(common.PadRight(n.label, lw))+" "+lines[0])
		for _, l := range lines[1:] {
			out = append(out, strings.Repeat(" ", lw+1)+l)
		}
	}
	return out
}

// note is one labelled fact about a visit.
type note struct{ label, text string }

// outcomeNotes say where the visit ended or stands: its last step, who
// took it and when, with its reason, and the reasons recorded on the way
// into an outcome (a closing note, a stand-down, a cancellation) that a
// later step left behind. Reasons given for planning steps (authorised
// green by ..., briefing issued) say nothing about the premises.
func outcomeNotes(v *domain.Visit, loc *time.Location) []note {
	if len(v.History) == 0 {
		return []note{{"Outcome", string(v.State)}}
	}
	at := func(c domain.StateChange) string { return c.At.In(loc).Format(domain.DateTimeLayout) }
	last := v.History[len(v.History)-1]
	text := fmt.Sprintf("%s %s by %s", last.To, at(last), last.ByName)
	if v.State.Active() {
		text = fmt.Sprintf("still %s (since %s, %s)", last.To, at(last), last.ByName)
	}
	if last.Reason != "" && outcomeStep(last.To) {
		text += ": " + last.Reason
	}
	out := []note{{"Outcome", text}}
	for _, c := range v.History[:len(v.History)-1] {
		if c.Reason != "" && outcomeStep(c.To) {
			out = append(out, note{"", fmt.Sprintf("%s %s by %s: %s", c.To, at(c), c.ByName, c.Reason)})
		}
	}
	return out
}

// outcomeStep is a step whose reason tells how the visit turned out.
func outcomeStep(s domain.State) bool {
	switch s {
	case domain.Closed, domain.FollowUp, domain.Assured, domain.Cancelled, domain.StoodDown:
		return true
	}
	return false
}

// premisesNotes are what a visit recorded that the next visit to the same
// premises should know (REC-5): the risks found and their mitigations
// (EPA-5), what the checks found (CHK-1), and the community around it
// (COMM-1), with the recce's notes (entrances and exits, layout,
// occupants, surroundings) and, first, what the team wrote in the debrief
// for the next visit there (DBF-1): notes written after being inside
// outrank what was seen from the street.
func premisesNotes(v *domain.Visit) []note {
	var out []note
	if d := v.Debrief; d.PremisesNotes != "" {
		out = append(out, note{"Debrief", d.PremisesNotes})
	}
	if d := v.Debrief; d.Intel.Rating != "" {
		out = append(out, note{"Intelligence", "judged " + d.Intel.Rating + ": " + d.Intel.Comment})
	}
	if d := v.Debrief; d.Employer.Records != "" {
		text := d.Employer.Records
		if d.Employer.Comment != "" {
			text += ": " + d.Employer.Comment
		}
		out = append(out, note{"Employer", text})
	}
	// The recce's findings first: entrances, layout and hazards are what
	// the next OIC most needs (REC-5).
	for _, r := range v.Plan.Recces {
		if r.Withdrawn != "" {
			continue
		}
		head := fmt.Sprintf("Recce %s", r.ID)
		out = append(out, note{head, fmt.Sprintf("%s on %s by %s", r.Kind, r.At.Format("02/01/2006"), r.ByName)})
		for _, part := range []struct{ label, text string }{
			{"Entrances", r.Entrances}, {"Layout", r.Layout}, {"Occupants", r.Occupants}, {"Surroundings", r.Geography}, {"Recce risks", r.Risks},
		} {
			if part.text != "" {
				out = append(out, note{part.label, part.text})
			}
		}
	}
	for _, r := range v.Plan.EPA.Risks {
		text := r.Risk
		if r.Mitigation != "" {
			text += " → " + r.Mitigation
		}
		out = append(out, note{"Risk", text})
	}
	for _, c := range v.Plan.Checks {
		if c.Result != domain.TraceFound || c.Withdrawn != "" {
			continue
		}
		out = append(out, note{"Trace found", fmt.Sprintf("%s on %s: %s", c.System, checkTargetName(v, c.Target), c.Detail)})
	}
	if c := v.Plan.Community; c.Impact != "" {
		text := c.Impact
		if c.Mitigation != "" {
			text += " → " + c.Mitigation
		}
		out = append(out, note{"Community", text})
	}
	return out
}

// checkTargetName names what a check searched: the address, or a subject
// by name and ID.
func checkTargetName(v *domain.Visit, target string) string {
	if target == domain.TargetAddress {
		return "the address"
	}
	for _, s := range v.Subjects {
		if s.ID == target {
			return s.Name + " (" + s.ID + ")"
		}
	}
	return target
}

func (p *Screen) View() string {
	t := p.s.Theme
	head := p.heading()
	out := head
	h := p.bodyHeight()
	end := min(len(p.lines), p.offset+h)
	selAt := -1
	if p.sel < len(p.heads) {
		selAt = p.heads[p.sel]
	}
	for i := p.offset; i < end; i++ {
		l := p.lines[i]
		switch {
		case i == selAt:
			out = append(out, t.Cursor.Render("▸ ")+t.Bold.Render(l.text))
		case l.text == "":
			out = append(out, "")
		default:
			out = append(out, "  "+l.text)
		}
	}
	if len(p.lines) > h {
		more := "↓/j for more"
		switch {
		case p.offset+h >= len(p.lines):
			more = "↑/k to go back up"
		case p.offset > 0 && len(p.read) == len(p.order): // a share of lines read so far would mislead
			more = fmt.Sprintf("%d%% · ↓/j for more", (p.offset+h)*100/len(p.lines))
		}
		for len(out) < len(head)+h {
			out = append(out, "")
		}
		// Of every visit listed, read or not.
		out = append(out, common.PadLeft(t.Muted.Render(fmt.Sprintf("visit %d of %d · %s", p.sel+1, max(len(p.heads), len(p.order)), more)), p.w))
	}
	return strings.Join(out, "\n")
}
