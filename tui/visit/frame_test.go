package visit

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/common"
	"oic/tui/tuitest"
)

// The live tab's frame is drawn again only when something of the screen
// changed: the root draws a frame for every message, and most (a flash,
// the banner, another session's news) are not the screen's. A key that
// scrolls, and the visit read again, each draw a new one.
func TestLiveFrameDrawnOnlyWhenItChanged(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, tuitest.LongTimeline(60))
	sess := tuitest.Session(s)
	sess.Clock = tuitest.Fixed(tuitest.LiveBench)
	sc := New(sess, v.Ref)
	sc.SetSize(80, 21)
	sc.Update(sc.Load()().(common.Addressed).Msg)
	sc.Update(tuitest.Keys("8")[0])
	first := sc.View()
	if !strings.Contains(first, "60 entries") {
		t.Fatalf("not on the live tab:\n%s", first)
	}

	before := frames.Load()
	for range 5 { // five frames of the root's, none of them the screen's
		if got := sc.View(); got != first {
			t.Fatalf("the frame changed with nothing changed:\n%s", got)
		}
	}
	if n := frames.Load() - before; n != 0 {
		t.Errorf("%d frames drawn again with nothing changed, want none", n)
	}

	sc.Update(tea.KeyMsg{Type: tea.KeyDown})
	scrolled := sc.View()
	if scrolled == first {
		t.Errorf("a key that moves the selection drew the same frame")
	}
	tuitest.Rename(t, s, v.Ref, "Golden Dragon (rear yard)", tuitest.CIO, tuitest.LiveBench)
	sc.Update(sc.Load()().(common.Addressed).Msg)
	if got := sc.View(); !strings.Contains(got, "Golden Dragon (rear yard)") {
		t.Errorf("the visit read again is not drawn:\n%s", got)
	}
	if n := frames.Load() - before; n != 2 {
		t.Errorf("%d frames drawn for a key and a reading, want 2", n)
	}
}

// The overview's last line names who opened the visit as it names who
// last changed it, by name: it gave the opener's staff number alone.
func TestOverviewNamesWhoOpenedIt(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	sc := New(tuitest.Session(s), v.Ref)
	sc.SetSize(120, 100) // the whole overview, its last line in view
	sc.Update(sc.Load()().(common.Addressed).Msg)
	trail, err := s.Audit(context.Background(), v.Ref)
	if err != nil || len(trail) == 0 {
		t.Fatalf("trail: %v", err)
	}
	first := trail[0].Change
	want := "by " + first.ActorName + " · last changed"
	if first.ActorName == "" || !strings.Contains(sc.View(), want) {
		t.Errorf("the overview does not say %q:\n%s", want, sc.View())
	}
}
