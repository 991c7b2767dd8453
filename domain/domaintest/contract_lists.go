package domaintest

import (
	"context"
	"errors"
	"slices"
	"time"

	"oic/domain"
)

// scan returns every summary, in the batches they came in.
func (c *contract) scan(batch int) [][]domain.Summary {
	c.Helper()
	var out [][]domain.Summary
	err := c.s.ScanSummaries(c.ctx, batch, func(b []domain.Summary) error {
		out = append(out, b)
		return nil
	})
	if err != nil {
		c.Fatalf("ScanSummaries(%d): %v", batch, err)
	}
	return out
}

// checkList checks one scan's order against want, and each summary
// against its visit as stored.
func (c *contract) checkList(batches [][]domain.Summary, want []*domain.Visit) {
	c.Helper()
	all := slices.Concat(batches...)
	var got []domain.Ref
	for _, s := range all {
		got = append(got, s.Ref)
	}
	if !slices.Equal(got, contractRefList(want)) {
		c.Fatalf("summaries in the order %v, want %v", got, contractRefList(want))
	}
	for i, s := range all {
		v := c.read(s.Ref).Summary()
		if !s.PlannedStart.Equal(time.Unix(v.PlannedStart.Unix(), 0)) {
			c.Errorf("%s: summary planned start %s, want %s to the second", s.Ref, s.PlannedStart, v.PlannedStart)
		}
		s.PlannedStart, v.PlannedStart = time.Time{}, time.Time{}
		if s.Place != "" {
			c.Errorf("%s: a summary from the list carries its premises key %q, which no list keeps", s.Ref, s.Place)
		}
		if s.Parts != "" {
			c.Errorf("%s: a summary from the list names the officers taking part (%q), which no list keeps", s.Ref, s.Parts)
		}
		v.Place, v.Parts = "", ""
		if s != v {
			c.Errorf("summary %d = %+v, want %+v", i, s, v)
		}
	}
}

// contractSummaries: newest planned start first, to the second; visits
// starting in the same second in the order of their references' bytes;
// a save that moves a visit moves its summary.
func contractSummaries(c *contract) {
	if b := c.scan(0); len(b) != 0 || c.count() != 0 {
		c.Fatalf("an empty store has %d batches of summaries and %d visits", len(b), c.count())
	}
	day2 := contractT0.Add(48 * time.Hour)
	first := c.create(contractVisit{start: day2})                                  // SLN-2026-0001
	latest := c.create(contractVisit{start: contractT0.Add(72 * time.Hour)})       // SLN-2026-0002
	sameSecond := c.create(contractVisit{start: day2.Add(500 * time.Millisecond)}) // SLN-2026-0003
	otherTeam := c.create(contractVisit{team: "CLN", start: day2})                 // CLN-2026-0001
	earliest := c.create(contractVisit{start: contractT0.Add(24 * time.Hour)})     // SLN-2026-0004
	c.checkList(c.scan(0), []*domain.Visit{latest, otherTeam, first, sameSecond, earliest})

	moved, err := c.edit(earliest, contractAmy, contractT0.Add(time.Minute), func(b *domain.Basics) {
		b.PlannedStart = contractT0.Add(96 * time.Hour)
		b.Premises.Name, b.Premises.Postcode, b.Team = "Moved", "CR0 1AB", "CLN"
	})
	if err != nil {
		c.Fatal(err)
	}
	c.checkList(c.scan(0), []*domain.Visit{moved, latest, otherTeam, first, sameSecond})
	if n := c.count(); n != 5 {
		c.Errorf("%d visits stored, want 5", n)
	}
}

// contractSummaryBatches: batches of the size asked for (a thousand for
// none), the last holding the rest; an error from fn or an ended context
// stops the scan.
func contractSummaryBatches(c *contract) {
	var want []*domain.Visit
	for i := range 5 {
		want = append(want, c.create(contractVisit{start: contractT0.Add(time.Duration(10-i) * time.Hour)}))
	}
	for _, tc := range []struct {
		batch int
		sizes []int
	}{{2, []int{2, 2, 1}}, {5, []int{5}}, {0, []int{5}}, {-1, []int{5}}} {
		batches := c.scan(tc.batch)
		var sizes []int
		for _, b := range batches {
			sizes = append(sizes, len(b))
		}
		if !slices.Equal(sizes, tc.sizes) {
			c.Errorf("batch %d: sizes %v, want %v", tc.batch, sizes, tc.sizes)
		}
		c.checkList(batches, want)
	}

	stop := errors.New("enough")
	calls := 0
	err := c.s.ScanSummaries(c.ctx, 2, func([]domain.Summary) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		c.Errorf("fn's error: ScanSummaries returned %v after %d calls, want it after 1", err, calls)
	}

	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	calls = 0
	err = c.s.ScanSummaries(ctx, 2, func([]domain.Summary) error { calls++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || calls != 1 {
		c.Errorf("cancelled during the scan: ScanSummaries returned %v after %d calls, want context.Canceled after 1", err, calls)
	}
}

// contractPremises: visits to the same premises however the address was
// typed, or every visit at a postcode when no address is given; newest
// planned start first, and of two starting at the same moment the later
// reference first.
func contractPremises(c *contract) {
	day := func(n int) time.Time { return contractT0.Add(time.Duration(n) * 24 * time.Hour) }
	p1 := c.create(contractVisit{address: "12 High Street, Croydon", postcode: "CR0 1AB", start: day(2)})
	p2 := c.create(contractVisit{address: "12 High St", postcode: "CR0 1AB", start: day(3)})
	p3 := c.create(contractVisit{address: "14 High Street, Croydon", postcode: "CR0 1AB", start: day(1)})
	p4 := c.create(contractVisit{address: "12 High Street, Croydon", postcode: "CR0 1AD", start: day(4)})
	p5 := c.create(contractVisit{address: "12, High Street", postcode: "CR0 1AB", start: day(2)})

	at := func(pc domain.Postcode, address string) []domain.Ref {
		c.Helper()
		vs, err := c.s.VisitsAtPremises(c.ctx, domain.Premises{Postcode: pc, Address: address})
		if err != nil {
			c.Fatalf("VisitsAtPremises(%s, %q): %v", pc, address, err)
		}
		for _, v := range vs {
			if v.Basics.Premises.Postcode == "" || v.Version == 0 {
				c.Errorf("VisitsAtPremises gave %s without its record", v.Ref)
			}
		}
		return contractRefList(vs)
	}
	// The history from the index alone names the same visits in the same
	// order, each with its premises and planned start.
	history := func(pc domain.Postcode, address string) []domain.Ref {
		c.Helper()
		hs, err := c.s.PremisesHistory(c.ctx, domain.Premises{Postcode: pc, Address: address})
		if err != nil {
			c.Fatalf("PremisesHistory(%s, %q): %v", pc, address, err)
		}
		var refs []domain.Ref
		for _, h := range hs {
			v := c.read(h.Ref)
			if h.Place != v.Basics.Premises.Key() || !h.PlannedStart.Equal(v.Basics.PlannedStart) {
				c.Errorf("PremisesHistory gave %s at %q %s, its record says %q %s", h.Ref, h.Place, h.PlannedStart, v.Basics.Premises.Key(), v.Basics.PlannedStart)
			}
			refs = append(refs, h.Ref)
		}
		return refs
	}
	check := func(pc domain.Postcode, address string, want ...*domain.Visit) {
		c.Helper()
		if got := at(pc, address); !slices.Equal(got, contractRefList(want)) {
			c.Errorf("visits at %s %q: %v, want %v", pc, address, got, contractRefList(want))
		}
		if got := history(pc, address); !slices.Equal(got, contractRefList(want)) {
			c.Errorf("premises history at %s %q: %v, want %v", pc, address, got, contractRefList(want))
		}
	}
	check("cr01ab", "12 high st.", p2, p5, p1)
	check("CR0 1AB", "", p2, p5, p1, p3)
	check("CR0 1AB", "14 High Street", p3)
	check("CR0 1AD", "12 High Street", p4)
	check("SW1A 1AA", "")
	if _, err := c.s.VisitsAtPremises(c.ctx, domain.Premises{Postcode: "not a postcode"}); err == nil {
		c.Error("VisitsAtPremises took a postcode that does not parse")
	}
	if _, err := c.s.PremisesHistory(c.ctx, domain.Premises{Postcode: "not a postcode"}); err == nil {
		c.Error("PremisesHistory took a postcode that does not parse")
	}

	if _, err := c.edit(p3, contractAmy, contractT0.Add(time.Minute), func(b *domain.Basics) { b.Premises.Postcode = "CR0 1AD" }); err != nil {
		c.Fatal(err)
	}
	check("CR0 1AB", "", p2, p5, p1)
	check("CR0 1AD", "", p4, p3)
}
