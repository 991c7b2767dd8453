package live_test

import (
	"strings"
	"testing"
	"time"

	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// Keys typed while a note is being saved were lost: they went into the
// form being closed (L, issue 17). Now they are handled once the save
// ends, in order, as if it had been instant: n typed straight after
// enter opens the next note, and the words after it are in that note.
func TestLive_KeysTypedWhileSavingAreKept(t *testing.T) {
	s := &gatedStore{Store: tuitest.Store(t)}
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	d.Press("n")
	for _, r := range "Rear door forced" {
		d.Send(tuitest.Keys(string(r))[0])
	}
	s.gate, s.entered, s.left = make(chan struct{}), make(chan struct{}), make(chan struct{})
	d.Send(tuitest.Keys("enter")[0]) // the save starts, and waits
	select {
	case <-s.entered:
	case <-time.After(3 * time.Second):
		t.Fatal("the save never began")
	}
	for _, k := range append([]string{"n"}, strings.Split("Van at the rear", "")...) {
		d.Send(tuitest.Keys(k)[0])
	}
	close(s.gate)
	<-s.left
	s.gate = nil // the next save goes straight through
	waitUntil(t, d, "the next note's form, with what was typed", func() bool {
		_, isForm := d.Top().(interface{ Busy() bool })
		return isForm && strings.Contains(d.View(), "Van at the rear")
	})
	if e := last(t, s, v.Ref); e.Text != "Rear door forced" {
		t.Fatalf("recorded %q, want the first note", e.Text)
	}
	d.Press("enter")
	backOnLive(t, d)
	if e := last(t, s, v.Ref); e.Text != "Van at the rear" {
		t.Fatalf("recorded %q, want the note typed while the first was saving", e.Text)
	}
}
