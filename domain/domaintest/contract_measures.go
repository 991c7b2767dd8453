package domaintest

import (
	"time"

	"oic/domain"
)

// contractMeasures: every visit's measures are read back as MeasuresOf
// counts the visit stored, in order of reference, in batches; a save
// replaces its visit's measures rather than adding to them.
func contractMeasures(c *contract) {
	stored, err := StoreMeasuresFixture(c.ctx, c.s)
	if err != nil {
		c.Fatal(err)
	}
	// The visit in planning is cancelled: its measures say so.
	p := stored[3].Clone()
	ch, err := p.Transition(domain.Cancelled, "intelligence withdrawn", MeasuresOIC, p.Basics.PlannedStart.Add(-72*time.Hour))
	if err != nil {
		c.Fatal(err)
	}
	if stored[3], err = c.s.SaveVisit(c.ctx, p, ch); err != nil {
		c.Fatalf("SaveVisit: %v", err)
	}
	var got []domain.VisitMeasures
	batches := 0
	if err := c.s.ScanMeasures(c.ctx, 2, func(ms []domain.VisitMeasures) error {
		batches++
		got = append(got, ms...)
		return nil
	}); err != nil {
		c.Fatalf("ScanMeasures: %v", err)
	}
	if len(got) != len(stored) || batches != 3 {
		c.Fatalf("%d measures in %d batches, want %d in 3", len(got), batches, len(stored))
	}
	for i, m := range got {
		if i > 0 && got[i-1].Ref >= m.Ref {
			c.Errorf("measures out of order: %s before %s", got[i-1].Ref, m.Ref)
		}
	}
	byRef := map[domain.Ref]domain.VisitMeasures{}
	for _, m := range got {
		byRef[m.Ref] = m
	}
	for _, v := range stored {
		want, m := domain.MeasuresOf(c.read(v.Ref)), byRef[v.Ref]
		if !m.Start.Equal(want.Start) {
			c.Errorf("%s: start %s, want %s", v.Ref, m.Start, want.Start)
		}
		m.Start = want.Start
		if m != want {
			c.Errorf("%s: measures\n%+v\nwant\n%+v", v.Ref, m, want)
		}
	}
	if m := byRef[stored[3].Ref]; m.State != domain.Cancelled {
		c.Errorf("after the save, %s is %s in its measures, want cancelled", m.Ref, m.State)
	}
}
