package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
	"oic/tui/common"
	"oic/tui/dialog"
)

// premisesVisits are the visits the premises tests stand on.
type premisesVisits struct {
	closed, stoodDown, today, neighbour, elsewhere *domain.Visit
}

// seedPremises stores a morning's visit to the Golden Dragon, two earlier
// visits to it with the address typed other ways (one closed with what its
// planning found, one stood down), a visit next door at the same postcode
// and one at another postcode.
func seedPremises(t testing.TB, s *store.Store) premisesVisits {
	t.Helper()
	seed(t, s, 0)
	ctx := context.Background()
	mk := func(name, addr, pc string, start time.Time, intel string, plan func(v *domain.Visit, at time.Time), end func(v *domain.Visit)) *domain.Visit {
		t.Helper()
		created := start.AddDate(0, 0, -14)
		b := domain.Basics{
			Team:     "SLN",
			Premises: domain.Premises{Name: name, Address: addr, Postcode: domain.Postcode(pc), Sector: "Restaurant / takeaway"},
			Intel: domain.Intelligence{Ref: "INT-" + start.Format("20060102"), Received: domain.DateOf(created.AddDate(0, 0, -3)), Priority: 3,
				Summary: intel},
			Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Regional Tasking Board", DecidedAt: created.Add(-time.Hour),
				Rationale: "Credible, recent, local priority."},
			PlannedStart: start, OIC: testIO.StaffNo, OICName: testIO.Name,
		}
		v, c, err := domain.NewVisit(b, testCIO, created)
		if err != nil {
			t.Fatal(err)
		}
		if plan != nil {
			plan(v, start.Add(-48*time.Hour))
		}
		if end != nil {
			end(v)
		}
		if v, err = s.CreateVisit(ctx, v, c); err != nil {
			t.Fatal(err)
		}
		return v
	}
	must := func(_ domain.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// finish puts a visit in its final state with its history, as the
	// steps between would have left it.
	finish := func(to domain.State, at time.Time, reason string) func(v *domain.Visit) {
		return func(v *domain.Visit) {
			v.State = to
			v.History = append(v.History, domain.StateChange{From: domain.Planning, To: to, At: at, By: testCIO.StaffNo, ByName: testCIO.Name, Reason: reason})
		}
	}
	var out premisesVisits
	june := time.Date(2026, 6, 10, 6, 0, 0, 0, london)
	out.closed = mk("Golden Dragon", "12 High St", "CR0 1AB", june,
		"Two men seen working in the kitchen late at night; owner said to pay cash.",
		func(v *domain.Visit, at time.Time) {
			must(v.AddSubject(domain.Subject{Name: "Arben Hoxha", Nationality: "Albanian", Offence: "Working in breach of conditions"}, testCIO, at))
			must(v.AddCheck(domain.Check{System: domain.SysPNC, Target: domain.TargetAddress, Result: domain.TraceFound,
				Detail: "Dog (XL bully) reported at the address, 2025", DoneBy: testIO.StaffNo, DoneByName: testIO.Name, DoneAt: at}, testIO, at))
			must(v.AddCheck(domain.Check{System: domain.SysPNC, Target: "S1", Result: domain.NoTrace,
				DoneBy: testIO.StaffNo, DoneByName: testIO.Name, DoneAt: at}, testIO, at))
			must(v.SetEPA(domain.EPA{Rating: domain.Amber, AssessedBy: testIO.StaffNo, AssessedByName: testIO.Name,
				Risks: []domain.Risk{{Risk: "Rear kitchen door opens on an alley to Brigstock Road", Mitigation: "Two officers on rear cover"}}}, testCIO, at))
		},
		finish(domain.Closed, june.Add(6*time.Hour), "Two arrested in the kitchen; a third left by the rear door before cover was in place."))
	sept := time.Date(2026, 9, 22, 6, 30, 0, 0, london)
	out.stoodDown = mk("Golden Dragon Takeaway", "12, High Street, Croydon", "CR0 1AB", sept,
		"Repeat report that the takeaway is employing illegal workers despite an earlier civil penalty.",
		nil, finish(domain.StoodDown, sept.Add(-40*time.Minute), "Police unable to support on the day"))
	out.today = mk("Golden Dragon Takeaway", "12 High Street, Croydon", "CR0 1AB", testNow.Add(30*time.Minute),
		"Three males said to be working in the kitchen without permission.", nil, nil)
	out.neighbour = mk("Kebab Express", "14 High Street, Croydon", "CR0 1AB", time.Date(2026, 8, 4, 11, 0, 0, 0, london),
		"Staff said to sleep above the shop.", nil, finish(domain.Closed, time.Date(2026, 8, 4, 15, 0, 0, 0, london), ""))
	out.elsewhere = mk("Golden Dragon Express", "12 High Street, Sutton", "SM1 1AA", time.Date(2026, 7, 1, 11, 0, 0, 0, london),
		"Same owner as the Croydon branch.", nil, nil)
	return out
}

// openVisit opens a visit's detail screen over the register.
func openVisit(d *driver, ref domain.Ref) {
	d.send(common.PushMsg{Screen: newDetail(d.m.(*App).s, ref)})
	d.settle()
}

func TestPremises_OverviewCountsEarlierVisits(t *testing.T) {
	s := openStore(t)
	pv := seedPremises(t, s)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	openVisit(d, pv.today.Ref)
	contains(t, d.view(), "2 earlier visits to these premises — P to see what they learned (REC-5)", "P premises history")

	// The earliest visit has none before it, two after.
	openVisit(d, pv.closed.Ref)
	contains(t, d.view(), "2 later visits to these premises — P to see them (REC-5)")

	// The one between has both.
	openVisit(d, pv.stoodDown.Ref)
	contains(t, d.view(), "1 earlier and 1 later visits to these premises — P to see them (REC-5)")

	// A visit with no other at its premises says nothing, and the footer
	// does not offer P.
	openVisit(d, pv.elsewhere.Ref)
	if v := d.view(); strings.Contains(v, "these premises") || strings.Contains(v, "P premises") {
		t.Errorf("a lone visit speaks of its premises:\n%s", v)
	}
}

func TestPremises_FromVisitShowsWhatEarlierVisitsLearned(t *testing.T) {
	s := openStore(t)
	pv := seedPremises(t, s)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	openVisit(d, pv.today.Ref)
	d.press("P")
	ps, ok := d.top().(*premisesScreen)
	if !ok {
		t.Fatalf("P did not open the premises history:\n%s", d.view())
	}
	v := d.view()
	contains(t, v,
		"Premises history · Golden Dragon Takeaway",
		"12 High Street, Croydon · CR0 1AB",
		"2 other visits to these premises, newest first (REC-5)",
		string(pv.today.Ref), "◂ this visit",
		string(pv.stoodDown.Ref), "stood down 22/09/2026 05:50 by Dana Okafor: Police unable to support on the day",
		string(pv.closed.Ref), "Trading as", "Golden Dragon",
		"closed 10/06/2026 12:00 by Dana Okafor: Two arrested in the kitchen",
		"Rear kitchen door opens on an alley to Brigstock Road → Two officers on rear cover",
		"PNC on the address: Dog (XL bully) reported at the address, 2025",
		"Other addresses at CR0 1AB", "Kebab Express · 14 High Street, Croydon", string(pv.neighbour.Ref))
	if strings.Contains(v, string(pv.elsewhere.Ref)) {
		t.Errorf("a visit at another postcode is listed:\n%s", v)
	}
	// A check that found nothing is not a note.
	if strings.Contains(v, "PNC on Arben Hoxha") {
		t.Errorf("a check with no trace is shown:\n%s", v)
	}
	// Newest first; the selection starts on the first visit besides this one.
	order := []domain.Ref{pv.today.Ref, pv.stoodDown.Ref, pv.closed.Ref, pv.neighbour.Ref}
	if fmt.Sprint(ps.refs) != fmt.Sprint(order) {
		t.Errorf("order %v, want %v", ps.refs, order)
	}
	if ps.current() != pv.stoodDown.Ref {
		t.Errorf("selected %s, want %s", ps.current(), pv.stoodDown.Ref)
	}

	// Enter opens the selected visit; esc comes back to the history.
	d.press("down", "enter")
	if dt, ok := d.top().(*detail); !ok || dt.ref != pv.closed.Ref {
		t.Fatalf("enter did not open %s:\n%s", pv.closed.Ref, d.view())
	}
	d.press("esc")
	if d.top() != ps {
		t.Fatalf("esc did not come back to the history")
	}
	// Enter on this visit goes back to it rather than opening it twice.
	d.press("g", "enter")
	if dt, ok := d.top().(*detail); !ok || dt.ref != pv.today.Ref || len(d.m.(*App).stack) != 2 {
		t.Fatalf("enter on this visit: top %T, stack of %d", d.top(), len(d.m.(*App).stack))
	}
}

func TestPremises_SearchByPostcode(t *testing.T) {
	s := openStore(t)
	pv := seedPremises(t, s)
	d := newDriver(t, newTestApp(t, s), 120, 40)

	d.press("P")
	if _, ok := d.top().(*dialog.Prompt); !ok {
		t.Fatalf("P on the register did not ask for a postcode:\n%s", d.view())
	}
	// An unparseable postcode is refused beside the field, which keeps it.
	d.press("CR0 1ZZZ", "enter")
	if _, ok := d.top().(*dialog.Prompt); !ok {
		t.Fatalf("a bad postcode left the prompt:\n%s", d.view())
	}
	contains(t, d.view(), "✗ \"CR0 1ZZZ\" is not a UK postcode")
	d.press("esc", "esc")

	// A postcode with no visits says so.
	d.press("P", "e1 6an", "enter")
	contains(t, d.view(), "Premises at E1 6AN", "No visit in this store is at E1 6AN.")
	d.press("esc")

	// Any spacing or case: every premises at the postcode, grouped.
	d.press("P", "cr01ab", "enter")
	ps, ok := d.top().(*premisesScreen)
	if !ok {
		t.Fatalf("no premises screen:\n%s", d.view())
	}
	contains(t, d.view(), "Postcode CR0 1AB", "4 visits at 2 addresses",
		"Golden Dragon Takeaway · 12 High Street, Croydon (3 visits)", "Kebab Express · 14 High Street, Croydon (1 visit)")
	order := []domain.Ref{pv.today.Ref, pv.stoodDown.Ref, pv.closed.Ref, pv.neighbour.Ref}
	if fmt.Sprint(ps.refs) != fmt.Sprint(order) {
		t.Errorf("order %v, want %v", ps.refs, order)
	}
	if strings.Contains(d.view(), "this visit") {
		t.Errorf("a search by postcode has no visit of its own:\n%s", d.view())
	}
	d.press("enter")
	if dt, ok := d.top().(*detail); !ok || dt.ref != pv.today.Ref {
		t.Fatalf("enter did not open %s", pv.today.Ref)
	}
}

// On a small terminal the list scrolls through a tall visit a line at a
// time, and every frame fits.
func TestPremises_ScrollsOnASmallTerminal(t *testing.T) {
	s := openStore(t)
	pv := seedPremises(t, s)
	d := newDriver(t, newTestApp(t, s), 60, 14)
	openVisit(d, pv.today.Ref)
	d.press("P")
	ps := d.top().(*premisesScreen)
	seen := map[domain.Ref]bool{}
	for range 40 {
		checkFits(t, d.view(), 60, 14)
		seen[ps.current()] = true
		d.press("j")
	}
	if ps.current() != pv.neighbour.Ref || !seen[pv.closed.Ref] {
		t.Errorf("j did not reach the last visit: at %s, saw %v", ps.current(), seen)
	}
	if !strings.Contains(d.view(), "↑/k to go back up") {
		t.Errorf("no scroll hint at the bottom:\n%s", d.view())
	}
	d.press("g")
	if ps.offset != 0 {
		t.Errorf("g left the list at line %d", ps.offset)
	}
}

// A save anywhere may be a visit at the postcode: the history reloads.
func TestPremises_TakesANewVisitFromTheFeed(t *testing.T) {
	s := openStore(t)
	pv := seedPremises(t, s)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	openVisit(d, pv.today.Ref)
	d.press("P")
	ps := d.top().(*premisesScreen)
	nv := pv.neighbour.Clone()
	b := nv.Basics
	b.Premises.Address = "12 High St"
	nv.State = domain.Planning // editable again, for the test
	c, err := nv.EditBasics(b, testCIO, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), nv, c); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(ps.groups) != 1 && time.Now().Before(deadline) {
		d.settle()
	}
	if len(ps.groups) != 1 || len(ps.groups[0].visits) != 4 {
		t.Errorf("after the address was corrected: %d groups, view:\n%s", len(ps.groups), d.view())
	}
}

func TestOutcomeNotes(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 6, 10, h, 0, 0, 0, london) }
	v := &domain.Visit{State: domain.Cancelled, History: []domain.StateChange{
		{To: domain.Tasked, At: at(1), ByName: "A", Reason: "visit opened"},
		{From: domain.Tasked, To: domain.Planning, At: at(2), ByName: "A", Reason: "adopted at tasking"},
		{From: domain.Planning, To: domain.Authorised, At: at(3), ByName: "B", Reason: "authorised with a note"},
		{From: domain.Authorised, To: domain.Cancelled, At: at(4), ByName: "C", Reason: "premises closed down"},
	}}
	// An authorisation's note is not an outcome.
	got := fmt.Sprint(outcomeNotes(v, london))
	want := "[{Outcome cancelled 10/06/2026 04:00 by C: premises closed down}]"
	if got != want {
		t.Errorf("outcome\n got %s\nwant %s", got, want)
	}
	// A closing note stays when the visit moves on to follow-up.
	v = &domain.Visit{State: domain.FollowUp, History: append(v.History[:3:3],
		domain.StateChange{From: domain.Deployed, To: domain.Closed, At: at(5), ByName: "D", Reason: "3 arrested"},
		domain.StateChange{From: domain.Closed, To: domain.FollowUp, At: at(6), ByName: "D"})}
	got = fmt.Sprint(outcomeNotes(v, london))
	want = "[{Outcome follow-up 10/06/2026 06:00 by D} { closed 10/06/2026 05:00 by D: 3 arrested}]"
	if got != want {
		t.Errorf("outcome\n got %s\nwant %s", got, want)
	}
	v = &domain.Visit{State: domain.Planning, History: v.History[:2]}
	if v.History[1].To != domain.Planning {
		t.Fatal("fixture")
	}
	if got := fmt.Sprint(outcomeNotes(v, london)); got != "[{Outcome still planning (since 10/06/2026 02:00, A)}]" {
		t.Errorf("active visit: %s", got)
	}
	v = &domain.Visit{State: domain.Tasked, History: v.History[:1]}
	if got := fmt.Sprint(outcomeNotes(v, london)); got != "[{Outcome still tasked (since 10/06/2026 01:00, A)}]" {
		t.Errorf("new visit: %s", got)
	}
}

// A withdrawn check is not knowledge of the premises.
func TestPremisesNotes_LeaveOutWithdrawnChecks(t *testing.T) {
	v := &domain.Visit{Plan: domain.PlanningRecord{Checks: []domain.Check{
		{System: domain.SysPNC, Target: "address", Result: domain.TraceFound, Detail: "made in error", Withdrawn: "wrong address searched"},
		{System: domain.SysCID, Target: "S9", Result: domain.TraceFound, Detail: "overstayer"},
	}}}
	got := fmt.Sprint(premisesNotes(v))
	if got != "[{Trace found CID/Atlas on S9: overstayer}]" {
		t.Errorf("notes %s", got)
	}
}

// Golden screens of the premises history opened from the morning's visit,
// with its two earlier visits.
func TestGoldenPremises(t *testing.T) {
	for _, sz := range sizes {
		name := fmt.Sprintf("premises_history_%dx%d", sz.w, sz.h)
		t.Run(name, func(t *testing.T) {
			s := openStore(t)
			seedPremises(t, s)
			view := program(t, newTestApp(t, s), sz.w, sz.h, "5 visits",
				step{keys: []string{"enter"}, wait: "earlier visits"},
				step{keys: []string{"P"}, wait: "this visit"})
			golden(t, name, view)
			checkFits(t, view, sz.w, sz.h)
		})
	}
}

// REC-5, as issue 4 asks: a second visit to the same premises shows the
// first visit's recce notes.
func TestPremises_ShowsEarlierRecceNotes(t *testing.T) {
	s := openStore(t)
	pv := seedPremises(t, s)
	ctx := context.Background()
	v, err := s.Visit(ctx, pv.closed.Ref)
	if err != nil {
		t.Fatal(err)
	}
	v.Plan.Recces = []domain.Recce{{ID: "R1", Kind: domain.RecceWalkBy, ByName: testIO.Name, At: v.Basics.PlannedStart.Add(-72 * time.Hour),
		Entrances: "Front door; kitchen door to the yard; yard gate to Back Lane", Layout: "Kitchen behind the counter; storeroom with a hidden room",
		Occupants: "Six to eight staff after 22:00", Geography: "Back Lane is a dead end"}}
	if _, err := s.SaveVisit(ctx, v, domain.Change{Action: "recce recorded", Actor: testIO.StaffNo, ActorName: testIO.Name, At: testNow}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newTestApp(t, s), 120, 60)
	openVisit(d, pv.today.Ref)
	d.press("P")
	contains(t, d.view(), "Recce R1", "walk-by on", "Front door; kitchen door to the yard; yard gate to Back Lane",
		"storeroom with a hidden room", "Back Lane is a dead end")
}

// REC-5 with DBF-1: what a debrief wrote for the next team comes first in
// the premises history, with the judgement of the intelligence and what
// was seen of the employer's records.
func TestPremisesNotes_DebriefFirst(t *testing.T) {
	v := &domain.Visit{
		Debrief: domain.Debrief{PremisesNotes: "Rear gate padlocked; manager holds the keys",
			Intel:    domain.IntelFeedback{Rating: "out of date", Comment: "the named worker left in October"},
			Employer: domain.EmployerCompliance{Records: "no right-to-work records kept"}},
		Plan: domain.PlanningRecord{Recces: []domain.Recce{{ID: "R1", Kind: domain.RecceWalkBy, Entrances: "front door only"}}},
	}
	got := premisesNotes(v)
	if len(got) < 4 || got[0] != (note{"Debrief", "Rear gate padlocked; manager holds the keys"}) ||
		got[1].text != "judged out of date: the named worker left in October" || got[2] != (note{"Employer", "no right-to-work records kept"}) || got[3].label != "Recce R1" {
		t.Errorf("notes %v", got)
	}
}
