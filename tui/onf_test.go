package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// openONF opens the only visit on its ONF tab.
func openONF(t *testing.T, s *store.Store, w, h int) (*driver, *detail) {
	t.Helper()
	d := newDriver(t, newTestApp(t, s), w, h)
	d.press("enter", "3")
	dt, ok := d.top().(*detail)
	if !ok || dt.tab != tabONF {
		t.Fatalf("not on the ONF tab:\n%s", d.view())
	}
	return d, dt
}

// withONF sets the visit's ONF as recorded before the test.
func withONF(o domain.ONF) func(v *domain.Visit) {
	return func(v *domain.Visit) { v.Plan.ONF = o }
}

func TestONF_SentTheDayBeforeIsSentLate(t *testing.T) {
	s := openStore(t)
	// Tomorrow's visit; the ONF goes today, under 3 days before it.
	v := plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, start: testNow.Add(24*time.Hour + 30*time.Minute)})
	d, _ := openONF(t, s, 120, 40)
	contains(t, d.view(), "✗ ONF: not sent", "passed, not sent", "Send the ONF to the local police force now")
	d.press("o")
	contains(t, d.view(), "ONF for "+string(v.Ref), "send it by 23/11/2026 06:00")
	d.press("Surrey Police", "tab", "tab", "tab", "today 05:00")
	contains(t, d.view(), "! after 23/11/2026 06:00: sent late (ONF-2)")
	d.press("ctrl+s")
	if _, ok := d.top().(*detail); !ok {
		t.Fatalf("the form did not close:\n%s", d.view())
	}
	contains(t, d.view(), "✗ ONF: sent late", "missed: sent under 3 days before the visit", "after the visit starts: phone check needed",
		"phone the intelligence unit before the visit and record the call: t")
	got := stored(t, s, v.Ref).Plan.ONF
	if got.Force != "Surrey Police" || !got.SentAt.Equal(testNow.Add(-30*time.Minute)) || got.Stamp.By != testCIO.StaffNo {
		t.Fatalf("stored %+v", got)
	}
	d.press("0")
	contains(t, d.view(), "ONF recorded", "ONF police force: — → Surrey Police", "ONF sent at: — → 25/11/2026 05:00")
}

func TestONF_PhoneCheckRecorded(t *testing.T) {
	s := openStore(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, edit: withONF(domain.ONF{Force: "Surrey Police", SentAt: testNow.Add(-20 * time.Hour)})})
	d, _ := openONF(t, s, 120, 40)
	contains(t, d.view(), "✗ ONF: sent late")
	d.press("t")
	contains(t, d.view(), "Phone check for "+string(v.Ref), "25/11/2026 05:30")
	d.press("tab", "ctrl+s") // no contact, no outcome
	contains(t, d.view(), "ONF-3: name who you spoke to at the police intelligence unit")
	if stored(t, s, v.Ref).Plan.ONF.Phone != nil {
		t.Fatal("a phone check without a contact was saved")
	}
	d.press("DC Hale, Croydon intelligence unit", "tab", "No markers; no tensions known", "ctrl+s")
	contains(t, d.view(), "! ONF: phone check recorded", "Phone check with DC Hale, Croydon intelligence unit at 25/11/2026 05:30",
		"What they said", "No markers; no tensions known")
	p := stored(t, s, v.Ref).Plan.ONF.Phone
	if p == nil || p.Contact != "DC Hale, Croydon intelligence unit" || !p.At.Equal(testNow) {
		t.Fatalf("stored %+v", p)
	}
}

func TestONF_ReturnedUnsigned(t *testing.T) {
	s := openStore(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, edit: withONF(domain.ONF{Force: "Surrey Police", SentAt: testNow.Add(-5 * 24 * time.Hour)})})
	d, _ := openONF(t, s, 120, 40)
	contains(t, d.view(), "✗ ONF: overdue (phone check needed)", "passed, not back: phone check needed")
	// Force, Met, arrangement, sent at, assistance, then returned at.
	d.press("o", "tab", "tab", "tab", "tab", "tab", "yesterday 10:00", "ctrl+s")
	contains(t, d.view(), "✗ ONF: returned unsigned", "unsigned (ONF-4)", "Ask the police to sign it (ONF-4)")
	if got := stored(t, s, v.Ref).Plan.ONF; got.ReturnedAt.IsZero() || got.SignedBy != "" {
		t.Fatalf("stored %+v", got)
	}
}

func TestONF_ReturnedBeforeSentIsRefused(t *testing.T) {
	s := openStore(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true})
	d, _ := openONF(t, s, 120, 40)
	d.press("o", "Surrey Police", "tab", "tab", "tab", "22/11/2026 10:00", "tab", "tab", "21/11/2026 10:00", "ctrl+s")
	view := d.view()
	contains(t, view, "ONF for "+string(v.Ref), "ONF-3: returned before it was sent; check both times")
	// The problem is under the Returned at field.
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(l, "returned before it was sent") && (i == 0 || !strings.Contains(lines[i-1], "Returned at")) {
			t.Errorf("the problem is not under Returned at:\n%s", view)
		}
	}
	got := stored(t, s, v.Ref)
	if got.Plan.ONF.Force != "" || got.Version != v.Version {
		t.Fatalf("something was saved: %+v, version %d", got.Plan.ONF, got.Version)
	}
}

func TestONF_RefusedWhenPlanningClosed(t *testing.T) {
	s := openStore(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, edit: func(v *domain.Visit) {
		if _, err := v.Transition(domain.Cancelled, "Premises closed down", testCIO, testNow.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}})
	d, _ := openONF(t, s, 120, 40)
	contains(t, d.view(), "This visit is cancelled")
	d.press("o")
	contains(t, d.view(), string(v.Ref)+" is cancelled: its record is closed to edits")
	d.press("t")
	if _, ok := d.top().(*detail); !ok {
		t.Fatalf("a form opened on a cancelled visit:\n%s", d.view())
	}
}

func TestONF_PhoneCheckNeedsTheONFSent(t *testing.T) {
	s := openStore(t)
	plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true})
	d, _ := openONF(t, s, 120, 40)
	d.press("t")
	contains(t, d.view(), "record the ONF as sent first")
	if _, ok := d.top().(*detail); !ok {
		t.Fatalf("the phone check form opened:\n%s", d.view())
	}
}

func TestONF_NothingChanged(t *testing.T) {
	s := openStore(t)
	plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, edit: withONF(domain.ONF{Force: "Surrey Police", SentAt: testNow.Add(-20 * time.Hour)})})
	d, _ := openONF(t, s, 120, 40)
	d.press("o", "ctrl+s")
	contains(t, d.view(), "Nothing changed; nothing saved.", "✗ ONF: sent late")
}

// onfCases are the ONF tab's golden screens: sent late, overdue, valid.
var onfCases = []struct {
	name string
	onf  domain.ONF
	want string
}{
	{"onf_sent_late", domain.ONF{Force: "Surrey Police", SentAt: testNow.Add(-20 * time.Hour), Assistance: true}, "ONF: sent late"},
	{"onf_overdue", domain.ONF{Force: "Surrey Police", SentAt: testNow.Add(-4 * 24 * time.Hour)}, "ONF: overdue"},
	{"onf_valid", domain.ONF{Force: "Surrey Police", SentAt: testNow.Add(-6 * 24 * time.Hour), ReturnedAt: testNow.Add(-4 * 24 * time.Hour),
		SignedBy: "J. Carter", SignedRank: "DS", Markers: "Weapons: a knife found at the premises in 2024", Tensions: "Mosque nearby; Friday prayers draw crowds",
		Stamp: domain.Stamp{By: testCIO.StaffNo, ByName: testCIO.Name, At: testNow.Add(-4 * 24 * time.Hour)}}, "ONF: valid"},
}

func TestGoldenONF(t *testing.T) {
	for _, c := range onfCases {
		for _, sz := range sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				s := openStore(t)
				plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, edit: withONF(c.onf)})
				view := program(t, newTestApp(t, s), sz.w, sz.h, "1 visit",
					step{keys: []string{"enter"}, wait: "Overview"}, step{keys: []string{"3"}, wait: c.want})
				golden(t, name, view)
				checkFits(t, view, sz.w, sz.h)
			})
		}
	}
}

// ONF-7: after the visit, f records the feedback report to the police;
// before it, the key says why not.
func TestONF_FeedbackAfterTheVisit(t *testing.T) {
	s := openStore(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, noONFOrRecce: true, edit: withONF(domain.ONF{Force: "Surrey Police",
		SentAt: testNow.Add(-5 * 24 * time.Hour), ReturnedAt: testNow.Add(-4 * 24 * time.Hour), SignedBy: "J. Carter", SignedRank: "DS"})})
	d := newDriver(t, newTestApp(t, s), 120, 40)
	d.press("enter", "3", "f")
	contains(t, d.view(), "ONF-7: feedback to the police follows the visit")
	sv := stored(t, s, v.Ref)
	sv.State = domain.Closed
	if _, err := s.SaveVisit(context.Background(), sv, domain.Change{Action: "closed for the test", Actor: testCIO.StaffNo, At: testNow}); err != nil {
		t.Fatal(err)
	}
	d.settle()
	d.press("f", "Two arrests; intelligence accurate", "enter")
	if got := stored(t, s, v.Ref).Plan.ONF; got.Feedback != "Two arrests; intelligence accurate" || got.FeedbackAt.IsZero() {
		t.Fatalf("feedback not recorded: %+v", got)
	}
	contains(t, d.view(), "Feedback sent", "Two arrests; intelligence accurate")
}
