package recce_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/recce"
)

// openRecce opens the only visit on its recce tab.
func openRecce(t *testing.T, s domain.Store, w, h int) (*tuitest.Driver, *visit.Screen) {
	t.Helper()
	return apptest.OnTab(t, apptest.App(t, s), w, h, recce.Name)
}

// The recce form's fields in order, as tabs from the first (Kind).
const (
	tabsToSource1   = 3
	tabsToOccupants = 3 + 2*domain.MaxSources
	tabsToCovert    = tabsToOccupants + 4
)

func tabs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "tab"
	}
	return out
}

func TestRecce_NoneSaysWhatREC1Asks(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true})
	d, _ := openRecce(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "No recce recorded yet.", "REC-1: every arrest visit records a reconnaissance", "Press r to add one.")
}

func TestRecce_WalkByWithoutRIPAIsRefused(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true})
	d, _ := openRecce(t, s, 120, 40)
	d.Press("r")
	tuitest.Contains(t, d.View(), "Add a recce to "+string(v.Ref), "CIO001", "25/11/2026 05:30")
	d.Press("w") // walk-by
	tuitest.Contains(t, d.View(), "‹ walk-by ›", "answer the RIPA questions below (REC-4)")
	d.Press(tabs(tabsToOccupants)...)
	d.Press("Two staff and the owner", "ctrl+s")
	tuitest.Contains(t, d.View(), "REC-4: a physical recce says whether it was covert",
		"REC-4: say whether it was likely to obtain private information",
		"REC-4: give the RIPA authorisation reference, or why none is needed")
	if got := tuitest.Stored(t, s, v.Ref); len(got.Plan.Recces) != 0 || got.Version != v.Version {
		t.Fatalf("a recce without RIPA was saved: %+v", got.Plan.Recces)
	}
	// Answered, it saves.
	d.Press("n", "tab", "n", "tab", "tab", "Overt, in a public street; no private information sought", "ctrl+s")
	tuitest.Contains(t, d.View(), "R1  walk-by recce · by Dana Okafor (CIO001)", "covert: no", "none needed: Overt, in a public street")
	if got := tuitest.Stored(t, s, v.Ref); len(got.Plan.Recces) != 1 || got.Plan.Recces[0].RIPA.Covert != "no" {
		t.Fatalf("stored %+v", got.Plan.Recces)
	}
}

func TestRecce_VirtualWithOldImageryShowsItsAge(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true})
	d, _ := openRecce(t, s, 120, 40)
	d.Press("r", "v")
	d.Press(tabs(tabsToSource1)...)
	d.Press("Google Street View", "tab", "14/06/2019")
	tuitest.Contains(t, d.View(), "! 7 years old: over 12 months at the visit (REC-2)")
	d.Press("tab", "Bing Maps aerial", "tab", "01/02/2026", "ctrl+s")
	tuitest.Contains(t, d.View(), "R1  virtual recce", "! Google Street View, dated 14/06/2019: imagery 7 years old, over 12 months (REC-2)",
		"Bing Maps aerial, dated 01/02/2026: 9 months old",
		"not asked: a virtual recce does not go to the premises")
	r := tuitest.Stored(t, s, v.Ref).Plan.Recces
	if len(r) != 1 || len(r[0].Sources) != 2 || r[0].Sources[0].Date != (domain.Date{Year: 2019, Month: 6, Day: 14}) {
		t.Fatalf("stored %+v", r)
	}
}

func TestRecce_ImageryDateTakesAFullDate(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true})
	d, _ := openRecce(t, s, 120, 40)
	d.Press("r", "v")
	d.Press(tabs(tabsToSource1)...)
	d.Press("Google Street View", "tab", "06/2019", "ctrl+s")
	tuitest.Contains(t, d.View(), `"06/2019" is not a date; write it as 25/11/2026`)
}

func TestRecce_Withdraw(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: func(v *domain.Visit) {
		v.Plan.Recces = []domain.Recce{{ID: "R1", Kind: domain.RecceDrivePast, By: tuitest.IO.StaffNo, ByName: tuitest.IO.Name, At: tuitest.Now.Add(-48 * time.Hour),
			RIPA: domain.RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "Overt"}}}
	}})
	d, _ := openRecce(t, s, 120, 40)
	d.Press("w")
	tuitest.Contains(t, d.View(), "Withdraw a recce on")
	d.Press("right", "tab", "Looked at the wrong shop", "ctrl+s")
	tuitest.Contains(t, d.View(), "R1  WITHDRAWN  drive-past recce", "withdrawn: Looked at the wrong shop")
	if got := tuitest.Stored(t, s, v.Ref); got.Plan.Recces[0].Withdrawn != "Looked at the wrong shop" {
		t.Fatalf("stored %+v", got.Plan.Recces[0])
	}
	d.Press("w")
	tuitest.Contains(t, d.View(), "No recce is recorded, so there is none to withdraw.")
	d.Press("0")
	tuitest.Contains(t, d.View(), "recce withdrawn: R1", "Recce R1 withdrawn: — → Looked at the wrong shop")
}

// TestGoldenRecce: a virtual recce on old imagery, a drive-past with its
// RIPA consideration, and a withdrawn walk-by.
func TestGoldenRecce(t *testing.T) {
	edit := func(v *domain.Visit) {
		at := tuitest.Now.Add(-48 * time.Hour)
		rec := domain.Stamp{By: tuitest.IO.StaffNo, ByName: tuitest.IO.Name, At: at}
		v.Plan.Recces = []domain.Recce{
			{ID: "R1", Kind: domain.RecceVirtual, By: tuitest.IO.StaffNo, ByName: tuitest.IO.Name, At: at, Recorded: rec,
				Sources:   []domain.ImagerySource{{Source: "Google Street View", Date: domain.Date{Year: 2019, Month: 6, Day: 14}}, {Source: "Bing Maps aerial", Date: domain.Date{Year: 2026, Month: 2, Day: 1}}},
				Occupants: "Unknown from imagery", Entrances: "Front door on the high street; rear yard gate to an alley", Layout: "Shop front, kitchen behind",
				Geography: "Alley behind joins Church Road; bus stop outside", Risks: "Rear gate: an escape route. Two officers on rear cover."},
			{ID: "R2", Kind: domain.RecceDrivePast, By: tuitest.CIO.StaffNo, ByName: tuitest.CIO.Name, At: tuitest.Now.Add(-20 * time.Hour),
				Recorded:  domain.Stamp{By: tuitest.CIO.StaffNo, ByName: tuitest.CIO.Name, At: tuitest.Now.Add(-19 * time.Hour)},
				Occupants: "Three in the kitchen at 22:00", Entrances: "Rear gate now bricked up; new side door on the left", Layout: "Extension at the back since the imagery",
				Geography: "Cul-de-sac behind: vans park on Church Road", RIPA: domain.RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "Overt drive-past in a public street"}},
			{ID: "R3", Kind: domain.RecceWalkBy, By: tuitest.IO.StaffNo, ByName: tuitest.IO.Name, At: at, Recorded: rec, Withdrawn: "Recorded against the wrong visit"},
		}
	}
	for _, sz := range tuitest.Sizes {
		name := fmt.Sprintf("recce_%dx%d", sz.W, sz.H)
		t.Run(name, func(t *testing.T) {
			s := tuitest.Store(t)
			tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: edit})
			view := apptest.Program(t, apptest.App(t, s), sz.W, sz.H, "1 visit",
				apptest.Step{Keys: []string{"enter"}, Wait: "1 Over"}, apptest.Step{Keys: []string{"4"}, Wait: "R1"})
			tuitest.Golden(t, name, view)
			tuitest.CheckFits(t, view, sz.W, sz.H)
		})
	}
}

// After the visit the tab says what becomes of the recce, not how to add
// another or do a walk-by, and the imagery finding's advice is the
// closed visit's (follow-ups, assurance).
func TestRecce_AfterClosureAdviceIsWhatIsLeft(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		for i := range v.Plan.Recces {
			v.Plan.Recces[i].Sources = []domain.ImagerySource{{Source: "Google Street View", Date: domain.DateOf(tuitest.Now.AddDate(-2, 0, 0))}}
		}
		v.State = domain.Closed
	}})
	d, _ := openRecce(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "REC-2", "The visit has taken place: its recces stay as recorded")
	if strings.Contains(d.View(), "r adds another recce") {
		t.Errorf("a closed visit is told to add a recce:\n%s", d.View())
	}
	d.Press("2")
	tuitest.Contains(t, d.View(), "The visit is closed: this can no longer be put right on it")
	if strings.Contains(d.View(), "walk-by") {
		t.Errorf("a closed visit is told to do a walk-by:\n%s", d.View())
	}
}
