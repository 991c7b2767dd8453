package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// BenchmarkPlanningKey: moving the cursor on the planning tab of a fully
// planned amber visit. Each move redraws the tab (findings, check
// matrix, sections), so this is the cost an officer feels per key there.
func BenchmarkPlanningKey(b *testing.B) {
	s := tuitest.Store(b)
	v := plannedVisit(b, s, planSetup{rating: domain.Amber})
	dt := newDetail(tuitest.Session(s), v.Ref)
	dt.SetSize(120, 37)
	dt.Update(dt.load()().(common.Addressed).Msg)
	dt.Update(tuitest.Keys("2")[0])
	if !strings.Contains(dt.View(), "Mandatory checks") {
		b.Fatalf("not on the planning tab:\n%s", dt.View())
	}
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i%20 >= 10 {
			k = up
		}
		i++
		dt.Update(k)
		_ = dt.View()
	}
}
