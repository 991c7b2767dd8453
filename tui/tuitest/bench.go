package tuitest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"oic/domain"
)

// towns vary the benchmark's premises names.
var towns = []string{"Croydon", "Brixton", "Sutton", "Norbury", "Lewisham", "Peckham", "Bromley", "Streatham"}

// BenchSummaries are n register rows of the register's benchmarks: every
// team, every state, three OICs, the planned starts 85 minutes apart
// going back from a month after Now, and those ended ending 3 hours
// after.
func BenchSummaries(n int) []domain.Summary {
	out := make([]domain.Summary, n)
	start := Now.Add(30 * 24 * time.Hour)
	for i := range out {
		p := Premises[i%len(Premises)]
		team := domain.Teams[i%len(domain.Teams)].Code
		out[i] = domain.Summary{
			Ref:          domain.FormatRef(team, 2026-i/6300, uint32(i%6300+1)),
			PlannedStart: start.Add(-time.Duration(i) * 85 * time.Minute),
			Premises:     fmt.Sprintf("%s %s", p.Name, towns[i%len(towns)]),
			Postcode:     domain.Postcode(p.Postcode), Team: team,
			State: domain.States[i%len(domain.States)], OIC: []string{"Dana Okafor", "Sam Whitfield", "Priya Shah"}[i%3],
		}
		if out[i].State.Ended() {
			// Ended three hours after the start: the register judges
			// these rows' retention (RET-1) as it draws them.
			out[i].Ended = out[i].PlannedStart.Add(3 * time.Hour)
		}
	}
	return out
}

// SeedBench stores CIO and IO, signs CIO in, and stores a visit for each
// of BenchSummaries(n), bare but for what its row shows (the store gives
// each its own reference, of the same form): for benchmarks of the whole
// tool on a register of n visits.
func SeedBench(b testing.TB, s domain.Store, n int) {
	b.Helper()
	ctx := context.Background()
	Seed(b, s, 0)
	for _, sum := range BenchSummaries(n) {
		_, year, _, _ := sum.Ref.Parts()
		v := &domain.Visit{State: sum.State, CreatedAt: time.Date(year, 1, 2, 0, 0, 0, 0, London), Basics: domain.Basics{
			Team: sum.Team, PlannedStart: sum.PlannedStart, OICName: sum.OIC,
			Premises: domain.Premises{Name: sum.Premises, Postcode: sum.Postcode},
		}}
		c := domain.Change{Action: "stored for the benchmark", Actor: CIO.StaffNo, ActorName: CIO.Name, At: Now}
		if _, err := s.CreateVisit(ctx, v, c); err != nil {
			b.Fatal(err)
		}
	}
}
