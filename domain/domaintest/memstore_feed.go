package domaintest

import (
	"sync"

	"oic/domain"
)

// The change feed works as the Badger store's does: a write never waits
// on a listener. It only marks the change in each listener's pending set,
// where repeated changes to one visit or officer make one event, and each
// listener's own goroutine hands what is pending to its channel at the
// listener's pace. A listener owing more than maxPending changes is owed
// one Resync instead. Both sizes are the Badger store's.
const (
	listenBuffer = 64
	maxPending   = 1024
)

type feed struct {
	mu        sync.Mutex
	listeners map[*listener]struct{}
	closed    bool
}

type listener struct {
	out      chan domain.Event
	nudge    chan struct{}
	quit     chan struct{}
	stopOnce sync.Once

	mu      sync.Mutex
	pending map[domain.Event]struct{}
	resync  bool
}

// Listen returns a channel of change events and a function to stop
// listening, which closes the channel. A Listen after Close returns a
// closed channel.
func (s *Store) Listen() (<-chan domain.Event, func()) {
	l := &listener{
		out: make(chan domain.Event, listenBuffer), nudge: make(chan struct{}, 1), quit: make(chan struct{}),
		pending: map[domain.Event]struct{}{},
	}
	go l.run()
	f := &s.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		l.stop()
		return l.out, func() {}
	}
	if f.listeners == nil {
		f.listeners = map[*listener]struct{}{}
	}
	f.listeners[l] = struct{}{}
	return l.out, func() {
		f.mu.Lock()
		delete(f.listeners, l)
		f.mu.Unlock()
		l.stop()
	}
}

// Close ends every listener, closing its channel, as closing the Badger
// store does. Unlike that store, this one can still be read and written
// after it. Safe to call more than once.
func (s *Store) Close() error {
	f := &s.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for l := range f.listeners {
		l.stop()
	}
	clear(f.listeners)
	return nil
}

// publish tells every listener of e without waiting for any.
func (f *feed) publish(e domain.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for l := range f.listeners {
		l.add(e)
	}
}

func (l *listener) add(e domain.Event) {
	l.mu.Lock()
	if !l.resync {
		l.pending[e] = struct{}{}
		if len(l.pending) > maxPending {
			l.resync = true
			clear(l.pending)
		}
	}
	l.mu.Unlock()
	select {
	case l.nudge <- struct{}{}:
	default: // already nudged
	}
}

func (l *listener) stop() { l.stopOnce.Do(func() { close(l.quit) }) }

// run is the only sender on l.out, so it closes it.
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
			evs = append(evs, domain.Event{Resync: true})
			l.resync = false
		}
		for e := range l.pending {
			evs = append(evs, e)
		}
		clear(l.pending)
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
