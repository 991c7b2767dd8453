package register

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/board"
	"oic/tui/common"
	"oic/tui/export"
	"oic/tui/measures"
	"oic/tui/premises"
	"oic/tui/profile"
	"oic/tui/visit/basics"
)

// Screen is the list of visits: the first screen after sign-in.
type Screen struct {
	s    *common.Session
	w, h int

	// idx holds the rows, shared with every register of the process;
	// rows is the slice of them this register was last given, load and
	// idxVer which load of the index and which change of its rows.
	idx     *Index
	rows    []*row // every visit, in load order
	rowsVer uint64 // bumped whenever rows changes
	loadGen uint64 // which load is current (a resync starts another)
	load    uint64
	idxVer  uint64
	loading bool
	ctx     context.Context
	cancel  context.CancelFunc
	loadErr error

	spec      viewSpec
	view      []int32 // rows shown, in order
	viewSpec  viewSpec
	viewVer   uint64
	order     []int32 // every row sorted by spec.col/desc, for rowsVer
	orderSpec viewSpec
	orderVer  uint64
	gen       uint64 // bumped whenever spec or rows change
	busy      bool   // a worker is computing
	// deferred are the changes told while a worker computed, placed once
	// its view is in (placeDeferred).
	deferred []syncedMsg
	cursor   int // position in view
	offset   int // first position drawn

	filtering bool
	input     textinput.Model
	// openOnView is enter pressed while the rows shown were still those
	// of an earlier filter or order (the worker computing the new ones):
	// the visit under the cursor then was not the one the officer sees
	// their filter find, so it is opened once the view is shown.
	openOnView bool
	// toToday keeps the cursor on today's first visit as rows arrive,
	// until the officer moves it: at 6 a.m. today's visits are the point,
	// and newest-first puts weeks of future visits above them.
	toToday bool

	// marks are what is known of the records of the rows shown so far,
	// pending the checks asked of the store and not yet answered, checks
	// the number of the last (marks.go).
	marks   map[domain.Ref]mark
	pending map[domain.Ref]uint64
	checks  uint64

	// sees is whether the officer signed in sees a row (who sees what,
	// issue 17), nil where they see every one. The index every session
	// shares holds every row; each register keeps to its own officer's
	// in its order and view, never in the shared rows.
	sees func(domain.Summary) bool

	// covered says a screen covers the register, and stale that rows
	// changed meanwhile that its order and view do not show (Cover).
	covered, stale bool
	// missed are the visits changed while covered whose changes the
	// register has not taken (onEvent, catchUp).
	missed map[domain.Ref]struct{}
}

// New is a register with an index of its own: a program with one
// session, or a test.
func New(s *common.Session) *Screen { return NewOn(s, NewIndex(s.Store)) }

// NewOn is a register over x, the index every register of the process
// shares (team mode).
func NewOn(s *common.Session, x *Index) *Screen {
	in := common.NewInput(s.Theme)
	in.Prompt = "/ "
	in.Placeholder = "type to filter: reference, premises, postcode, team, state, OIC, date"
	in.CharLimit = 100
	// The empty view is the view of the default order, so the first rows
	// go straight into it as they arrive (addRows), with no worker.
	spec := viewSpec{col: colPlanned, desc: true}
	r := &Screen{s: s, idx: x, spec: spec, viewSpec: spec, input: in, toToday: true}
	r.sees = r.seen()
	return r
}

func (r *Screen) Title() string { return "Visit register" }

func (r *Screen) Capturing() bool { return r.filtering }

func (r *Screen) SetSize(w, h int) {
	r.w, r.h = w, h
	common.ResizeInput(&r.input, max(10, w-30))
	r.clampOffset()
}

// listHeight is the rows available for visits: the body less the filter
// line and the column header.
func (r *Screen) listHeight() int { return max(1, r.h-2) }

func (r *Screen) Init() tea.Cmd { return r.reload() }

// reload takes the rows afresh from the index, which reads them from
// the store if it has not yet.
func (r *Screen) reload() tea.Cmd {
	if r.cancel != nil {
		r.cancel()
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.loadGen++
	r.loading = true
	r.rows, r.view, r.order, r.deferred = nil, nil, nil, nil
	r.rowsVer++
	r.sees = r.seen() // the officer may have changed since (u)
	return common.DeliverTo(r, r.fetch(0))
}

// fetch waits for the index to hold more than from rows, or to finish.
func (r *Screen) fetch(from int) tea.Cmd {
	x, ctx, gen, load := r.idx, r.ctx, r.loadGen, r.load
	return func() tea.Msg { return rowsMsg{gen: gen, snap: x.wait(ctx, load, from)} }
}

func (r *Screen) ShortHelp() []key.Binding {
	if r.filtering {
		return []key.Binding{common.FilterKeys.Accept, common.FilterKeys.Cancel}
	}
	// In order of need: what does not fit the footer is on the ? screen.
	keys := []key.Binding{common.RegisterKeys.Open, common.RegisterKeys.New, common.RegisterKeys.Filter}
	if r.spec.query != "" {
		keys = append(keys, common.RegisterKeys.ClearFilter)
	}
	return append(keys, common.RegisterKeys.Today, common.RegisterKeys.Board, common.GlobalKeys.Quit, common.RegisterKeys.Sort, common.MeasuresKeys.Open)
}

func (r *Screen) FullHelp() []common.HelpGroup {
	k := common.RegisterKeys
	return []common.HelpGroup{
		{Title: "Move", Keys: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Today}},
		{Title: "Visits", Keys: []key.Binding{k.Open, k.New, k.Board, k.Profile, common.PremisesKeys.Search, k.Export, k.Backup, common.MeasuresKeys.Open, common.GlobalKeys.Quit}},
		{Title: "Find", Keys: []key.Binding{k.Filter, common.FilterKeys.Accept, k.ClearFilter, k.Sort, k.Reverse}},
	}
}

func (r *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case rowsMsg:
		cmd = r.addRows(msg)
	case viewMsg:
		cmd = r.applyView(msg)
	case common.EventMsg:
		cmd = r.onEvent(domain.Event(msg))
	case syncedMsg:
		cmd = r.synced(msg)
	case checkedMsg:
		r.checked(msg)
	case tea.KeyMsg:
		if r.filtering {
			cmd = r.filterKey(msg)
		} else {
			cmd = r.key(msg)
		}
	default:
		return r, nil
	}
	// Whatever moved the rows in view, their records are checked as they
	// come (marks.go).
	if check := r.checkShown(); check != nil {
		cmd = tea.Batch(cmd, common.DeliverTo(r, check))
	}
	return r, cmd
}

func (r *Screen) key(msg tea.KeyMsg) tea.Cmd {
	k := common.RegisterKeys
	page := r.listHeight()
	r.toToday = false
	r.openOnView = false
	switch {
	case key.Matches(msg, k.Export):
		if err := r.s.Config.May(r.s.Me, domain.ActExport); err != nil {
			return common.Flash(common.FlashError, refusal(err))
		}
		return common.Push(export.New(r.s))
	case key.Matches(msg, k.Backup):
		return r.backup()
	case key.Matches(msg, k.Board):
		return common.Push(board.New(r.s))
	case key.Matches(msg, common.MeasuresKeys.Open):
		if err := r.s.Config.May(r.s.Me, domain.ActMeasures); err != nil {
			return common.Flash(common.FlashError, refusal(err))
		}
		return common.Push(measures.New(r.s))
	case key.Matches(msg, k.Today):
		if !r.gotoToday() {
			return common.Flash(common.FlashInfo, "Today's visits can be found when sorted by planned start (s).")
		}
	case key.Matches(msg, common.GlobalKeys.Quit):
		return tea.Quit
	case key.Matches(msg, k.Up):
		r.moveTo(r.cursor - 1)
	case key.Matches(msg, k.Down):
		r.moveTo(r.cursor + 1)
	case key.Matches(msg, k.PageUp):
		r.moveTo(r.cursor - page)
	case key.Matches(msg, k.PageDown):
		r.moveTo(r.cursor + page)
	case key.Matches(msg, k.Top):
		r.moveTo(0)
	case key.Matches(msg, k.Bottom):
		r.moveTo(len(r.view) - 1)
	case key.Matches(msg, k.Filter):
		r.filtering = true
		return r.input.Focus()
	case key.Matches(msg, k.ClearFilter):
		if r.spec.query != "" {
			r.input.SetValue("")
			r.spec.query = ""
			return r.recompute()
		}
	case key.Matches(msg, k.Sort):
		r.spec.col = (r.spec.col + 1) % numColumns
		r.spec.desc = r.spec.col == colPlanned // newest first is the useful default for dates
		return tea.Batch(r.recompute(), common.Flash(common.FlashInfo, "Sorted by "+strings.ToLower(columnNames[r.spec.col])+r.dirWord()))
	case key.Matches(msg, k.Reverse):
		r.spec.desc = !r.spec.desc
		return tea.Batch(r.recompute(), common.Flash(common.FlashInfo, "Sorted by "+strings.ToLower(columnNames[r.spec.col])+r.dirWord()))
	case key.Matches(msg, k.Open):
		if r.busy || r.viewSpec != r.spec {
			r.openOnView = true
			return nil
		}
		if ref := r.current(); ref != "" {
			return common.OpenVisit(ref)
		}
	case key.Matches(msg, k.New):
		return common.Push(basics.NewForm(r.s, nil))
	case key.Matches(msg, k.Profile):
		return common.Push(profile.New(r.s, false, r.s.Me.Input(), ""))
	case key.Matches(msg, common.PremisesKeys.Search):
		return premises.AskPostcode(r.s)
	}
	return nil
}

func (r *Screen) dirWord() string {
	switch {
	case r.spec.col == colPlanned && r.spec.desc:
		return ", newest first"
	case r.spec.col == colPlanned:
		return ", oldest first"
	case r.spec.desc:
		return ", Z to A"
	}
	return ", A to Z"
}

func (r *Screen) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, common.FilterKeys.Cancel):
		r.filtering = false
		r.input.Blur()
		r.input.SetValue("")
		if r.spec.query != "" {
			r.spec.query = ""
			return r.recompute()
		}
		return nil
	case key.Matches(msg, common.FilterKeys.Accept):
		r.filtering = false
		r.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	if q := r.input.Value(); q != r.spec.query {
		r.spec.query = q
		return tea.Batch(cmd, r.recompute())
	}
	return cmd
}

// gotoToday puts the cursor on the first visit planned for today or, if
// none, the next one to come, with some of the day before it in view. It
// needs the register sorted by planned start; it reports whether it moved.
func (r *Screen) gotoToday() bool {
	if r.spec.col != colPlanned || len(r.view) == 0 {
		return false
	}
	day := r.s.Now()
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, r.s.Loc)
	var at int
	if r.spec.desc { // upcoming first: the last upcoming row is the earliest
		at, _ = slices.BinarySearchFunc(r.view, true, func(ix int32, _ bool) int {
			if !r.rows[ix].sum.PlannedStart.Before(start) {
				return -1
			}
			return 1
		})
		at--
		if at < 0 {
			at = 0
		}
	} else {
		at, _ = slices.BinarySearchFunc(r.view, true, func(ix int32, _ bool) int {
			if r.rows[ix].sum.PlannedStart.Before(start) {
				return -1
			}
			return 1
		})
		at = min(at, len(r.view)-1)
	}
	r.cursor = at
	// Show a few rows on the far side of today, so it reads as a place in
	// the register, not the top of it.
	r.offset = max(0, at-r.listHeight()/3)
	r.clampOffset()
	return true
}

// current is the reference under the cursor, or "".
func (r *Screen) current() domain.Ref {
	if r.cursor < 0 || r.cursor >= len(r.view) {
		return ""
	}
	return r.rows[r.view[r.cursor]].sum.Ref
}

func (r *Screen) moveTo(i int) {
	r.cursor = max(0, min(i, len(r.view)-1))
	r.clampOffset()
}

func (r *Screen) clampOffset() {
	h := r.listHeight()
	if r.cursor < r.offset {
		r.offset = r.cursor
	}
	if r.cursor >= r.offset+h {
		r.offset = r.cursor - h + 1
	}
	r.offset = max(0, min(r.offset, len(r.view)-h))
}

// addRows takes the index's rows as they have grown. While the default
// order is showing and no filter is set, the view just grows, with no
// worker needed: rows are read in that order.
func (r *Screen) addRows(m rowsMsg) tea.Cmd {
	if m.gen != r.loadGen {
		return nil // an answer to a load since replaced
	}
	sn := m.snap
	if sn.err != nil && !sn.done {
		return nil // the wait was cancelled: this register reloaded
	}
	if sn.err != nil && !errors.Is(sn.err, context.Canceled) {
		r.loadErr = sn.err
	}
	if sn.load != r.load { // the index read the store afresh meanwhile
		r.load = sn.load
		r.rows, r.view, r.order = nil, nil, nil
	}
	if sn.ver < r.idxVer || len(sn.rows) < len(r.rows) {
		// Older than the rows a change brought meanwhile: wait on.
		if sn.done {
			r.loading = false
			return r.recompute()
		}
		return common.DeliverTo(r, r.fetch(len(r.rows)))
	}
	base := len(r.rows)
	changed := sn.ver != r.idxVer
	r.rows, r.idxVer = sn.rows, sn.ver
	r.rowsVer++
	var cmds []tea.Cmd
	if !sn.done {
		more := r.fetch(len(sn.rows))
		if base == 0 {
			// The first page: the rest is read once it is on the
			// screen, which Bubble Tea draws at its next frame.
			x, next := r.idx, more
			more = tea.Tick(firstFrame, func(time.Time) tea.Msg { x.Resume(); return next() })
		}
		cmds = append(cmds, common.DeliverTo(r, more))
	}
	if r.spec == (viewSpec{col: colPlanned, desc: true}) && r.sees == nil && !r.busy && len(r.view) == base && r.viewSpec == r.spec && !changed {
		for i := base; i < len(r.rows); i++ {
			r.view = append(r.view, int32(i))
		}
		r.viewVer = r.rowsVer
		if r.toToday {
			r.gotoToday()
		}
	} else {
		cmds = append(cmds, r.recompute())
	}
	if sn.done {
		// Rows put from the feed while the index was read came at
		// the end: the worker sorts them into place.
		r.loading = false
		cmds = append(cmds, r.recompute())
	}
	return tea.Batch(cmds...)
}

// firstFrame is how long the first page waits for the rest: a frame at
// Bubble Tea's 60 frames a second.
const firstFrame = time.Second / 60

// recompute asks a worker for the view of the current spec, unless one is
// already working; its answer will show whether another is needed.
func (r *Screen) recompute() tea.Cmd {
	r.gen++
	if r.busy {
		return nil
	}
	r.busy = true
	rows, spec, gen, ver := r.rows, r.spec, r.gen, r.rowsVer
	var order, narrow []int32
	if r.orderVer == ver && r.orderSpec.col == spec.col && r.orderSpec.desc == spec.desc {
		order = r.order
		if r.viewVer == ver && r.viewSpec.col == spec.col && r.viewSpec.desc == spec.desc &&
			r.viewSpec.query != "" && strings.HasPrefix(strings.ToLower(spec.query), strings.ToLower(r.viewSpec.query)) {
			narrow = r.view
		}
	}
	cur, sees, x := r.current(), r.sees, r.idx
	return common.DeliverTo(r, func() tea.Msg {
		return common.InLane(func() tea.Msg {
			if order == nil && spec.col == colPlanned && spec.desc {
				// The default order is sorted once for every register
				// (Index.defaultOrder); this officer's rows kept from it.
				if order = x.defaultOrder(rows); sees != nil {
					order = slices.DeleteFunc(order, func(i int32) bool { return !sees(rows[i].sum) })
				}
			}
			o, v, at := computeView(rows, spec, order, narrow, cur, sees)
			return viewMsg{gen: gen, spec: spec, rowsVer: ver, order: o, view: v, cursorAt: at}
		})
	})
}

func (r *Screen) applyView(m viewMsg) tea.Cmd {
	r.busy = false
	if m.rowsVer == r.rowsVer {
		r.order, r.orderSpec, r.orderVer = m.order, m.spec, m.rowsVer
		r.view, r.viewSpec, r.viewVer = m.view, m.spec, m.rowsVer
		if m.cursorAt >= 0 {
			r.cursor = m.cursorAt
		}
		r.moveTo(r.cursor)
		if r.toToday {
			r.gotoToday()
		}
	}
	if len(r.deferred) > 0 {
		if cmd := r.placeDeferred(); cmd != nil {
			return cmd
		}
	}
	if m.gen != r.gen { // the spec or rows moved on while it worked
		return r.recompute()
	}
	if r.openOnView {
		r.openOnView = false
		if ref := r.current(); ref != "" {
			return common.OpenVisit(ref)
		}
	}
	return nil
}

// placeDeferred places the changes told while a worker computed, oldest
// first; should one not place, the newest rows are taken and sorted
// whole, as a change that cannot be placed is.
func (r *Screen) placeDeferred() tea.Cmd {
	ds := r.deferred
	r.deferred = nil
	slices.SortStableFunc(ds, func(a, b syncedMsg) int {
		return cmp.Or(cmp.Compare(a.snap.ver, b.snap.ver), cmp.Compare(len(a.snap.rows), len(b.snap.rows)))
	})
	for _, d := range ds {
		switch {
		case d.gen != r.loadGen:
			continue
		case d.snap.load != r.load:
			return r.synced(d) // the index read afresh: read again
		case r.older(d.snap), d.snap.ver == r.idxVer && len(d.snap.rows) == len(r.rows):
			continue // in the rows held already
		case !r.placeOne(d):
			last := ds[len(ds)-1]
			last.all = true
			return r.synced(last)
		}
	}
	return nil
}

// older says sn is older than the rows the register already has.
func (r *Screen) older(sn snapshot) bool {
	return sn.ver < r.idxVer || len(sn.rows) < len(r.rows)
}

// syncedMsg carries the index's rows after a change of one visit, at
// the position of its row (-1: none).
type syncedMsg struct {
	gen  uint64
	snap snapshot
	at   int32
	all  bool // several rows changed (catchUp): no placing one
}

func (r *Screen) onEvent(e domain.Event) tea.Cmd {
	if e.Resync {
		r.marks, r.pending = nil, nil
		r.idx.Reload(r.load)
		return r.reload()
	}
	if e.Ref == "" {
		return nil
	}
	r.forget(e.Ref)
	x, ref, gen := r.idx, e.Ref, r.loadGen
	if r.covered && !r.loading {
		// Under another screen, the register is not woken for a change
		// it does not show: the shared rows are brought up to date
		// (by the first session told), and the register takes them
		// as they then stand once it is on top again (Cover).
		if r.missed == nil {
			r.missed = map[domain.Ref]struct{}{}
		}
		r.missed[ref] = struct{}{}
		return func() tea.Msg {
			x.Sync(context.Background(), ref)
			return nil
		}
	}
	return common.DeliverTo(r, func() tea.Msg {
		snap, at := x.Sync(context.Background(), ref)
		return syncedMsg{gen: gen, snap: snap, at: at}
	})
}

// synced takes the index's rows after a change: the row replaced or
// added, in a copy of the slice, so a worker reading the old one is
// undisturbed.
func (r *Screen) synced(m syncedMsg) tea.Cmd {
	if m.gen != r.loadGen {
		return nil
	}
	if m.snap.load != r.load { // the index read the store afresh (another session's resync)
		return r.reload()
	}
	if r.older(m.snap) {
		return nil
	}
	if !m.all && r.placeOne(m) {
		return nil
	}
	if r.busy && !m.all && m.at >= 0 && !r.loading && !r.covered {
		// The worker's view, of the rows before this change, is kept and
		// the change placed after it, where taking the new rows now threw
		// that view away: 50 sessions signing in while others saved
		// computed their views again for every save (BENCHMARKS.md,
		// issue 17).
		r.deferred = append(r.deferred, m)
		return nil
	}
	r.rows, r.idxVer = m.snap.rows, m.snap.ver
	r.rowsVer++
	if r.covered {
		// Sorted once it is on top again (Cover): its view meanwhile
		// holds positions in rows, which a change keeps.
		r.stale = true
		return nil
	}
	return r.recompute()
}

// Cover is told when a screen covers the register and when it is on top
// again (common.Coverable): covered, a change it could not place is
// sorted in only once it shows again.
func (r *Screen) Cover(covered bool) tea.Cmd {
	r.covered = covered
	if !covered && len(r.missed) > 0 {
		return r.catchUp()
	}
	if covered || !r.stale {
		return nil
	}
	r.stale = false
	return r.recompute()
}

// catchUp takes the changes missed while covered: each visit's row
// brought up to date from the store (a row the first session told has
// already put is not put again), then the rows as they stand, sorted.
// A change still being put when the register came back is in them: its
// row is read here again.
func (r *Screen) catchUp() tea.Cmd {
	refs := make([]domain.Ref, 0, len(r.missed))
	for ref := range r.missed {
		refs = append(refs, ref)
	}
	r.missed, r.stale = nil, false
	x, gen := r.idx, r.loadGen
	return common.DeliverTo(r, func() tea.Msg {
		var snap snapshot
		for _, ref := range refs {
			snap, _ = x.Sync(context.Background(), ref)
		}
		return syncedMsg{gen: gen, snap: snap, at: -1, all: true}
	})
}

func (r *Screen) View() string {
	t := r.s.Theme
	var b strings.Builder
	b.WriteString(r.topLine())
	b.WriteByte('\n')
	cols := r.layout()
	b.WriteString(r.headerLine(cols))
	h := r.listHeight()
	if len(r.view) == 0 {
		b.WriteString("\n\n")
		b.WriteString(r.emptyText())
		return b.String()
	}
	end := min(len(r.view), r.offset+h)
	now := r.s.Clock()
	for p := r.offset; p < end; p++ {
		b.WriteByte('\n')
		row := r.rows[r.view[p]]
		marker := " "
		if p == r.cursor {
			marker = t.Cursor.Render("▸")
		}
		// A record changed outside oic is marked on the cursor's row too:
		// the row's reverse video still shows where the cursor is.
		switch r.marks[row.sum.Ref] {
		case markChanged:
			marker = t.Error.Render("✗")
		case markUnverified:
			marker = t.Warn.Render("?")
		default:
			if r.pastRetention(row, now) {
				marker = r.retentionMarker()
			}
		}
		if p == r.cursor {
			b.WriteString(marker + t.Selected.Render(r.rowLine(row, cols, false)))
		} else {
			b.WriteString(marker + r.rowLine(row, cols, true))
		}
	}
	return b.String()
}

func (r *Screen) topLine() string {
	t := r.s.Theme
	total := len(r.rows)
	if r.sees != nil {
		total = len(r.order) // the rows this officer sees
	}
	count := common.Plural(total, "visit")
	if r.spec.query != "" {
		count = fmt.Sprintf("%s of %s", common.Commas(len(r.view)), common.Plural(total, "visit"))
	}
	if r.loading {
		count = "loading… " + common.Commas(len(r.rows)) + " so far"
	}
	if r.loadErr != nil {
		count = t.Error.Render("✗ could not read every visit: " + r.loadErr.Error())
	}
	var left string
	switch {
	case r.filtering:
		left = r.input.View()
	case r.spec.query != "":
		left = t.Accent.Render("filter: ") + r.spec.query + t.Muted.Render("  (esc clears)")
	default:
		left = t.Muted.Render("/ to filter · s to sort") + r.markLegend()
	}
	return common.Spread(left, t.Muted.Render(count), r.w)
}

// markLegend says what the marks on the rows shown mean, when any row
// shown has one: a mark nobody has explained is one more thing to puzzle
// over before a visit.
func (r *Screen) markLegend() string {
	t := r.s.Theme
	var changed, unverified, past bool
	now := r.s.Clock()
	for p := r.offset; p < min(len(r.view), r.offset+r.listHeight()); p++ {
		switch r.marks[r.rows[r.view[p]].sum.Ref] {
		case markChanged:
			changed = true
		case markUnverified:
			unverified = true
		default:
			past = past || r.pastRetention(r.rows[r.view[p]], now)
		}
	}
	var legend string
	if changed {
		legend += t.Muted.Render(" · ") + t.Error.Render("✗") + t.Muted.Render(" changed outside oic")
	}
	if unverified {
		legend += t.Muted.Render(" · ") + t.Warn.Render("?") + t.Muted.Render(" unverified")
	}
	if past {
		legend += r.retentionLegend()
	}
	return legend
}

func (r *Screen) emptyText() string {
	t := r.s.Theme
	switch {
	case r.loading:
		return t.Muted.Render("  Reading the register…")
	case r.spec.query != "":
		return t.Muted.Render(fmt.Sprintf("  No visit matches %q. Esc clears the filter.", r.spec.query))
	}
	return "  No visits yet.\n\n" + t.Muted.Render(common.Indent(common.Wrap("Press n to open one, or run `oic demo` with an empty --data-dir to load sample visits to look around.", max(20, r.w-4)), 2))
}

// colWidths are the register's column widths for the current width. The
// postcode gets a column only when there is room; on a narrow terminal the
// OIC column goes and the date loses its year, so a row never wraps.
type colWidths struct {
	ref, planned, premises, postcode, team, state, oic int
	dateLayout                                         string
}

func (r *Screen) layout() colWidths {
	c := colWidths{ref: 13, planned: 17, team: 4, state: 10, dateLayout: "02 Jan 2006 15:04"}
	if r.w < 72 {
		c.planned, c.dateLayout = 11, "02/01 15:04"
	}
	rest := r.w - 1 - (c.ref + c.planned + c.team + c.state) - 4 // marker, four gaps
	if r.w >= 100 {
		c.postcode = 8
		rest -= c.postcode + 1
	}
	if rest >= 8+1+8 {
		rest-- // the gap before the OIC
		c.premises = rest * 3 / 5
		c.oic = rest - c.premises
	} else {
		c.premises = max(1, rest)
	}
	return c
}

func (r *Screen) headerLine(c colWidths) string {
	t := r.s.Theme
	name := func(col column, w int) string {
		n := columnNames[col]
		if r.spec.col == col {
			if r.spec.desc {
				n += " ▼"
			} else {
				n += " ▲"
			}
		}
		return common.PadRight(n, w)
	}
	parts := []string{name(colRef, c.ref), name(colPlanned, c.planned), name(colPremises, c.premises)}
	if c.postcode > 0 {
		parts = append(parts, common.PadRight("Postcode", c.postcode))
	}
	parts = append(parts, name(colTeam, c.team), name(colState, c.state))
	if c.oic > 0 {
		parts = append(parts, name(colOIC, c.oic))
	}
	return " " + t.Header.Render(common.Truncate(strings.Join(parts, " "), r.w-1))
}

// rowLine draws one visit; styled colours its state (not on the cursor
// row, whose reverse video would clash).
func (r *Screen) rowLine(row *row, c colWidths, styled bool) string {
	s := row.sum
	parts := []string{
		common.PadRight(string(s.Ref), c.ref),
		common.PadRight(s.PlannedStart.In(r.s.Loc).Format(c.dateLayout), c.planned),
		common.PadRight(s.Premises, c.premises),
	}
	if c.postcode > 0 {
		parts = append(parts, common.PadRight(string(s.Postcode), c.postcode))
	}
	state := common.PadRight(string(s.State), c.state)
	if styled {
		state = r.s.Theme.State(s.State).Render(state)
	}
	parts = append(parts, common.PadRight(string(s.Team), c.team), state)
	if c.oic > 0 {
		parts = append(parts, common.PadRight(s.OIC, c.oic))
	}
	return strings.Join(parts, " ")
}
