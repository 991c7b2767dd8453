package form

import (
	"errors"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// A save on its way when the program stops (oic serve stopped by a
// signal mid-save, issue 17): the store may take it, and the program end
// before the form hears so. Keeping the typing as a draft then would have
// it both on the record and offered again to be recorded twice; dropping
// it would lose it if the save failed. So a form stopping with a save on
// its way waits, a short while, for the save's outcome: taken, the draft
// is dropped; refused, or not known in time, the draft is kept (a note
// possibly recorded twice is better than one lost). A save not yet begun
// is not begun after: the draft keeps the typing.

// saveWait is how long stopping waits for a save on its way: far longer
// than a durable save takes, and short enough that a signal still ends
// oic within its two seconds (README, "Stopping").
const saveWait = time.Second

// errStopped is a save not begun because the program was stopping.
var errStopped = errors.New("oic was stopping: not saved; your typing is kept as a draft")

// inflight is a form's save on its way.
type inflight struct {
	mu      sync.Mutex
	started bool // the save has begun: it will end, taken or not
	stopped bool // the program stopped first: it is never begun
	known   bool // the outcome is known: saved says it
	saved   bool
	done    chan bool // the outcome, sent once
	// sent is what the form held when the save was asked for: typing
	// added after it is not on the record, and is kept.
	sent string
}

// track wraps cmd, the form's save, so stopping can learn its outcome.
func (fs *Screen) track(cmd tea.Cmd) tea.Cmd {
	f := &inflight{done: make(chan bool, 1), sent: fs.draftData()}
	fs.inflight = f
	return func() tea.Msg {
		f.mu.Lock()
		if f.stopped {
			f.mu.Unlock()
			return SavedMsg{Err: errStopped}
		}
		f.started = true
		f.mu.Unlock()
		msg := cmd()
		sm, ok := msg.(SavedMsg)
		f.done <- ok && sm.Err == nil
		return msg
	}
}

// savedMeanwhile reports whether the save on its way, if any, was taken
// by the store with what the form holds now: asked as the program
// stops, it waits for the outcome of a save begun (at most saveWait),
// and stops one not yet begun.
func (fs *Screen) savedMeanwhile() bool {
	return fs.saveTaken() && fs.inflight.sent == fs.draftData()
}

// saveTaken reports whether the save on its way was taken.
func (fs *Screen) saveTaken() bool {
	f := fs.inflight
	if f == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.known:
		return f.saved
	case !f.started:
		f.stopped = true
		return false
	}
	select {
	case f.saved = <-f.done:
		f.known = true
	case <-time.After(saveWait):
	}
	return f.saved
}
