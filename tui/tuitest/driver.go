package tuitest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/common"
)

// Driver runs a model the way Bubble Tea would: every command in its own
// goroutine, every message back through Update. Some commands never finish
// (the one waiting on the change feed), so Settle returns once no message
// has arrived for a short while; whatever is still running delivers at the
// next Settle.
type Driver struct {
	t    testing.TB
	M    tea.Model
	msgs chan tea.Msg
	// Idle is how long without a message counts as settled.
	Idle time.Duration
}

// NewDriver starts m at w by h and settles.
func NewDriver(t testing.TB, m tea.Model, w, h int) *Driver {
	d := &Driver{t: t, M: m, msgs: make(chan tea.Msg, 1024), Idle: 60 * time.Millisecond}
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	d.spawn(m.Init())
	d.Settle()
	return d
}

func (d *Driver) spawn(cmd tea.Cmd) {
	if cmd != nil {
		go func() { d.msgs <- cmd() }()
	}
}

// Send delivers msg now and runs the command it returns.
func (d *Driver) Send(msg tea.Msg) {
	var cmd tea.Cmd
	d.M, cmd = d.M.Update(msg)
	d.spawn(cmd)
}

func (d *Driver) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.spawn(c)
		}
		return
	case tea.QuitMsg:
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		cmds := make([]tea.Cmd, v.Len()) // tea.Sequence: one after another, in order
		for i := range cmds {
			cmds[i] = v.Index(i).Interface().(tea.Cmd)
		}
		go func() {
			for _, c := range cmds {
				if c != nil {
					d.msgs <- c()
				}
			}
		}()
		return
	}
	d.Send(msg)
}

// Settle delivers messages until none has come for a while and the screen
// on top is not waiting on a save (a loaded machine, CI under -race, can
// take longer than that over one), giving up on that after five seconds.
func (d *Driver) Settle() {
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-time.After(d.Idle):
			if !d.saving() || time.Now().After(deadline) {
				return
			}
		}
	}
}

// Top is the screen on top of the model's stack, or nil if the model has
// none.
func (d *Driver) Top() common.Screen {
	if a, ok := d.M.(interface{ Top() common.Screen }); ok {
		return a.Top()
	}
	return nil
}

// saving reports whether the top screen has a save in flight, or is
// still reading what it shows (a visit opened: a loaded machine can take
// longer than an idle period over it, and the keys pressed next reached
// a screen with no visit).
func (d *Driver) saving() bool {
	if l, ok := d.Top().(interface{ Loading() bool }); ok && l.Loading() {
		return true
	}
	b, ok := d.Top().(interface{ Busy() bool })
	return ok && b.Busy()
}

// Press sends each key, settling after each.
func (d *Driver) Press(ks ...string) {
	for _, msg := range Keys(ks...) {
		d.Send(msg)
		d.Settle()
	}
}

// WaitFor settles until the view shows want, for steps that take several
// round trips through the store (signing in, then reloading the visit),
// which a loaded machine can spread over more than one idle period. It
// gives up after five seconds; the caller's check then fails with the view.
func (d *Driver) WaitFor(want string) {
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(d.View(), want) && time.Now().Before(deadline) {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-time.After(d.Idle):
		}
	}
}

// Resize is the message of a terminal resized to w by h.
func Resize(w, h int) tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} }

// View is what the terminal shows now.
func (d *Driver) View() string { return d.M.View() }
