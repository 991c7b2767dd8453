package premises_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/premises"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
)

// premisesVisits are the visits the premises tests stand on.
type premisesVisits struct {
	closed, stoodDown, today, neighbour, elsewhere *domain.Visit
}

// seedPremises stores a morning's visit to the Golden Dragon, two earlier
// visits to it with the address typed other ways (one closed with what its
// planning found, one stood down), a visit next door at the same postcode
// and one at another postcode.
func seedPremises(t testing.TB, s domain.Store) premisesVisits {
	t.Helper()
	tuitest.Seed(t, s, 0)
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
			PlannedStart: start, OIC: tuitest.IO.StaffNo, OICName: tuitest.IO.Name,
		}
		v, c, err := domain.NewVisit(b, tuitest.CIO, created)
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
			v.History = append(v.History, domain.StateChange{From: domain.Planning, To: to, At: at, By: tuitest.CIO.StaffNo, ByName: tuitest.CIO.Name, Reason: reason})
		}
	}
	var out premisesVisits
	june := time.Date(2026, 6, 10, 6, 0, 0, 0, tuitest.London)
	out.closed = mk("Golden Dragon", "12 High St", "CR0 1AB", june,
		"Two men seen working in the kitchen late at night; owner said to pay cash.",
		func(v *domain.Visit, at time.Time) {
			must(v.AddSubject(domain.Subject{Name: "Arben Hoxha", Nationality: "Albanian", Offence: "Working in breach of conditions"}, tuitest.CIO, at))
			must(v.AddCheck(domain.Check{System: domain.SysPNC, Target: domain.TargetAddress, Result: domain.TraceFound,
				Detail: "Dog (XL bully) reported at the address, 2025", DoneBy: tuitest.IO.StaffNo, DoneByName: tuitest.IO.Name, DoneAt: at}, tuitest.IO, at))
			must(v.AddCheck(domain.Check{System: domain.SysPNC, Target: "S1", Result: domain.NoTrace,
				DoneBy: tuitest.IO.StaffNo, DoneByName: tuitest.IO.Name, DoneAt: at}, tuitest.IO, at))
			must(v.SetEPA(domain.EPA{Rating: domain.Amber, AssessedBy: tuitest.IO.StaffNo, AssessedByName: tuitest.IO.Name,
				Risks: []domain.Risk{{Risk: "Rear kitchen door opens on an alley to Brigstock Road", Mitigation: "Two officers on rear cover"}}}, tuitest.CIO, at))
		},
		finish(domain.Closed, june.Add(6*time.Hour), "Two arrested in the kitchen; a third left by the rear door before cover was in place."))
	sept := time.Date(2026, 9, 22, 6, 30, 0, 0, tuitest.London)
	out.stoodDown = mk("Golden Dragon Takeaway", "12, High Street, Croydon", "CR0 1AB", sept,
		"Repeat report that the takeaway is employing illegal workers despite an earlier civil penalty.",
		nil, finish(domain.StoodDown, sept.Add(-40*time.Minute), "Police unable to support on the day"))
	out.today = mk("Golden Dragon Takeaway", "12 High Street, Croydon", "CR0 1AB", tuitest.Now.Add(30*time.Minute),
		"Three males said to be working in the kitchen without permission.", nil, nil)
	out.neighbour = mk("Kebab Express", "14 High Street, Croydon", "CR0 1AB", time.Date(2026, 8, 4, 11, 0, 0, 0, tuitest.London),
		"Staff said to sleep above the shop.", nil, finish(domain.Closed, time.Date(2026, 8, 4, 15, 0, 0, 0, tuitest.London), ""))
	out.elsewhere = mk("Golden Dragon Express", "12 High Street, Sutton", "SM1 1AA", time.Date(2026, 7, 1, 11, 0, 0, 0, tuitest.London),
		"Same owner as the Croydon branch.", nil, nil)
	return out
}

// openVisit opens a visit's screen over the register.
func openVisit(d *tuitest.Driver, ref domain.Ref) {
	d.Send(common.OpenVisitMsg{Ref: ref})
	d.Settle()
}

func TestPremises_OverviewCountsEarlierVisits(t *testing.T) {
	s := tuitest.Store(t)
	pv := seedPremises(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	openVisit(d, pv.today.Ref)
	tuitest.Contains(t, d.View(), "2 earlier visits to these premises — P to see what they learned (REC-5)", "P premises history")

	// The earliest visit has none before it, two after.
	openVisit(d, pv.closed.Ref)
	tuitest.Contains(t, d.View(), "2 later visits to these premises — P to see them (REC-5)")

	// The one between has both.
	openVisit(d, pv.stoodDown.Ref)
	tuitest.Contains(t, d.View(), "1 earlier and 1 later visits to these premises — P to see them (REC-5)")

	// A visit with no other at its premises says nothing, and the footer
	// does not offer P.
	openVisit(d, pv.elsewhere.Ref)
	if v := d.View(); strings.Contains(v, "these premises") || strings.Contains(v, "P premises") {
		t.Errorf("a lone visit speaks of its premises:\n%s", v)
	}
}

func TestPremises_FromVisitShowsWhatEarlierVisitsLearned(t *testing.T) {
	s := tuitest.Store(t)
	pv := seedPremises(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	openVisit(d, pv.today.Ref)
	d.Press("P")
	ps, ok := d.Top().(*premises.Screen)
	if !ok {
		t.Fatalf("P did not open the premises history:\n%s", d.View())
	}
	v := d.View()
	tuitest.Contains(t, v,
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
	if fmt.Sprint(ps.Listed()) != fmt.Sprint(order) {
		t.Errorf("order %v, want %v", ps.Listed(), order)
	}
	if ps.Selected() != pv.stoodDown.Ref {
		t.Errorf("selected %s, want %s", ps.Selected(), pv.stoodDown.Ref)
	}

	// Enter opens the selected visit; esc comes back to the history.
	d.Press("down", "enter")
	if dt, ok := d.Top().(*visit.Screen); !ok || dt.Ref() != pv.closed.Ref {
		t.Fatalf("enter did not open %s:\n%s", pv.closed.Ref, d.View())
	}
	d.Press("esc")
	if d.Top() != ps {
		t.Fatalf("esc did not come back to the history")
	}
	// Enter on this visit goes back to it rather than opening it twice.
	d.Press("g", "enter")
	if dt, ok := d.Top().(*visit.Screen); !ok || dt.Ref() != pv.today.Ref {
		t.Fatalf("enter on this visit: top %T:\n%s", d.Top(), d.View())
	}
	d.Press("esc") // the visit was not opened a second time: esc leaves it
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatalf("esc from this visit went to %T, not the register:\n%s", d.Top(), d.View())
	}
}

func TestPremises_SearchByPostcode(t *testing.T) {
	s := tuitest.Store(t)
	pv := seedPremises(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)

	d.Press("P")
	if _, ok := d.Top().(*dialog.Prompt); !ok {
		t.Fatalf("P on the register did not ask for a postcode:\n%s", d.View())
	}
	// An unparseable postcode is refused beside the field, which keeps it.
	d.Press("CR0 1ZZZ", "enter")
	if _, ok := d.Top().(*dialog.Prompt); !ok {
		t.Fatalf("a bad postcode left the prompt:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "✗ \"CR0 1ZZZ\" is not a UK postcode")
	d.Press("esc", "esc")

	// A postcode with no visits says so.
	d.Press("P", "e1 6an", "enter")
	tuitest.Contains(t, d.View(), "Premises at E1 6AN", "No visit in this store is at E1 6AN.")
	d.Press("esc")

	// Any spacing or case: every premises at the postcode, grouped.
	d.Press("P", "cr01ab", "enter")
	ps, ok := d.Top().(*premises.Screen)
	if !ok {
		t.Fatalf("no premises screen:\n%s", d.View())
	}
	tuitest.Contains(t, d.View(), "Postcode CR0 1AB", "4 visits at 2 addresses",
		"Golden Dragon Takeaway · 12 High Street, Croydon (3 visits)", "Kebab Express · 14 High Street, Croydon (1 visit)")
	order := []domain.Ref{pv.today.Ref, pv.stoodDown.Ref, pv.closed.Ref, pv.neighbour.Ref}
	if fmt.Sprint(ps.Listed()) != fmt.Sprint(order) {
		t.Errorf("order %v, want %v", ps.Listed(), order)
	}
	if strings.Contains(d.View(), "this visit") {
		t.Errorf("a search by postcode has no visit of its own:\n%s", d.View())
	}
	d.Press("enter")
	if dt, ok := d.Top().(*visit.Screen); !ok || dt.Ref() != pv.today.Ref {
		t.Fatalf("enter did not open %s", pv.today.Ref)
	}
}

// On a small terminal the list scrolls through a tall visit a line at a
// time, and every frame fits.
func TestPremises_ScrollsOnASmallTerminal(t *testing.T) {
	s := tuitest.Store(t)
	pv := seedPremises(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 60, 14)
	openVisit(d, pv.today.Ref)
	d.Press("P")
	ps := d.Top().(*premises.Screen)
	seen := map[domain.Ref]bool{}
	for range 40 {
		tuitest.CheckFits(t, d.View(), 60, 14)
		seen[ps.Selected()] = true
		d.Press("j")
	}
	if ps.Selected() != pv.neighbour.Ref || !seen[pv.closed.Ref] {
		t.Errorf("j did not reach the last visit: at %s, saw %v", ps.Selected(), seen)
	}
	if !strings.Contains(d.View(), "↑/k to go back up") {
		t.Errorf("no scroll hint at the bottom:\n%s", d.View())
	}
	d.Press("g")
	if !strings.Contains(d.View(), string(pv.today.Ref)) || ps.Selected() != pv.today.Ref {
		t.Errorf("g did not go back to the top of the list:\n%s", d.View())
	}
}

// A save anywhere may be a visit at the postcode: the history reloads.
func TestPremises_TakesANewVisitFromTheFeed(t *testing.T) {
	s := tuitest.Store(t)
	pv := seedPremises(t, s)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	openVisit(d, pv.today.Ref)
	d.Press("P")
	if _, ok := d.Top().(*premises.Screen); !ok {
		t.Fatalf("P did not open the premises history:\n%s", d.View())
	}
	nv := pv.neighbour.Clone()
	b := nv.Basics
	b.Premises.Address = "12 High St"
	nv.State = domain.Planning // editable again, for the test
	c, err := nv.EditBasics(b, tuitest.CIO, tuitest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), nv, c); err != nil {
		t.Fatal(err)
	}
	d.WaitFor("3 other visits to these premises")
	if v := d.View(); !strings.Contains(v, "3 other visits to these premises") || strings.Contains(v, "Other addresses at CR0 1AB") {
		t.Errorf("after the address was corrected, the visit next door is not among the premises' visits:\n%s", v)
	}
}

// Golden screens of the premises history opened from the morning's visit,
// with its two earlier visits.
func TestGoldenPremises(t *testing.T) {
	for _, sz := range tuitest.Sizes {
		name := fmt.Sprintf("premises_history_%dx%d", sz.W, sz.H)
		t.Run(name, func(t *testing.T) {
			s := tuitest.Store(t)
			seedPremises(t, s)
			view := apptest.Program(t, apptest.App(t, s), sz.W, sz.H, "5 visits",
				apptest.Step{Keys: []string{"enter"}, Wait: "earlier visits"},
				apptest.Step{Keys: []string{"P"}, Wait: "this visit"})
			tuitest.Golden(t, name, view)
			tuitest.CheckFits(t, view, sz.W, sz.H)
		})
	}
}

// REC-5, as issue 4 asks: a second visit to the same premises shows the
// first visit's recce notes.
func TestPremises_ShowsEarlierRecceNotes(t *testing.T) {
	s := tuitest.Store(t)
	pv := seedPremises(t, s)
	ctx := context.Background()
	v, err := s.Visit(ctx, pv.closed.Ref)
	if err != nil {
		t.Fatal(err)
	}
	v.Plan.Recces = []domain.Recce{{ID: "R1", Kind: domain.RecceWalkBy, ByName: tuitest.IO.Name, At: v.Basics.PlannedStart.Add(-72 * time.Hour),
		Entrances: "Front door; kitchen door to the yard; yard gate to Back Lane", Layout: "Kitchen behind the counter; storeroom with a hidden room",
		Occupants: "Six to eight staff after 22:00", Geography: "Back Lane is a dead end"}}
	if _, err := s.SaveVisit(ctx, v, domain.Change{Action: "recce recorded", Actor: tuitest.IO.StaffNo, ActorName: tuitest.IO.Name, At: tuitest.Now}); err != nil {
		t.Fatal(err)
	}
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 60)
	openVisit(d, pv.today.Ref)
	d.Press("P")
	tuitest.Contains(t, d.View(), "Recce R1", "walk-by on", "Front door; kitchen door to the yard; yard gate to Back Lane",
		"storeroom with a hidden room", "Back Lane is a dead end")
}
