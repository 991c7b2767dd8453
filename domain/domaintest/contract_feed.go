package domaintest

import (
	"fmt"
	"sync"
	"time"

	"oic/domain"
)

// contractPatience is how long the contract waits for an event, a closed
// channel, or writers behind a listener that does not read.
const contractPatience = 30 * time.Second

// next waits for an event that satisfies ok and returns the events passed
// over on the way.
func (c *contract) next(ch <-chan domain.Event, ok func(domain.Event) bool) (passed []domain.Event) {
	c.Helper()
	timeout := time.After(contractPatience)
	for {
		select {
		case e, open := <-ch:
			if !open {
				c.Fatal("the event channel closed")
			}
			if ok(e) {
				return passed
			}
			passed = append(passed, e)
		case <-timeout:
			c.Fatal("no event arrived")
		}
	}
}

// closed waits for ch to close, discarding what is still in it.
func (c *contract) closed(ch <-chan domain.Event) {
	c.Helper()
	timeout := time.After(contractPatience)
	for {
		select {
		case _, open := <-ch:
			if !open {
				return
			}
		case <-timeout:
			c.Fatal("the event channel did not close")
		}
	}
}

// contractFeed: a stored visit is an event naming its reference alone, a
// saved officer one naming the staff number alone; nothing else is an
// event, nor is a refused write. Every listener hears every change made
// after it started listening.
func contractFeed(c *contract) {
	events, stop := c.s.Listen()
	defer stop()
	is := func(want domain.Event) func(domain.Event) bool {
		return func(e domain.Event) bool { e.Seq = 0; return e == want } // a Seq is the store's own
	}
	v := c.create(contractVisit{})
	c.next(events, is(domain.Event{Ref: v.Ref}))
	v = c.rename(v, "Renamed", contractAmy, contractT0.Add(time.Minute))
	c.next(events, is(domain.Event{Ref: v.Ref}))
	c.saveOfficer(contractBen)
	c.next(events, is(domain.Event{Officer: contractBen.StaffNo}))

	// Writes that change no visit or officer.
	if err := c.s.SetSignedIn(c.ctx, contractBen.StaffNo); err != nil {
		c.Fatal(err)
	}
	if err := c.s.SaveDraft(c.ctx, contractBen.StaffNo, "new-visit", []byte("draft")); err != nil {
		c.Fatal(err)
	}
	if err := c.s.DeleteDraft(c.ctx, contractBen.StaffNo, "new-visit"); err != nil {
		c.Fatal(err)
	}
	stale := c.read(v.Ref)
	stale.Version = 1
	if _, err := c.s.SaveVisit(c.ctx, stale, domain.Change{Action: "edited", Actor: contractAmy.StaffNo, At: contractT0}); err == nil {
		c.Fatal("a stale save was stored")
	}
	spoilt := c.read(v.Ref)
	spoilt.History = nil
	if _, err := c.s.SaveVisit(c.ctx, spoilt, domain.Change{Action: "edited", Actor: contractAmy.StaffNo, At: contractT0}); err == nil {
		c.Fatal("a save emptying the history was stored")
	}
	// Events of one moment may come in any order, so wait for a second
	// marker too: anything the writes above made arrives before it.
	c.saveOfficer(contractAmy)
	passed := c.next(events, is(domain.Event{Officer: contractAmy.StaffNo}))
	c.saveOfficer(Silver)
	passed = append(passed, c.next(events, is(domain.Event{Officer: Silver.StaffNo}))...)
	for _, e := range passed {
		c.Errorf("unexpected event %+v", e)
	}

	late, stopLate := c.s.Listen()
	defer stopLate()
	c.saveOfficer(Driver)
	c.next(late, is(domain.Event{Officer: Driver.StaffNo}))
	c.next(events, is(domain.Event{Officer: Driver.StaffNo}))
}

// contractFeedStop: stop closes the channel, may be called twice, and
// writes go on after it.
func contractFeedStop(c *contract) {
	events, stop := c.s.Listen()
	stop()
	stop()
	c.closed(events)
	c.create(contractVisit{})
	c.saveOfficer(contractAmy)
}

// contractSlowListener: a listener that does not read never holds up a
// writer, and when it reads again it is handed a Resync in place of the
// changes it could not be given; a listener that keeps reading hears of
// the last change. Every change reaches a listener as its event or as a
// Resync after it. The number of changes is well above what the Badger
// store will hold for one listener.
func contractSlowListener(c *contract) {
	const changes, writers = 2500, 16
	officer := func(i int) domain.Officer {
		return domain.Officer{StaffNo: domain.StaffNo(fmt.Sprintf("Z%05d", i)), Name: "Officer", Grade: "EO", Team: "SLN"}
	}
	stuck, stopStuck := c.s.Listen()
	defer stopStuck()
	reader, stopReader := c.s.Listen()
	var (
		mu    sync.Mutex
		heard []domain.Event
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		for e := range reader {
			mu.Lock()
			heard = append(heard, e)
			mu.Unlock()
		}
	}()
	defer func() { stopReader(); <-done }()

	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := w; i < changes; i += writers {
				if err := c.s.SaveOfficer(c.ctx, officer(i), domain.ProfileChange(nil, officer(i), officer(i), contractT0)); err != nil {
					c.Errorf("SaveOfficer: %v", err)
					return
				}
			}
		})
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(4 * contractPatience):
		c.Fatal("writers were held up by a listener that does not read")
	}

	mu.Lock()
	mark := len(heard)
	mu.Unlock()
	last := officer(changes)
	c.saveOfficer(last)
	for deadline := time.Now().Add(contractPatience); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		after := heard[mark:]
		mu.Unlock()
		ok := false
		for _, e := range after {
			ok = ok || e.Officer == last.StaffNo || e.Resync
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			c.Fatal("the reading listener did not hear of the last change")
		}
	}

	n := 0
	c.next(stuck, func(e domain.Event) bool { n++; return e.Resync })
	if n-1 >= changes {
		c.Errorf("the listener that did not read was handed %d events before its Resync, for %d changes", n-1, changes)
	}
	// Listening goes on after a Resync. A change made while another Resync
	// is owed (the first may have come early) arrives as that Resync.
	after := officer(changes + 1)
	c.saveOfficer(after)
	c.next(stuck, func(e domain.Event) bool { return e.Officer == after.StaffNo || e.Resync })
}

// contractFeedClose: closing a store that has Close ends its listeners,
// and a Listen after it returns a closed channel.
func contractFeedClose(c *contract) {
	closer, ok := c.s.(interface{ Close() error })
	if !ok {
		c.Skip("this store has no Close")
	}
	events, stop := c.s.Listen()
	c.create(contractVisit{})
	if err := closer.Close(); err != nil {
		c.Fatal(err)
	}
	c.closed(events)
	stop()
	late, stopLate := c.s.Listen()
	c.closed(late)
	stopLate()
}
