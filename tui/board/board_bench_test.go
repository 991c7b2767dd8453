package board

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// Benchmarks of the board at the size of the 100,000-visit demo's worst
// case: its 461 open visits and, had every one of its 3,886 closed visits
// been closed by this oic, all of those too (benchVisits). What an officer
// feels after a save elsewhere is the change feed's event, the visit read
// again, the rows built again and the frame drawn; on a key, Update and
// View.

const benchOpen, benchClosed = 461, 3886

// benchBoard is a loaded board at 120x37 over visits copied from a
// deployed one (every tenth open visit) and a planned one (the other open
// ones) and closed ones with their assurance due, and the deployed visit
// as stored, which the feed names.
func benchBoard(b *testing.B) (*Screen, domain.Ref) {
	s := tuitest.Store(b)
	dep := tuitest.DeployedVisit(b, s, nil)
	plan := dep.Clone()
	plan.State, plan.Timeline = domain.Planning, nil
	sc := New(tuitest.Session(s))
	sc.SetSize(120, 37)
	for i := range benchOpen + benchClosed {
		var v *domain.Visit
		switch {
		case i >= benchOpen:
			v = dep.Clone()
			v.State, v.AssuranceDue = domain.Closed, tuitest.Now.Add(-time.Duration(i)*time.Hour)
		case i%10 == 0:
			v = dep.Clone()
		default:
			v = plan.Clone()
			v.Basics.PlannedStart = tuitest.Now.Add(time.Duration(i) * time.Hour)
		}
		v.Ref = domain.FormatRef(domain.Teams[i%len(domain.Teams)].Code, 2026, uint32(i+1))
		sc.visits[v.Ref] = v
	}
	sc.visits[dep.Ref] = dep
	sc.loading = false
	sc.rowsAll()
	sc.rebuild()
	return sc, dep.Ref
}

// BenchmarkBoardAfterSave: from the feed's event for a saved visit to the
// board's next frame: the visit read (here from the in-memory store; a
// Badger read is BenchmarkOpenVisit's), the rows rebuilt, the frame drawn.
func BenchmarkBoardAfterSave(b *testing.B) {
	sc, ref := benchBoard(b)
	b.ReportAllocs()
	for b.Loop() {
		_, cmd := sc.Update(common.EventMsg{Ref: ref})
		msg := cmd().(common.Addressed).Msg
		sc.Update(msg)
		_ = sc.View()
	}
	if len(sc.rows) < benchClosed {
		b.Fatalf("%d rows", len(sc.rows))
	}
}

// BenchmarkBoardKey: a cursor key on the loaded board, and its frame.
func BenchmarkBoardKey(b *testing.B) {
	sc, _ := benchBoard(b)
	keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sc.Update(keys[i%2])
		_ = sc.View()
		i++
	}
}
