package live_test

import (
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/live"
)

// openLive opens the only visit on its live tab.
func openLive(t *testing.T, a *tui.App, w, h int) (*tuitest.Driver, *visit.Screen) {
	t.Helper()
	return apptest.OnTab(t, a, w, h, live.Name)
}

// typed is what an officer types on the way to recording an entry: keys
// (counted) and text (not counted: the entry's words, or the letters that
// pick a choice).
type typed struct {
	keys []string
	text bool
}

func key_(k ...string) typed { return typed{keys: k} }
func text(s ...string) typed { return typed{keys: s, text: true} }

// record presses each step and returns how many keys it took beside the
// text.
func record(d *tuitest.Driver, steps ...typed) int {
	n := 0
	for _, s := range steps {
		d.Press(s.keys...)
		if !s.text {
			n += len(s.keys)
		}
	}
	return n
}

// last is the visit's newest timeline entry as stored.
func last(t *testing.T, s domain.Store, ref domain.Ref) domain.TimelineEntry {
	t.Helper()
	tl := tuitest.Stored(t, s, ref).Timeline
	if len(tl) == 0 {
		t.Fatal("nothing recorded")
	}
	return tl[len(tl)-1]
}

func backOnLive(t *testing.T, d *tuitest.Driver) {
	t.Helper()
	if dt, ok := d.Top().(*visit.Screen); !ok || dt.Shown() != "Live" {
		t.Fatalf("not back on the live tab:\n%s", d.View())
	}
}

// TestLive_EachKindThroughKeys records every kind of entry through the
// tab's keys, counting the keys each takes beside its text: at most
// three for the common ones, the time "now" unless typed.
func TestLive_EachKindThroughKeys(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	tuitest.Contains(t, d.View(), "Nobody has arrived yet", "a arrived")

	for _, c := range []struct {
		name  string
		most  int // keys beside the text
		steps []typed
		check func(e domain.TimelineEntry) bool
	}{
		{"arrival of everyone expected", 2, []typed{key_("a"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryArrival && len(e.Officers) == 3 && e.Officers[0] == tuitest.CIO.StaffNo &&
				e.Officers[1] == domaintest.Arrest.StaffNo && e.Officers[2] == domaintest.Driver.StaffNo && e.At.Equal(tuitest.LiveNow)
		}},
		{"entry by informed consent, as planned", 2, []typed{key_("e"), text("Mr A Shah, manager"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryEntry && e.Power == domain.PowerConsent && e.ConsentBy == "Mr A Shah, manager"
		}},
		{"encounter: an unknown male arrested", 3, []typed{key_("m"), text("um (Albanian)"), key_("enter"), text("a"), key_("enter")}, func(e domain.TimelineEntry) bool {
			p := e.Person
			return e.Kind == domain.EntryEncounter && p.Name == "Unknown male" && p.Nationality == "Albanian" &&
				p.Outcome == domain.OutcomeArrested && p.Excuse == domain.ExcuseUnknown
		}},
		{"encounter: a worker cleared", 3, []typed{key_("m"), text("Mei Chen"), key_("enter"), text("c"), key_("enter")}, func(e domain.TimelineEntry) bool {
			p := e.Person
			return p.Name == "Mei Chen" && p.Outcome == domain.OutcomeCleared && p.Excuse == domain.ExcuseNA
		}},
		{"seizure, sealed (PWR-3)", 3, []typed{key_("s"), text("Passport (Albanian)"), key_("enter"), text("M0012345"), key_("enter")}, func(e domain.TimelineEntry) bool {
			z := e.Seizure
			return e.Kind == domain.EntrySeizure && z.Item == "Passport (Albanian)" && z.Seal == "M0012345" && z.Exhibit == "DO/1"
		}},
		{"note", 2, []typed{key_("n"), text("Rear door found open"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryNote && e.Text == "Rear door found open" && e.Recorded.By == tuitest.CIO.StaffNo
		}},
		{"note at a time typed", 4, []typed{key_("n"), text("Dog secured in the yard"), key_("tab", "ctrl+u"), text("06:05"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Text == "Dog secured in the yard" && e.At.Equal(time.Date(2026, 11, 25, 6, 5, 0, 0, tuitest.London))
		}},
		{"safeguarding: an NRM referral", 3, []typed{key_("g"), key_("enter"), text("N"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntrySafeguarding && e.Subtype == "NRM referral"
		}},
		{"referral: a closure notice", 3, []typed{key_("r"), text("Golden Dragon Ltd"), key_("enter"), text("c"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryReferral && e.Subtype == "closure notice" && e.Person.Name == "Golden Dragon Ltd"
		}},
		{"departure of Lee Grant alone", 6, []typed{key_("d"), text(" "), key_("down", "down", "down", "down"), text(" "), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryDeparture && len(e.Officers) == 1 && e.Officers[0] == domaintest.Arrest.StaffNo
		}},
	} {
		before := len(tuitest.Stored(t, s, v.Ref).Timeline)
		n := record(d, c.steps...)
		backOnLive(t, d)
		tl := tuitest.Stored(t, s, v.Ref).Timeline
		if len(tl) != before+1 {
			t.Fatalf("%s: %d entries recorded:\n%s", c.name, len(tl)-before, d.View())
		}
		if e := tl[len(tl)-1]; !c.check(e) {
			t.Errorf("%s: recorded %+v (person %+v, seizure %+v)", c.name, e, e.Person, e.Seizure)
		}
		if n > c.most {
			t.Errorf("%s took %d keys beside its text, want at most %d", c.name, n, c.most)
		}
	}
	view := d.View()
	tuitest.Contains(t, view, "● Dana Okafor (CIO001) (you)", "✓ Lee Grant (IO0903)", "arrived 06:10 · left 06:10")

	// An older entry selected, a new one recorded: the new one is
	// selected, so enter corrects what was just written.
	d.Press("down", "down")
	tuitest.Contains(t, d.View(), "▸  #8 ")
	d.Press("n", "Van moved to the rear", "enter")
	tuitest.Contains(t, d.View(), "▸ #11 ")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Correct #11, note")
}

func TestLive_SeizureWithoutSealRefusedBesideTheField(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	d.Press("s", "Mobile phone", "enter", "ctrl+s")
	view := d.View()
	lines := strings.Split(view, "\n")
	found := false
	for i, l := range lines {
		if strings.Contains(l, "PWR-3: give the sealed bag number") {
			found = true
			if i == 0 || !strings.Contains(lines[i-1], "Sealed bag no") {
				t.Errorf("PWR-3 is not beside the sealed bag field:\n%s", view)
			}
		}
	}
	if !found {
		t.Fatalf("no PWR-3 refusal:\n%s", view)
	}
	if n := len(tuitest.Stored(t, s, v.Ref).Timeline); n != 0 {
		t.Fatalf("%d entries recorded", n)
	}
	// With the seal number it goes in, and the exhibit number given is kept.
	d.Press("M0099881", "enter")
	backOnLive(t, d)
	if z := last(t, s, v.Ref).Seizure; z.Seal != "M0099881" || z.Item != "Mobile phone" {
		t.Fatalf("seizure %+v", z)
	}
}

func TestLive_DepartureBeforeArrivalRefused(t *testing.T) {
	s := tuitest.Store(t)
	at := time.Date(2026, 11, 25, 6, 5, 0, 0, tuitest.London)
	v := tuitest.DeployedVisit(t, s, func(v *domain.Visit) {
		e, err := v.ParseEntry(domain.EntryArrival, domain.EntryInput{Officers: "IO0903"}, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Record(e, tuitest.CIO, at); err != nil {
			t.Fatal(err)
		}
	})
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	// Lee Grant, on site, is ticked; the time typed is before his arrival.
	d.Press("d", "tab", "tab", "tab", "tab", "tab", "ctrl+u", "06:00", "enter")
	view := d.View()
	tuitest.Contains(t, view, "✗ Lee Grant (IO0903) has no arrival before 06:00: a")
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(l, "has no arrival before") && !strings.Contains(lines[i-1], "Lee Grant") {
			t.Errorf("the refusal is not beside Lee Grant:\n%s", view)
		}
	}
	if n := len(tuitest.Stored(t, s, v.Ref).Timeline); n != 1 {
		t.Fatalf("%d entries stored", n)
	}
	// enter on the last field tried to record, so the focus is on the
	// first problem: Lee Grant. Untick him; Dana Okafor never arrived:
	// ticked, she is refused by name.
	d.Press(" ", "shift+tab", "shift+tab", "shift+tab", " ", "tab", "tab", "tab", "tab", "tab", "ctrl+u", "now", "ctrl+s")
	tuitest.Contains(t, d.View(), "Dana Okafor (CIO001) has no arrival before 06:10")
}

func TestLive_CorrectionNeedsAReasonAndKeepsBoth(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 100, 40)
	d.Press("s", "Passport (Albanian)", "enter", "M0012345", "enter")
	backOnLive(t, d)
	// enter on the entry just recorded: Why, Void, then the fields.
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Correct #1, seizure", "Passport (Albanian)", "M0012345", "DO/1")
	d.Press("tab", "tab", "tab", "ctrl+u", "M0012354", "ctrl+s")
	tuitest.Contains(t, d.View(), "say why the entry is corrected")
	if n := len(tuitest.Stored(t, s, v.Ref).Timeline); n != 1 {
		t.Fatalf("a correction without a reason was recorded (%d entries)", n)
	}
	d.Press("shift+tab", "shift+tab", "shift+tab", "seal number digits transposed", "ctrl+s")
	backOnLive(t, d)
	got := tuitest.Stored(t, s, v.Ref)
	if len(got.Timeline) != 2 || got.Timeline[0].Seizure.Seal != "M0012345" {
		t.Fatalf("timeline %+v", got.Timeline)
	}
	if c := got.Timeline[1]; c.Corrects != 1 || c.Reason != "seal number digits transposed" || c.Seizure.Seal != "M0012354" {
		t.Fatalf("correction %+v", c)
	}
	view := d.View()
	tuitest.Contains(t, view, "#2  06:10  seizure      corrects #1: seal number digits transposed → Passport (Albanian),",
		"exhibit DO/1, sealed bag M0012354 · Dana Okafor",
		"#1  06:10  seizure      Passport (Albanian), exhibit DO/1, sealed bag M0012345 · Dana Okafor", "corrected by #2")

	// enter on the correction corrects the original again; here, voids it.
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Correct #1, seizure", "M0012354")
	d.Press("recorded on the wrong visit", "enter", " ", "enter")
	backOnLive(t, d)
	view = d.View()
	tuitest.Contains(t, view, "#3  06:10  seizure      voids #1: recorded on the wrong visit", "void: struck out by #3", "corrects #1")
	if eff := tuitest.Stored(t, s, v.Ref).Effective(); len(eff) != 0 {
		t.Errorf("the voided seizure still stands: %+v", eff)
	}
}

func TestLive_NothingChangedIsNoCorrection(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	d.Press("n", "Rear door open", "enter", "enter", "typo", "ctrl+s")
	tuitest.Contains(t, d.View(), "nothing is changed yet")
	if n := len(tuitest.Stored(t, s, v.Ref).Timeline); n != 1 {
		t.Fatalf("%d entries", n)
	}
}

func TestLive_IncidentBannerUntilStoodDown(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	d.Press("!", "enter") // no reason: refused beside the field
	tuitest.Contains(t, d.View(), "✗ say what happened: the reason is kept for the")
	d.Press("shift+tab", "Officer injured on the rear stairs", "enter")
	backOnLive(t, d)
	view := d.View()
	tuitest.Contains(t, view, "!! CRITICAL INCIDENT declared 06:10 by Dana Okafor: Officer injured on the rear",
		"INCIDENT     !! CRITICAL INCIDENT declared: Officer injured", "! stand down")
	if _, on := tuitest.Stored(t, s, v.Ref).ActiveIncident(); !on {
		t.Fatal("no active incident stored")
	}
	d.Press("1") // the banner is on every tab
	tuitest.Contains(t, d.View(), "!! CRITICAL INCIDENT declared 06:10")
	d.Press("8", "!")
	tuitest.Contains(t, d.View(), "Stand the incident down")
	d.Press("Officer taken to hospital; duty CIO informed", "enter")
	backOnLive(t, d)
	view = d.View()
	if strings.Contains(view, "!! CRITICAL INCIDENT declared 06:10 by") {
		t.Errorf("the banner stays after the stand-down:\n%s", view)
	}
	tuitest.Contains(t, view, "stood down   critical incident stood down: Officer taken to", "INCIDENT     !! CRITICAL INCIDENT declared")
	if _, on := tuitest.Stored(t, s, v.Ref).ActiveIncident(); on {
		t.Fatal("the incident is still active")
	}
}

func TestLive_OfficerNotOnTheTeamRefused(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.DeployedVisit(t, s, nil)
	d, _ := openLive(t, apptest.App(t, s, apptest.As(tuitest.IO.StaffNo), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	tuitest.Contains(t, d.View(), "You are signed in as Sam Whitfield (IO0042), who is not on the team", "u switch officer")
	for _, k := range []string{"a", "n", "m", "s", "!"} {
		d.Press(k)
		backOnLive(t, d)
		tuitest.Contains(t, d.View(), "✗ Not on the team: Sam Whitfield (IO0042)")
	}
	if n := len(tuitest.Stored(t, s, v.Ref).Timeline); n != 0 {
		t.Fatalf("%d entries recorded by an officer not on the team", n)
	}
	// Signed in as the OIC, the same key opens the form.
	d.Press("u", "CIO001", "enter", "n")
	tuitest.Contains(t, d.View(), "Note · "+string(v.Ref))
}

func TestLive_NotYetDeployedSaysHowToGetThere(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	view := d.View()
	tuitest.Contains(t, view, "The live record opens when the team deploys.", "then deploy with", "D on the briefing tab", "Once deployed: a arrived")
	if footer := view[strings.LastIndex(view, "\n"):]; strings.Contains(footer, "arrived") || strings.Contains(footer, "note") {
		t.Errorf("the footer offers keys that do not work yet: %s", footer)
	}
	d.Press("a")
	tuitest.Contains(t, d.View(), "the live record opens when the team deploys")
}

func TestLive_ReadOnlyOnceStoodDown(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.DeployedVisit(t, s, func(v *domain.Visit) {
		e, _ := v.ParseEntry(domain.EntryNote, domain.EntryInput{Text: "Premises found empty"}, tuitest.LiveDeployed.Add(5*time.Minute))
		if _, err := v.Record(e, tuitest.CIO, tuitest.LiveDeployed.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Transition(domain.StoodDown, "Premises found empty; nobody to see", tuitest.CIO, tuitest.LiveDeployed.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
	})
	d, _ := openLive(t, apptest.App(t, s, apptest.As(""), apptest.At(tuitest.Fixed(tuitest.LiveNow))), 80, 24)
	tuitest.Contains(t, d.View(), "Read only:", "the live record is closed", "Premises found empty", "Who was on site")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "✗ SLN-2026-0001 is stood down: the live record is closed")
	if strings.Contains(d.View(), "enter correct") {
		t.Errorf("the footer offers a correction:\n%s", d.View())
	}
}
