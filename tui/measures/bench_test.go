package measures

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/tuitest"
)

// benchTally is n visits' measures spread over the fifteen teams and
// sixteen years to tuitest.Now, as 100,000 visits of the demo are, in
// the screen's cells.
func benchTally(n int) *tally {
	cfg := domain.DefaultConfig()
	t := &tally{cells: map[cellKey]*domain.MeasuresGroup{}}
	span := 16 * 365 * 24 * time.Hour
	teams := map[domain.TeamCode]bool{}
	for i := range n {
		m := domain.VisitMeasures{
			Team:  domain.Teams[i%len(domain.Teams)].Code,
			State: domain.States[i%len(domain.States)], Sector: domain.Sectors[i%len(domain.Sectors)],
			Start:    tuitest.Now.Add(-time.Duration(i) * (span / time.Duration(n))),
			Deployed: i%3 != 0, Closed: i%3 == 1, Encountered: i % 4, Incidents: i % 1000 / 999,
			Applies: 0xff, Met: uint16(i % 256),
		}
		m.Outcomes[i%5] = i % 3
		m.Referrals[i%12] = 1
		k := cellKey{m.Team, monthOf(cfg.LocalDate(m.Start))}
		c := t.cells[k]
		if c == nil {
			c = &domain.MeasuresGroup{}
			t.cells[k] = c
		}
		c.Add(cfg, m)
		teams[m.Team] = true
		if t.visits == 0 || k.month < t.first {
			t.first = k.month
		}
		if t.visits == 0 || k.month > t.end {
			t.end = k.month
		}
		t.visits++
	}
	for _, tm := range domain.Teams {
		t.teams = append(t.teams, tm.Code)
	}
	return t
}

// BenchmarkMeasuresKey is one key on the Measures screen of n visits, as
// an officer feels it: Update, which adds up the cells the team and
// period cover and draws the charts, and the View drawn after it. The
// keys go round the team, the period, its move, the figure and the bars.
func BenchmarkMeasuresKey(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := New(tuitest.Session(nil))
			m.SetSize(120, 37)
			m.Update(loadedMsg{gen: m.gen, t: benchTally(n)})
			keys := []tea.KeyMsg{
				{Type: tea.KeyRunes, Runes: []rune{'t'}}, {Type: tea.KeyRunes, Runes: []rune{'p'}},
				{Type: tea.KeyLeft}, {Type: tea.KeyRunes, Runes: []rune{'m'}}, {Type: tea.KeyRunes, Runes: []rune{'b'}},
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%len(keys)])
				_ = m.View()
				i++
			}
		})
	}
}
