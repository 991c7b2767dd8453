package live_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// gatedStore holds each save until its gate is opened, when it has one.
type gatedStore struct {
	*domaintest.Store
	gate atomic.Pointer[chan struct{}]
}

func (g *gatedStore) SaveVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	if gate := g.gate.Load(); gate != nil {
		<-*gate
	}
	return g.Store.SaveVisit(ctx, v, c)
}

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
	gate := make(chan struct{})
	s.gate.Store(&gate)
	d.Send(tuitest.Keys("enter")[0]) // the save starts, and waits
	for _, k := range append([]string{"n"}, strings.Split("Van at the rear", "")...) {
		d.Send(tuitest.Keys(k)[0])
	}
	close(gate)
	s.gate.Store(nil)
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
