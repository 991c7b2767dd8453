package live_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// gatedStore holds each save, once gated, until the test lets it go,
// and then takes it or refuses it with fail.
type gatedStore struct {
	*domaintest.Store
	gate    chan struct{}
	entered chan struct{}
	left    chan struct{}
	fail    error
}

func (g *gatedStore) SaveVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	if g.gate != nil {
		close(g.entered)
		defer close(g.left)
		<-g.gate
		if g.fail != nil {
			return nil, g.fail
		}
	}
	return g.Store.SaveVisit(ctx, v, c)
}

// stopMidSave types a note until its draft is kept, presses ctrl+s, and
// stops the program (KeepDrafts, as oic serve does on SIGTERM) while the
// save is on its way; the store finishes the save 50 ms into the stop.
func stopMidSave(t *testing.T, fail error) (s *gatedStore, v *domain.Visit, unkept []string) {
	t.Helper()
	s = &gatedStore{Store: tuitest.Store(t)}
	v = tuitest.DeployedVisit(t, s, nil)
	a := apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow)))
	d, _ := openLive(t, a, 80, 24)
	d.Press("n")
	for _, r := range "Rear door forced" {
		d.Send(tuitest.Keys(string(r))[0])
	}
	waitUntil(t, d, "the note kept as a draft", func() bool { return strings.Contains(draftOf(s, v.Ref, "note"), "Rear door forced") })
	s.gate, s.entered, s.left, s.fail = make(chan struct{}), make(chan struct{}), make(chan struct{}), fail
	d.Send(tuitest.Keys("ctrl+s")[0])
	select {
	case <-s.entered:
	case <-time.After(3 * time.Second):
		t.Fatal("the save never began")
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		close(s.gate)
	}()
	unkept = a.KeepDrafts()
	// The store ends the save whether the stop waited for it or not.
	select {
	case <-s.left:
	case <-time.After(3 * time.Second):
		t.Fatal("the save never ended")
	}
	return s, v, unkept
}

// Issue 17's last stop: oic serve stopped mid-save could leave a live
// note both recorded and kept as a draft, and the draft, restored,
// recorded it twice. Now the stop waits for the save: taken, the draft
// is dropped.
func TestLive_StopMidSaveKeepsNoDraftOfWhatWasSaved(t *testing.T) {
	s, v, unkept := stopMidSave(t, nil)
	if len(unkept) != 0 {
		t.Errorf("typing not kept: %v", unkept)
	}
	if e := last(t, s, v.Ref); e.Text != "Rear door forced" {
		t.Fatalf("the note was not recorded: last is %q", e.Text)
	}
	if got := draftOf(s, v.Ref, "note"); got != "" {
		t.Errorf("the note is on the record and still kept as a draft, to be recorded twice: %s", got)
	}
}

// A save refused as the program stops loses nothing: the draft keeps
// the note.
func TestLive_StopMidSaveRefusedKeepsTheDraft(t *testing.T) {
	s, v, unkept := stopMidSave(t, errors.New("the disk failed"))
	if len(unkept) != 0 {
		t.Errorf("typing not kept: %v", unkept)
	}
	for _, e := range tuitest.Stored(t, s, v.Ref).Timeline {
		if e.Text == "Rear door forced" {
			t.Fatal("a refused save recorded the note")
		}
	}
	if got := draftOf(s, v.Ref, "note"); !strings.Contains(got, "Rear door forced") {
		t.Errorf("the note was refused and not kept as a draft: %q", got)
	}
}
