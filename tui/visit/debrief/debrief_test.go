package debrief_test

import (
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
)

// visitedVisit is a green visit that took place at 02:30 this morning:
// deployed, the team in and out by 03:30 (domaintest.RecordVisit), and
// nothing of its debrief written yet.
func visitedVisit(t *testing.T, s domain.Store) *domain.Visit {
	t.Helper()
	start := tuitest.Now.Add(-3 * time.Hour)
	return tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Start: start, Edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, tuitest.CIO, start.Add(-30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := domaintest.RecordVisit(v, tuitest.CIO); err != nil {
			t.Fatal(err)
		}
	}})
}

// fillSection moves to row i of the debrief tab and fills its form.
func fillSection(t *testing.T, d *tuitest.Driver, i int, keys ...string) {
	t.Helper()
	d.Press("home")
	for range i {
		d.Press("down")
	}
	d.Press("enter")
	d.Press(keys...)
	d.Press("ctrl+s")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("row %d did not save:\n%s", i, d.View())
	}
}

func TestDebrief_FillAndClose(t *testing.T) {
	s := tuitest.Store(t)
	v := visitedVisit(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 50)
	d.Press("enter", "9")
	tuitest.Contains(t, d.View(), "Debrief: 4 of 13 sections complete", "arrived 02:30, departed 03:30", "Arben Hoxha (Albanian): arrested", "Close by 27/11/2026 03:30")

	// A one-line debrief cannot close: the refusal names what is missing.
	fillSection(t, d, 15, "tab", "Croydon office", "tab", "no offenders encountered")
	d.Press("C")
	tuitest.Contains(t, d.View(), "Cannot close "+string(v.Ref), "DBF-1 blocks: debrief incomplete", "the intelligence", "DBF-4")
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Deployed {
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
	d.Press("home")
	tuitest.Contains(t, d.View(), "Debrief: 13 of 13 sections complete", "every section is complete: close the visit (C)")
	d.Press("C")
	tuitest.Contains(t, d.View(), "Close "+string(v.Ref)+"?", "become final")
	d.Press("y")
	got := tuitest.Stored(t, s, v.Ref)
	if got.State != domain.Closed {
		t.Fatalf("not closed (%s):\n%s", got.State, d.View())
	}
	if got.Debrief.PremisesNotes != "Rear gate to the alley is padlocked; the manager holds the keys" || got.Debrief.Intel.Rating != "partly accurate" ||
		len(got.Debrief.Team) != 3 || got.Debrief.Employer.Records != "no right-to-work records kept" {
		t.Fatalf("stored debrief %+v", got.Debrief)
	}
	tuitest.Contains(t, d.View(), "✓ Closed by Dana Okafor (CIO001)", "Follow-ups (f)")

	// Closed: the debrief is final; a follow-up is still recorded.
	d.Press("enter")
	tuitest.Contains(t, d.View(), "its debrief is final")
	d.Press("f", "civ", "tab", "CPRN issued to Golden Dragon Ltd, ref CP-2026-1182", "ctrl+s")
	if fu := tuitest.Stored(t, s, v.Ref).FollowUps; len(fu) != 1 || fu[0].Kind != "civil penalty referral notice" {
		t.Fatalf("follow-ups %+v\n%s", fu, d.View())
	}
	tuitest.Contains(t, d.View(), "#1", "CP-2026-1182")
}

func TestDebrief_BadInputBesideTheField(t *testing.T) {
	s := tuitest.Store(t)
	visitedVisit(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("enter", "9", "down", "down", "down", "down", "enter")
	d.Press("none, civil penalty referral notice", "tab")
	tuitest.Contains(t, d.View(), "DBF-1", "\"none\" too")
	d.Press("esc", "d")
	// Feedback: one half only.
	d.Press("home")
	for range 13 {
		d.Press("down")
	}
	d.Press("enter", "quick entry", "ctrl+s")
	tuitest.Contains(t, d.View(), "could improve")
	if _, ok := d.Top().(*visit.Screen); ok {
		t.Fatal("half feedback saved")
	}
}

func TestDebrief_NotYetDeployed(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("enter", "9")
	tuitest.Contains(t, d.View(), "The debrief follows the visit (DBF-1)")
	d.Press("enter")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatal("a form opened before the visit")
	}
}

func TestGoldenDebrief(t *testing.T) {
	s := tuitest.Store(t)
	visitedVisit(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 60)
	d.Press("enter", "9")
	fillSection(t, d, 0, "full PPE, stab vests")
	fillSection(t, d, 7, "Rear gate to the alley is padlocked; the manager holds the keys")
	d.Press("home")
	view := d.View()
	if !strings.Contains(view, "Debrief: 6 of 13") {
		t.Fatalf("view:\n%s", view)
	}
	tuitest.Golden(t, "debrief_tab", view)
}

// A visit where a critical incident was declared has a post-incident
// section, last, with who declared and stood it down, when and why (as
// the live record has it), and the seizure's exhibit and bag under the
// entry: nothing typed twice. The visit cannot close until the notes are
// written.
func TestDebrief_CriticalIncidentAndSeizure(t *testing.T) {
	s := tuitest.Store(t)
	start := tuitest.Now.Add(-3 * time.Hour)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Start: start, Edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, tuitest.CIO, start.Add(-30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		for _, e := range []struct {
			kind domain.EntryKind
			at   time.Time
			text string
		}{
			{domain.EntryIncident, start.Add(25 * time.Minute), "Officer injured by a falling shelf"},
			{domain.EntryIncidentOver, start.Add(40 * time.Minute), "Officer treated at the scene and released"},
		} {
			te, err := v.ParseEntry(e.kind, domain.EntryInput{Text: e.text}, e.at)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Record(te, tuitest.CIO, e.at); err != nil {
				t.Fatal(err)
			}
		}
		if err := domaintest.RecordVisit(v, tuitest.CIO); err != nil {
			t.Fatal(err)
		}
	}})
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 60)
	d.Press("enter", "9")
	tuitest.Contains(t, d.View(), "Debrief: 4 of 14 sections complete",
		"02:50 seized: Passport (Albanian), exhibit AS/1, sealed bag M0012345 (recorded by Dana Okafor)")
	for range 30 { // to the last row, the post-incident review
		d.Press("down")
	}
	tuitest.Contains(t, d.View(), "Critical incident: post-incident review  INC-1",
		"Declared 25/11/2026 02:55 by Dana Okafor: Officer injured by a falling shelf",
		"Stood down 25/11/2026 03:10 by Dana Okafor: Officer treated at the scene and released",
		"write the post-incident notes")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Debrief of "+string(v.Ref)+": Critical incident: post-incident review", "Post-incident notes")
	d.Press("Shelf unit loose; hazard noted for the next team; welfare check done", "ctrl+s")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the notes did not save:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Post-incident notes: Shelf unit loose")
	if got := tuitest.Stored(t, s, v.Ref).Debrief.PostIncident; got != "Shelf unit loose; hazard noted for the next team; welfare check done" {
		t.Fatalf("stored %q", got)
	}
}
