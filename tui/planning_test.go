package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/guide"
	"oic/tui/tuitest"
)

var testHMI = domain.Officer{StaffNo: "HMI001", Name: "Jo Patel", Grade: "SEO", Team: "SLN", ArrestTrained: true,
	RefresherOn: domain.Date{Year: 2026, Month: 2, Day: 9}}

// planSetup says how far a test visit's plan has got.
type planSetup struct {
	rating domain.Rating // "" leaves the EPA unrecorded
	start  time.Time     // planned start; 06:00 today if zero
	skip   []string      // "S1 PNC", "address PRONTO": checks not made
	trace  bool          // S1's PNC check found a trace
	bare   bool          // nothing planned beyond the subject
	// noONFOrRecce leaves out the Met ONF arrangement and the walk-by
	// recce that a planned visit otherwise has.
	noONFOrRecce bool
	edit         func(v *domain.Visit)
}

// plannedVisit stores the officers and one visit planned as a careful OIC
// would: one subject with a photograph ref, every mandatory check two days
// ago, the final status check an hour ago, an EPA with a risk, PLAN,
// community impact, the power of entry, and the full order for amber and
// red (and the ECIA for red). Only the authorisation is missing.
func plannedVisit(t testing.TB, s domain.Store, p planSetup) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	tuitest.Seed(t, s, 0)
	if err := s.SaveOfficer(ctx, testHMI); err != nil {
		t.Fatal(err)
	}
	if p.start.IsZero() {
		p.start = tuitest.Now.Add(30 * time.Minute)
	}
	created := tuitest.Now.AddDate(0, 0, -7)
	b := domain.Basics{
		Team:         "SLN",
		Premises:     domain.Premises{Name: "Golden Dragon Takeaway", Address: "12 High Street, Croydon", Postcode: "CR0 1AB", Sector: "Restaurant / takeaway"},
		Intel:        domain.Intelligence{Ref: "INT-2026-004801", Received: domain.Date{Year: 2026, Month: 11, Day: 2}, Priority: 3, Summary: "Three males said to be working in the kitchen without permission."},
		Tasking:      domain.Tasking{Decision: domain.Adopted, Forum: "Regional Tasking Board", DecidedAt: created.Add(-time.Hour), Rationale: "Credible, recent, local priority."},
		PlannedStart: p.start,
		OIC:          tuitest.CIO.StaffNo, OICName: tuitest.CIO.Name,
	}
	v, c, err := domain.NewVisit(b, tuitest.CIO, created)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	must := func(_ domain.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := tuitest.Now.Add(-time.Hour)
	must(v.AddSubject(domain.Subject{Name: "Arben Hoxha", Nationality: "Albanian", Offence: "Working in breach of conditions", PhotoRef: "PNC-PH-1182"}, tuitest.CIO, at))
	if !p.bare {
		checkAt := tuitest.Now.Add(-48 * time.Hour)
		for _, tg := range v.CheckTargets() {
			required := domain.SubjectChecks
			if tg == domain.TargetAddress {
				required = domain.AddressChecks
			}
			for _, sys := range required {
				if slices.Contains(p.skip, tg+" "+string(sys)) {
					continue
				}
				c := domain.Check{System: sys, Target: tg, Result: domain.NoTrace, DoneBy: tuitest.IO.StaffNo, DoneByName: tuitest.IO.Name, DoneAt: checkAt}
				if p.trace && tg == "S1" && sys == domain.SysPNC {
					c.Result, c.Detail = domain.TraceFound, "Caution for theft, 2019; no warning markers"
				}
				must(v.AddCheck(c, tuitest.IO, at))
			}
		}
		if !slices.Contains(p.skip, "S1 final status") {
			must(v.AddCheck(domain.Check{System: domain.SysFinalStatus, Target: "S1", Result: domain.NoTrace, DoneBy: tuitest.IO.StaffNo, DoneByName: tuitest.IO.Name, DoneAt: at}, tuitest.IO, at))
		}
		if p.rating != "" {
			must(v.SetEPA(domain.EPA{Rating: p.rating, AssessedBy: tuitest.IO.StaffNo, AssessedByName: tuitest.IO.Name,
				Risks: []domain.Risk{{Risk: "Kitchen has a rear exit to an alley", Mitigation: "Two officers on rear cover"}}}, tuitest.CIO, at))
		}
		must(v.SetPLAN(domain.PLAN{Proportionate: "Two workers; short visit", Legal: "Consent; power of arrest s.28A",
			Accountable: "Recorded here and authorised", Necessary: "Corroborated intelligence"}, tuitest.CIO, at))
		must(v.SetCommunity(domain.Community{Impact: "Busy high street by a mosque; Friday prayers", Mitigation: "Visit on a weekday at 06:00"}, tuitest.CIO, at))
		must(v.SetPower(domain.Power{Kind: domain.PowerConsent}, tuitest.CIO, at))
		if !p.noONFOrRecce {
			must(v.SetONF(domain.ONF{Met: true, MetNote: "MPS central intelligence unit notified"}, tuitest.CIO, at))
			must(v.AddRecce(domain.Recce{Kind: domain.RecceWalkBy, By: tuitest.IO.StaffNo, ByName: tuitest.IO.Name, At: at.Add(-time.Hour),
				Occupants: "Four to six staff", Entrances: "Front door; rear gate to the alley", Layout: "Kitchen behind the counter",
				Geography: "Alley behind", RIPA: domain.RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "Overt, from the street"}}, tuitest.IO, at))
		}
		if p.rating == domain.Amber || p.rating == domain.Red {
			must(v.SetOrder(domain.Order{Information: "Three males working in the kitchen", Intention: "Establish right to work", Method: "Front entry by consent; rear cover in the alley",
				Administration: "Two vans; Croydon custody suite", Risk: "See EPA", Communications: "Channel 3; duty CIO on 07700 900123", HumanRights: "Article 8 considered; consent explained"}, tuitest.CIO, at))
		}
		if p.rating == domain.Red {
			must(v.SetECIA(domain.ECIA{Reference: "ECIA-2026-17", CompletedBy: "Jo Patel", CompletedOn: domain.Date{Year: 2026, Month: 11, Day: 20}, Conclusion: "Proceed at 06:00"}, tuitest.CIO, at))
		}
	}
	if p.edit != nil {
		p.edit(v)
	}
	v, err = s.SaveVisit(ctx, v, domain.Change{Action: "planned for the test", Actor: tuitest.CIO.StaffNo, ActorName: tuitest.CIO.Name, At: at})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// openPlanning opens the only visit on its planning tab.
func openPlanning(t *testing.T, s domain.Store, w, h int) (*tuitest.Driver, *detail) {
	t.Helper()
	d := tuitest.NewDriver(t, newTestApp(t, s), w, h)
	d.Press("enter", "2")
	dt, ok := d.M.(*App).top().(*detail)
	if !ok || dt.tab != tabPlanning {
		t.Fatalf("not on the planning tab:\n%s", d.View())
	}
	return d, dt
}

// top is the screen on top of the app's stack.

func stored(t *testing.T, s domain.Store, ref domain.Ref) *domain.Visit {
	t.Helper()
	v, err := s.Visit(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// goTo moves the planning tab's cursor to a section.
func goTo(t *testing.T, d *tuitest.Driver, dt *detail, sec planSection) {
	t.Helper()
	for range 50 {
		if f, s := dt.planSelected(); f == nil && s == sec {
			return
		}
		d.Press("down")
	}
	t.Fatalf("never reached section %d", sec)
}

func TestPlanning_ListsBlockingFindingsFirst(t *testing.T) {
	s := tuitest.Store(t)
	// Tomorrow's visit, barely planned: much blocks, and the final status
	// check is not yet due, which only warns.
	plannedVisit(t, s, planSetup{bare: true, start: tuitest.Now.Add(24*time.Hour + 30*time.Minute)})
	d, dt := openPlanning(t, s, 120, 40)
	fs := dt.findings
	if len(fs) < 3 || fs[0].Severity != domain.Blocks || fs[len(fs)-1].Severity != domain.Warns {
		t.Fatalf("findings: %v", fs)
	}
	view := d.View()
	lastBlock := strings.LastIndex(view, " blocks ")
	firstWarn := strings.Index(view, "! CHK-2  warns")
	if lastBlock < 0 || firstWarn < 0 || firstWarn < lastBlock {
		t.Fatalf("blocking findings are not all above the warnings:\n%s", view)
	}
	tuitest.Contains(t, view, "findings block authorisation", "✗ EPA-1  blocks  no risk rating", "✗ PLAN-1 blocks  no PLAN assessment recorded",
		"→ Open the EPA on the planning tab", // what to do, under the cursor
		"! CHK-2  warns   S1 Arben Hoxha: no final status check")

	// The overview counts them and points here.
	d.Press("1")
	tuitest.Contains(t, d.View(), fmt.Sprintf("✗ Readiness: %d block, 1 warns — see Planning (2)", len(fs)-1))
}

func TestPlanning_EnterOnFindingOpensItsRule(t *testing.T) {
	s := tuitest.Store(t)
	plannedVisit(t, s, planSetup{bare: true})
	d, dt := openPlanning(t, s, 120, 40)
	d.Press("down")
	f, _ := dt.planSelected()
	if f == nil {
		t.Fatal("no finding under the cursor")
	}
	d.Press("enter")
	if _, ok := d.Top().(*guide.Screen); !ok {
		t.Fatalf("enter on %s did not open the guide:\n%s", f.Rule, d.View())
	}
	r, _ := domain.RuleByID(f.Rule)
	tuitest.Contains(t, d.View(), "▸ "+f.Rule, r.Title, "What to do", r.Source)
	d.Press("esc")
	tuitest.Contains(t, d.View(), "2 Planning", f.Message)
}

func TestPlanning_AmberAuthorisedByCIOIsRefused(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Amber})
	d, dt := openPlanning(t, s, 120, 40)
	if b := domain.Blocking(dt.findings); len(b) != 1 || b[0].Rule != "EPA-2" {
		t.Fatalf("a planned visit should wait only for authorisation: %v", dt.findings)
	}
	d.Press("A")
	tuitest.Contains(t, d.View(), "Authorise "+string(v.Ref), "amber, which needs authorising at HMI or above")
	d.Press("CIO001")
	tuitest.Contains(t, d.View(), "→ Dana Okafor, CIO: may authorise green, not amber")
	d.Press("ctrl+s")
	tuitest.Contains(t, d.View(), "Cannot authorise "+string(v.Ref)+" yet; 1 finding blocks:",
		"✗ EPA-2 blocks: amber needs an HMI or above to authorise; Dana Okafor is a CIO")
	if got := stored(t, s, v.Ref); got.State != domain.Planning || got.Plan.Auth != nil {
		t.Fatalf("stored %s, auth %+v", got.State, got.Plan.Auth)
	}
}

func TestPlanning_HMIAuthorisesCompletePlan(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Amber})
	d, _ := openPlanning(t, s, 120, 40)
	d.Press("A", "HMI001")
	tuitest.Contains(t, d.View(), "→ Jo Patel, HMI: may authorise amber")
	d.Press("tab", "Authorised by phone at 05:20", "ctrl+s")
	tuitest.Contains(t, d.View(), "AUTHORISED", "✓ Authorised by Jo Patel (HMI001), HMI (SEO), at amber on 25/11/2026 05:30")
	got := stored(t, s, v.Ref)
	if got.State != domain.Authorised || got.Plan.Auth == nil || got.Plan.Auth.By != testHMI.StaffNo || got.Plan.Auth.Grade != "SEO" ||
		got.Plan.Auth.Recorded.By != tuitest.CIO.StaffNo || got.Plan.Auth.Note != "Authorised by phone at 05:20" {
		t.Fatalf("stored %s, auth %+v", got.State, got.Plan.Auth)
	}
	// Once authorised, A says so rather than opening the form.
	d.Press("A")
	tuitest.Contains(t, d.View(), "it is already authorised")
}

func TestPlanning_AddingCheckClearsItsFinding(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, skip: []string{"S1 PNC"}})
	d, dt := openPlanning(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "✗ CHK-1  blocks  S1 Arben Hoxha: no PNC check recorded", "✗ missing")
	// C opens on the check still missing: PNC of S1, done by me, now.
	d.Press("C")
	tuitest.Contains(t, d.View(), "Add a check to "+string(v.Ref), "‹ PNC ›", "‹ S1 Arben Hoxha ›", "CIO001", "25/11/2026 05:30")
	d.Press("ctrl+s")
	tuitest.Contains(t, d.View(), "no trace, or trace found") // the result is never assumed
	d.Press("n", "ctrl+s")
	if _, ok := d.Top().(*detail); !ok {
		t.Fatalf("the form did not close:\n%s", d.View())
	}
	for _, f := range dt.findings {
		if f.Rule == "CHK-1" {
			t.Fatalf("CHK-1 still found: %v", f)
		}
	}
	if strings.Contains(d.View(), "no PNC check recorded") {
		t.Fatalf("the finding is still shown:\n%s", d.View())
	}
	got := stored(t, s, v.Ref)
	c, ok := got.Plan.LatestCheck("S1", domain.SysPNC)
	if !ok || c.Result != domain.NoTrace || c.DoneBy != tuitest.CIO.StaffNo || !c.DoneAt.Equal(tuitest.Now) {
		t.Fatalf("stored check %+v, %v", c, ok)
	}
}

func TestPlanning_WithdrawCheck(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green})
	d, _ := openPlanning(t, s, 120, 40)
	d.Press("W")
	tuitest.Contains(t, d.View(), "Withdraw a check on", "never deleted")
	d.Press("C3", "tab", "ctrl+s")
	tuitest.Contains(t, d.View(), "say why the check is withdrawn")
	d.Press("Searched the wrong person", "ctrl+s")
	tuitest.Contains(t, d.View(), "Withdrawn: C3 PNC of S1 Arben Hoxha (Searched the wrong person)", "✗ CHK-1  blocks  S1 Arben Hoxha: no PNC check recorded")
	if got := stored(t, s, v.Ref); got.Plan.Checks[2].Withdrawn != "Searched the wrong person" {
		t.Fatalf("stored %+v", got.Plan.Checks[2])
	}
}

func TestPlanning_SectionFormsSaveAndSayNothingChanged(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green})
	d, dt := openPlanning(t, s, 120, 40)
	goTo(t, d, dt, secPower)
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Power of entry for", "‹ informed consent ›", "informed consent of the occupier")
	d.Press("ctrl+s")
	tuitest.Contains(t, d.View(), "Nothing changed; nothing saved.")
	d.Press("enter")
	d.Press("right", "right", "tab", "W/2026/0042", "ctrl+s")
	tuitest.Contains(t, d.View(), "power of entry recorded", "intended: warrant", "W/2026/0042")
	if got := stored(t, s, v.Ref); got.Plan.Power.Kind != domain.PowerWarrant || got.Plan.Power.Detail != "W/2026/0042" {
		t.Fatalf("stored %+v", got.Plan.Power)
	}
}

func TestPlanning_EPAFormWarnsAuthorisationWillBeVoid(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, edit: func(v *domain.Visit) {
		if _, err := v.Authorise(tuitest.CIO, "", domain.DefaultConfig(), tuitest.CIO, tuitest.Now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}})
	d, dt := openPlanning(t, s, 120, 40)
	goTo(t, d, dt, secEPA)
	d.Press("enter")
	tuitest.Contains(t, d.View(), "! Authorised by Dana Okafor at green. Changing the rating or the risks voids that authorisation (EPA-2)")
	d.Press("right", "ctrl+s") // green → amber
	got := stored(t, s, v.Ref)
	if got.State != domain.Planning || got.Plan.Auth != nil || len(got.Plan.Voided) != 1 {
		t.Fatalf("stored %s, auth %+v, voided %d", got.State, got.Plan.Auth, len(got.Plan.Voided))
	}
	if why := got.Plan.Voided[0].VoidReason; why != "the rating changed from green to amber after authorisation" {
		t.Errorf("void reason %q", why)
	}
	tuitest.Contains(t, d.View(), "PLANNING", "EPA changed; authorisation void", "Void", "not yet authorised: amber needs an HMI or above")
}

func TestPlanning_ReadOnlyOnceCancelled(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{rating: domain.Green, edit: func(v *domain.Visit) {
		if _, err := v.Transition(domain.Cancelled, "Premises closed down", tuitest.CIO, tuitest.Now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}})
	d, dt := openPlanning(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "This visit is cancelled: nothing is left to plan", "Mandatory checks", "Community impact")
	if strings.Contains(d.View(), "C adds a check") {
		t.Error("a read-only plan offers to add a check")
	}
	d.Press("C")
	tuitest.Contains(t, d.View(), string(v.Ref)+" is cancelled: its record is closed to edits")
	goTo(t, d, dt, secEPA)
	d.Press("enter")
	tuitest.Contains(t, d.View(), "closed to edits")
	d.Press("A")
	tuitest.Contains(t, d.View(), "cannot authorise")
}

func TestSubjectForm_PhotographRef(t *testing.T) {
	s := tuitest.Store(t)
	v := plannedVisit(t, s, planSetup{bare: true})
	d := tuitest.NewDriver(t, newTestApp(t, s), 120, 40)
	d.Press("enter", "5", "a", "Ravi Kumar", "tab", "tab", "tab", "w", "tab", "PNC-PH-2211", "ctrl+s")
	got := stored(t, s, v.Ref)
	if len(got.Subjects) != 2 || got.Subjects[1].PhotoRef != "PNC-PH-2211" {
		t.Fatalf("stored %+v", got.Subjects)
	}
}

// Golden screens of the planning tab: the findings of a part-made amber
// plan, and a green visit's digital order.
func TestGoldenPlanning(t *testing.T) {
	cases := []struct {
		name  string
		setup planSetup
		want  string
		steps []step
	}{
		{name: "planning_findings", setup: planSetup{rating: domain.Amber, start: tuitest.Now.Add(24*time.Hour + 30*time.Minute), trace: true,
			skip: []string{"S1 CRS", "address PRONTO", "S1 final status"},
			edit: func(v *domain.Visit) {
				v.Plan.PLAN.Legal = ""
				v.Plan.Community = domain.Community{}
				v.Plan.Order.Method, v.Plan.Order.HumanRights = "", ""
				v.Subjects[0].PhotoRef = ""
			}},
			want: "1 visit", steps: []step{{keys: []string{"enter"}, wait: "Overview"}, {keys: []string{"2"}, wait: "findings block"}}},
		{name: "planning_digital_order", setup: planSetup{rating: domain.Green, edit: func(v *domain.Visit) {
			v.Roster = []domain.RosterEntry{{StaffNo: tuitest.CIO.StaffNo, Name: tuitest.CIO.Name, Role: "OIC"}, {StaffNo: tuitest.IO.StaffNo, Name: tuitest.IO.Name, Role: "rear cover"}}
			if _, err := v.Authorise(tuitest.CIO, "", domain.DefaultConfig(), tuitest.CIO, tuitest.Now.Add(-10*time.Minute)); err != nil {
				panic(err)
			}
		}},
			want: "1 visit", steps: []step{{keys: []string{"enter"}, wait: "Overview"}, {keys: []string{"2"}, wait: "Authorised by"},
				{keys: []string{"j", "j", "j", "j", "j", "j"}, wait: "openstreetmap"}}},
	}
	for _, c := range cases {
		for _, sz := range sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				s := tuitest.Store(t)
				plannedVisit(t, s, c.setup)
				view := program(t, newTestApp(t, s), sz.w, sz.h, c.want, c.steps...)
				tuitest.Golden(t, name, view)
				checkFits(t, view, sz.w, sz.h)
			})
		}
	}
}
