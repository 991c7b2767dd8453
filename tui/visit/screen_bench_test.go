package visit

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// opened is the visit screen of ref for sess, w by h, read and on the tab
// of key, showing want.
func opened(b *testing.B, sess *common.Session, ref domain.Ref, w, h int, key, want string) *Screen {
	b.Helper()
	sc := New(sess, ref)
	sc.SetSize(w, h)
	sc.Update(sc.Load()().(common.Addressed).Msg)
	sc.Update(tuitest.Keys(key)[0])
	if !strings.Contains(sc.View(), want) {
		b.Fatalf("not showing %q:\n%s", want, sc.View())
	}
	return sc
}

// keys sends down n times then up n times, over and over, drawing the
// frame after each: the cost an officer feels per key.
func keys(b *testing.B, sc *Screen, n int) {
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%(2*n) >= n {
			k = up
		}
		i++
		sc.Update(k)
		_ = sc.View()
	}
}

// BenchmarkPlanningKey: moving the cursor on the planning tab of a fully
// planned amber visit. Each move redraws the tab (findings, check
// matrix, sections).
func BenchmarkPlanningKey(b *testing.B) {
	s := tuitest.Store(b)
	v := tuitest.PlannedVisit(b, s, tuitest.PlanSetup{Rating: domain.Amber})
	keys(b, opened(b, tuitest.Session(s), v.Ref, 120, 37, "2", "Mandatory checks"), 10)
}

// BenchmarkLiveKey: one key on the live tab of a visit with a 60-entry
// timeline (arrivals, an entry, encounters, seizures, notes, a
// correction every tenth), the selection moving down and back up.
func BenchmarkLiveKey(b *testing.B) {
	s := tuitest.Store(b)
	v := tuitest.DeployedVisit(b, s, tuitest.LongTimeline(60))
	sess := tuitest.Session(s)
	sess.Clock = tuitest.Fixed(tuitest.LiveBench)
	keys(b, opened(b, sess, v.Ref, 80, 21, "8", "60 entries"), 20)
}
