package tui_test

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/tui"
	"oic/tui/common"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// BenchmarkAppKey is one key through the root model on the register:
// routing, the register's Update, and the whole frame with header, status
// and footer, as Bubble Tea draws it. The register holds the n rows of
// the register's own benchmarks, read from an in-memory store.
func BenchmarkAppKey(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := tuitest.Store(b)
			tuitest.SeedBench(b, s, n)
			d := tuitest.NewDriver(b, apptest.App(b, s), 120, 40)
			d.WaitFor(common.Plural(n, "visit"))
			a := d.M.(*tui.App)
			keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				a.Update(keys[i%2])
				_ = a.View()
				i++
			}
		})
	}
}
