package tui

import (
	"slices"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// In team mode every session is told of every save, and each woke its
// program for it: the message routed through every screen and the whole
// frame drawn again, 50 times a save with 50 sessions, though most of
// them show another visit (BENCHMARKS.md, "The 50-session load in 100
// ms"). The watch stands between the change feed and the program: a
// change to a visit the screens on top do not show does not wake the
// program. What such a change still asks is done beside it: the banner's
// look at the visit's incident (Alerts.Follow, a message only if it is
// news); and the change is kept, for the screens to take once what is on
// top changes (a visit closed, back at the register or the board), as if
// it had just happened.

// interest is which visits' changes the screens follow while they are on
// top: every visit's (all), or those of refs only.
type interest struct {
	all  bool
	refs []domain.Ref
}

func (i interest) follows(ref domain.Ref) bool { return i.all || slices.Contains(i.refs, ref) }

func (i interest) equal(j interest) bool { return i.all == j.all && slices.Equal(i.refs, j.refs) }

// interestOf is what the screens of stack follow: the top screen's visits
// (common.Watcher; every visit for a screen that does not say), and those
// of the watchers under it, which stay current while covered (a visit
// under its own form). Other screens under the top one take the changes
// kept for them when the top changes.
func interestOf(stack []common.Screen) interest {
	var in interest
	for i, s := range slices.Backward(stack) {
		w, ok := s.(common.Watcher)
		var refs []domain.Ref
		if ok {
			refs = w.Watches()
		}
		if len(refs) == 0 {
			if i == len(stack)-1 {
				return interest{all: true}
			}
			continue
		}
		for _, r := range refs {
			if !slices.Contains(in.refs, r) {
				in.refs = append(in.refs, r)
			}
		}
	}
	slices.Sort(in.refs)
	return in
}

// watch passes the changes the screens follow to the program and keeps
// the others. Its goroutine (run) is the only reader of the store's
// channel and the only sender on out; the program sets what it follows
// (follow) and takes what was kept (follow's result).
type watch struct {
	out chan tea.Msg

	mu     sync.Mutex
	in     interest
	missed map[domain.Ref]struct{}
}

func newWatch(in interest) *watch {
	return &watch{out: make(chan tea.Msg, 64), in: in, missed: map[domain.Ref]struct{}{}}
}

// run reads events until the store's channel closes. aside is what a
// change not passed on still asks (the banner's look), run here, off the
// program; its message, if any, goes to the program.
func (w *watch) run(events <-chan domain.Event, aside func(domain.Event) tea.Msg) {
	defer close(w.out)
	for e := range events {
		if e.Ref == "" { // a resync, an officer's change: every screen's
			w.out <- common.EventMsg(e)
			continue
		}
		w.mu.Lock()
		pass := w.in.follows(e.Ref)
		if !pass {
			w.missed[e.Ref] = struct{}{}
		}
		w.mu.Unlock()
		if pass {
			w.out <- common.EventMsg(e)
			continue
		}
		if aside != nil {
			if m := aside(e); m != nil {
				w.out <- m
			}
		}
	}
}

// follow sets what the screens follow and returns the changes kept since
// it last changed, for the screens to take now. A change is either passed
// on or kept, never both nor neither: run decides under the same lock.
func (w *watch) follow(in interest) []domain.Ref {
	w.mu.Lock()
	defer w.mu.Unlock()
	if in.equal(w.in) {
		return nil
	}
	w.in = in
	if len(w.missed) == 0 {
		return nil
	}
	refs := make([]domain.Ref, 0, len(w.missed))
	for r := range w.missed {
		refs = append(refs, r)
	}
	clear(w.missed)
	slices.Sort(refs)
	return refs
}
