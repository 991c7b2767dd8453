package tui

import (
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

// visitedVisit is a green visit that took place at 02:30 this morning:
// deployed, the team in and out by 03:30 (domaintest.RecordVisit), and
// nothing of its debrief written yet.
func visitedVisit(t *testing.T, s *store.Store) *domain.Visit {
	t.Helper()
	start := testNow.Add(-3 * time.Hour)
	return plannedVisit(t, s, planSetup{rating: domain.Green, start: start, edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, testCIO, start.Add(-30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := domaintest.RecordVisit(v, testCIO); err != nil {
			t.Fatal(err)
		}
	}})
}

// fillSection moves to row i of the debrief tab and fills its form.
func fillSection(t *testing.T, d *driver, i int, keys ...string) {
	t.Helper()
	d.press("home")
	for range i {
		d.press("down")
	}
	d.press("enter")
	d.press(keys...)
	d.press("ctrl+s")
	if _, ok := d.top().(*detail); !ok {
		t.Fatalf("row %d did not save:\n%s", i, d.view())
	}
}

func TestDebrief_FillAndClose(t *testing.T) {
	s := openStore(t)
	v := visitedVisit(t, s)
	d := newDriver(t, newTestApp(t, s), 120, 50)
	d.press("enter", "9")
	contains(t, d.view(), "Debrief: 3 of 13 sections complete", "arrived 02:30, departed 03:30", "Arben Hoxha (Albanian): arrested", "Close by 27/11/2026 03:30")

	// A one-line debrief cannot close: the refusal names what is missing.
	fillSection(t, d, 15, "tab", "Croydon office", "tab", "no offenders encountered")
	d.press("C")
	contains(t, d.view(), "Cannot close "+string(v.Ref), "DBF-1 blocks: debrief incomplete", "feedback on the intelligence", "DBF-4")
	if got := stored(t, s, v.Ref); got.State != domain.Deployed {
		t.Fatalf("closed a one-line debrief: %s", got.State)
	}

	fillSection(t, d, 0, "full PPE, stab vests")
	fillSection(t, d, 4, "civil penalty referral notice", "tab", "no statutory excuse shown")
	fillSection(t, d, 5, " ")
	fillSection(t, d, 6, "p", "tab", "one worker found; two were reported")
	fillSection(t, d, 7, "Rear gate to the alley is padlocked; the manager holds the keys")
	fillSection(t, d, 8, "no", "tab", "no copies of any kitchen staff's documents")
	fillSection(t, d, 9, "Right-to-work guidance leaflet given and explained")
	fillSection(t, d, 10, "none")
	for i := 12; i <= 14; i++ {
		fillSection(t, d, i, "rear cover in place early", "tab", "a second van")
	}
	d.press("home")
	contains(t, d.view(), "Debrief: 13 of 13 sections complete", "every section is complete: close the visit (C)")
	d.press("C")
	contains(t, d.view(), "Close "+string(v.Ref)+"?", "become final")
	d.press("y")
	got := stored(t, s, v.Ref)
	if got.State != domain.Closed {
		t.Fatalf("not closed (%s):\n%s", got.State, d.view())
	}
	if got.Debrief.PremisesNotes != "Rear gate to the alley is padlocked; the manager holds the keys" || got.Debrief.Intel.Rating != "partly accurate" ||
		len(got.Debrief.Team) != 3 || got.Debrief.Employer.Records != "no right-to-work records kept" {
		t.Fatalf("stored debrief %+v", got.Debrief)
	}
	contains(t, d.view(), "✓ Closed by Dana Okafor (CIO001)", "Follow-ups (f)")

	// Closed: the debrief is final; a follow-up is still recorded.
	d.press("enter")
	contains(t, d.view(), "its debrief is final")
	d.press("f", "civ", "tab", "CPRN issued to Golden Dragon Ltd, ref CP-2026-1182", "ctrl+s")
	if fu := stored(t, s, v.Ref).FollowUps; len(fu) != 1 || fu[0].Kind != "civil penalty referral notice" {
		t.Fatalf("follow-ups %+v\n%s", fu, d.view())
	}
	contains(t, d.view(), "#1", "CP-2026-1182")
}

func TestDebrief_BadInputBesideTheField(t *testing.T) {
	s := openStore(t)
	visitedVisit(t, s)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	d.press("enter", "9", "down", "down", "down", "down", "enter")
	d.press("none, civil penalty referral notice", "tab")
	contains(t, d.view(), "DBF-1", "\"none\" too")
	d.press("esc", "d")
	// Feedback: one half only.
	d.press("home")
	for range 13 {
		d.press("down")
	}
	d.press("enter", "quick entry", "ctrl+s")
	contains(t, d.view(), "could improve")
	if _, ok := d.top().(*detail); ok {
		t.Fatal("half feedback saved")
	}
}

func TestDebrief_NotYetDeployed(t *testing.T) {
	s := openStore(t)
	plannedVisit(t, s, planSetup{rating: domain.Green})
	d := newDriver(t, newTestApp(t, s), 100, 30)
	d.press("enter", "9")
	contains(t, d.view(), "The debrief follows the visit (DBF-1)")
	d.press("enter")
	if _, ok := d.top().(*detail); !ok {
		t.Fatal("a form opened before the visit")
	}
}

func TestGoldenDebrief(t *testing.T) {
	s := openStore(t)
	visitedVisit(t, s)
	d := newDriver(t, newTestApp(t, s), 100, 60)
	d.press("enter", "9")
	fillSection(t, d, 0, "full PPE, stab vests")
	fillSection(t, d, 7, "Rear gate to the alley is padlocked; the manager holds the keys")
	d.press("home")
	view := d.view()
	if !strings.Contains(view, "Debrief: 5 of 13") {
		t.Fatalf("view:\n%s", view)
	}
	golden(t, "debrief_tab", view)
}
