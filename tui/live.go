package tui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// The live tab: the visit's pocket notebook while the team is deployed
// (ICIBI 6.17-6.52). Who is on site and for how long, then every entry of
// the timeline, newest first. One key opens each kind of entry on a form
// that is already filled in as far as it can be ("now", the officers
// expected, the power planned, the next exhibit number), so a common entry
// is its key, its text and enter. Nothing is edited or deleted: enter on
// an entry records a correction of it, or voids it, with a reason, and
// both stay on the record (DESIGN.md, Domain).

// liveTab is the tab's state.
type liveTab struct {
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

// liveKey handles the live tab's own keys; ok is false for keys the rest
// of the visit screen handles (scrolling, other tabs).
func (d *detail) liveKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.LiveKeys
	switch {
	case key.Matches(msg, k.Up):
		return nil, d.liveMove(1)
	case key.Matches(msg, k.Down):
		return nil, d.liveMove(-1)
	case key.Matches(msg, k.SignIn):
		if d.v.State != domain.Deployed {
			return nil, false
		}
		return d.switchOfficer(), true
	case key.Matches(msg, k.Correct):
		e, ok := d.liveSelected()
		if !ok {
			return nil, false
		}
		if err := d.liveEditable(); err != nil {
			return err, true
		}
		return common.Push(d.newCorrectionForm(e)), true
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
	case key.Matches(msg, k.Incident):
		kind = domain.EntryIncident
		if _, on := d.v.ActiveIncident(); on {
			kind = domain.EntryIncidentOver
		}
	default:
		return nil, false
	}
	if err := d.liveEditable(); err != nil {
		return err, true
	}
	if cmd := d.liveNobody(kind); cmd != nil {
		return cmd, true
	}
	return common.Push(d.newEntryForm(kind)), true
}

// liveEditable says, as a flash, why the signed-in officer cannot write
// in the live record now, or returns nil.
func (d *detail) liveEditable() tea.Cmd {
	err := d.v.LiveEditable(d.s.Me)
	if err == nil {
		return nil
	}
	if _, on := d.v.Rostered(d.s.Me.StaffNo); !on && d.v.State == domain.Deployed {
		return common.Flash(common.FlashError, fmt.Sprintf("Not on the team: %s. Press u to sign in as yourself; the live record is kept by the team.", d.s.Me.Label()))
	}
	return common.Flash(common.FlashError, err.Error())
}

// liveNobody refuses, before a form opens, an arrival when everyone is
// already on site or a departure when nobody is.
func (d *detail) liveNobody(kind domain.EntryKind) tea.Cmd {
	if kind != domain.EntryArrival && kind != domain.EntryDeparture {
		return nil
	}
	on := 0
	for _, p := range d.v.Presence(d.s.Now()) {
		if p.OnSite {
			on++
		}
	}
	switch {
	case kind == domain.EntryDeparture && on == 0:
		return common.Flash(common.FlashError, "Nobody is on site: record who arrived first (a).")
	case kind == domain.EntryArrival && on == len(d.v.Roster):
		return common.Flash(common.FlashInfo, "Everyone on the team is on site already.")
	}
	return nil
}

// liveMove moves the selection by one entry, newer (1) or older (-1), and
// keeps it in view. It redraws only the tab: the findings stand as they
// were worked out when the visit last changed.
func (d *detail) liveMove(by int) bool {
	n := len(d.v.Timeline)
	if n == 0 {
		return false
	}
	cur := d.live.sel
	if cur <= 0 || cur > n {
		cur = n
	}
	cur = min(n, max(1, cur+by))
	if cur == n {
		cur = 0
	}
	d.live.sel = cur
	d.vp.SetContent(d.liveView(max(20, d.w-2)))
	switch from, to := d.live.selFrom, d.live.selTo; {
	case cur == 0 && to <= d.vp.Height:
		d.vp.GotoTop()
	case from < d.vp.YOffset:
		d.vp.SetYOffset(max(0, from-1))
	case to > d.vp.YOffset+d.vp.Height:
		d.vp.SetYOffset(to - d.vp.Height)
	}
	return true
}

// liveSelected is the selected entry.
func (d *detail) liveSelected() (domain.TimelineEntry, bool) {
	n := len(d.v.Timeline)
	if n == 0 {
		return domain.TimelineEntry{}, false
	}
	seq := d.live.sel
	if seq <= 0 || seq > n {
		seq = n
	}
	return d.v.Timeline[seq-1], true
}

// liveShortHelp lists the keys that work now, the likeliest first: the
// footer shows as many as fit.
func (d *detail) liveShortHelp() []key.Binding {
	k := common.LiveShortKeys
	v := d.v
	if v == nil {
		return nil
	}
	var keys []key.Binding
	// What the tab found when it was last drawn: the footer is drawn on
	// every message, the tab only when the visit, the cursor or the
	// minute changes.
	f := d.live.facts
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
		if len(v.Timeline) > 0 {
			keys = append(keys, k.Correct)
		}
		if on > 0 {
			keys = append(keys, k.Depart)
		}
		if arrived > 0 && on < len(v.Roster) {
			keys = append(keys, k.Arrive)
		}
		return append(keys, k.Safeguard, k.Referral)
	}
	if _, on := v.Rostered(d.s.Me.StaffNo); !on && v.State == domain.Deployed {
		keys = append(keys, k.SignIn)
	}
	if len(v.Timeline) > 1 {
		keys = append(keys, common.Bind([]string{"up", "down"}, "↑/↓", "choose entry"))
	}
	return keys
}

func liveHelpGroup() common.HelpGroup {
	k := common.LiveKeys
	return common.HelpGroup{Title: "Live tab", Keys: []key.Binding{k.Arrive, k.Depart, k.Entry, k.Encounter, k.Seizure, k.Safeguard,
		k.Referral, k.Note, common.Bind([]string{"!"}, "!", "declare or stand down a critical incident"), k.Correct, k.Up, k.Down, k.SignIn}}
}

// liveTickMsg is the live tab's clock: time on site counts up with it.
type liveTickMsg struct{ gen int }

// liveStart starts the clock when the tab is shown, replacing any clock
// already running. It runs only while the visit is deployed.
func (d *detail) liveStart() tea.Cmd {
	d.live.gen++
	d.live.ticking = false
	if d.v != nil && d.v.State != domain.Deployed {
		return nil
	}
	return d.liveTick()
}

// liveTick waits for the next minute on the session's clock. It is
// addressed to this screen, so a form opened on top does not stop it.
func (d *detail) liveTick() tea.Cmd {
	d.live.ticking = true
	now := d.s.Now()
	wait := now.Truncate(time.Minute).Add(time.Minute).Sub(now) + 20*time.Millisecond
	wait = min(time.Minute, max(time.Second, wait))
	gen := d.live.gen
	return common.DeliverTo(d, tea.Tick(wait, func(time.Time) tea.Msg { return liveTickMsg{gen} }))
}

// liveMsg handles the clock: a tick redraws the tab and waits for the
// next, until the tab is left or the visit is no longer deployed. A tick
// of an older clock is dropped, so there is never more than one.
func (d *detail) liveMsg(msg tea.Msg) (tea.Cmd, bool) {
	tick, ok := msg.(liveTickMsg)
	if !ok {
		return nil, false
	}
	if tick.gen != d.live.gen {
		return nil, true
	}
	if d.tab != tabLive || (d.v != nil && d.v.State != domain.Deployed) {
		d.live.ticking = false
		return nil, true
	}
	d.refresh()
	return d.liveTick(), true
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
