// Package measures is the Measures screen (MOE-1; ICIBI 7.8-7.34): what
// the visits of a team and period achieved and how well they were
// recorded, with bars per team (or quarter) and a trend by month of any
// one figure, for a duty CIO or a records clerk. oic measures gives the
// same figures as a table, CSV or JSON.
package measures

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// period is how long a stretch the screen counts.
type period int

const (
	periodYear    period = iota // the 12 months to the month chosen
	periodQuarter               // a calendar quarter
	periodMonth                 // one month
	periodAll                   // every visit
	numPeriods
)

// Screen is the Measures screen.
type Screen struct {
	s    *common.Session
	w, h int

	gen     uint64 // which load is current: an answer to an older one is dropped
	loading bool
	err     error
	t       *tally

	team   int // 0: all teams; i: t.teams[i-1]
	period period
	end    month // the last month of the period (not for periodAll)
	fig    int   // the figure charted, in figures
	byQtr  bool  // bars by quarter rather than by team

	// lines is the screen's body, drawn when a key or a load changes
	// what it shows, never per frame; offset is the first line shown.
	lines  []string
	offset int
}

// New is the Measures screen of the visits in s's store, the 12 months
// to this month first.
func New(s *common.Session) *Screen {
	return &Screen{s: s, end: monthOf(domain.DateOf(s.Now()))}
}

// loadedMsg carries every visit's measures, in cells.
type loadedMsg struct {
	gen uint64
	t   *tally
	err error
}

func (m *Screen) load() tea.Cmd {
	m.gen++
	m.loading = true
	st, cfg, gen := m.s.Store, m.s.Config, m.gen
	return common.DeliverTo(m, func() tea.Msg {
		t, err := loadTally(context.Background(), st, cfg)
		return loadedMsg{gen: gen, t: t, err: err}
	})
}

func (m *Screen) Init() tea.Cmd   { return m.load() }
func (m *Screen) Capturing() bool { return false }
func (m *Screen) Title() string   { return "Measures of effect (MOE-1)" }

func (m *Screen) SetSize(w, h int) {
	m.w, m.h = w, h
	m.draw()
}

func (m *Screen) ShortHelp() []key.Binding {
	k := common.MeasuresKeys
	return []key.Binding{k.Team, k.Period, k.Earlier, k.Measure, k.Bars, common.GlobalKeys.Back}
}

func (m *Screen) FullHelp() []common.HelpGroup {
	k := common.MeasuresKeys
	return []common.HelpGroup{
		{Title: "Choose", Keys: []key.Binding{k.Team, k.TeamBack, k.Period, k.Earlier, k.Later}},
		{Title: "Charts", Keys: []key.Binding{k.Measure, k.Bars, k.Up, k.Down, common.GlobalKeys.Back}},
	}
}

func (m *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loading, m.t, m.err = false, msg.t, msg.err
		if m.team > len(m.t.teams) {
			m.team = 0
		}
		m.draw()
	case common.EventMsg:
		// A save anywhere may change a figure: count again, in the
		// background; the figures shown stay until the new ones come.
		return m, m.load()
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Screen) key(msg tea.KeyMsg) tea.Cmd {
	k := common.MeasuresKeys
	switch {
	case key.Matches(msg, common.GlobalKeys.Back):
		return common.Pop
	case m.t == nil:
		return nil
	case key.Matches(msg, k.Team):
		m.team = (m.team + 1) % (len(m.t.teams) + 1)
	case key.Matches(msg, k.TeamBack):
		m.team = (m.team + len(m.t.teams)) % (len(m.t.teams) + 1)
	case key.Matches(msg, k.Period):
		m.period = (m.period + 1) % numPeriods
	case key.Matches(msg, k.Earlier), key.Matches(msg, k.Later):
		if m.period == periodAll {
			return common.Flash(common.FlashInfo, "Every visit is counted: p chooses a period to move through.")
		}
		step := month(map[period]int{periodYear: 12, periodQuarter: 3, periodMonth: 1}[m.period])
		if key.Matches(msg, k.Earlier) {
			step = -step
		}
		m.end += step
	case key.Matches(msg, k.Measure):
		m.fig = (m.fig + 1) % len(figures)
	case key.Matches(msg, k.Bars):
		m.byQtr = !m.byQtr
	case key.Matches(msg, k.Up):
		m.offset = max(0, m.offset-1)
		return nil
	case key.Matches(msg, k.Down):
		m.offset = min(m.offset+1, max(0, len(m.lines)-m.h))
		return nil
	default:
		return nil
	}
	m.draw()
	return nil
}

// teamCode is the team chosen, or "" for all.
func (m *Screen) teamCode() domain.TeamCode {
	if m.t == nil || m.team == 0 {
		return ""
	}
	return m.t.teams[m.team-1]
}

// window is the first and last month of the period.
func (m *Screen) window() (month, month) {
	switch m.period {
	case periodAll:
		return m.t.first, m.t.end
	case periodQuarter:
		q := m.end.quarterStart()
		return q, q + 2
	case periodMonth:
		return m.end, m.end
	}
	return m.end - 11, m.end
}

// periodLabel names the period shown.
func (m *Screen) periodLabel() string {
	a, b := m.window()
	switch m.period {
	case periodAll:
		return "all visits"
	case periodQuarter:
		return a.quarterLabel() + " (" + a.label() + " to " + b.label() + ")"
	case periodMonth:
		return a.label()
	}
	return "12 months, " + a.label() + " to " + b.label()
}

// Shown is the team and period the screen counts, for tests.
func (m *Screen) Shown() (domain.TeamCode, string) { return m.teamCode(), m.periodLabel() }
