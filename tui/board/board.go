// Package board is today's board (issue 16): the duty CIO's view of every
// visit of the day and of anything still open: critical incidents first,
// then the deployed visits, today's visits not yet deployed, and what is
// overdue. Alerts (alerts.go) is the banner and bell the root shows on
// every screen while an incident awaits a CIO's acknowledgement.
package board

import (
	"context"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Screen is today's board.
type Screen struct {
	s    *common.Session
	w, h int

	visits  map[domain.Ref]*domain.Visit
	per     map[domain.Ref][]row // each visit's rows (visitRows)
	gen     uint64               // which load is current (a resync starts another)
	ctx     context.Context
	cancel  context.CancelFunc
	loading bool
	loadErr error
	// later is how many closed visits are still to be read for the
	// overdue assurances, of laterAll.
	later, laterAll int

	f       filter
	rows    []row
	builtAt time.Time // the clock when rows were built, to the minute
	cursor  int       // index in rows
	offset  int       // first line drawn (lines)
	lines   []line    // what is drawn: section headings and rows
}

// New builds the board on s's store; Init reads it.
func New(s *common.Session) *Screen {
	return &Screen{s: s, visits: map[domain.Ref]*domain.Visit{}, per: map[domain.Ref][]row{}}
}

func (b *Screen) Title() string    { return "Today's board" }
func (b *Screen) Capturing() bool  { return false }
func (b *Screen) SetSize(w, h int) { b.w, b.h = w, h; b.follow() }

func (b *Screen) Init() tea.Cmd { return tea.Batch(b.reload(), b.tick()) }

// tick is the next second of the clock, addressed to the board so it
// keeps ticking under a visit opened from it, and stops once it is closed.
func (b *Screen) tick() tea.Cmd { return common.DeliverTo(b, clockTick()) }

func (b *Screen) reload() tea.Cmd {
	if b.cancel != nil {
		b.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.ctx, b.cancel = ctx, cancel
	b.gen++
	b.loading = true
	st, cfg, now, gen := b.s.Store, b.s.Config, b.s.Clock(), b.gen
	return common.DeliverTo(b, func() tea.Msg { return load(ctx, st, cfg, now, gen) })
}

func (b *Screen) ShortHelp() []key.Binding {
	k := common.BoardKeys
	keys := []key.Binding{k.Open}
	if r, ok := b.current(); ok && r.waiting {
		keys = append(keys, k.Ack, k.Phone)
	}
	return append(keys, k.Team, k.Region, k.SignIn, common.GlobalKeys.Back)
}

func (b *Screen) FullHelp() []common.HelpGroup {
	k := common.BoardKeys
	return []common.HelpGroup{
		{Title: "Move", Keys: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}},
		{Title: "Visits", Keys: []key.Binding{k.Open, k.Ack, k.Phone, k.SignIn, common.GlobalKeys.Back}},
		{Title: "Show", Keys: []key.Binding{k.Team, k.Region, k.Anywhere}},
	}
}

func (b *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != b.gen {
			return b, nil
		}
		b.loading, b.loadErr = false, msg.err
		clear(b.visits)
		for _, v := range msg.visits {
			if b.sees(v) {
				b.visits[v.Ref] = v
			}
		}
		b.rowsAll()
		b.later, b.laterAll = len(msg.later), len(msg.later)
		b.rebuild()
		if len(msg.later) > 0 {
			// The rest is read once the first frame is on the screen,
			// which Bubble Tea draws at its next frame.
			next := b.readLater(msg.later)
			return b, tea.Tick(time.Second/60, func(time.Time) tea.Msg { return next() })
		}
	case laterMsg:
		if msg.gen != b.gen {
			return b, nil
		}
		for _, v := range msg.visits {
			if _, known := b.visits[v.Ref]; !known && b.sees(v) { // a fresher copy from the feed wins
				b.visits[v.Ref] = v
				b.rowsOf(v.Ref)
			}
		}
		b.later = len(msg.rest)
		b.rebuild()
		if len(msg.rest) > 0 {
			return b, b.readLater(msg.rest)
		}
	case common.EventMsg:
		e := domain.Event(msg)
		if e.Resync {
			return b, b.reload()
		}
		if e.Ref != "" {
			return b, common.DeliverTo(b, reread(b.s.Store, e.Ref))
		}
	case visitMsg:
		b.put(msg.ref, msg.v)
		b.rowsOf(msg.ref)
		b.rebuild()
	case tickMsg:
		// The clock on the top line moves every second; the rows, whose
		// times are in minutes, once a minute.
		if now := b.s.Clock(); now.Sub(b.builtAt) >= time.Minute {
			b.rowsAll()
			b.rebuild()
		}
		return b, b.tick()
	case tea.KeyMsg:
		return b, b.key(msg)
	case signedIn:
		return b, b.afterSignIn(msg.o)
	}
	return b, nil
}

func (b *Screen) readLater(refs []domain.Ref) tea.Cmd {
	// Leaving the board (esc) cancels what is left to read.
	return common.DeliverTo(b, readLater(b.ctx, b.s.Store, refs, b.gen))
}

// put keeps a changed visit if the board still needs it.
func (b *Screen) put(ref domain.Ref, v *domain.Visit) {
	if v == nil || !b.sees(v) || b.s.Config.BoardNeeds(v.Summary(), b.s.Clock()) == domain.NeedNone {
		delete(b.visits, ref)
		return
	}
	b.visits[ref] = v
}

// rowsAll builds every visit's rows at the clock's time.
func (b *Screen) rowsAll() {
	now := b.s.Clock()
	clear(b.per)
	for ref, v := range b.visits {
		b.per[ref] = visitRows(v, b.s.Config, now, b.s.Loc)
	}
	b.builtAt = now.Truncate(time.Minute)
}

// rowsOf builds one visit's rows again, or drops them if it is gone.
func (b *Screen) rowsOf(ref domain.Ref) {
	if v, ok := b.visits[ref]; ok {
		b.per[ref] = visitRows(v, b.s.Config, b.s.Clock(), b.s.Loc)
	} else {
		delete(b.per, ref)
	}
}

// rebuild arranges the rows again, keeping the cursor on its visit.
func (b *Screen) rebuild() {
	var was domain.Ref
	var wasSec section
	if r, ok := b.current(); ok {
		was, wasSec = r.ref, r.sec
	}
	b.rows = arrange(b.per, b.f)
	b.cursor = min(b.cursor, max(0, len(b.rows)-1))
	for i, r := range b.rows {
		if r.ref == was && r.sec == wasSec {
			b.cursor = i
			break
		}
	}
	b.layout()
	b.follow()
}

func (b *Screen) current() (row, bool) {
	if b.cursor < 0 || b.cursor >= len(b.rows) {
		return row{}, false
	}
	return b.rows[b.cursor], true
}

func (b *Screen) key(msg tea.KeyMsg) tea.Cmd {
	k := common.BoardKeys
	page := max(1, b.h-2)
	switch {
	case key.Matches(msg, common.GlobalKeys.Back):
		if b.cancel != nil {
			b.cancel()
		}
		return common.Pop
	case key.Matches(msg, k.Up):
		b.moveTo(b.cursor - 1)
	case key.Matches(msg, k.Down):
		b.moveTo(b.cursor + 1)
	case key.Matches(msg, k.PageUp):
		b.moveTo(b.cursor - page)
	case key.Matches(msg, k.PageDown):
		b.moveTo(b.cursor + page)
	case key.Matches(msg, k.Top):
		b.moveTo(0)
	case key.Matches(msg, k.Bottom):
		b.moveTo(len(b.rows) - 1)
	case key.Matches(msg, k.Open):
		if r, ok := b.current(); ok {
			return common.OpenVisit(r.ref)
		}
	case key.Matches(msg, k.Team):
		b.f.team = b.nextTeam()
		b.rebuild()
		return common.Flash(common.FlashInfo, "Showing "+b.f.label(b.everything()))
	case key.Matches(msg, k.Region):
		b.f.region, b.f.team = b.nextRegion(), ""
		b.rebuild()
		return common.Flash(common.FlashInfo, "Showing "+b.f.label(b.everything()))
	case key.Matches(msg, k.Ack):
		return b.acknowledge()
	case key.Matches(msg, k.Phone):
		return b.phone()
	case key.Matches(msg, k.SignIn):
		return b.signIn()
	}
	return nil
}

func (b *Screen) moveTo(i int) {
	b.cursor = max(0, min(i, len(b.rows)-1))
	b.follow()
}

// nextTeam is the team after the one chosen, of the teams whose visits
// the officer sees (of the region chosen, if one is), or all teams after
// the last: a duty CIO's t steps through their region's teams only, never
// to a team whose board they may not see (who sees what, issue 17).
func (b *Screen) nextTeam() domain.TeamCode {
	var codes []domain.TeamCode
	for _, tm := range domain.Teams {
		if (b.f.region == "" || tm.Region == b.f.region) && b.s.Config.SeesTeam(b.s.Me, tm.Code) {
			codes = append(codes, tm.Code)
		}
	}
	return after(codes, b.f.team)
}

// nextRegion is the region after the one chosen, of the regions with a
// team the officer sees, in the order of the team list; all after the
// last.
func (b *Screen) nextRegion() string {
	var regions []string
	for _, t := range domain.Teams {
		if !slices.Contains(regions, t.Region) && b.s.Config.SeesTeam(b.s.Me, t.Code) {
			regions = append(regions, t.Region)
		}
	}
	return after(regions, b.f.region)
}

// after is what a filter key moves to from cur: the next of xs, none (all)
// after the last, and the first from none.
func after[T comparable](xs []T, cur T) T {
	var none T
	i := slices.Index(xs, cur)
	switch {
	case len(xs) == 0:
		return none
	case i < 0:
		return xs[0]
	case i+1 < len(xs):
		return xs[i+1]
	}
	return none
}

// label says what the board shows: the team or region chosen, or with
// neither, all is what the officer sees ("every team", or, where roles
// limit it, "the visits of the South region's teams").
func (f filter) label(all string) string {
	switch {
	case f.team != "":
		t, _ := domain.TeamByCode(f.team)
		return t.Name + " (" + string(f.team) + ")"
	case f.region != "":
		return "the " + f.region + " region"
	}
	return all
}
