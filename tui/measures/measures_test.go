package measures_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/measures"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// seedMeasures stores the officers of tuitest.Seed and the visits of
// domaintest.MeasuresFixture (March to May 2026, SLN and NWE).
func seedMeasures(t testing.TB, s domain.Store) []*domain.Visit {
	t.Helper()
	tuitest.Seed(t, s, 0)
	out, err := domaintest.StoreMeasuresFixture(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// M on the register opens the measures of the 12 months to this month
// (tuitest.Now is November 2026): every visit of the fixture, counted as
// by hand (domain's TestMOE1CountsByHand).
func TestMeasures_OpensFromTheRegisterWithTheHandCount(t *testing.T) {
	s := tuitest.Store(t)
	seedMeasures(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("M")
	if _, ok := d.Top().(*measures.Screen); !ok {
		t.Fatalf("M did not open the measures:\n%s", d.View())
	}
	d.WaitFor("5 visits")
	tuitest.Contains(t, shown(d), "Measures of effect (MOE-1)", "12 months, Dec 2025 to Nov 2026",
		"planning 1 · deployed 1 · closed 2 ·", "cancelled 1",
		"arrested 4", "booked into custody 3", "NRM 1", "NRM referral 1", "joint operations JNT-1", " 33% of 3", "police 1",
		"ONF on time and valid", " 67% of 3", "closed within 48 h", " 50% of 2",
		"Visits by team", "NWE 2", "SLN 3", "Visits by month", "highest 2 in Apr 2026")
	figure(t, shown(d), "people working illegally", 4)
	figure(t, shown(d), "civil penalty referral notices", 4)
	tuitest.CheckFits(t, d.View(), 120, 40)
}

// shown is the screen as read: a figure is kept on the line of its name
// with a no-break space, read here as a space.
func shown(d *tuitest.Driver) string { return strings.ReplaceAll(d.View(), "\u00a0", " ") }

// figure fails unless view shows label with the figure n on its line.
func figure(t *testing.T, view, label string, n int) {
	t.Helper()
	if !regexp.MustCompile(regexp.QuoteMeta(label) + ` +` + strconv.Itoa(n) + `\b`).MatchString(view) {
		t.Errorf("the view does not show %s %d:\n%s", label, n, view)
	}
}

// t chooses a team, p a period and ←/→ move it, m the figure charted, b
// bars by quarter; each redraws the figures at once.
func TestMeasures_FiltersFromTheScreen(t *testing.T) {
	s := tuitest.Store(t)
	seedMeasures(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("M")
	d.WaitFor("5 visits")
	ms := d.Top().(*measures.Screen)

	d.Press("t")
	if team, _ := ms.Shown(); team != "NWE" {
		t.Fatalf("t chose %q, want NWE first", team)
	}
	tuitest.Contains(t, shown(d), "NWE (North West ICE)", "2 visits", "planning 1", "deployed 1")

	d.Press("p") // the quarter of November 2026: nothing
	tuitest.Contains(t, shown(d), "2026-Q4", "No visit is planned in this period")
	d.Press("left", "left") // Q2 2026
	if _, p := ms.Shown(); p != "2026-Q2 (Apr 2026 to Jun 2026)" {
		t.Fatalf("period %q", p)
	}
	tuitest.Contains(t, shown(d), "2 visits")
	d.Press("T", "p") // all teams, one month: the last of the quarter
	tuitest.Contains(t, shown(d), "May 2026", "2 visits")
	d.Press("h") // April 2026: the car wash's incident
	tuitest.Contains(t, shown(d), "Apr 2026", "2 visits")
	figure(t, shown(d), "critical incidents", 1)
	d.Press("p") // every visit
	tuitest.Contains(t, shown(d), "all visits", "5 visits")
	d.Press("m", "m", "m", "m", "m")
	tuitest.Contains(t, shown(d), "Civil penalty referral notices by team", "NWE 1", "SLN 3")
	d.Press("b")
	tuitest.Contains(t, shown(d), "by quarter", "2026-Q1 2", "2026-Q2 2")
	for range 7 {
		d.Press("m")
	}
	// The ONF's rate: met by the two SLN operations, not by NWE's.
	tuitest.Contains(t, shown(d), "ONF on time and valid (ONF-2), % by quarter", "2026-Q1 100%", "2026-Q2  50%")
	d.Press("esc")
	if _, ok := d.Top().(*measures.Screen); ok {
		t.Fatal("esc did not go back")
	}
}

// A save anywhere is counted: the figures follow the store's feed.
func TestMeasures_FollowTheFeed(t *testing.T) {
	s := tuitest.Store(t)
	vs := seedMeasures(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("M")
	d.WaitFor("5 visits")
	v := vs[3].Clone() // in planning
	c, err := v.Transition(domain.Cancelled, "intelligence withdrawn", domaintest.MeasuresOIC, v.Basics.PlannedStart.Add(-72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), v, c); err != nil {
		t.Fatal(err)
	}
	d.WaitFor("cancelled 2")
}

// Golden screens of the measures of the fixture, at both sizes; the
// figures the charts leave off on 80 columns are below, a key away.
func TestGoldenMeasures(t *testing.T) {
	for _, sz := range tuitest.Sizes {
		name := fmt.Sprintf("measures_%dx%d", sz.W, sz.H)
		t.Run(name, func(t *testing.T) {
			s := tuitest.Store(t)
			seedMeasures(t, s)
			view := apptest.Program(t, apptest.App(t, s), sz.W, sz.H, "5 visits",
				apptest.Step{Keys: []string{"M"}, Wait: "Outcomes"})
			tuitest.Golden(t, name, view)
			tuitest.CheckFits(t, view, sz.W, sz.H)
		})
	}
}
