package tui_test

import (
	"bytes"
	"io"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// colour is an SGR sequence setting a colour: the 16-colour palette's as
// the theme draws in an ANSI terminal, or a 256-colour or true colour one.
var colour = regexp.MustCompile(`\x1b\[(?:[0-9]+;)*(?:3[0-7]|38;[0-9;]+)m`)

// Two programs in one process, as team mode serves two officers over SSH:
// one to a colour terminal, one to a terminal without colour, each drawing
// in its own terminal's colours at the same time.
func TestTwoSessionsDrawInTheirOwnColours(t *testing.T) {
	profiles := []termenv.Profile{termenv.ANSI, termenv.Ascii}
	outs := make([][]byte, len(profiles))
	var wg sync.WaitGroup
	for i, p := range profiles {
		s := tuitest.Store(t)
		tuitest.Seed(t, s, 3)
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(p)
		a := apptest.App(t, s, func(o *tui.Options) { o.Renderer = r })
		wg.Add(1)
		go func() {
			defer wg.Done()
			tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(100, 30))
			var out bytes.Buffer
			teatest.WaitFor(t, io.TeeReader(tm.Output(), &out), func(b []byte) bool { return bytes.Contains(b, []byte("3 visits")) },
				teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
			if err := tm.Quit(); err != nil {
				t.Error(err)
			}
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
			outs[i] = out.Bytes()
		}()
	}
	wg.Wait()
	if !colour.Match(outs[0]) {
		t.Errorf("the colour terminal's program drew no colour:\n%q", outs[0])
	}
	if m := colour.Find(outs[1]); m != nil {
		t.Errorf("the terminal without colour got %q", m)
	}
	for i, o := range outs {
		if !bytes.Contains(o, []byte("Visit register")) {
			t.Errorf("program %d drew no register:\n%q", i, o)
		}
	}
}
