// Package visit is the visit screen: the host of the visit's tabs. It reads
// the visit and its audit trail, works out its readiness, keeps it current
// from the change feed, draws the headline, the tab bar and the critical
// incident banner, and routes keys: the tab shown first, then the visit's
// own (tabs, scrolling, editing the basics, starting planning, cancelling,
// standing down, the premises history). Each tab is a package of its own
// (tui/visit/planning, ...); adding one is its folder and a line in New.
package visit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
	"oic/tui/premises"
	"oic/tui/visit/assurance"
	"oic/tui/visit/audit"
	"oic/tui/visit/basics"
	"oic/tui/visit/briefing"
	"oic/tui/visit/debrief"
	"oic/tui/visit/live"
	"oic/tui/visit/onf"
	"oic/tui/visit/overview"
	"oic/tui/visit/planning"
	"oic/tui/visit/recce"
	"oic/tui/visit/roster"
	"oic/tui/visit/subjects"
	"oic/tui/visit/tab"
)

// Screen shows one visit, a tab at a time, with the actions the visit
// allows.
type Screen struct {
	s    *common.Session
	ref  domain.Ref
	tv   *tab.Visit
	vp   viewport.Model
	tabs []tab.Tab
	cur  int // the tab shown
	err  error
	w, h int
	// incident is the critical incident banner, or "" (INC-1), worked out
	// on refresh.
	incident string
	// logged is set once this opening is on the access log (access.go).
	logged bool
	// drawn is the frame View last drew, good while fresh: nothing of the
	// screen has changed since (an Update, a size, a refresh). The root
	// draws a frame for every message, most of which are not the
	// screen's (a flash, the banner, a key the root takes); in team mode
	// the live tab's frame was drawn again for each, its viewport styled
	// line by line (BENCHMARKS.md, "The 50-session load in 100 ms").
	drawn string
	fresh bool
	// reading says a reading of the visit is on its way; stale, that the
	// store told of a change of it since that reading began, so one more
	// follows it. In team mode the 5-8 sessions on a visit are told of
	// every save of it; 50 saves made together had each of them read it
	// once a save (BENCHMARKS.md, "Sessions read a visit once for the
	// saves made while they read it").
	reading, stale bool
}

// frames counts the frames the screens draw afresh, for the tests of
// what must not draw one again.
var frames atomic.Int64

// New is the screen of visit ref. Its tabs follow the visit's life; keys
// 1-9, 0 and - go to them in this order (tabKeys). Assurance comes after
// the audit trail so that the ten tabs before it keep their keys.
func New(s *common.Session, ref domain.Ref) *Screen {
	sc := &Screen{s: s, ref: ref, vp: common.NewViewport(s.Theme)}
	tv := tab.NewVisit(s, ref, &sc.vp, sc)
	sc.tv = tv
	sc.tabs = []tab.Tab{
		overview.New(tv),
		planning.New(tv),
		onf.New(tv),
		recce.New(tv),
		subjects.New(tv),
		roster.New(tv),
		briefing.New(tv),
		live.New(tv),
		debrief.New(tv),
		audit.New(tv),
		assurance.New(tv),
	}
	return sc
}

// Loading says the visit has not been read yet, nor failed to be: keys
// a test presses meanwhile would reach a screen with no visit (tuitest's
// Driver waits on it, as on a save).
func (sc *Screen) Loading() bool { return sc.tv.V == nil && sc.err == nil }

// At shows the tab named name first: the notice of assurance feedback
// opens a visit on its assurance tab.
func (sc *Screen) At(name string) *Screen {
	sc.fresh = false
	for i, t := range sc.tabs {
		if t.Name() == name {
			sc.cur = i
		}
	}
	return sc
}

// Ref is the visit shown.
func (sc *Screen) Ref() domain.Ref { return sc.ref }

// Shown is the name of the tab shown.
func (sc *Screen) Shown() string { return sc.tabs[sc.cur].Name() }

// loadedMsg carries a freshly read visit and its audit trail.
type loadedMsg struct {
	ref      domain.Ref
	v        *domain.Visit
	audit    []domain.AuditEntry
	chain    error // the audit chain's verification (tab.Visit.Chain)
	arrivals []domain.AuditEntry
	err      error
	premises tab.PremisesCount
}

// Load reads the visit, its audit trail and how many other visits its
// premises have had. A trail held and verified is read on from its last
// entry, and only the entries added since are checked, from that one
// (readTrail).
func (sc *Screen) Load() tea.Cmd {
	sc.reading = true
	st, ref, sees := sc.s.Store, sc.ref, sc.sees()
	var held []domain.AuditEntry
	if sc.tv.V != nil && sc.tv.Chain == nil {
		held = sc.tv.Audit
	}
	return common.DeliverTo(sc, func() tea.Msg {
		ctx := context.Background()
		v, err := st.Visit(ctx, ref)
		if v == nil {
			return loadedMsg{ref: ref, err: err}
		}
		if serr := sees(v); serr != nil {
			return loadedMsg{ref: ref, err: serr}
		}
		// A record changed outside oic comes with its error, and is read
		// all the same: the tabs show it marked.
		a, chain, aerr := readTrail(ctx, st, ref, held)
		if aerr != nil {
			return loadedMsg{ref: ref, err: aerr}
		}
		arr, aerr := st.Arrivals(ctx, ref)
		if aerr != nil {
			return loadedMsg{ref: ref, err: aerr}
		}
		return loadedMsg{ref: ref, v: v, audit: a, chain: chain, arrivals: arr, err: err, premises: tab.CountAtPremises(ctx, st, v)}
	})
}

// readTrail is ref's audit trail and its chain's verification. With a
// trail held whose chain verified (held, never changed in place), it
// reads only the entries after its last and checks them from it: in team
// mode every session showing a visit reads it again at each save of it,
// and read and checked the whole trail each time (BENCHMARKS.md, "The
// 50-session load: the trail read from where it was held"). Entries
// that do not continue the held chain are not taken on it: the whole
// trail is read and checked again, and says where it breaks.
func readTrail(ctx context.Context, st domain.Store, ref domain.Ref, held []domain.AuditEntry) ([]domain.AuditEntry, error, error) {
	if n := len(held); n > 0 {
		more, err := st.AuditAfter(ctx, ref, held[n-1].Seq)
		if err != nil {
			return nil, nil, err
		}
		if domain.VerifyChainAfter(held[n-1], more) == nil {
			// A new slice: the held one is the screen's, still shown.
			return append(held[:n:n], more...), nil, nil
		}
	}
	a, err := st.Audit(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	return a, domain.VerifyChain(a), nil
}

func (sc *Screen) Init() tea.Cmd { return sc.Load() }

func (sc *Screen) Title() string { return "Visit " + string(sc.ref) }

func (sc *Screen) Capturing() bool { return false }

func (sc *Screen) SetSize(w, h int) {
	sc.fresh = false
	sc.w, sc.h = w, h
	sc.vp.Width, sc.vp.Height = w, max(1, h-5) // headline, tabs, gap, and the scroll line
	sc.Refresh()
}

// Showing reports whether t is the tab shown.
func (sc *Screen) Showing(t tab.Tab) bool { return sc.tabs[sc.cur] == t }

// tabKeys are the keys of the tabs, in order: the eleventh is "-",
// beside 0 on the keyboard.
const tabKeys = "1234567890-"

// NumberOf is the key of the tab named name as a number: 1 is the first,
// 0 the tenth; -1 for a tab whose key is no digit (KeyOf names it).
func (sc *Screen) NumberOf(name string) int {
	for i, t := range sc.tabs {
		if t.Name() == name {
			if i >= 10 {
				return -1
			}
			return (i + 1) % 10
		}
	}
	return 0
}

// KeyOf is the key of the tab named name, or "".
func (sc *Screen) KeyOf(name string) string {
	for i, t := range sc.tabs {
		if t.Name() == name && i < len(tabKeys) {
			return tabKeys[i : i+1]
		}
	}
	return ""
}

// Fix shows the tab whose form fixes f and opens the form there. The
// tasking decision (TSK-1) is in the basics, the visit's own form.
func (sc *Screen) Fix(f domain.Finding) (tea.Cmd, bool) {
	sc.fresh = false
	if v := sc.tv.V; v != nil && f.Rule == "TSK-1" {
		if err := v.Editable(); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(basics.NewForm(sc.s, v)), true
	}
	for i, t := range sc.tabs {
		fx, ok := t.(tab.Fixer)
		if !ok {
			continue
		}
		if cmd, ok := fx.Fix(f); ok {
			return tea.Batch(sc.show(i), cmd), true
		}
	}
	return nil, false
}

func (sc *Screen) ShortHelp() []key.Binding {
	return append(sc.tabs[sc.cur].ShortHelp(), common.GlobalKeys.Back)
}

// FullHelp lists the tab's own keys first, so a small terminal that cuts
// the list short still shows the keys of the tab in use.
func (sc *Screen) FullHelp() []common.HelpGroup {
	k := common.VisitKeys
	out := []common.HelpGroup{{Title: "Move", Keys: []key.Binding{k.NextTab, k.PrevTab, k.Tab1, k.Up, k.Down, common.GlobalKeys.Back}}}
	own := sc.tabs[sc.cur].HelpGroups()
	out = append(out, own...)
	out = append(out, common.HelpGroup{Title: "Visit", Keys: []key.Binding{k.Edit, k.Plan, k.Cancel, k.StandDown, common.PremisesKeys.FromVisit}})
	for i, t := range sc.tabs {
		if i != sc.cur {
			out = append(out, t.HelpGroups()...)
		}
	}
	return out
}

func (sc *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	sc.fresh = false // whatever it is, it may change what is drawn
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.ref != sc.ref {
			return sc, nil
		}
		sc.err = sc.tv.LoadedChecked(msg.v, msg.err, msg.audit, msg.chain)
		sc.tv.Arrived(msg.arrivals)
		if sc.err == nil {
			sc.tv.Premises = msg.premises
		}
		sc.Refresh()
		sc.reading = false
		var again tea.Cmd
		if sc.stale {
			sc.stale, again = false, sc.Load()
		}
		if sc.tv.V != nil {
			return sc, tea.Batch(sc.tabs[sc.cur].Loaded(), sc.logOpened(), again)
		}
		return sc, again
	case common.EventMsg:
		if msg.Ref != sc.ref && !msg.Resync {
			return sc, nil
		}
		if sc.reading { // read again once this reading is in
			sc.stale = true
			return sc, nil
		}
		return sc, sc.Load()
	case form.SavedMsg: // from an action taken on this screen
		if msg.Err != nil {
			return sc, tea.Batch(common.Flash(common.FlashError, msg.Err.Error()), sc.Load())
		}
		return sc, msg.Then
	case tea.KeyMsg:
		return sc, sc.key(msg)
	}
	for _, t := range sc.tabs { // a tab's own messages: the live tab's clock
		if cmd, ok := t.Update(msg); ok {
			return sc, cmd
		}
	}
	return sc, nil
}

func (sc *Screen) key(msg tea.KeyMsg) tea.Cmd {
	k := common.VisitKeys
	switch {
	case key.Matches(msg, common.GlobalKeys.Back), key.Matches(msg, common.GlobalKeys.Quit):
		return common.Pop
	case key.Matches(msg, k.NextTab):
		return sc.show((sc.cur + 1) % len(sc.tabs))
	case key.Matches(msg, k.PrevTab):
		return sc.show((sc.cur + len(sc.tabs) - 1) % len(sc.tabs))
	case key.Matches(msg, k.Tab1):
		return sc.show(strings.Index(tabKeys, msg.String())) // 1 is the first tab, 0 the tenth, - the eleventh
	}
	v := sc.tv.V
	if v == nil {
		return nil
	}
	if key.Matches(msg, common.PremisesKeys.FromVisit) { // on every tab (REC-5)
		return common.Push(premises.FromVisit(sc.s, v))
	}
	if cmd, ok := sc.tabs[sc.cur].Key(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Up):
		sc.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		sc.vp.ScrollDown(1)
	case key.Matches(msg, k.Edit):
		if err := v.Editable(); err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return common.Push(basics.NewForm(sc.s, v))
	case key.Matches(msg, k.Plan):
		return sc.transition(domain.Planning, "")
	case key.Matches(msg, k.Cancel):
		return sc.askTransition(domain.Cancelled, "Cancel", "Why is the visit cancelled? This goes on the record with your name.", "e.g. recce found the premises closed down")
	case key.Matches(msg, k.StandDown):
		return sc.askTransition(domain.StoodDown, "Stand down", "Why is the visit stood down? This goes on the record with your name.", "e.g. police unable to support on the day")
	}
	var cmd tea.Cmd
	sc.vp, cmd = sc.vp.Update(msg)
	return cmd
}

// show brings tab i into view from its top.
func (sc *Screen) show(i int) tea.Cmd {
	if i < 0 || i >= len(sc.tabs) {
		return nil
	}
	if i != sc.cur {
		sc.vp.GotoTop()
	}
	sc.cur = i
	sc.Refresh()
	return sc.tabs[i].Shown()
}

// Refresh works out the visit's readiness and the banner, and redraws the
// tab shown: when the visit, the tab or the size changes, not on every
// frame.
func (sc *Screen) Refresh() {
	sc.fresh = false
	tv := sc.tv
	if tv.V == nil {
		return
	}
	tv.Assess()
	tv.W = max(20, sc.w-2)
	sc.incident = sc.incidentLine()
	sc.tabs[sc.cur].Draw()
}

func (sc *Screen) View() string {
	if sc.fresh {
		return sc.drawn
	}
	sc.drawn, sc.fresh = sc.draw(), true
	frames.Add(1)
	return sc.drawn
}

func (sc *Screen) draw() string {
	t := sc.s.Theme
	if sc.tv.V == nil {
		if sc.err != nil {
			if errors.Is(sc.err, domain.ErrNotFound) {
				return t.Error.Render("✗ No visit " + string(sc.ref) + " in this store.")
			}
			// Wrapped, not cut: a damaged store's message ends with what
			// to do about it.
			return t.Error.Render(common.Wrap("✗ "+sc.err.Error(), max(20, sc.w-2)))
		}
		return t.Muted.Render("Reading " + string(sc.ref) + "…")
	}
	out := sc.headline() + "\n" + sc.tabBar() + "\n" + sc.incident + "\n" + sc.vp.View()
	if sc.vp.TotalLineCount() > sc.vp.Height {
		more := "↓/j for more"
		switch {
		case sc.vp.AtBottom():
			more = "↑/k to scroll back"
		case !sc.vp.AtTop():
			more = fmt.Sprintf("%d%% · ↓/j for more", int(sc.vp.ScrollPercent()*100))
		}
		out += "\n" + common.PadLeft(t.Muted.Render(more), sc.w)
	}
	return out
}

// Watches is the one visit the screen shows (common.Watcher): a save of
// another does not wake its session.
func (sc *Screen) Watches() []domain.Ref { return []domain.Ref{sc.ref} }
