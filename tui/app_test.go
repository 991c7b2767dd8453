package tui_test

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

func TestFirstRunAsksWhoYouAre(t *testing.T) {
	s := tuitest.Store(t)
	d := tuitest.NewDriver(t, apptest.App(t, s), 80, 24)
	tuitest.Contains(t, d.View(), "Welcome", "Staff number", "every record you make")

	// Esc cannot leave: there is nothing behind the first-run form.
	d.Press("esc")
	tuitest.Contains(t, d.View(), "Fill in your profile to start")

	d.Press("ab12", "tab", "Priya Shah", "tab", "c", "tab", "sl", "tab", "y", "tab", "14/03/2026", "ctrl+s")
	tuitest.Contains(t, d.View(), "Visit register", "Priya Shah (AB12)", "No visits yet")
	sn, err := s.SignedIn(context.Background())
	if err != nil || sn != "AB12" {
		t.Fatalf("signed in = %q, %v; want AB12 remembered", sn, err)
	}
	o, err := s.Officer(context.Background(), "AB12")
	if err != nil || o.Grade != "HEO" || o.Team != "SLN" || !o.ArrestTrained || o.RefresherOn.UK() != "14/03/2026" {
		t.Fatalf("stored profile %+v, %v", o, err)
	}
}

func TestFirstRunRefusesBadProfile(t *testing.T) {
	s := tuitest.Store(t)
	d := tuitest.NewDriver(t, apptest.App(t, s), 80, 24)
	d.Press("ab!", "tab", "tab", "tab", "tab", "tab", "31/02/2026", "ctrl+s")
	tuitest.Contains(t, d.View(), "only letters and digits", "✗ required", "choose a grade", "not a real date")
	if _, err := s.Officer(context.Background(), "A!"); err == nil {
		t.Fatal("a bad profile was stored")
	}
}

func TestAsUnknownOfficerOffersProfile(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	a, err := tui.New(tui.Options{Renderer: tuitest.Renderer(), Store: s, Config: domain.DefaultConfig(), Clock: tuitest.Session(s).Clock, Loc: tuitest.London, As: "NEW99"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	d := tuitest.NewDriver(t, a, 80, 24)
	tuitest.Contains(t, d.View(), "no profile for staff number NEW99", "NEW99")
}

func TestCreateVisitAndSeeItEverywhere(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 2)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("n")
	d.Press("tab", "Golden Dragon Takeaway", "tab", "12 High Street, Croydon", "tab", "cr0 1ab", "tab", "r",
		"tab", "INT-2026-1", "tab", "02/11/2026", "tab", "3", "tab", "Three males in the kitchen without permission",
		"tab", "a", "tab", "r", "tab", "today 05:00", "tab", "Credible and local", "tab", "tomorrow 06:00", "ctrl+s")
	v := d.View()
	tuitest.Contains(t, v, "SLN-2026-0003", "PLANNING", "Golden Dragon Takeaway", "CR0 1AB", "Thu 26 Nov 2026 06:00")
	got, err := s.Visit(context.Background(), "SLN-2026-0003")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != domain.Planning || got.CreatedBy != tuitest.CIO.StaffNo || got.Basics.Premises.Postcode != "CR0 1AB" {
		t.Fatalf("stored %+v", got)
	}
	// The audit trail holds the creation; the register heard of it through
	// the change feed.
	d.Press("0")
	tuitest.Contains(t, d.View(), "Chain verified: 1 entry", "created", "Postcode: — → CR0 1AB")
	d.Press("esc")
	tuitest.Contains(t, d.View(), "3 visits", "SLN-2026-0003")
	// The draft kept while typing is gone once saved.
	if b, _ := s.Draft(context.Background(), tuitest.CIO.StaffNo, "new-visit"); b != nil {
		t.Fatalf("draft left after save: %s", b)
	}
}

func TestEscAsksAndKeepsDraft(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, s), 80, 24)
	d.Press("n", "tab", "Half-typed Premises", "esc")
	tuitest.Contains(t, d.View(), "Leave this form?")
	d.Press("n") // stay
	tuitest.Contains(t, d.View(), "Half-typed Premises")
	d.Press("esc", "y")
	tuitest.Contains(t, d.View(), "Visit register", "kept as a draft")
	d.Press("n")
	tuitest.Contains(t, d.View(), "Restored the draft", "Half-typed Premises")
	// d discards: the next form is empty.
	d.Press("esc", "d", "n")
	if strings.Contains(d.View(), "Half-typed Premises") {
		t.Fatalf("discarded draft came back:\n%s", d.View())
	}
}

func TestCtrlCKeepsTyping(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	a := apptest.App(t, s)
	d := tuitest.NewDriver(t, a, 80, 24)
	d.Press("n", "tab", "Typed before the crash")
	d.Press("ctrl+c")
	b, err := s.Draft(context.Background(), tuitest.CIO.StaffNo, "new-visit")
	if err != nil || !strings.Contains(string(b), "Typed before the crash") {
		t.Fatalf("draft after ctrl+c = %q, %v", b, err)
	}
}

func TestHelpKeyTypesInTextFields(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, s), 80, 24)
	d.Press("n", "tab", "Who?")
	tuitest.Contains(t, d.View(), "Who?")
	if strings.Contains(d.View(), "Keys for") {
		t.Fatal("? in a text field opened help")
	}
}

// Words typed fast arrive as one message; one that spells a key's name is
// still text in a field ("right", "enter", "down").
func TestFastTypedWordsThatNameKeysAreText(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, s), 80, 24)
	d.Press("n", "tab")
	for _, w := range []string{"Establish ", "right", " to ", "enter", " ", "down"} {
		d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
		d.Settle()
	}
	tuitest.Contains(t, d.View(), "Establish right to enter down")
}

func TestCancelNeedsReason(t *testing.T) {
	s := tuitest.Store(t)
	vs := tuitest.Seed(t, s, 3)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("G", "enter") // oldest: SLN-2026-0001
	tuitest.Contains(t, d.View(), string(vs[0].Ref))
	d.Press("c")
	tuitest.Contains(t, d.View(), "Why is the visit cancelled?")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "say why the visit is cancelled")
	d.Press("Premises closed down on recce", "enter")
	tuitest.Contains(t, d.View(), "CANCELLED", "Premises closed down on recce")
	got, _ := s.Visit(context.Background(), vs[0].Ref)
	last := got.History[len(got.History)-1]
	if got.State != domain.Cancelled || last.Reason != "Premises closed down on recce" || last.By != tuitest.CIO.StaffNo {
		t.Fatalf("stored %s, last %+v", got.State, last)
	}
	// A cancelled visit is final.
	d.Press("x")
	tuitest.Contains(t, d.View(), "cannot stand down", "its record is final")
	d.Press("e")
	tuitest.Contains(t, d.View(), "closed to edits")
}

func TestEscInReasonPromptAsksTwice(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("enter", "x", "Police unable")
	d.Press("esc")
	tuitest.Contains(t, d.View(), "Press esc again", "Police unable")
	d.Press("esc")
	tuitest.Contains(t, d.View(), "PLANNING")
}

func TestEditConflictNamesWhoAndKeepsInput(t *testing.T) {
	s := tuitest.Store(t)
	vs := tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("enter", "e", "tab", "ctrl+u", "Golden Dragon (renamed)")
	// Meanwhile the IO saves a change to the same visit.
	other := vs[0].Clone()
	c, err := other.EditBasics(func() domain.Basics { b := other.Basics; b.Premises.Address = "14 High Street, Croydon"; return b }(), tuitest.IO, tuitest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), other, c); err != nil {
		t.Fatal(err)
	}
	d.Press("ctrl+s")
	tuitest.Contains(t, d.View(), "changed by Sam Whitfield (IO0042)", "Golden Dragon (renamed)", "ctrl+r")
	d.Press("ctrl+r", "ctrl+s")
	got, _ := s.Visit(context.Background(), vs[0].Ref)
	if got.Basics.Premises.Name != "Golden Dragon (renamed)" || got.Version != 3 {
		t.Fatalf("after reload and save: %q v%d", got.Basics.Premises.Name, got.Version)
	}
	// The other officer's address was not overwritten by the stale form.
	if got.Basics.Premises.Address != "14 High Street, Croydon" {
		t.Fatalf("reload lost the other officer's change: %q", got.Basics.Premises.Address)
	}
}

func TestStartPlanningNeedsAdoption(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	ctx := context.Background()
	// A pending tasking decision: the visit waits at tasked.
	b := domain.Basics{Team: "SLN", Premises: domain.Premises{Name: "Pending Cafe", Address: "1 Road, Sutton", Postcode: "SM1 1AA", Sector: "Restaurant / takeaway"},
		Intel:        domain.Intelligence{Ref: "INT-1", Received: domain.Date{Year: 2026, Month: 11, Day: 20}, Priority: 3, Summary: "Tip-off."},
		PlannedStart: tuitest.Now.AddDate(0, 0, 10), OIC: tuitest.CIO.StaffNo, OICName: tuitest.CIO.Name}
	v, c, _ := domain.NewVisit(b, tuitest.CIO, tuitest.Now)
	if _, err := s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("enter") // the cursor starts on the next visit to come: the pending one
	tuitest.Contains(t, d.View(), "TASKED", "TSK-1")
	d.Press("p")
	tuitest.Contains(t, d.View(), "TSK-1: record the tasking decision as adopted first")
}

func TestResizeKeepsFrameInBounds(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 30)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	for _, sz := range []struct{ W, H int }{{80, 24}, {60, 16}, {132, 50}, {80, 24}} {
		d.Send(tuitest.Resize(sz.W, sz.H))
		d.Settle()
		tuitest.CheckFits(t, d.View(), sz.W, sz.H)
		d.Press("enter")
		tuitest.CheckFits(t, d.View(), sz.W, sz.H)
		d.Press("esc")
	}
}

// Two command keys arriving in one message ("2a", typed fast) are two
// commands.
func TestFastTypedCommandsAreEachHandled(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("enter", "5a")
	tuitest.Contains(t, d.View(), "Add subject to")
}
