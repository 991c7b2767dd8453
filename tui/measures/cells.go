package measures

import (
	"context"
	"fmt"
	"slices"
	"time"

	"oic/domain"
)

// The screen tallies every visit's measures once, as it opens, into
// cells of one team and one month; a filter or a chart then adds up the
// cells it covers (at most the teams times the months, a few thousand
// for fifteen years), never the visits again, so a key answers at once
// whatever the number of visits (BENCHMARKS.md, issue 16).

// month numbers a calendar month: year*12 + month-1.
type month int

func monthOf(d domain.Date) month { return month(d.Year*12 + int(d.Month) - 1) }

func (m month) year() int               { return int(m) / 12 }
func (m month) calendar() time.Month    { return time.Month(int(m)%12 + 1) }
func (m month) quarterStart() month     { return m - month(int(m)%3) }
func (m month) label() string           { return fmt.Sprintf("%s %d", m.calendar().String()[:3], m.year()) }
func (m month) quarterLabel() string    { return fmt.Sprintf("%d-Q%d", m.year(), int(m.calendar()+2)/3) }
func (m month) short() string           { return fmt.Sprintf("%02d/%02d", int(m.calendar()), m.year()%100) }
func (m month) between(a, b month) bool { return a <= m && m <= b }

type cellKey struct {
	team  domain.TeamCode
	month month
}

// tally is every visit's measures, in cells.
type tally struct {
	cells      map[cellKey]*domain.MeasuresGroup
	teams      []domain.TeamCode // with a visit, by code
	first, end month             // the first and last month with a visit
	visits     int
}

// loadTally reads every visit's measures from st into cells, judging
// their flags under cfg.
func loadTally(ctx context.Context, st domain.MeasuresReader, cfg domain.Config) (*tally, error) {
	t := &tally{cells: map[cellKey]*domain.MeasuresGroup{}}
	teams := map[domain.TeamCode]bool{}
	err := st.ScanMeasures(ctx, 4096, func(ms []domain.VisitMeasures) error {
		for _, m := range ms {
			if m.Start.IsZero() {
				continue
			}
			k := cellKey{m.Team, monthOf(cfg.LocalDate(m.Start))}
			c := t.cells[k]
			if c == nil {
				c = &domain.MeasuresGroup{}
				t.cells[k] = c
				if t.visits == 0 || k.month < t.first {
					t.first = k.month
				}
				if t.visits == 0 || k.month > t.end {
					t.end = k.month
				}
			}
			c.Add(cfg, m)
			teams[m.Team] = true
			t.visits++
		}
		return nil
	})
	for team := range teams {
		t.teams = append(t.teams, team)
	}
	slices.Sort(t.teams)
	return t, err
}

// sum adds up the cells of team (all teams if "") from month a to b.
func (t *tally) sum(team domain.TeamCode, a, b month, key string) domain.MeasuresGroup {
	g := domain.MeasuresGroup{Key: key}
	for k, c := range t.cells {
		if (team == "" || k.team == team) && k.month.between(a, b) {
			g.Merge(c)
		}
	}
	return g
}

// byMonth adds up the cells of team (all if "") for each month from a
// to b.
func (t *tally) byMonth(team domain.TeamCode, a, b month) []domain.MeasuresGroup {
	if b < a {
		return nil
	}
	out := make([]domain.MeasuresGroup, b-a+1)
	for i := range out {
		out[i].Key = (a + month(i)).label()
	}
	for k, c := range t.cells {
		if (team == "" || k.team == team) && k.month.between(a, b) {
			out[k.month-a].Merge(c)
		}
	}
	return out
}

// byTeam adds up the cells of each team from month a to b.
func (t *tally) byTeam(a, b month) []domain.MeasuresGroup {
	idx := map[domain.TeamCode]int{}
	out := make([]domain.MeasuresGroup, len(t.teams))
	for i, team := range t.teams {
		idx[team] = i
		out[i].Key = string(team)
	}
	for k, c := range t.cells {
		if k.month.between(a, b) {
			out[idx[k.team]].Merge(c)
		}
	}
	return out
}

// byQuarter adds up the cells of team (all if "") for each calendar
// quarter from month a to b.
func (t *tally) byQuarter(team domain.TeamCode, a, b month) []domain.MeasuresGroup {
	if b < a {
		return nil
	}
	first := a.quarterStart()
	out := make([]domain.MeasuresGroup, (b.quarterStart()-first)/3+1)
	for i := range out {
		out[i].Key = (first + month(3*i)).quarterLabel()
	}
	for k, c := range t.cells {
		if (team == "" || k.team == team) && k.month.between(a, b) {
			out[(k.month.quarterStart()-first)/3].Merge(c)
		}
	}
	return out
}
