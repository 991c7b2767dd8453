package register

import (
	"fmt"
	"runtime"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
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
	o, v, _ := computeView(rows, r.spec, nil, nil, "")
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
			order, _, _ := computeView(rows, spec, nil, nil, "")
			spec.query = "croydon"
			b.ReportAllocs()
			for b.Loop() {
				computeView(rows, spec, order, nil, "")
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
