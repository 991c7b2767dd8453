package board

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Alerts follows the critical incidents no CIO has yet acknowledged on any
// visit of the store (INC-2), for the banner the root draws on every
// screen and the bell it rings: once when an incident is first seen, and
// again every RingAgain while nobody acknowledges it. It reads the
// deployed visits once, after the first frame, and then each visit the
// change feed names, so a declaration saved in another session shows here
// without a key press.
type Alerts struct {
	s    *common.Session
	open map[domain.Ref]Alert
	rung map[string]time.Time // by incident (alertKey): when its bell last rang
	// ticking says the minute's look at the bell is running: a resync
	// reads the store again but starts no second one.
	ticking bool
	// applied is the version of each visit whose state open holds.
	applied map[domain.Ref]uint64
	// decided is shared with the reads a change starts (each in a
	// goroutine of its own): what the newest version read of each
	// visit said. In team mode every session is told of every save, and
	// a read that finds what the newest before it found sends no
	// message, so the session is not woken and its screen not drawn
	// again for a change that is not an incident's.
	decided *decided
	// shared is the readings of every session of the process, if the
	// caller gives one (SharedReadings); nil reads for itself.
	shared *Incidents
}

type decided struct {
	mu    sync.Mutex
	ver   map[domain.Ref]uint64
	state map[domain.Ref]alertState
}

// alertState is what a visit's reading says of its incident.
type alertState struct {
	alert Alert
	ok    bool
}

// Alert is one incident awaiting acknowledgement.
type Alert struct {
	Ref      domain.Ref
	Premises string
	Incident domain.Incident
}

// RingAgain is how long an unacknowledged incident waits before the bell
// rings again (issue 16: 10 minutes).
const RingAgain = 10 * time.Minute

// firstLook is how long after start the deployed visits are read: after
// the first frame and the first screen's own reading, which are not
// theirs to wait for.
const firstLook = 500 * time.Millisecond

// NewAlerts follows the incidents of s's store.
func NewAlerts(s *common.Session) *Alerts {
	return &Alerts{s: s, open: map[domain.Ref]Alert{}, rung: map[string]time.Time{}, applied: map[domain.Ref]uint64{},
		decided: &decided{ver: map[domain.Ref]uint64{}, state: map[domain.Ref]alertState{}}}
}

// SharedReadings has the alerts take what a change says of its visit's
// incident from in, which every session of the process shares.
func (a *Alerts) SharedReadings(in *Incidents) { a.shared = in }

// news says whether what version ver of ref said (st) is news: newer
// than any version read before it, and saying something else than the
// newest of those. A first reading of a visit is news.
func (d *decided) news(ref domain.Ref, ver uint64, st alertState) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	last, seen := d.ver[ref]
	if seen && ver <= last {
		return false
	}
	prev, had := d.state[ref]
	d.ver[ref], d.state[ref] = ver, st
	return !had || !reflect.DeepEqual(prev, st)
}

// forget starts afresh, for a resync that reads every deployed visit.
func (d *decided) forget() {
	d.mu.Lock()
	clear(d.ver)
	clear(d.state)
	d.mu.Unlock()
}

type (
	// alertsMsg carries the incidents found at start (or on a resync).
	alertsMsg struct{ alerts []Alert }
	// alertMsg carries the state of one visit after a change: an
	// alert, or none (ok false), as of the visit's version ver.
	alertMsg struct {
		ref   domain.Ref
		ver   uint64
		alert Alert
		ok    bool
	}
	// AlertTickMsg asks whether the bell is due again.
	AlertTickMsg struct{}
)

// Init reads the deployed visits a moment after start.
func (a *Alerts) Init() tea.Cmd {
	return tea.Tick(firstLook, func(time.Time) tea.Msg { return a.scan() })
}

// scan finds every deployed visit's incident awaiting acknowledgement.
// Only deployed visits can hold one (Visit.Unacknowledged), and the
// store's index by state says which they are, so no other record is read.
func (a *Alerts) scan() tea.Msg {
	ctx := context.Background()
	st := a.s.Store
	deployed, _ := st.InStates(ctx, []domain.State{domain.Deployed})
	var out []Alert
	for _, s := range deployed {
		al, ver, ok := alertOf(ctx, st, s.Ref)
		if ver != 0 {
			// What each was found to say, so that a later save that
			// leaves it as it is (a note) is no news (Follow).
			a.decided.news(s.Ref, ver, alertState{al, ok})
		}
		if ok {
			out = append(out, al)
		}
	}
	return alertsMsg{out}
}

// alertOf reads ref's incident awaiting acknowledgement, if any, and the
// version of the visit read (0: none read).
func alertOf(ctx context.Context, st domain.Store, ref domain.Ref) (Alert, uint64, bool) {
	v, _ := st.Visit(ctx, ref)
	if v == nil {
		return Alert{}, 0, false
	}
	inc, ok := v.Unacknowledged()
	if !ok {
		// None: nothing else of the visit is the banner's, so a rename
		// is no news (Follow).
		return Alert{}, v.Version, false
	}
	return Alert{Ref: v.Ref, Premises: v.Basics.Premises.Name, Incident: inc}, v.Version, true
}

// Update takes the messages Alerts handles; handled is false for any
// other, which the root routes on. ring says the bell is due now.
func (a *Alerts) Update(msg tea.Msg) (handled, ring bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case alertsMsg:
		clear(a.open)
		clear(a.applied)
		for _, al := range msg.alerts {
			a.open[al.Ref] = al
		}
		var next tea.Cmd
		if !a.ticking {
			a.ticking, next = true, tick()
		}
		return true, a.due(), next
	case alertMsg:
		if msg.ver != 0 && msg.ver < a.applied[msg.ref] {
			return true, false, nil // an older reading than one already shown
		}
		a.applied[msg.ref] = msg.ver
		if msg.ok {
			a.open[msg.ref] = msg.alert
		} else {
			delete(a.open, msg.ref)
		}
		return true, a.due(), nil
	case AlertTickMsg:
		return true, a.due(), tick()
	case common.EventMsg:
		// Not handled: every screen gets the event too.
		e := domain.Event(msg)
		if e.Resync {
			a.decided.forget()
			return false, false, a.scan
		}
		if e.Ref == "" {
			return false, false, nil
		}
		return false, false, func() tea.Msg { return a.Follow(e) }
	}
	return false, false, nil
}

// Follow reads ref after a change and returns the message that brings
// the banner up to date, or nil if what it says of its incident is no
// news. It only reads the store and the state its reads share, so it
// may run outside the program: the root runs it for a change to a visit
// the session does not show, without waking the program (tui/watch.go).
func (a *Alerts) Follow(e domain.Event) tea.Msg {
	ref := e.Ref
	al, ver, ok := a.shared.of(context.Background(), a.s.Store, ref, e.Seq)
	if ver != 0 && !a.decided.news(ref, ver, alertState{al, ok}) {
		return nil
	}
	return alertMsg{ref: ref, ver: ver, alert: al, ok: ok}
}

// tick looks at the bell again in a minute: it is due at most every
// RingAgain, so a minute late is soon enough.
func tick() tea.Cmd {
	return tea.Tick(time.Minute, func(time.Time) tea.Msg { return AlertTickMsg{} })
}

func alertKey(al Alert) string { return fmt.Sprintf("%s#%d", al.Ref, al.Incident.Declared.Seq) }

// due says whether the bell should ring now: an incident not rung for
// yet, or one unanswered RingAgain since it last rang.
func (a *Alerts) due() bool {
	now := a.s.Clock()
	ring := false
	for _, al := range a.open {
		k := alertKey(al)
		if last, ok := a.rung[k]; !ok || now.Sub(last) >= RingAgain {
			a.rung[k] = now
			ring = true
		}
	}
	return ring
}

// Open lists the incidents awaiting acknowledgement, oldest first.
func (a *Alerts) Open() []Alert {
	out := make([]Alert, 0, len(a.open))
	for _, al := range a.open {
		out = append(out, al)
	}
	slices.SortFunc(out, func(x, y Alert) int { return x.Incident.Declared.At.Compare(y.Incident.Declared.At) })
	return out
}

// bannerMax is how many incidents the banner names; the rest are counted.
const bannerMax = 2

// Banner is the lines the root draws under its header on every screen
// while an incident awaits acknowledgement, each cut to width; none when
// none does.
func (a *Alerts) Banner(width int) []string {
	if len(a.open) == 0 {
		return nil
	}
	t := a.s.Theme
	now := a.s.Now()
	var lines []string
	open := a.Open()
	key := common.BoardKeys.Anywhere.Help().Key
	for i, al := range open {
		if i == bannerMax-1 && len(open) > bannerMax {
			lines = append(lines, fmt.Sprintf("!! %d more critical incidents await a CIO (INC-2) · %s board", len(open)-i, key))
			break
		}
		d := al.Incident.Declared
		state := ""
		if !al.Incident.Over.IsZero() {
			state = ", stood down " + al.Incident.Over.In(a.s.Loc).Format("15:04")
		}
		// What to do comes before the detail a narrow terminal cuts.
		text := fmt.Sprintf("!! CRITICAL INCIDENT %s awaits a CIO (INC-2) · %s board · declared %s by %s%s · %s, %s ago",
			al.Ref, key, d.At.In(a.s.Loc).Format("15:04"), d.Recorded.ByName, state, al.Premises, common.Span(now.Sub(d.At)))
		lines = append(lines, text)
	}
	for i, l := range lines {
		lines[i] = t.Alarm.Render(common.PadRight(strings.TrimSpace(l), width))
	}
	return lines
}
