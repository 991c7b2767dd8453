package store

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"oic/domain"
)

// next waits for an event that satisfies ok, failing after a while.
func next(t *testing.T, ch <-chan domain.Event, ok func(domain.Event) bool) domain.Event {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e, open := <-ch:
			if !open {
				t.Fatal("the event channel closed")
			}
			if ok(e) {
				return e
			}
		case <-timeout:
			t.Fatal("no event arrived")
		}
	}
}

// closed waits for ch to close, discarding what is still in it.
func closed(t *testing.T, ch <-chan domain.Event) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case _, open := <-ch:
			if !open {
				return
			}
		case <-timeout:
			t.Fatal("the event channel did not close")
		}
	}
}

// listenerGoroutines counts the store's per-listener goroutines still running.
func listenerGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "store.(*listener).run")
}

func waitNoListeners(t *testing.T) {
	t.Helper()
	for range 200 {
		if listenerGoroutines() == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d listener goroutines still running", listenerGoroutines())
}

func TestFeedDeliversChanges(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	events, stop := s.Listen()
	defer stop()

	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	next(t, events, func(e domain.Event) bool { return e.Ref == v.Ref })

	b := v.Basics
	b.Premises.Name = "Renamed"
	c, _ := v.EditBasics(b, alice, t0.Add(time.Minute))
	if _, err := s.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	next(t, events, func(e domain.Event) bool { return e.Ref == v.Ref })

	if err := s.SaveOfficer(ctx, bob, domain.ProfileChange(nil, bob, bob, t0)); err != nil {
		t.Fatal(err)
	}
	next(t, events, func(e domain.Event) bool { return e.Officer == bob.StaffNo })

	// A second listener, started later, shares the subscription.
	events2, stop2 := s.Listen()
	defer stop2()
	if err := s.SaveOfficer(ctx, alice, domain.ProfileChange(nil, alice, alice, t0)); err != nil {
		t.Fatal(err)
	}
	next(t, events2, func(e domain.Event) bool { return e.Officer == alice.StaffNo })
	next(t, events, func(e domain.Event) bool { return e.Officer == alice.StaffNo })
}

// TestStuckListenerDoesNotBlockWriters saves thousands of visits while one
// listener never reads. The writes must finish, and the stuck listener,
// once it reads, learns it must reload everything.
func TestStuckListenerDoesNotBlockWriters(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	const nVisits, nSaves, writers = 1500, 5000, 4
	vs := bulkLoad(t, s, nVisits)

	stuck, stopStuck := s.Listen()
	defer stopStuck()
	reader, stopReader := s.Listen()
	defer stopReader()
	var (
		mu     sync.Mutex
		seen   = map[domain.Ref]int{}
		resync int
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		for e := range reader {
			mu.Lock()
			seen[e.Ref]++
			if e.Resync {
				resync++
			}
			mu.Unlock()
		}
	}()

	var wg sync.WaitGroup
	finished := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			for i := w; i < nSaves; i += writers {
				idx := i % nVisits
				v, c := edit(vs[idx], alice, t0.Add(time.Duration(i)*time.Second), 1+4*i) // rename and move postcode
				if v == nil {
					t.Errorf("no edit for %s", vs[idx].Ref)
					return
				}
				nv, err := s.SaveVisit(ctx, v, c)
				if err != nil {
					t.Errorf("save %d: %v", i, err)
					return
				}
				vs[idx] = nv
			}
		})
	}
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(2 * time.Minute):
		t.Fatal("writers blocked behind a listener that does not read")
	}

	// The reading listener hears about a save made after the others: as
	// an event for it, or as a Resync if it fell behind.
	last := vs[0]
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	before, resyncBefore := seen[last.Ref], resync
	mu.Unlock()
	v, c := edit(last, alice, t0, 1)
	if _, err := s.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		ok := seen[last.Ref] > before || resync > resyncBefore
		heard, rs := len(seen), resync
		mu.Unlock()
		if ok {
			t.Logf("the reading listener heard of %d visits and had %d resyncs", heard, rs)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reading listener did not hear of the last save (it heard of %d visits)", heard)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// The stuck listener starts reading: first what it was owed before it
	// fell behind, then one Resync instead of the thousands it missed.
	n := 0
	next(t, stuck, func(e domain.Event) bool { n++; return e.Resync })
	if n > maxPending+200 {
		t.Errorf("the stuck listener was handed %d events before its Resync", n)
	}

	stopReader()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the reader's channel did not close after stop")
	}
	checkStore(t, s)
}

func TestStopEndsDelivery(t *testing.T) {
	s, _ := openStore(t)
	events, stop := s.Listen()
	stop()
	stop() // twice is harmless
	closed(t, events)
	create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	waitNoListeners(t)
}

func TestCloseWithListenersOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	quiet, stopQuiet := s.Listen()
	busy, stopBusy := s.Listen()
	// Enough changes that the unread listener is blocked mid-delivery.
	for i := range 100 {
		create(t, s, basics("SLN", "SW1A 1AA", t0.Add(time.Duration(1+i)*time.Hour), alice), alice, t0)
	}
	next(t, busy, func(e domain.Event) bool { return e.Ref != "" })

	closedOK := make(chan error, 1)
	go func() { closedOK <- s.Close() }()
	select {
	case err := <-closedOK:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close hung with listeners open")
	}
	closed(t, quiet)
	closed(t, busy)
	stopQuiet() // after Close: no panic
	stopBusy()
	waitNoListeners(t)

	// Listening on a closed store neither hangs nor panics.
	ch, stop := s.Listen()
	closed(t, ch)
	stop()
}

func TestCloseWithoutListening(t *testing.T) {
	s, _ := openStore(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ch, stop := s.Listen()
	closed(t, ch)
	stop()
}

// TestCloseLeavesNoGoroutines opens, listens, writes and closes a few
// stores, and checks nothing they started is still running.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	base := runtime.NumGoroutine()
	for range 3 {
		s, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ch, _ := s.Listen() // never stopped: Close must end it
		v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
		next(t, ch, func(e domain.Event) bool { return e.Ref == v.Ref })
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for range 500 {
		if n = runtime.NumGoroutine(); n <= base {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines after Close, %d before Open:\n%s", n, base, buf[:runtime.Stack(buf, true)])
}
