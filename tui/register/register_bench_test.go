package register

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// Benchmarks of the register at the sizes of the budget. What an
// officer feels on each key is Update plus View on the UI goroutine; the
// filter and sort workers run beside it and are measured separately.

func benchRows(n int) []*row {
	sums := tuitest.BenchSummaries(n)
	rows := make([]*row, n)
	for i, s := range sums {
		rows[i] = newRow(s)
	}
	return rows
}

// loadedRegister is a register at w x h holding rows, fully loaded.
func loadedRegister(b *testing.B, rows []*row, w, h int) *Screen {
	r := New(tuitest.Session(nil))
	r.SetSize(w, h)
	r.loading = false
	r.rows = rows
	r.rowsVer++
	o, v, _ := computeView(rows, r.spec, nil, nil, "", nil)
	r.applyView(viewMsg{gen: r.gen, spec: r.spec, rowsVer: r.rowsVer, order: o, view: v, cursorAt: -1})
	return r
}

func benchSizes() []int { return []int{1000, 100000} }

func BenchmarkRegisterCursorKey(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := loadedRegister(b, benchRows(n), 120, 37)
			down := tea.KeyMsg{Type: tea.KeyDown}
			b.ReportAllocs()
			for b.Loop() {
				r.Update(down)
				_ = r.View()
			}
		})
	}
}

// BenchmarkRegisterFilterKey is one typed filter character: Update (which
// hands the search to a worker) and the View drawn straight after it.
func BenchmarkRegisterFilterKey(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := loadedRegister(b, benchRows(n), 120, 37)
			r.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
			chars := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'c'}}, {Type: tea.KeyBackspace}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				r.Update(chars[i%2])
				_ = r.View()
				r.busy = false // the worker's answer is not awaited here
				i++
			}
		})
	}
}

// BenchmarkFilterWorker is the worker's search for a one-letter query over
// all rows, off the UI goroutine.
func BenchmarkFilterWorker(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rows := benchRows(n)
			spec := viewSpec{col: colPlanned, desc: true}
			order, _, _ := computeView(rows, spec, nil, nil, "", nil)
			spec.query = "croydon"
			b.ReportAllocs()
			for b.Loop() {
				computeView(rows, spec, order, nil, "", nil)
			}
		})
	}
}

func BenchmarkSortWorker(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rows := benchRows(n)
			b.ReportAllocs()
			for b.Loop() {
				sortRows(rows, colPremises, false)
			}
		})
	}
}

// BenchmarkRegisterRowMemory reports the heap a register row holds, the
// figure that decides the process's size at 100,000 visits.
func BenchmarkRegisterRowMemory(b *testing.B) {
	const n = 100000
	sums := make([]domain.Summary, n)
	for i, r := range benchRows(n) {
		sums[i] = r.sum
	}
	var keep []*row
	for b.Loop() {
		var m0, m1 runtime.MemStats
		keep = nil
		runtime.GC()
		runtime.ReadMemStats(&m0)
		keep = make([]*row, n)
		for i, s := range sums {
			keep[i] = newRow(s)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/n, "heap-B/row")
	}
	runtime.KeepAlive(keep)
}

// summaryStore serves summaries as the store does, a batch at a time,
// counting those read; the records of every visit are whole.
type summaryStore struct {
	domain.Store
	sums []domain.Summary
	read atomic.Int64
}

func (s *summaryStore) ScanSummaries(ctx context.Context, batch int, fn func([]domain.Summary) error) error {
	for i := 0; i < len(s.sums); i += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := s.sums[i:min(i+batch, len(s.sums))]
		s.read.Add(int64(len(b)))
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

func (s *summaryStore) CheckRecords(context.Context, []domain.Ref) (map[domain.Ref]error, error) {
	return nil, nil
}

func (s *summaryStore) Unverified(context.Context, []domain.Ref) (map[domain.Ref][]string, error) {
	return nil, nil
}

// deliver runs cmd and gives its message (unwrapped from its address) to
// r, returning the commands r answers with, run or not.
func deliver(r *Screen, cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if a, ok := msg.(common.Addressed); ok {
		msg = a.Msg
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		return batch
	}
	_, next := r.Update(msg)
	return []tea.Cmd{next}
}

// BenchmarkRegisterFirstPage is what the register does before its first
// frame: read the first page of summaries, show them and check their
// records (the marks), then draw. The rest of the rows is not read until
// a frame later; the benchmark fails if it was.
func BenchmarkRegisterFirstPage(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			st := &summaryStore{sums: tuitest.BenchSummaries(n)}
			b.ReportAllocs()
			for b.Loop() {
				st.read.Store(0)
				r := New(tuitest.Session(st))
				r.SetSize(120, 37)
				// Init reads the first page; the rows it brings ask for
				// the marks of the rows shown (and the rest, on a timer,
				// left alone here).
				after := deliver(r, r.Init())
				if len(after) != 1 || after[0] == nil {
					b.Fatalf("the first page asked for %d commands", len(after))
				}
				// They come as Update batches them: the rest (a frame
				// later) first, the marks last.
				cmds := deliver(r, after[0])
				if len(cmds) != 2 || cmds[1] == nil {
					b.Fatalf("the first page asked for %d commands, want the rest and the marks", len(cmds))
				}
				m, ok := cmds[1]().(common.Addressed)
				if cm, isCheck := m.Msg.(checkedMsg); !ok || !isCheck {
					b.Fatalf("the last command brought %T, not the marks", m.Msg)
				} else {
					r.Update(cm)
				}
				if !strings.Contains(r.View(), "loading") {
					b.Fatal("the first frame does not say the register is still loading")
				}
				if got := st.read.Load(); got > 200 {
					b.Fatalf("%d summaries read before the first frame", got)
				}
				r.cancel()
			}
		})
	}
}

// BenchmarkRegisterTakesAChange is one visit changed in another session,
// as each session's register takes it at 100,000 rows, sorted by planned
// start or by premises: the row placed in its order and view (place.go),
// or, sort, everything sorted again by a worker, as before issue 17. The
// index's copy of the rows, made once a change for every session, is not
// timed.
func BenchmarkRegisterTakesAChange(b *testing.B) {
	for _, c := range []struct {
		col    column
		sorted bool
	}{{colPlanned, false}, {colPlanned, true}, {colPremises, false}, {colPremises, true}} {
		b.Run(fmt.Sprintf("%s/sort=%v", columnNames[c.col], c.sorted), func(b *testing.B) {
			sorted := c.sorted
			rows := benchRows(100000)
			r := loadedRegister(b, rows, 120, 37)
			r.idx = loadedIndex(rows)
			r.spec = viewSpec{col: c.col}
			o, v, _ := computeView(r.rows, r.spec, nil, nil, "", nil)
			r.applyView(viewMsg{gen: r.gen, spec: r.spec, rowsVer: r.rowsVer, order: o, view: v, cursorAt: -1})
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				b.StopTimer()
				s := r.rows[(i*7919)%len(r.rows)].sum
				s.PlannedStart = s.PlannedStart.Add(time.Hour)
				r.idx.mu.Lock()
				r.idx.putLocked(s, uint64(i+1))
				at := r.idx.at[s.Ref].i
				r.idx.mu.Unlock()
				m := syncedMsg{gen: r.loadGen, snap: r.idx.current(), at: at}
				b.StartTimer()
				if sorted || !r.placeOne(m) {
					r.rows, r.idxVer = m.snap.rows, m.snap.ver
					r.rowsVer++
					o, v, _ := computeView(r.rows, r.spec, nil, nil, "", nil)
					r.applyView(viewMsg{gen: r.gen, spec: r.spec, rowsVer: r.rowsVer, order: o, view: v, cursorAt: -1})
				}
				i++
			}
		})
	}
}
