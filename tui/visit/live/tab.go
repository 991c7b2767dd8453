// Package live is the visit's live tab: the visit's pocket notebook while
// the team is deployed (ICIBI 6.17-6.52). Who is on site and for how long,
// then every entry of the timeline, newest first. One key opens each kind
// of entry on a form that is already filled in as far as it can be ("now",
// the officers expected, the power planned, the next exhibit number), so a
// common entry is its key, its text and enter. Nothing is edited or
// deleted: enter on an entry records a correction of it, or voids it, with
// a reason, and both stay on the record (DESIGN.md, Domain).
package live

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Live"

// Tab is the live tab.
type Tab struct {
	tab.Base
	// sel is the number (seq) of the selected entry; 0 follows the
	// newest, so a new entry is selected as it is recorded.
	sel int
	// selFrom and selTo are the lines of the selected entry in the drawn
	// content, to keep it in view.
	selFrom, selTo int
	// gen numbers the clock that counts time on site up: each start of
	// the tab begins a new one, and a tick of an older one is dropped.
	gen     int
	ticking bool
	styles  *liveStyles
	// blocks are the entries as last drawn, by number less one.
	blocks []liveBlock
	// facts are what the last drawing found in the record; seen is how
	// many entries it drew.
	facts liveFacts
	seen  int
}

// New is the live tab of v.
func New(v *tab.Visit) *Tab { return &Tab{Base: tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return Name }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.liveView(tb.W)) }

// Shown starts the clock that counts time on site: the tab came into view.
func (tb *Tab) Shown() tea.Cmd { return tb.liveStart() }

// Loaded starts the clock if the visit was deployed while the tab was
// shown.
func (tb *Tab) Loaded() tea.Cmd {
	if !tb.ticking && tb.V.State == domain.Deployed {
		return tb.liveStart()
	}
	return nil
}

// Key handles the live tab's own keys; ok is false for keys the rest
// of the visit screen handles (scrolling, other tabs).
func (tb *Tab) Key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.LiveKeys
	switch {
	case key.Matches(msg, k.Up):
		return nil, tb.liveMove(1)
	case key.Matches(msg, k.Down):
		return nil, tb.liveMove(-1)
	case key.Matches(msg, k.SignIn):
		if tb.V.State != domain.Deployed {
			return nil, false
		}
		return tb.SwitchOfficer(), true
	case key.Matches(msg, k.Correct):
		e, ok := tb.liveSelected()
		if !ok {
			return nil, false
		}
		if err := tb.liveEditable(); err != nil {
			return err, true
		}
		return common.Push(tb.newCorrectionForm(e)), true
	}
	var kind domain.EntryKind
	switch {
	case key.Matches(msg, k.Arrive):
		kind = domain.EntryArrival
	case key.Matches(msg, k.Depart):
		kind = domain.EntryDeparture
	case key.Matches(msg, k.Entry):
		kind = domain.EntryEntry
	case key.Matches(msg, k.Encounter):
		kind = domain.EntryEncounter
	case key.Matches(msg, k.Seizure):
		kind = domain.EntrySeizure
	case key.Matches(msg, k.Safeguard):
		kind = domain.EntrySafeguarding
	case key.Matches(msg, k.Referral):
		kind = domain.EntryReferral
	case key.Matches(msg, k.Note):
		kind = domain.EntryNote
	case key.Matches(msg, k.Decision):
		kind = domain.EntryDecision
	case key.Matches(msg, k.Custody):
		kind = domain.EntryCustody
	case key.Matches(msg, k.Agency):
		kind = domain.EntryAgency
	case key.Matches(msg, k.Incident):
		kind = domain.EntryIncident
		if _, on := tb.V.ActiveIncident(); on {
			kind = domain.EntryIncidentOver
		}
	default:
		return nil, false
	}
	if err := tb.liveEditable(); err != nil {
		return err, true
	}
	if cmd := tb.liveNobody(kind); cmd != nil {
		return cmd, true
	}
	return common.Push(tb.newEntryForm(kind)), true
}

// liveEditable says, as a flash, why the signed-in officer cannot write
// in the live record now, or returns nil.
func (tb *Tab) liveEditable() tea.Cmd {
	err := tb.V.LiveEditable(tb.S.Me)
	if err == nil {
		return nil
	}
	if _, on := tb.V.Rostered(tb.S.Me.StaffNo); !on && tb.V.State == domain.Deployed {
		return common.Flash(common.FlashError, fmt.Sprintf("Not on the team: %s; the live record is kept by the team. %s", tb.S.Me.Label(), tb.S.SignInYourself()))
	}
	return common.Flash(common.FlashError, err.Error())
}

// liveNobody refuses, before a form opens, an arrival when everyone is
// already on site or a departure when nobody is.
func (tb *Tab) liveNobody(kind domain.EntryKind) tea.Cmd {
	if kind != domain.EntryArrival && kind != domain.EntryDeparture {
		return nil
	}
	on := 0
	for _, p := range tb.V.Presence(tb.S.Now()) {
		if p.OnSite {
			on++
		}
	}
	switch {
	case kind == domain.EntryDeparture && on == 0:
		return common.Flash(common.FlashError, "Nobody is on site: record who arrived first (a).")
	case kind == domain.EntryArrival && on == len(tb.V.Roster):
		return common.Flash(common.FlashInfo, "Everyone on the team is on site already.")
	}
	return nil
}

// liveMove moves the selection by one entry, newer (1) or older (-1), and
// keeps it in view. It redraws only the tab: the findings stand as they
// were worked out when the visit last changed.
func (tb *Tab) liveMove(by int) bool {
	n := len(tb.V.Timeline)
	if n == 0 {
		return false
	}
	cur := tb.sel
	if cur <= 0 || cur > n {
		cur = n
	}
	cur = min(n, max(1, cur+by))
	if cur == n {
		cur = 0
	}
	tb.sel = cur
	tb.VP.SetContent(tb.liveView(tb.W))
	switch from, to := tb.selFrom, tb.selTo; {
	case cur == 0 && to <= tb.VP.Height:
		tb.VP.GotoTop()
	case from < tb.VP.YOffset:
		tb.VP.SetYOffset(max(0, from-1))
	case to > tb.VP.YOffset+tb.VP.Height:
		tb.VP.SetYOffset(to - tb.VP.Height)
	}
	return true
}

// liveSelected is the selected entry.
func (tb *Tab) liveSelected() (domain.TimelineEntry, bool) {
	n := len(tb.V.Timeline)
	if n == 0 {
		return domain.TimelineEntry{}, false
	}
	seq := tb.sel
	if seq <= 0 || seq > n {
		seq = n
	}
	return tb.V.Timeline[seq-1], true
}

func (tb *Tab) ShortHelp() []key.Binding {
	return append(tb.entryKeys(), common.VisitKeys.NextTab)
}

// entryKeys lists the keys that work now, the likeliest first: the
// footer shows as many as fit.
func (tb *Tab) entryKeys() []key.Binding {
	k := common.LiveShortKeys
	v := tb.V
	if v == nil {
		return nil
	}
	var keys []key.Binding
	// What the tab found when it was last drawn: the footer is drawn on
	// every message, the tab only when the visit, the cursor or the
	// minute changes.
	f := tb.facts
	if f.editable && v.State == domain.Deployed && f.pr != nil {
		on, arrived, entry, incident := f.on, f.arrived, f.entry, f.incident
		switch {
		case incident:
			keys = append(keys, k.StandDown, k.Note, k.Encounter)
		case arrived == 0:
			keys = append(keys, k.Arrive, k.Note, k.Incident, k.Entry)
		case on > 0 && !entry:
			keys = append(keys, k.Entry, k.Encounter, k.Seizure, k.Note)
		default:
			keys = append(keys, k.Encounter, k.Seizure, k.Note, k.Entry)
		}
		if !incident && arrived > 0 {
			keys = append(keys, k.Incident)
		}
		// Someone found working illegally without a notice: the notice
		// next, after the alarm, which must always show.
		if f.uncovered && !incident {
			keys = append(keys, k.Decision)
		}
		if len(v.Timeline) > 0 {
			keys = append(keys, k.Correct)
		}
		if on > 0 {
			keys = append(keys, k.Depart)
		}
		if arrived > 0 && on < len(v.Roster) {
			keys = append(keys, k.Arrive)
		}
		return append(keys, k.Decision, k.Custody, k.Agency, k.Safeguard, k.Referral)
	}
	if _, on := v.Rostered(tb.S.Me.StaffNo); !on && v.State == domain.Deployed {
		keys = append(keys, k.SignIn)
	}
	if len(v.Timeline) > 1 {
		keys = append(keys, common.Bind([]string{"up", "down"}, "↑/↓", "choose entry"))
	}
	return keys
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.LiveKeys
	return []common.HelpGroup{{Title: "Live tab", Keys: []key.Binding{k.Arrive, k.Depart, k.Entry, k.Encounter, k.Seizure, k.Safeguard,
		k.Referral, k.Decision, k.Custody, k.Agency, k.Note, common.Bind([]string{"!"}, "!", "declare or stand down a critical incident"), k.Correct, k.Up, k.Down, k.SignIn}}}
}

// liveTickMsg is the live tab's clock: time on site counts up with it.
type liveTickMsg struct{ gen int }

// liveStart starts the clock when the tab is shown, replacing any clock
// already running. It runs only while the visit is deployed.
func (tb *Tab) liveStart() tea.Cmd {
	tb.gen++
	tb.ticking = false
	if tb.V != nil && tb.V.State != domain.Deployed {
		return nil
	}
	return tb.liveTick()
}

// liveTick waits for the next minute on the session's clock. It is
// addressed to this screen, so a form opened on top does not stop it.
func (tb *Tab) liveTick() tea.Cmd {
	tb.ticking = true
	now := tb.S.Now()
	wait := now.Truncate(time.Minute).Add(time.Minute).Sub(now) + 20*time.Millisecond
	wait = min(time.Minute, max(time.Second, wait))
	gen := tb.gen
	return tb.Deliver(tea.Tick(wait, func(time.Time) tea.Msg { return liveTickMsg{gen} }))
}

// Update handles the clock: a tick redraws the tab and waits for the
// next, until the tab is left or the visit is no longer deployed. A tick
// of an older clock is dropped, so there is never more than one.
func (tb *Tab) Update(msg tea.Msg) (tea.Cmd, bool) {
	tick, ok := msg.(liveTickMsg)
	if !ok {
		return nil, false
	}
	if tick.gen != tb.gen {
		return nil, true
	}
	if !tb.Showing(tb) || (tb.V != nil && tb.V.State != domain.Deployed) {
		tb.ticking = false
		return nil, true
	}
	tb.Refresh()
	return tb.liveTick(), true
}

// onSiteFor says time on site the way it is read at a glance: "1h 12m",
// "12m", "<1m".
func onSiteFor(dur time.Duration) string {
	m := int(dur / time.Minute)
	switch {
	case m < 1:
		return "<1m"
	case m < 60:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh %02dm", m/60, m%60)
}
