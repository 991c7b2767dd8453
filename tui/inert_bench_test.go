package tui_test

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/tui"
	"oic/tui/common"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// BenchmarkInertFrame is what making a frame inert costs (tui.App.View
// does it to every frame): the register's frame at 120 by 40, in 16
// colours (each of the theme's styles let through) and without colour.
func BenchmarkInertFrame(b *testing.B) {
	for name, p := range map[string]termenv.Profile{"colour": termenv.ANSI, "plain": termenv.Ascii} {
		b.Run(name, func(b *testing.B) {
			s := tuitest.Store(b)
			tuitest.SeedBench(b, s, 1000)
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			d := tuitest.NewDriver(b, apptest.App(b, s, func(o *tui.Options) { o.Renderer = r }), 120, 40)
			d.WaitFor(common.Plural(1000, "visit"))
			frame := d.View()
			b.SetBytes(int64(len(frame)))
			b.ReportAllocs()
			for b.Loop() {
				if _, changed := common.InertFrame(frame, p != termenv.Ascii); changed {
					b.Fatal("the frame was changed")
				}
			}
		})
	}
}
