package tui

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// The footer is drawn afresh only when what it shows changed: a key's
// help, a key enabled or not, the width, the mode (typing, the help
// screen); frame after frame of the same keys draws it once.
func TestFooterDrawnOnlyWhenItsKeysChange(t *testing.T) {
	th := tuitest.Theme()
	save := common.Bind([]string{"ctrl+s"}, "^s", "save")
	keys := []key.Binding{save, common.Bind([]string{"n"}, "n", "note")}
	var m footerMemo
	draws := func(mode byte, w int, keys []key.Binding) int64 {
		before := footerDraws.Load()
		got := m.draw(th, mode, w, keys, func() string { return shortHelp(th, keys, w) })
		if want := shortHelp(th, keys, w); got != want {
			t.Fatalf("the footer %q, want %q", got, want)
		}
		return footerDraws.Load() - before
	}
	if n := draws('k', 80, keys); n != 1 {
		t.Fatalf("the first footer: %d drawn", n)
	}
	for range 5 {
		if n := draws('k', 80, []key.Binding{save, common.Bind([]string{"n"}, "n", "note")}); n != 0 {
			t.Fatalf("the same keys again: %d drawn, want none", n)
		}
	}
	off := save
	off.SetEnabled(false)
	for i, tc := range []struct {
		name string
		mode byte
		w    int
		keys []key.Binding
	}{
		{"narrower", 'k', 60, keys},
		{"a key disabled", 'k', 60, []key.Binding{off, keys[1]}},
		{"a key's help changed", 'k', 60, []key.Binding{off, common.Bind([]string{"n"}, "n", "new note")}},
		{"typing", 't', 60, []key.Binding{off, common.Bind([]string{"n"}, "n", "new note")}},
	} {
		if n := draws(tc.mode, tc.w, tc.keys); n != 1 {
			t.Errorf("%d %s: %d drawn, want 1", i, tc.name, n)
		}
	}
}

// The App draws its footer once for frames of the same screen and keys,
// and again when the size changes.
func TestAppFooterDrawnOncePerKeys(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	a, err := New(Options{Renderer: tuitest.Renderer(), Store: s, Config: domain.DefaultConfig(), Clock: tuitest.Clock, Loc: tuitest.London, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	d := tuitest.NewDriver(t, a, 100, 30)
	d.Settle()
	first := d.View()
	before := footerDraws.Load()
	for range 5 {
		if d.View() != first {
			t.Fatal("the frame changed with nothing changed")
		}
	}
	if n := footerDraws.Load() - before; n != 0 {
		t.Errorf("five frames of the same keys drew the footer %d times, want none", n)
	}
	d.Send(tuitest.Resize(80, 30))
	d.View()
	if n := footerDraws.Load() - before; n != 1 {
		t.Errorf("a new width drew the footer %d times, want 1", n)
	}
}
