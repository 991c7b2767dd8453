package visit

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// trailStore counts the audit entries a screen reads, whole trails and
// entries read on from a held one apart; spoil, if set, alters the
// entries read on, as a trail damaged after its reading would give them.
type trailStore struct {
	*domaintest.Store
	whole, after int
	spoil        bool
}

func (s *trailStore) Audit(ctx context.Context, ref domain.Ref) ([]domain.AuditEntry, error) {
	a, err := s.Store.Audit(ctx, ref)
	s.whole += len(a)
	return a, err
}

func (s *trailStore) AuditAfter(ctx context.Context, ref domain.Ref, seq uint64) ([]domain.AuditEntry, error) {
	a, err := s.Store.AuditAfter(ctx, ref, seq)
	s.after += len(a)
	if s.spoil && len(a) > 0 {
		a = append([]domain.AuditEntry(nil), a...)
		a[0].Change.Reason = "altered"
	}
	return a, err
}

// deployedScreen is the screen of a deployed visit with a timeline of
// entries, sized, its store counting the audit entries it reads.
func deployedScreen(t *testing.T, entries int) (*domaintest.Store, *trailStore, *domain.Visit, *Screen) {
	t.Helper()
	ms := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, ms, tuitest.LongTimeline(entries))
	s := &trailStore{Store: ms}
	sess := tuitest.Session(s)
	sess.Clock = tuitest.Fixed(tuitest.LiveBench)
	sc := New(sess, v.Ref)
	sc.SetSize(100, 40)
	return ms, s, v, sc
}

// readIn runs the reading load and hands its result to sc, returning
// what sc does next.
func readIn(sc *Screen, load tea.Cmd) tea.Cmd {
	_, cmd := sc.Update(load().(common.Addressed).Msg)
	return cmd
}

// A visit shown is read again at each save of it (in team mode, by every
// session showing it): its trail is read on from the last entry held,
// and only what was added is checked, from that entry; the audit tab
// still counts and verifies the whole chain. Entries that do not
// continue the chain held send the screen back to the whole trail.
func TestVisitReadAgainReadsOnlyTheNewEntries(t *testing.T) {
	ms, s, v, sc := deployedScreen(t, 60)
	load := func() { readIn(sc, sc.Load()) }
	load()
	n := len(sc.tv.Audit)
	if s.whole != n || s.after != 0 || sc.tv.Chain != nil {
		t.Fatalf("the first reading: %d entries read whole, %d on, chain %v; want the %d whole", s.whole, s.after, sc.tv.Chain, n)
	}

	for i, name := range []string{"Golden Dragon (rear yard)", "Golden Dragon (front)"} {
		tuitest.Rename(t, ms, v.Ref, name, tuitest.CIO, tuitest.LiveBench)
		load()
		if s.whole != n || s.after != i+1 {
			t.Fatalf("save %d read again: %d entries read whole, %d on; want none whole, 1 on", i+1, s.whole-n, s.after-i)
		}
	}
	if len(sc.tv.Audit) != n+2 || sc.tv.Chain != nil || sc.tv.Audit[n+1].Seq != uint64(n+2) {
		t.Fatalf("the trail held: %d entries, chain %v; want %d verified", len(sc.tv.Audit), sc.tv.Chain, n+2)
	}
	sc.Update(tuitest.Keys("0")[0]) // the audit trail's tab
	if got := sc.View(); !strings.Contains(got, "Chain verified") || !strings.Contains(got, common.Plural(n+2, "entry")) {
		t.Errorf("the audit tab does not verify the %d entries:\n%s", n+2, got)
	}

	s.spoil = true
	tuitest.Rename(t, ms, v.Ref, "Golden Dragon (side)", tuitest.CIO, tuitest.LiveBench)
	whole := s.whole
	load()
	if s.whole != whole+n+3 {
		t.Errorf("entries that do not continue the chain: %d read whole after them, want the %d", s.whole-whole, n+3)
	}
	if len(sc.tv.Audit) != n+3 || sc.tv.Chain != nil {
		t.Errorf("the trail read whole: %d entries, chain %v; want %d verified", len(sc.tv.Audit), sc.tv.Chain, n+3)
	}
}

// Saves told while a reading of the visit is on its way are read once
// more, after it, not once each: in team mode 5-8 sessions show a visit
// and are told of every save of it, and 50 saves made together had each
// session read its visit once a save.
func TestVisitSavesToldWhileReadingAreReadOnceAfter(t *testing.T) {
	ms, _, v, sc := deployedScreen(t, 10)
	readIn(sc, sc.Load())

	reading := sc.Load() // told of a change: a reading on its way
	for i, name := range []string{"Golden Dragon (rear yard)", "Golden Dragon (front)", "Golden Dragon (side)"} {
		tuitest.Rename(t, ms, v.Ref, name, tuitest.CIO, tuitest.LiveBench)
		if _, cmd := sc.Update(common.EventMsg{Ref: v.Ref}); cmd != nil {
			t.Fatalf("save %d told while a reading is on its way started another", i+1)
		}
	}
	if cmd := readIn(sc, reading); cmd == nil || !sc.reading || sc.stale {
		t.Fatalf("the reading in, after the saves told meanwhile: reading again %v, still owed %v; want one more reading on its way", sc.reading, sc.stale)
	}
	readIn(sc, sc.Load()) // that reading in
	if sc.reading || sc.stale {
		t.Fatalf("all read: reading %v, owed %v", sc.reading, sc.stale)
	}
	if got := sc.tv.V.Basics.Premises.Name; got != "Golden Dragon (side)" {
		t.Fatalf("the visit shown is named %q, want the last save's", got)
	}
	if _, cmd := sc.Update(common.EventMsg{Ref: v.Ref}); cmd == nil || !sc.reading {
		t.Fatal("a save told with no reading on its way is not read")
	}
}
