package domaintest

import (
	"slices"
	"time"

	"oic/domain"
)

// contractStates: InStates lists the visits of the states asked for, in
// their order, newest planned start first within each, with their
// reference, state and planned start to the second; a visit that changes
// state moves.
func contractStates(c *contract) {
	a := c.create(contractVisit{start: contractT0.Add(50*time.Hour + 500*time.Millisecond)})
	b := c.create(contractVisit{start: contractT0.Add(70 * time.Hour)})
	t := c.create(contractVisit{start: contractT0.Add(60 * time.Hour)})
	ch, err := t.Transition(domain.Cancelled, "intelligence withdrawn", contractAmy, contractT0.Add(time.Hour))
	if err != nil {
		c.Fatal(err)
	}
	if t, err = c.s.SaveVisit(c.ctx, t, ch); err != nil {
		c.Fatal(err)
	}
	got, err := c.s.InStates(c.ctx, []domain.State{domain.Cancelled, domain.Planning, domain.Assured})
	if err != nil {
		c.Fatal(err)
	}
	want := []domain.Summary{
		{Ref: t.Ref, State: domain.Cancelled, PlannedStart: time.Unix(t.Basics.PlannedStart.Unix(), 0)},
		{Ref: b.Ref, State: domain.Planning, PlannedStart: time.Unix(b.Basics.PlannedStart.Unix(), 0)},
		{Ref: a.Ref, State: domain.Planning, PlannedStart: time.Unix(a.Basics.PlannedStart.Unix(), 0)},
	}
	if !slices.EqualFunc(got, want, func(x, y domain.Summary) bool {
		return x.Ref == y.Ref && x.State == y.State && x.PlannedStart.Equal(y.PlannedStart) && x.Premises == "" && x.Place == ""
	}) {
		c.Fatalf("InStates: %+v, want %+v", got, want)
	}
	if got, err := c.s.InStates(c.ctx, []domain.State{domain.Deployed}); err != nil || len(got) != 0 {
		c.Fatalf("InStates(deployed): %+v, %v", got, err)
	}
}
