package live

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/tuitest"
	"oic/tui/visit/tab/tabtest"
)

// shownOn shows the live tab of a visit deployed at tuitest.LiveDeployed,
// edited by edit, on clock, in an 80x16 viewport (an 80x21 terminal's).
func shownOn(t testing.TB, clock func() time.Time, edit func(v *domain.Visit)) (*tabtest.Host, *Tab, tea.Cmd) {
	t.Helper()
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, edit)
	sess := tuitest.Session(s)
	sess.Clock = clock
	h := tabtest.New(t, sess, v.Ref, 80, 16)
	tb := New(h.V)
	return h, tb, h.Show(tb)
}

// longShown is the live tab of a visit with a 60-entry timeline, at
// tuitest.LiveBench.
func longShown(t testing.TB) (*tabtest.Host, *Tab) {
	t.Helper()
	h, tb, _ := shownOn(t, tuitest.Fixed(tuitest.LiveBench), tuitest.LongTimeline(60))
	if !strings.Contains(h.View(), "60 entries") {
		t.Fatalf("not the live tab of the long timeline:\n%s", h.View())
	}
	return h, tb
}

// TestLive_ClockCountsTimeOnSite: the tab's clock redraws time on site
// each minute while shown, drops a tick of an older clock, and stops when
// the tab is left.
func TestLive_ClockCountsTimeOnSite(t *testing.T) {
	arrived := time.Date(2026, 11, 25, 6, 2, 0, 0, tuitest.London)
	now := tuitest.LiveNow
	h, tb, cmd := shownOn(t, func() time.Time { return now }, func(v *domain.Visit) {
		e, _ := v.ParseEntry(domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903"}, arrived)
		if _, err := v.Record(e, tuitest.CIO, arrived); err != nil {
			t.Fatal(err)
		}
	})
	if cmd == nil {
		t.Fatal("the live tab started no clock")
	}
	tuitest.Contains(t, h.View(), "arrived 06:02 · on site 8m")
	now = now.Add(64 * time.Minute)
	if cmd, _ := tb.Update(liveTickMsg{tb.gen - 1}); cmd != nil {
		t.Error("a tick of an older clock carried on")
	}
	tuitest.Contains(t, h.View(), "on site 8m")
	if cmd, _ := tb.Update(liveTickMsg{tb.gen}); cmd == nil {
		t.Error("the clock stopped while the tab is shown")
	}
	tuitest.Contains(t, h.View(), "On site at 07:14", "arrived 06:02 · on site 1h 12m")
	h.Hide()
	if cmd, _ := tb.Update(liveTickMsg{tb.gen}); cmd != nil {
		t.Error("the clock carried on after the tab was left")
	}
}

func TestLive_SelectionStaysInView(t *testing.T) {
	h, _ := longShown(t)
	for i := range 59 {
		h.Update(tuitest.Keys("down")[0])
		want := regexp.MustCompile(`▸ +#` + strconv.Itoa(59-i) + ` `)
		if !want.MatchString(h.View()) {
			t.Fatalf("after %d downs, %q is not in view:\n%s", i+1, want, h.View())
		}
	}
	for range 59 {
		h.Update(tuitest.Keys("up")[0])
	}
	tuitest.Contains(t, h.View(), "▸ #60 ", "On site at 08:00")
}

// BenchmarkLiveView: drawing the whole tab of that visit, as a change to
// the visit or the clock's minute tick does.
func BenchmarkLiveView(b *testing.B) {
	_, tb := longShown(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = tb.liveView(78)
	}
}

// BenchmarkLiveTick: the clock's tick, which works out the findings
// again and redraws the tab.
func BenchmarkLiveTick(b *testing.B) {
	h, tb := longShown(b)
	b.ReportAllocs()
	for b.Loop() {
		tb.Update(liveTickMsg{tb.gen})
		_ = h.View()
	}
}
