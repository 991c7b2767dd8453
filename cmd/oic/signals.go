package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
)

// A signal ends any oic cleanly, the TUI or a command: its context is
// cancelled, the work under way stops (an import undoes what it wrote,
// the TUI keeps what is typed as drafts), the store closes, releasing
// its lock, and the terminal is as it was. oic has this one handler:
// Bubble Tea's own (turned off in tui.go) sent on an unbuffered channel
// nobody read once the program was ending, and froze the TUI holding
// the store's lock.
//
// If closing cleanly takes longer than hardStop, or a second signal
// comes, oic puts the terminal back and exits there and then. Nothing
// acknowledged is lost by that: every write is on disk when it returns,
// and the next oic opens the folder as after a crash.

// stopSignals end oic: Ctrl-C where the terminal does not hand it over
// as a key, kill's TERM, and HUP, the terminal closed.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// hardStop is how long a clean stop may take before oic stops anyway:
// under the two seconds in which any oic ends on a signal.
const hardStop = 1800 * time.Millisecond

// stopper is oic's handler of stopSignals.
type stopper struct {
	mu      sync.Mutex
	caught  os.Signal
	restore func() // puts the terminal back, if the TUI has it
	// left, if set, says what a hard stop leaves behind, instead of
	// the usual note.
	left   string
	stderr io.Writer
	exit   func(code int)
}

// watchSignals cancels the context it returns on the first stop signal,
// and ends the process after hardStop, or on a second.
func watchSignals(stderr io.Writer) (context.Context, *stopper) {
	st := &stopper{stderr: stderr, exit: os.Exit}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), stopperKey{}, st))
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, stopSignals...)
	go func() {
		first := <-ch
		st.mu.Lock()
		st.caught = first
		st.mu.Unlock()
		cancel()
		select {
		case <-ch:
		case <-time.After(hardStop):
		}
		st.hardExit(first)
	}()
	return ctx, st
}

type stopperKey struct{}

// stopperOf is the stopper watching over ctx's process, or nil (a test
// running oic in its own process).
func stopperOf(ctx context.Context) *stopper {
	st, _ := ctx.Value(stopperKey{}).(*stopper)
	return st
}

// signal is the stop signal caught, or nil.
func (st *stopper) signal() os.Signal {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.caught
}

// exitCode is the status of a process ended by sig, as a shell reports
// it: 128 and the signal's number (130 for INT, 143 for TERM).
func exitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// holdTerminal notes the state of the terminal on fd, before the TUI
// changes it, so a hard stop can put it back; the returned func forgets
// it, once the TUI has put it back itself.
func (st *stopper) holdTerminal(in io.Reader, out io.Writer) func() {
	f, ok := in.(*os.File)
	if st == nil || !ok || !term.IsTerminal(f.Fd()) {
		return func() {}
	}
	fd := f.Fd()
	state, err := term.GetState(fd)
	if err != nil {
		return func() {}
	}
	st.mu.Lock()
	st.restore = func() {
		// Bracketed paste off, the cursor shown, the main screen back.
		io.WriteString(out, "\x1b[?2004l\x1b[?25h\x1b[?1049l")
		term.Restore(fd, state)
	}
	st.mu.Unlock()
	return func() {
		st.mu.Lock()
		st.restore = nil
		st.mu.Unlock()
	}
}

// leaves says what a hard stop from now on leaves behind: a command
// part-way through work that a stop must undo says so.
func (st *stopper) leaves(what string) {
	if st == nil {
		return
	}
	st.mu.Lock()
	st.left = what
	st.mu.Unlock()
}

// hardExit ends the process at once, with the terminal put back.
func (st *stopper) hardExit(sig os.Signal) {
	st.mu.Lock()
	restore, left := st.restore, st.left
	st.mu.Unlock()
	if restore != nil {
		restore()
	}
	if left == "" {
		left = "Nothing saved is lost: the next oic opens the folder as after a crash"
	}
	fmt.Fprintf(st.stderr, "oic: stopped by %v before it had finished closing. %s.\n", sig, left)
	st.exit(exitCode(sig))
}
