package tui

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/common"
	"oic/tui/tuitest"
)

// The live tests stand at 06:10, ten minutes into a visit planned for
// 06:00. The team (domaintest.Deploy: the OIC Dana Okafor, Jo Marsh as
// gold and Ravi Shah as silver, both off site, Lee Grant on the arrest
// team and Ana Silva driving) deployed at 05:50.
var (
	liveNow      = tuitest.Now.Add(40 * time.Minute)
	liveDeployed = tuitest.Now.Add(20 * time.Minute)
)

// deployedVisit stores a visit deployed at liveDeployed, with edit (if
// any) applied after deployment, and the team's profiles.
func deployedVisit(t testing.TB, s domain.Store, edit func(v *domain.Visit)) *domain.Visit {
	t.Helper()
	v := plannedVisit(t, s, planSetup{rating: domain.Green, edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, tuitest.CIO, liveDeployed); err != nil {
			t.Fatal(err)
		}
		if v.State != domain.Deployed {
			t.Fatalf("visit is %s", v.State)
		}
		if edit != nil {
			edit(v)
		}
	}})
	for _, o := range []domain.Officer{domaintest.Authoriser, domaintest.Silver, domaintest.Arrest, domaintest.Driver} {
		if err := s.SaveOfficer(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// liveApp is the app at a clock, signed in as as ("" for the OIC).
func liveApp(t testing.TB, s domain.Store, as domain.StaffNo, clock func() time.Time) *App {
	t.Helper()
	a, err := New(Options{Renderer: tuitest.Renderer(), Store: s, Config: domain.DefaultConfig(), Clock: clock, Loc: tuitest.London, As: as, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

func fixed(at time.Time) func() time.Time { return func() time.Time { return at } }

// openLive opens the only visit on its live tab.
func openLive(t *testing.T, a *App, w, h int) (*tuitest.Driver, *detail) {
	t.Helper()
	d := tuitest.NewDriver(t, a, w, h)
	d.Press("enter", "8")
	dt, ok := d.Top().(*detail)
	if !ok || dt.tab != tabLive {
		t.Fatalf("not on the live tab:\n%s", d.View())
	}
	return d, dt
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
	tl := stored(t, s, ref).Timeline
	if len(tl) == 0 {
		t.Fatal("nothing recorded")
	}
	return tl[len(tl)-1]
}

func backOnLive(t *testing.T, d *tuitest.Driver) {
	t.Helper()
	if dt, ok := d.Top().(*detail); !ok || dt.tab != tabLive {
		t.Fatalf("not back on the live tab:\n%s", d.View())
	}
}

// TestLive_EachKindThroughKeys records every kind of entry through the
// tab's keys, counting the keys each takes beside its text: at most
// three for the common ones, the time "now" unless typed.
func TestLive_EachKindThroughKeys(t *testing.T) {
	s := tuitest.Store(t)
	v := deployedVisit(t, s, nil)
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
	tuitest.Contains(t, d.View(), "Nobody has arrived yet", "a arrived")

	for _, c := range []struct {
		name  string
		most  int // keys beside the text
		steps []typed
		check func(e domain.TimelineEntry) bool
	}{
		{"arrival of everyone expected", 2, []typed{key_("a"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryArrival && len(e.Officers) == 3 && e.Officers[0] == tuitest.CIO.StaffNo &&
				e.Officers[1] == domaintest.Arrest.StaffNo && e.Officers[2] == domaintest.Driver.StaffNo && e.At.Equal(liveNow)
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
		{"referral: a civil penalty referral notice", 3, []typed{key_("r"), text("Golden Dragon Ltd"), key_("enter"), text("c"), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryReferral && e.Subtype == "civil penalty referral notice" && e.Person.Name == "Golden Dragon Ltd"
		}},
		{"departure of Lee Grant alone", 6, []typed{key_("d"), text(" "), key_("down", "down", "down", "down"), text(" "), key_("enter")}, func(e domain.TimelineEntry) bool {
			return e.Kind == domain.EntryDeparture && len(e.Officers) == 1 && e.Officers[0] == domaintest.Arrest.StaffNo
		}},
	} {
		before := len(stored(t, s, v.Ref).Timeline)
		n := record(d, c.steps...)
		backOnLive(t, d)
		tl := stored(t, s, v.Ref).Timeline
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
	v := deployedVisit(t, s, nil)
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
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
	if n := len(stored(t, s, v.Ref).Timeline); n != 0 {
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
	v := deployedVisit(t, s, func(v *domain.Visit) {
		e, err := v.ParseEntry(domain.EntryArrival, domain.EntryInput{Officers: "IO0903"}, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Record(e, tuitest.CIO, at); err != nil {
			t.Fatal(err)
		}
	})
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
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
	if n := len(stored(t, s, v.Ref).Timeline); n != 1 {
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
	v := deployedVisit(t, s, nil)
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 100, 40)
	d.Press("s", "Passport (Albanian)", "enter", "M0012345", "enter")
	backOnLive(t, d)
	// enter on the entry just recorded: Why, Void, then the fields.
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Correct #1, seizure", "Passport (Albanian)", "M0012345", "DO/1")
	d.Press("tab", "tab", "tab", "ctrl+u", "M0012354", "ctrl+s")
	tuitest.Contains(t, d.View(), "say why the entry is corrected")
	if n := len(stored(t, s, v.Ref).Timeline); n != 1 {
		t.Fatalf("a correction without a reason was recorded (%d entries)", n)
	}
	d.Press("shift+tab", "shift+tab", "shift+tab", "seal number digits transposed", "ctrl+s")
	backOnLive(t, d)
	got := stored(t, s, v.Ref)
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
	if eff := stored(t, s, v.Ref).Effective(); len(eff) != 0 {
		t.Errorf("the voided seizure still stands: %+v", eff)
	}
}

func TestLive_NothingChangedIsNoCorrection(t *testing.T) {
	s := tuitest.Store(t)
	v := deployedVisit(t, s, nil)
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
	d.Press("n", "Rear door open", "enter", "enter", "typo", "ctrl+s")
	tuitest.Contains(t, d.View(), "nothing is changed yet")
	if n := len(stored(t, s, v.Ref).Timeline); n != 1 {
		t.Fatalf("%d entries", n)
	}
}

func TestLive_IncidentBannerUntilStoodDown(t *testing.T) {
	s := tuitest.Store(t)
	v := deployedVisit(t, s, nil)
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
	d.Press("!", "enter") // no reason: refused beside the field
	tuitest.Contains(t, d.View(), "✗ say what happened: the reason is kept for the")
	d.Press("shift+tab", "Officer injured on the rear stairs", "enter")
	backOnLive(t, d)
	view := d.View()
	tuitest.Contains(t, view, "!! CRITICAL INCIDENT declared 06:10 by Dana Okafor: Officer injured on the rear",
		"INCIDENT     !! CRITICAL INCIDENT declared: Officer injured", "! stand down")
	if _, on := stored(t, s, v.Ref).ActiveIncident(); !on {
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
	if _, on := stored(t, s, v.Ref).ActiveIncident(); on {
		t.Fatal("the incident is still active")
	}
}

func TestLive_OfficerNotOnTheTeamRefused(t *testing.T) {
	s := tuitest.Store(t)
	v := deployedVisit(t, s, nil)
	d, _ := openLive(t, liveApp(t, s, tuitest.IO.StaffNo, fixed(liveNow)), 80, 24)
	tuitest.Contains(t, d.View(), "You are signed in as Sam Whitfield (IO0042), who is not on the team", "u switch officer")
	for _, k := range []string{"a", "n", "m", "s", "!"} {
		d.Press(k)
		backOnLive(t, d)
		tuitest.Contains(t, d.View(), "✗ Not on the team: Sam Whitfield (IO0042)")
	}
	if n := len(stored(t, s, v.Ref).Timeline); n != 0 {
		t.Fatalf("%d entries recorded by an officer not on the team", n)
	}
	// Signed in as the OIC, the same key opens the form.
	d.Press("u", "CIO001", "enter", "n")
	tuitest.Contains(t, d.View(), "Note · "+string(v.Ref))
}

func TestLive_NotYetDeployedSaysHowToGetThere(t *testing.T) {
	s := tuitest.Store(t)
	plannedVisit(t, s, planSetup{rating: domain.Green})
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
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
	deployedVisit(t, s, func(v *domain.Visit) {
		e, _ := v.ParseEntry(domain.EntryNote, domain.EntryInput{Text: "Premises found empty"}, liveDeployed.Add(5*time.Minute))
		if _, err := v.Record(e, tuitest.CIO, liveDeployed.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Transition(domain.StoodDown, "Premises found empty; nobody to see", tuitest.CIO, liveDeployed.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
	})
	d, _ := openLive(t, liveApp(t, s, "", fixed(liveNow)), 80, 24)
	tuitest.Contains(t, d.View(), "Read only:", "the live record is closed", "Premises found empty", "Who was on site")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "✗ SLN-2026-0001 is stood down: the live record is closed")
	if strings.Contains(d.View(), "enter correct") {
		t.Errorf("the footer offers a correction:\n%s", d.View())
	}
}

// TestLive_ClockCountsTimeOnSite: the tab's clock redraws time on site
// each minute while shown, drops a tick of an older clock, and stops when
// the tab is left.
func TestLive_ClockCountsTimeOnSite(t *testing.T) {
	s := tuitest.Store(t)
	arrived := time.Date(2026, 11, 25, 6, 2, 0, 0, tuitest.London)
	v := deployedVisit(t, s, func(v *domain.Visit) {
		e, _ := v.ParseEntry(domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903"}, arrived)
		if _, err := v.Record(e, tuitest.CIO, arrived); err != nil {
			t.Fatal(err)
		}
	})
	now := liveNow
	sess := tuitest.Session(s)
	sess.Clock = func() time.Time { return now }
	dt := newDetail(sess, v.Ref)
	dt.SetSize(80, 21)
	dt.Update(dt.load()().(common.Addressed).Msg)
	if cmd := dt.setTab(tabLive); cmd == nil {
		t.Fatal("the live tab started no clock")
	}
	tuitest.Contains(t, dt.View(), "arrived 06:02 · on site 8m")
	now = now.Add(64 * time.Minute)
	if _, cmd := dt.Update(liveTickMsg{dt.live.gen - 1}); cmd != nil {
		t.Error("a tick of an older clock carried on")
	}
	tuitest.Contains(t, dt.View(), "on site 8m")
	if _, cmd := dt.Update(liveTickMsg{dt.live.gen}); cmd == nil {
		t.Error("the clock stopped while the tab is shown")
	}
	tuitest.Contains(t, dt.View(), "On site at 07:14", "arrived 06:02 · on site 1h 12m")
	dt.setTab(tabOverview)
	if _, cmd := dt.Update(liveTickMsg{dt.live.gen}); cmd != nil {
		t.Error("the clock carried on after the tab was left")
	}
}

func TestLive_SelectionStaysInView(t *testing.T) {
	dt := liveBenchDetail(t)
	for i := range 59 {
		dt.Update(tuitest.Keys("down")[0])
		want := regexp.MustCompile(`▸ +#` + strconv.Itoa(59-i) + ` `)
		if !want.MatchString(dt.View()) {
			t.Fatalf("after %d downs, %q is not in view:\n%s", i+1, want, dt.View())
		}
	}
	for range 59 {
		dt.Update(tuitest.Keys("up")[0])
	}
	tuitest.Contains(t, dt.View(), "▸ #60 ", "On site at 08:00")
}

// liveBench is the clock of the long timeline: 08:00, an hour after its
// last entry.
var liveBench = time.Date(2026, 11, 25, 8, 0, 0, 0, tuitest.London)

// longTimeline records n entries a minute apart from 06:00: the team's
// arrival, an entry, then encounters, seizures and notes, with a
// correction every tenth.
func longTimeline(n int) func(v *domain.Visit) {
	return func(v *domain.Visit) {
		start := time.Date(2026, 11, 25, 6, 0, 0, 0, tuitest.London)
		rec := func(kind domain.EntryKind, in domain.EntryInput, at time.Time, fix int) {
			e, err := v.ParseEntry(kind, in, liveBench)
			if err != nil {
				panic(err)
			}
			e.At = at
			if fix != 0 {
				e.Corrects, e.Reason = fix, "detail mistyped at the door"
			}
			if _, err := v.Record(e, tuitest.CIO, at); err != nil {
				panic(err)
			}
		}
		rec(domain.EntryArrival, domain.EntryInput{Officers: "CIO001 IO0903 IO0904"}, start, 0)
		rec(domain.EntryEntry, domain.EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, start, 0)
		input := func(i int) (domain.EntryKind, domain.EntryInput) {
			switch i % 3 {
			case 0:
				return domain.EntrySeizure, domain.EntryInput{Seizure: domain.SeizureInput{Item: "Mobile phone", Exhibit: "DO/" + strconv.Itoa(i), Seal: "M00" + strconv.Itoa(12000+i)}}
			case 1:
				return domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: "Unknown male", Nationality: "Albanian", Outcome: "arrested", Excuse: "not shown"}}
			}
			return domain.EntryNote, domain.EntryInput{Text: "Kitchen checked, two rooms upstairs searched, nobody found"}
		}
		for i := 3; i <= n; i++ {
			at := start.Add(time.Duration(i) * time.Minute)
			if i%10 == 0 { // corrects the entry before it
				kind, in := input(i - 1)
				in.Text = "corrected at the door"
				rec(kind, in, at, i-1)
				continue
			}
			kind, in := input(i)
			rec(kind, in, at, 0)
		}
	}
}
