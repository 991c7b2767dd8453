package board

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"oic/domain"
	"oic/tui/tuitest"
)

// countingReads counts the visits read from a store.
type countingReads struct {
	domain.Store
	reads atomic.Int64
}

func (c *countingReads) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	c.reads.Add(1)
	return c.Store.Visit(ctx, ref)
}

// Every session's banner is told of one change (in team mode, of every
// save): the sessions sharing Incidents read the visit once between them,
// and each is told of the incident.
func TestIncidentsReadOnceForEverySession(t *testing.T) {
	mem := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, mem, func(v *domain.Visit) {
		e, err := v.ParseEntry(domain.EntryIncident, domain.EntryInput{Text: "Officer injured on the rear stairs", At: "06:05"}, tuitest.LiveNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Record(e, tuitest.CIO, tuitest.LiveNow); err != nil {
			t.Fatal(err)
		}
	})
	st := &countingReads{Store: mem}
	in := NewIncidents()
	var wg sync.WaitGroup
	told := make(chan bool, 5)
	for range 5 {
		a := NewAlerts(tuitest.Session(st))
		a.SharedReadings(in)
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, ok := a.Follow(domain.Event{Ref: v.Ref, Seq: 42}).(alertMsg)
			told <- ok && m.ok && m.alert.Ref == v.Ref
		}()
	}
	wg.Wait()
	close(told)
	for ok := range told {
		if !ok {
			t.Error("a session was not told of the incident")
		}
	}
	if n := st.reads.Load(); n != 1 {
		t.Errorf("%d reads of the visit for five sessions told of one change, want 1", n)
	}
	// A session whose listener was told of an earlier change only takes
	// the reading of the later one: the visit as it stands.
	a := NewAlerts(tuitest.Session(st))
	a.SharedReadings(in)
	if m, ok := a.Follow(domain.Event{Ref: v.Ref, Seq: 41}).(alertMsg); !ok || !m.ok {
		t.Errorf("a session told of an earlier change was not told of the incident: %#v", m)
	}
	if n := st.reads.Load(); n != 1 {
		t.Errorf("%d reads after a session told of an earlier change looked, want 1", n)
	}
}
