package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"oic/domain"
)

// checkFits fails when a frame is wider or taller than the terminal: a
// line too long wraps and pushes everything down.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, terminal is %d: %q", i+1, lw, w, l)
		}
	}
}

func TestFirstRunAsksWhoYouAre(t *testing.T) {
	s := openStore(t)
	d := newDriver(t, newTestApp(t, s), 80, 24)
	contains(t, d.view(), "Welcome", "Staff number", "every record you make")

	// Esc cannot leave: there is nothing behind the first-run form.
	d.press("esc")
	contains(t, d.view(), "Fill in your profile to start")

	d.press("ab12", "tab", "Priya Shah", "tab", "c", "tab", "sl", "tab", "y", "tab", "14/03/2026", "ctrl+s")
	contains(t, d.view(), "Visit register", "Priya Shah (AB12)", "No visits yet")
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
	s := openStore(t)
	d := newDriver(t, newTestApp(t, s), 80, 24)
	d.press("ab!", "tab", "tab", "tab", "tab", "tab", "31/02/2026", "ctrl+s")
	contains(t, d.view(), "only letters and digits", "✗ required", "choose a grade", "not a real date")
	if _, err := s.Officer(context.Background(), "A!"); err == nil {
		t.Fatal("a bad profile was stored")
	}
}

func TestAsUnknownOfficerOffersProfile(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	a, err := New(Options{Renderer: asciiRenderer(), Store: s, Config: domain.DefaultConfig(), Clock: testSession(s).Clock, Loc: london, As: "NEW99"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	d := newDriver(t, a, 80, 24)
	contains(t, d.view(), "no profile for staff number NEW99", "NEW99")
}

func TestCreateVisitAndSeeItEverywhere(t *testing.T) {
	s := openStore(t)
	seed(t, s, 2)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	d.press("n")
	d.press("tab", "Golden Dragon Takeaway", "tab", "12 High Street, Croydon", "tab", "cr0 1ab", "tab", "r",
		"tab", "INT-2026-1", "tab", "02/11/2026", "tab", "3", "tab", "Three males in the kitchen without permission",
		"tab", "a", "tab", "r", "tab", "today 05:00", "tab", "Credible and local", "tab", "tomorrow 06:00", "ctrl+s")
	v := d.view()
	contains(t, v, "SLN-2026-0003", "PLANNING", "Golden Dragon Takeaway", "CR0 1AB", "Thu 26 Nov 2026 06:00")
	got, err := s.Visit(context.Background(), "SLN-2026-0003")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != domain.Planning || got.CreatedBy != testCIO.StaffNo || got.Basics.Premises.Postcode != "CR0 1AB" {
		t.Fatalf("stored %+v", got)
	}
	// The audit trail holds the creation; the register heard of it through
	// the change feed.
	d.press("0")
	contains(t, d.view(), "Chain verified: 1 entry", "created", "Postcode: — → CR0 1AB")
	d.press("esc")
	contains(t, d.view(), "3 visits", "SLN-2026-0003")
	// The draft kept while typing is gone once saved.
	if b, _ := s.Draft(context.Background(), testCIO.StaffNo, "new-visit"); b != nil {
		t.Fatalf("draft left after save: %s", b)
	}
}

func TestEscAsksAndKeepsDraft(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	d := newDriver(t, newTestApp(t, s), 80, 24)
	d.press("n", "tab", "Half-typed Premises", "esc")
	contains(t, d.view(), "Leave this form?")
	d.press("n") // stay
	contains(t, d.view(), "Half-typed Premises")
	d.press("esc", "y")
	contains(t, d.view(), "Visit register", "kept as a draft")
	d.press("n")
	contains(t, d.view(), "Restored the draft", "Half-typed Premises")
	// d discards: the next form is empty.
	d.press("esc", "d", "n")
	if strings.Contains(d.view(), "Half-typed Premises") {
		t.Fatalf("discarded draft came back:\n%s", d.view())
	}
}

func TestCtrlCKeepsTyping(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	a := newTestApp(t, s)
	d := newDriver(t, a, 80, 24)
	d.press("n", "tab", "Typed before the crash")
	d.press("ctrl+c")
	b, err := s.Draft(context.Background(), testCIO.StaffNo, "new-visit")
	if err != nil || !strings.Contains(string(b), "Typed before the crash") {
		t.Fatalf("draft after ctrl+c = %q, %v", b, err)
	}
}

func TestHelpKeyTypesInTextFields(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	d := newDriver(t, newTestApp(t, s), 80, 24)
	d.press("n", "tab", "Who?")
	contains(t, d.view(), "Who?")
	if strings.Contains(d.view(), "Keys for") {
		t.Fatal("? in a text field opened help")
	}
}

// Words typed fast arrive as one message; one that spells a key's name is
// still text in a field ("right", "enter", "down").
func TestFastTypedWordsThatNameKeysAreText(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	d := newDriver(t, newTestApp(t, s), 80, 24)
	d.press("n", "tab")
	for _, w := range []string{"Establish ", "right", " to ", "enter", " ", "down"} {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
		d.settle()
	}
	contains(t, d.view(), "Establish right to enter down")
}

func TestCancelNeedsReason(t *testing.T) {
	s := openStore(t)
	vs := seed(t, s, 3)
	d := newDriver(t, newTestApp(t, s), 100, 30)
	d.press("G", "enter") // oldest: SLN-2026-0001
	contains(t, d.view(), string(vs[0].Ref))
	d.press("c")
	contains(t, d.view(), "Why is the visit cancelled?")
	d.press("enter")
	contains(t, d.view(), "say why the visit is cancelled")
	d.press("Premises closed down on recce", "enter")
	contains(t, d.view(), "CANCELLED", "Premises closed down on recce")
	got, _ := s.Visit(context.Background(), vs[0].Ref)
	last := got.History[len(got.History)-1]
	if got.State != domain.Cancelled || last.Reason != "Premises closed down on recce" || last.By != testCIO.StaffNo {
		t.Fatalf("stored %s, last %+v", got.State, last)
	}
	// A cancelled visit is final.
	d.press("x")
	contains(t, d.view(), "cannot stand down", "its record is final")
	d.press("e")
	contains(t, d.view(), "closed to edits")
}

func TestEscInReasonPromptAsksTwice(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	d := newDriver(t, newTestApp(t, s), 100, 30)
	d.press("enter", "x", "Police unable")
	d.press("esc")
	contains(t, d.view(), "Press esc again", "Police unable")
	d.press("esc")
	contains(t, d.view(), "PLANNING")
}

func TestEditConflictNamesWhoAndKeepsInput(t *testing.T) {
	s := openStore(t)
	vs := seed(t, s, 1)
	d := newDriver(t, newTestApp(t, s), 100, 30)
	d.press("enter", "e", "tab", "ctrl+u", "Golden Dragon (renamed)")
	// Meanwhile the IO saves a change to the same visit.
	other := vs[0].Clone()
	c, err := other.EditBasics(func() domain.Basics { b := other.Basics; b.Premises.Address = "14 High Street, Croydon"; return b }(), testIO, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), other, c); err != nil {
		t.Fatal(err)
	}
	d.press("ctrl+s")
	contains(t, d.view(), "changed by Sam Whitfield (IO0042)", "Golden Dragon (renamed)", "ctrl+r")
	d.press("ctrl+r", "ctrl+s")
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
	s := openStore(t)
	seed(t, s, 1)
	ctx := context.Background()
	// A pending tasking decision: the visit waits at tasked.
	b := domain.Basics{Team: "SLN", Premises: domain.Premises{Name: "Pending Cafe", Address: "1 Road, Sutton", Postcode: "SM1 1AA", Sector: "Restaurant / takeaway"},
		Intel:        domain.Intelligence{Ref: "INT-1", Received: domain.Date{Year: 2026, Month: 11, Day: 20}, Priority: 3, Summary: "Tip-off."},
		PlannedStart: testNow.AddDate(0, 0, 10), OIC: testCIO.StaffNo, OICName: testCIO.Name}
	v, c, _ := domain.NewVisit(b, testCIO, testNow)
	if _, err := s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newTestApp(t, s), 100, 30)
	d.press("enter") // the cursor starts on the next visit to come: the pending one
	contains(t, d.view(), "TASKED", "TSK-1")
	d.press("p")
	contains(t, d.view(), "TSK-1: record the tasking decision as adopted first")
}

func TestResizeKeepsFrameInBounds(t *testing.T) {
	s := openStore(t)
	seed(t, s, 30)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	for _, sz := range []struct{ w, h int }{{80, 24}, {60, 16}, {132, 50}, {80, 24}} {
		d.send(resize(sz.w, sz.h))
		d.settle()
		checkFits(t, d.view(), sz.w, sz.h)
		d.press("enter")
		checkFits(t, d.view(), sz.w, sz.h)
		d.press("esc")
	}
}

// Two command keys arriving in one message ("2a", typed fast) are two
// commands.
func TestFastTypedCommandsAreEachHandled(t *testing.T) {
	s := openStore(t)
	seed(t, s, 3)
	d := newDriver(t, newTestApp(t, s), 100, 30)
	d.press("enter", "5a")
	contains(t, d.view(), "Add subject to")
}

// Every field of the visit form maps to BasicsInput and back unchanged.
func TestBasicsFieldsRoundTrip(t *testing.T) {
	m := map[string]string{}
	for i, f := range basicsFields {
		m[f.key] = strings.Repeat("x", i+1)
	}
	got := basicsValues(basicsInput(m))
	for k, v := range m {
		if got[k] != v {
			t.Errorf("%s: %q came back as %q", k, v, got[k])
		}
	}
	if len(got) != len(visitFields(testTheme(), domain.BasicsInput{}).Values()) {
		t.Errorf("%d mapped fields, the form has %d", len(got), len(visitFields(testTheme(), domain.BasicsInput{}).Values()))
	}
}
