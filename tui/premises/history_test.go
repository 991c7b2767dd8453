package premises_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/premises"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// readCounter counts the visit records the screens read.
type readCounter struct {
	domain.Store
	reads atomic.Int64
}

func (c *readCounter) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	c.reads.Add(1)
	return c.Store.Visit(ctx, ref)
}

func (c *readCounter) VisitsAtPremises(ctx context.Context, p domain.Premises) ([]*domain.Visit, error) {
	vs, err := c.Store.VisitsAtPremises(ctx, p)
	c.reads.Add(int64(len(vs)))
	return vs, err
}

// earlierVisits stores n visits to the Golden Dragon before the seeded
// ones, a day apart, the oldest first.
func earlierVisits(t *testing.T, s domain.Store, n int) []domain.Ref {
	t.Helper()
	var refs []domain.Ref
	for i := range n {
		start := time.Date(2025, 1, 1, 6, 0, 0, 0, tuitest.London).AddDate(0, 0, i)
		b := domain.Basics{
			Team:     "SLN",
			Premises: domain.Premises{Name: "Golden Dragon", Address: "12 High Street", Postcode: "CR0 1AB", Sector: "Restaurant / takeaway"},
			Intel: domain.Intelligence{Ref: fmt.Sprintf("INT-%04d", i), Received: domain.DateOf(start.AddDate(0, 0, -20)), Priority: 3,
				Summary: "Workers seen in the kitchen."},
			Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Regional Tasking Board", DecidedAt: start.AddDate(0, 0, -15),
				Rationale: "Credible, recent, local priority."},
			PlannedStart: start, OIC: tuitest.IO.StaffNo, OICName: tuitest.IO.Name,
		}
		v, c, err := domain.NewVisit(b, tuitest.CIO, start.AddDate(0, 0, -14))
		if err != nil {
			t.Fatal(err)
		}
		if v, err = s.CreateVisit(context.Background(), v, c); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, v.Ref)
	}
	return refs
}

// Premises visited hundreds of times (20,000 in the issue): the visit
// counts its earlier visits without reading one of them, and the history
// reads a page of records to draw its first screen, the next as the
// officer scrolls to them, and on to the oldest when asked for it.
func TestPremises_LongHistoryIsReadAPageAtATime(t *testing.T) {
	const earlier = 300
	s := &readCounter{Store: tuitest.Store(t)}
	pv := seedPremises(t, s)
	old := earlierVisits(t, s, earlier)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)

	before := s.reads.Load()
	openVisit(d, pv.today.Ref)
	d.WaitFor("earlier visits to these premises")
	tuitest.Contains(t, d.View(), fmt.Sprintf("%d earlier visits to these premises", earlier+2))
	if n := s.reads.Load() - before; n > 2 {
		t.Errorf("opening the visit read %d records to count its premises' visits; want its own alone", n)
	}

	before = s.reads.Load()
	d.Press("P")
	d.WaitFor("other visits to these premises") // under -race the in-memory store is slow to list them
	ps, ok := d.Top().(*premises.Screen)
	if !ok {
		t.Fatalf("P did not open the premises history:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), fmt.Sprintf("%d other visits to these premises", earlier+2), fmt.Sprintf("visit 2 of %d", earlier+4))
	if n, listed := s.reads.Load()-before, len(ps.Listed()); n > 100 || listed >= earlier {
		t.Errorf("the first screen read %d records and lists %d visits; want a page", n, listed)
	}
	tuitest.CheckFits(t, d.View(), 120, 40)

	// Down through what is read: the next page comes before it is needed.
	first := len(ps.Listed())
	for range first {
		d.Press("j")
	}
	if len(ps.Listed()) <= first {
		t.Errorf("scrolled to visit %d of %d read, no more were read", first, len(ps.Listed()))
	}

	// G: the oldest, once everything is read; the other address next
	// door after it.
	d.Press("G")
	d.WaitFor("Other addresses at CR0 1AB")
	if got, want := len(ps.Listed()), earlier+4; got != want {
		t.Errorf("after G the list holds %d visits, want %d", got, want)
	}
	if ps.Selected() != pv.neighbour.Ref {
		t.Errorf("G selected %s, want the last listed, %s", ps.Selected(), pv.neighbour.Ref)
	}
	if v := d.View(); strings.Contains(v, "read as they come into view") {
		t.Errorf("everything is read, yet the list says more are to come:\n%s", v)
	}
	d.Press("k")
	if ps.Selected() != old[0] {
		t.Errorf("above the other address: %s, want the oldest visit %s", ps.Selected(), old[0])
	}
}
