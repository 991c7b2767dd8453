package store

import (
	"context"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"

	"oic/domain"
)

// The change feed: one Badger subscription per process, fanned out to any
// number of listeners. Badger delivers to a subscriber through a bounded
// channel and blocks every writer while that channel is full, so the
// subscription callback never waits on a listener. It only records what
// changed in each listener's pending set and nudges it. Each listener has its
// own goroutine that drains its set into its channel at the listener's pace.
// A listener far behind has its set collapsed into one Resync event.

// maxPending is how many distinct changes a listener may owe before they are
// replaced by a single Resync.
const maxPending = 1024

var prefixPing = []byte("m/ping")

type feed struct {
	cancel context.CancelFunc
	done   chan struct{}

	mu        sync.Mutex
	listeners map[*listener]struct{}
	closed    bool // set by close; no listener is added after it
	ready     chan struct{}
	readyOnce sync.Once
}

type listener struct {
	out      chan domain.Event
	nudge    chan struct{}
	quit     chan struct{}
	stopOnce sync.Once
	mu       sync.Mutex
	refs     map[domain.Ref]uint64 // the newest commit of each visit's changes
	offs     map[domain.StaffNo]struct{}
	resync   bool
}

// Listen returns a channel of change events and a function to stop
// listening. The subscription starts on first use and is shared. The
// channel is closed once the listener stops, by stop or by Close; a Listen
// after Close returns a closed channel.
func (s *Store) Listen() (<-chan domain.Event, func()) {
	s.feedOnce.Do(s.startFeed)
	l := &listener{
		out: make(chan domain.Event, 64), nudge: make(chan struct{}, 1), quit: make(chan struct{}),
		refs: map[domain.Ref]uint64{}, offs: map[domain.StaffNo]struct{}{},
	}
	go l.run()
	f := s.feed
	if f == nil { // Close ran before any Listen
		l.stop()
		return l.out, func() {}
	}
	f.mu.Lock()
	if f.closed {
		l.stop()
	} else {
		f.listeners[l] = struct{}{}
	}
	f.mu.Unlock()
	return l.out, func() {
		f.mu.Lock()
		delete(f.listeners, l)
		f.mu.Unlock()
		l.stop()
	}
}

// stop ends the listener's goroutine, which then closes its channel. Safe
// to call more than once, from stop functions and from Close.
func (l *listener) stop() { l.stopOnce.Do(func() { close(l.quit) }) }

func (s *Store) startFeed() {
	ctx, cancel := context.WithCancel(context.Background())
	f := &feed{cancel: cancel, done: make(chan struct{}), listeners: map[*listener]struct{}{}, ready: make(chan struct{})}
	s.feed = f
	// An officer's trail head (q/) moves with every change to them,
	// their profile's and those that leave it as it is: a key given or
	// taken (oic serve ends the sessions of a key taken), a role.
	matches := []pb.Match{{Prefix: prefixVisit}, {Prefix: prefixOfficer}, {Prefix: prefixOfficerHead}, {Prefix: prefixPing}}
	go func() {
		defer close(f.done)
		_ = s.db.Subscribe(ctx, f.publish, matches)
	}()
	// Subscribe registers asynchronously. Write a marker until the
	// subscription sees it, so no change made after Listen returns is missed.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		_ = s.update(func(txn *badger.Txn) error { return txn.Set(prefixPing, nil) })
		select {
		case <-f.ready:
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// publish is Badger's callback. It must return quickly. A commit's
// changes reach each listener in one step, so that a save writing both an
// officer's profile (o/) and its trail head (q/) is one change to them,
// never two events with a delivery between.
func (f *feed) publish(kvs *pb.KVList) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	type change struct {
		ref     domain.Ref
		version uint64
		officer domain.StaffNo
	}
	var changes []change
	for _, kv := range kvs.Kv {
		switch {
		case string(kv.Key) == string(prefixPing):
			f.readyOnce.Do(func() { close(f.ready) })
		case len(kv.Key) > 2 && kv.Key[0] == 'v':
			changes = append(changes, change{ref: domain.Ref(kv.Key[2:]), version: kv.Version})
		case len(kv.Key) > 2 && (kv.Key[0] == 'o' || kv.Key[0] == 'q'):
			changes = append(changes, change{officer: domain.StaffNo(kv.Key[2:])})
		}
	}
	if len(changes) == 0 {
		return nil
	}
	for l := range f.listeners {
		l.add(func() {
			for _, c := range changes {
				if c.ref != "" {
					l.refs[c.ref] = max(l.refs[c.ref], c.version)
				} else {
					l.offs[c.officer] = struct{}{}
				}
			}
		})
	}
	return nil
}

// close ends the subscription and stops every listener. Before, listeners
// outlived Close: their goroutines leaked and their channels never closed,
// so a screen waiting on one waited forever.
func (f *feed) close() {
	f.cancel()
	<-f.done
	f.mu.Lock()
	f.closed = true
	for l := range f.listeners {
		l.stop()
	}
	clear(f.listeners)
	f.mu.Unlock()
}

func (l *listener) add(mark func()) {
	l.mu.Lock()
	if !l.resync {
		mark()
		if len(l.refs)+len(l.offs) > maxPending {
			l.resync = true
			clear(l.refs)
			clear(l.offs)
		}
	}
	l.mu.Unlock()
	select {
	case l.nudge <- struct{}{}:
	default: // already nudged
	}
}

// run delivers pending changes to the listener's channel, blocking only this
// goroutine when the listener is slow. It is the channel's only sender, so
// it is the one to close it.
func (l *listener) run() {
	defer close(l.out)
	for {
		select {
		case <-l.quit:
			return
		case <-l.nudge:
		}
		l.mu.Lock()
		var evs []domain.Event
		if l.resync {
			evs = []domain.Event{{Resync: true}}
			l.resync = false
		}
		for r, seq := range l.refs {
			evs = append(evs, domain.Event{Ref: r, Seq: seq})
		}
		for sn := range l.offs {
			evs = append(evs, domain.Event{Officer: sn})
		}
		clear(l.refs)
		clear(l.offs)
		l.mu.Unlock()
		for _, e := range evs {
			select {
			case l.out <- e:
			case <-l.quit:
				return
			}
		}
	}
}
