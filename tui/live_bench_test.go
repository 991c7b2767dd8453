package tui

import (
	"strings"
	"testing"

	"oic/tui/common"
	"oic/tui/tuitest"

	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkLiveKey: one key on the live tab of a visit with a 60-entry
// timeline (arrivals, an entry, encounters, seizures, notes, a
// correction every tenth), the selection moving down and back up, and
// the frame drawn after it: the cost an officer feels per key there.
func BenchmarkLiveKey(b *testing.B) {
	dt := liveBenchDetail(b)
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%40 >= 20 {
			k = up
		}
		i++
		dt.Update(k)
		_ = dt.View()
	}
}

// BenchmarkLiveView: drawing the whole tab of that visit, as a change to
// the visit or the clock's minute tick does.
func BenchmarkLiveView(b *testing.B) {
	dt := liveBenchDetail(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = dt.liveView(78)
	}
}

// BenchmarkLiveTick: the clock's tick, which works out the findings
// again and redraws the tab.
func BenchmarkLiveTick(b *testing.B) {
	dt := liveBenchDetail(b)
	b.ReportAllocs()
	for b.Loop() {
		dt.Update(liveTickMsg{dt.live.gen})
		_ = dt.View()
	}
}

// liveBenchDetail is the live tab of a deployed visit with a 60-entry
// timeline, at 80x21, on a fixed clock.
func liveBenchDetail(b testing.TB) *detail {
	s := tuitest.Store(b)
	v := deployedVisit(b, s, longTimeline(60))
	sess := tuitest.Session(s)
	sess.Clock = fixed(liveBench)
	dt := newDetail(sess, v.Ref)
	dt.SetSize(80, 21)
	dt.Update(dt.load()().(common.Addressed).Msg)
	dt.setTab(tabLive)
	if !strings.Contains(dt.View(), "60 entries") {
		b.Fatalf("not on the live tab:\n%s", dt.View())
	}
	return dt
}
