package onf_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/onf"
)

// openONF opens the only visit on its ONF tab.
func openONF(t *testing.T, s domain.Store, w, h int) (*tuitest.Driver, *visit.Screen) {
	t.Helper()
	return apptest.OnTab(t, apptest.App(t, s), w, h, onf.Name)
}

// withONF sets the visit's ONF as recorded before the test.
func withONF(o domain.ONF) func(v *domain.Visit) {
	return func(v *domain.Visit) { v.Plan.ONF = o }
}

func TestONF_SentTheDayBeforeIsSentLate(t *testing.T) {
	s := tuitest.Store(t)
	// Tomorrow's visit; the ONF goes today, under 3 days before it.
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Start: tuitest.Now.Add(24*time.Hour + 30*time.Minute)})
	d, _ := openONF(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "✗ ONF: not sent", "passed, not sent", "Send the ONF to the local police force now")
	d.Press("o")
	tuitest.Contains(t, d.View(), "ONF for "+string(v.Ref), "send it by 23/11/2026 06:00")
	d.Press("Surrey Police", "tab", "tab", "tab", "today 05:00")
	tuitest.Contains(t, d.View(), "! after 23/11/2026 06:00: sent late (ONF-2)")
	d.Press("ctrl+s")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the form did not close:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "✗ ONF: sent late", "missed: sent under 3 days before the visit", "after the visit starts: phone check needed",
		"phone the intelligence unit before the visit and record the call: t")
	got := tuitest.Stored(t, s, v.Ref).Plan.ONF
	if got.Force != "Surrey Police" || !got.SentAt.Equal(tuitest.Now.Add(-30*time.Minute)) || got.Stamp.By != tuitest.CIO.StaffNo {
		t.Fatalf("stored %+v", got)
	}
	d.Press("0")
	tuitest.Contains(t, d.View(), "ONF recorded", "ONF police force: — → Surrey Police", "ONF sent at: — → 25/11/2026 05:00")
}

func TestONF_PhoneCheckRecorded(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: withONF(domain.ONF{Force: "Surrey Police", SentAt: tuitest.Now.Add(-20 * time.Hour)})})
	// Tall enough for the phone check's record below the findings, which
	// keep the late sending (ONF-2) once the call is made.
	d, _ := openONF(t, s, 120, 50)
	tuitest.Contains(t, d.View(), "✗ ONF: sent late")
	d.Press("t")
	tuitest.Contains(t, d.View(), "Phone check for "+string(v.Ref), "25/11/2026 05:30")
	d.Press("tab", "ctrl+s") // no contact, no outcome
	tuitest.Contains(t, d.View(), "ONF-3: name who you spoke to at the police intelligence unit")
	if tuitest.Stored(t, s, v.Ref).Plan.ONF.Phone != nil {
		t.Fatal("a phone check without a contact was saved")
	}
	d.Press("DC Hale, Croydon intelligence unit", "tab", "No markers; no tensions known", "ctrl+s")
	tuitest.Contains(t, d.View(), "! ONF: phone check recorded", "Phone check with DC Hale, Croydon intelligence unit at 25/11/2026 05:30",
		"What they said", "No markers; no tensions known", "ONF-2", "ONF sent late: 24/11/2026 09:30")
	p := tuitest.Stored(t, s, v.Ref).Plan.ONF.Phone
	if p == nil || p.Contact != "DC Hale, Croydon intelligence unit" || !p.At.Equal(tuitest.Now) {
		t.Fatalf("stored %+v", p)
	}
}

func TestONF_ReturnedUnsigned(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: withONF(domain.ONF{Force: "Surrey Police", SentAt: tuitest.Now.Add(-5 * 24 * time.Hour)})})
	d, _ := openONF(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "✗ ONF: overdue (phone check needed)", "passed, not back: phone check needed")
	// Force, Met, arrangement, sent at, assistance, then returned at.
	d.Press("o", "tab", "tab", "tab", "tab", "tab", "yesterday 10:00", "ctrl+s")
	tuitest.Contains(t, d.View(), "✗ ONF: returned unsigned", "unsigned (ONF-4)", "Ask the police to sign it (ONF-4)")
	if got := tuitest.Stored(t, s, v.Ref).Plan.ONF; got.ReturnedAt.IsZero() || got.SignedBy != "" {
		t.Fatalf("stored %+v", got)
	}
}

func TestONF_ReturnedBeforeSentIsRefused(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true})
	d, _ := openONF(t, s, 120, 40)
	d.Press("o", "Surrey Police", "tab", "tab", "tab", "22/11/2026 10:00", "tab", "tab", "21/11/2026 10:00", "ctrl+s")
	view := d.View()
	tuitest.Contains(t, view, "ONF for "+string(v.Ref), "ONF-3: returned before it was sent; check both times")
	// The problem is under the Returned at field.
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(l, "returned before it was sent") && (i == 0 || !strings.Contains(lines[i-1], "Returned at")) {
			t.Errorf("the problem is not under Returned at:\n%s", view)
		}
	}
	got := tuitest.Stored(t, s, v.Ref)
	if got.Plan.ONF.Force != "" || got.Version != v.Version {
		t.Fatalf("something was saved: %+v, version %d", got.Plan.ONF, got.Version)
	}
}

func TestONF_RefusedWhenPlanningClosed(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: func(v *domain.Visit) {
		if _, err := v.Transition(domain.Cancelled, "Premises closed down", tuitest.CIO, tuitest.Now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}})
	d, _ := openONF(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "This visit is cancelled")
	d.Press("o")
	tuitest.Contains(t, d.View(), string(v.Ref)+" is cancelled: its record is closed to edits")
	d.Press("t")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("a form opened on a cancelled visit:\n%s", d.View())
	}
}

func TestONF_PhoneCheckNeedsTheONFSent(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true})
	d, _ := openONF(t, s, 120, 40)
	d.Press("t")
	tuitest.Contains(t, d.View(), "record the ONF as sent first")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the phone check form opened:\n%s", d.View())
	}
}

func TestONF_NothingChanged(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: withONF(domain.ONF{Force: "Surrey Police", SentAt: tuitest.Now.Add(-20 * time.Hour)})})
	d, _ := openONF(t, s, 120, 40)
	d.Press("o", "ctrl+s")
	tuitest.Contains(t, d.View(), "Nothing changed; nothing saved.", "✗ ONF: sent late")
}

// onfCases are the ONF tab's golden screens: sent late, overdue, valid.
var onfCases = []struct {
	name string
	onf  domain.ONF
	want string
}{
	{"onf_sent_late", domain.ONF{Force: "Surrey Police", SentAt: tuitest.Now.Add(-20 * time.Hour), Assistance: true}, "ONF: sent late"},
	{"onf_overdue", domain.ONF{Force: "Surrey Police", SentAt: tuitest.Now.Add(-4 * 24 * time.Hour)}, "ONF: overdue"},
	{"onf_valid", domain.ONF{Force: "Surrey Police", SentAt: tuitest.Now.Add(-6 * 24 * time.Hour), ReturnedAt: tuitest.Now.Add(-4 * 24 * time.Hour),
		SignedBy: "J. Carter", SignedRank: "DS", Markers: "Weapons: a knife found at the premises in 2024", Tensions: "Mosque nearby; Friday prayers draw crowds",
		Stamp: domain.Stamp{By: tuitest.CIO.StaffNo, ByName: tuitest.CIO.Name, At: tuitest.Now.Add(-4 * 24 * time.Hour)}}, "ONF: valid"},
}

func TestGoldenONF(t *testing.T) {
	for _, c := range onfCases {
		for _, sz := range tuitest.Sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.W, sz.H)
			t.Run(name, func(t *testing.T) {
				s := tuitest.Store(t)
				tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: withONF(c.onf)})
				view := apptest.Program(t, apptest.App(t, s), sz.W, sz.H, "1 visit",
					apptest.Step{Keys: []string{"enter"}, Wait: "1 Over"}, apptest.Step{Keys: []string{"3"}, Wait: c.want})
				tuitest.Golden(t, name, view)
				tuitest.CheckFits(t, view, sz.W, sz.H)
			})
		}
	}
}

// ONF-7: after the visit, f records the feedback report to the police;
// before it, the key says why not.
func TestONF_FeedbackAfterTheVisit(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, NoONFOrRecce: true, Edit: withONF(domain.ONF{Force: "Surrey Police",
		SentAt: tuitest.Now.Add(-5 * 24 * time.Hour), ReturnedAt: tuitest.Now.Add(-4 * 24 * time.Hour), SignedBy: "J. Carter", SignedRank: "DS"})})
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("enter", "3")
	tuitest.Contains(t, d.View(), "f feedback to police (ONF-7)") // in the footer
	d.Press("f")
	tuitest.Contains(t, d.View(), "ONF-7: feedback to the police follows the visit")
	sv := tuitest.Stored(t, s, v.Ref)
	sv.State = domain.Closed
	if _, err := s.SaveVisit(context.Background(), sv, domain.Change{Action: "closed for the test", Actor: tuitest.CIO.StaffNo, At: tuitest.Now}); err != nil {
		t.Fatal(err)
	}
	d.Settle()
	// After closure the advice is about what is left, the feedback,
	// never chasing the form.
	tuitest.Contains(t, d.View(), "The visit is closed: feed its outcome back to Surrey Police and record what the report said: f (ONF-7).")
	// After the visit f leads the footer, even at the narrowest size.
	d.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	tuitest.Contains(t, d.View(), "f feedback to police (ONF-7)")
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	d.Press("f", "Two arrests; intelligence accurate", "enter")
	if got := tuitest.Stored(t, s, v.Ref).Plan.ONF; got.Feedback != "Two arrests; intelligence accurate" || got.FeedbackAt.IsZero() {
		t.Fatalf("feedback not recorded: %+v", got)
	}
	tuitest.Contains(t, d.View(), "Feedback sent", "Two arrests; intelligence accurate",
		"The visit is closed and the outcome went back to Surrey Police on 25/11/2026 05:30 (ONF-7)", "about the ONF.")
}
