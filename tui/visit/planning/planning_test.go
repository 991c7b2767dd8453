package planning_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui"
	"oic/tui/guide"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
	"oic/tui/visit"
	"oic/tui/visit/planning"
)

// openPlanning opens the only visit on its planning tab.
func openPlanning(t *testing.T, s domain.Store, w, h int) (*tuitest.Driver, *visit.Screen) {
	t.Helper()
	return apptest.OnTab(t, apptest.App(t, s), w, h, planning.Name)
}

// goTo moves the planning tab's cursor down to the section titled title:
// its heading is the line the cursor marks.
func goTo(t *testing.T, d *tuitest.Driver, title string) {
	t.Helper()
	head := regexp.MustCompile(`(?m)^▸ . ` + regexp.QuoteMeta(title) + `  `)
	for range 50 {
		if head.MatchString(d.View()) {
			return
		}
		d.Press("down")
	}
	t.Fatalf("never reached section %s:\n%s", title, d.View())
}

// findings are the planning tab's findings of visit ref as stored, at
// tuitest.Now: those of the rules before the briefing, blocking first.
func findings(t *testing.T, s domain.Store, ref domain.Ref) []domain.Finding {
	t.Helper()
	var out []domain.Finding
	for _, f := range domain.DefaultConfig().Readiness(tuitest.Stored(t, s, ref), tuitest.Now) {
		switch r, _ := domain.RuleByID(f.Rule); r.Area {
		case domain.AreaBriefing, domain.AreaLive, domain.AreaDebrief, domain.AreaAssure:
			continue
		}
		out = append(out, f)
	}
	return out
}

func TestPlanning_ListsBlockingFindingsFirst(t *testing.T) {
	s := tuitest.Store(t)
	// Tomorrow's visit, barely planned: much blocks, and the final status
	// check is not yet due, which only warns.
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Bare: true, Start: tuitest.Now.Add(24*time.Hour + 30*time.Minute)})
	d, _ := openPlanning(t, s, 120, 40)
	fs := findings(t, s, v.Ref)
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

// Enter on a finding opens the form that fixes it, on whichever tab
// holds it ("Open the EPA on the planning tab" is one key); g opens its
// rule in the guide.
func TestPlanning_EnterOnFindingOpensItsForm(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Bare: true})
	d, sc := openPlanning(t, s, 120, 40)
	fs := findings(t, s, v.Ref)
	want := map[string]string{
		"EPA-1": "EPA for ", "EPA-5": "EPA for ", "EPA-2": "Authorise ", "EPA-3": "ECIA for ", "EPA-4": "Operational order for ",
		"PLAN-1": "PLAN for ", "COMM-1": "Community impact for ", "PWR-1": "Power of entry for ", "CHK-1": "Add a check to ", "CHK-2": "Add a check to ",
		"ONF-1": "ONF for ", "ONF-2": "ONF for ", "REC-1": "Add a recce to ", "REC-3": "Add a recce to ",
	}
	seen := map[string]bool{}
	for i, f := range fs {
		title, ok := want[f.Rule]
		if !ok || seen[f.Rule] || f.Rule == "EPA-2" { // EPA-2 waits on the rest: A refuses while they block
			continue
		}
		seen[f.Rule] = true
		t.Run(f.Rule, func(t *testing.T) {
			d.Press("2")
			for range len(fs) {
				d.Press("up")
			}
			for range i {
				d.Press("down")
			}
			d.Press("enter")
			if _, ok := d.Top().(*guide.Screen); ok {
				t.Fatalf("enter on %s opened the guide, not its form", f.Rule)
			}
			tuitest.Contains(t, d.View(), title+string(v.Ref))
			d.Press("esc")
			if d.Top() != sc {
				d.Press("y") // leave without saving, if it asks
			}
			if d.Top() != sc {
				t.Fatalf("esc did not return to the visit:\n%s", d.View())
			}
			// The form's own tab is left in view, where its status is.
			tabOf := map[string]string{"ONF": "ONF", "REC": "Recce"}[strings.Split(f.Rule, "-")[0]]
			if tabOf == "" {
				tabOf = planning.Name
			}
			if sc.Shown() != tabOf {
				t.Errorf("after the form of %s, tab %s is shown, want %s", f.Rule, sc.Shown(), tabOf)
			}
		})
	}
	for _, r := range []string{"EPA-1", "PLAN-1", "ONF-1", "REC-1"} {
		if !seen[r] {
			t.Errorf("the bare visit has no %s finding to try: %v", r, fs)
		}
	}

	// The guide is one key away: g on the finding under the cursor.
	d.Press("2")
	for range len(fs) {
		d.Press("up")
	}
	tuitest.Contains(t, d.View(), "enter fix it · g its rule")
	d.Press("g")
	if _, ok := d.Top().(*guide.Screen); !ok {
		t.Fatalf("g on %s did not open the guide:\n%s", fs[0].Rule, d.View())
	}
	r, _ := domain.RuleByID(fs[0].Rule)
	tuitest.Contains(t, d.View(), "▸ "+fs[0].Rule, r.Title, "What to do", r.Source)
	d.Press("esc")
	tuitest.Contains(t, d.View(), "2 Planning", fs[0].Message)
}

// TestPlanning_AmberAuthorisedByCIOIsRefused (issue 15, point 6): a CIO
// signed in cannot authorise an amber visit, nor type in an HMI's
// authorisation for them: A says who must sign in and how, and nothing
// is stored. The visit says what it waits for.
func TestPlanning_AmberAuthorisedByCIOIsRefused(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Amber})
	d, _ := openPlanning(t, s, 120, 40)
	if fs := findings(t, s, v.Ref); len(domain.Blocking(fs)) != 1 || domain.Blocking(fs)[0].Rule != "EPA-2" {
		t.Fatalf("a planned visit should wait only for authorisation: %v", fs)
	}
	tuitest.Contains(t, d.View(), "awaiting authorisation by a grade that may authorise amber")
	d.Press("A")
	tuitest.Contains(t, d.View(), "Authorise "+string(v.Ref),
		"EPA-2: "+string(v.Ref)+" is rated amber, which needs an HMI or above to authorise, signed in as themselves; you are signed", "in as Dana Okafor (CIO001), a CIO.",
		"they press u here and type their staff number", "--as")
	d.Press("esc")
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Planning || got.Plan.Auth != nil {
		t.Fatalf("stored %s, auth %+v", got.State, got.Plan.Auth)
	}
}

// TestPlanning_HMIAuthorisesCompletePlan (issue 15, point 6): the HMI
// signs in as themselves from the planning tab and authorises; the
// authorisation carries their name as authoriser and as recorder.
func TestPlanning_HMIAuthorisesCompletePlan(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Amber})
	d, _ := openPlanning(t, s, 120, 40)
	d.Press("A", "enter") // not the CIO's to authorise: switch officer
	d.Press("HMI001", "enter")
	d.WaitFor("Signed in as " + tuitest.HMI.Name)
	d.Press("A")
	tuitest.Contains(t, d.View(), "You, Jo Patel (HMI001), HMI, authorise "+string(v.Ref)+" at its rating, amber (EPA-2)")
	d.Press("Reviewed the order with the OIC at 05:20", "ctrl+s")
	tuitest.Contains(t, d.View(), "AUTHORISED", "✓ Authorised by Jo Patel (HMI001), HMI (SEO), at amber on 25/11/2026 05:30")
	got := tuitest.Stored(t, s, v.Ref)
	if got.State != domain.Authorised || got.Plan.Auth == nil || got.Plan.Auth.By != tuitest.HMI.StaffNo || got.Plan.Auth.Grade != "SEO" ||
		got.Plan.Auth.Recorded.By != tuitest.HMI.StaffNo || got.Plan.Auth.Note != "Reviewed the order with the OIC at 05:20" {
		t.Fatalf("stored %s, auth %+v", got.State, got.Plan.Auth)
	}
	// Once authorised, A says so rather than opening the form.
	d.Press("A")
	tuitest.Contains(t, d.View(), "it is already authorised")
}

func TestPlanning_AddingCheckClearsItsFinding(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Skip: []string{"S1 PNC"}})
	d, _ := openPlanning(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "✗ CHK-1  blocks  S1 Arben Hoxha: no PNC check recorded", "✗ missing")
	// C opens on the check still missing: PNC of S1, done by me, now.
	d.Press("C")
	tuitest.Contains(t, d.View(), "Add a check to "+string(v.Ref), "‹ PNC ›", "‹ S1 Arben Hoxha ›", "CIO001", "25/11/2026 05:30")
	d.Press("ctrl+s")
	tuitest.Contains(t, d.View(), "no trace, or trace found") // the result is never assumed
	d.Press("n", "ctrl+s")
	if _, ok := d.Top().(*visit.Screen); !ok {
		t.Fatalf("the form did not close:\n%s", d.View())
	}
	if strings.Contains(d.View(), "CHK-1") {
		t.Fatalf("CHK-1 still shown:\n%s", d.View())
	}
	for _, f := range findings(t, s, v.Ref) {
		if f.Rule == "CHK-1" {
			t.Fatalf("CHK-1 still found: %v", f)
		}
	}
	if strings.Contains(d.View(), "no PNC check recorded") {
		t.Fatalf("the finding is still shown:\n%s", d.View())
	}
	got := tuitest.Stored(t, s, v.Ref)
	c, ok := got.Plan.LatestCheck("S1", domain.SysPNC)
	if !ok || c.Result != domain.NoTrace || c.DoneBy != tuitest.CIO.StaffNo || !c.DoneAt.Equal(tuitest.Now) {
		t.Fatalf("stored check %+v, %v", c, ok)
	}
}

func TestPlanning_WithdrawCheck(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	d, _ := openPlanning(t, s, 120, 40)
	d.Press("W")
	tuitest.Contains(t, d.View(), "Withdraw a check on", "never deleted")
	d.Press("C3", "tab", "ctrl+s")
	tuitest.Contains(t, d.View(), "say why the check is withdrawn")
	d.Press("Searched the wrong person", "ctrl+s")
	tuitest.Contains(t, d.View(), "Withdrawn: C3 PNC of S1 Arben Hoxha (Searched the wrong person)", "✗ CHK-1  blocks  S1 Arben Hoxha: no PNC check recorded")
	if got := tuitest.Stored(t, s, v.Ref); got.Plan.Checks[2].Withdrawn != "Searched the wrong person" {
		t.Fatalf("stored %+v", got.Plan.Checks[2])
	}
}

func TestPlanning_SectionFormsSaveAndSayNothingChanged(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	d, _ := openPlanning(t, s, 120, 40)
	goTo(t, d, "Power of entry")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "Power of entry for", "‹ informed consent ›", "informed consent of the occupier")
	d.Press("ctrl+s")
	tuitest.Contains(t, d.View(), "Nothing changed; nothing saved.")
	d.Press("enter")
	d.Press("right", "right", "tab", "W/2026/0042", "ctrl+s")
	tuitest.Contains(t, d.View(), "power of entry recorded", "intended: warrant", "W/2026/0042")
	if got := tuitest.Stored(t, s, v.Ref); got.Plan.Power.Kind != domain.PowerWarrant || got.Plan.Power.Detail != "W/2026/0042" {
		t.Fatalf("stored %+v", got.Plan.Power)
	}
}

func TestPlanning_EPAFormWarnsAuthorisationWillBeVoid(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		if _, err := v.Authorise("", domain.DefaultConfig(), tuitest.CIO, tuitest.Now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}})
	d, _ := openPlanning(t, s, 120, 40)
	goTo(t, d, "EPA")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "! Authorised by Dana Okafor at green. Changing the rating or the risks voids that authorisation (EPA-2)")
	d.Press("right", "ctrl+s") // green → amber
	got := tuitest.Stored(t, s, v.Ref)
	if got.State != domain.Planning || got.Plan.Auth != nil || len(got.Plan.Voided) != 1 {
		t.Fatalf("stored %s, auth %+v, voided %d", got.State, got.Plan.Auth, len(got.Plan.Voided))
	}
	if why := got.Plan.Voided[0].VoidReason; why != "the rating changed from green to amber after authorisation" {
		t.Errorf("void reason %q", why)
	}
	tuitest.Contains(t, d.View(), "PLANNING", "EPA changed; authorisation void", "Void", "awaiting authorisation by a grade that may authorise amber (an HMI or above")
}

func TestPlanning_ReadOnlyOnceCancelled(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		if _, err := v.Transition(domain.Cancelled, "Premises closed down", tuitest.CIO, tuitest.Now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}})
	d, _ := openPlanning(t, s, 120, 40)
	tuitest.Contains(t, d.View(), "This visit is cancelled: nothing is left to plan", "Mandatory checks", "Community impact")
	if strings.Contains(d.View(), "C adds a check") {
		t.Error("a read-only plan offers to add a check")
	}
	d.Press("C")
	tuitest.Contains(t, d.View(), string(v.Ref)+" is cancelled: its record is closed to edits")
	goTo(t, d, "EPA")
	d.Press("enter")
	tuitest.Contains(t, d.View(), "closed to edits")
	d.Press("A")
	tuitest.Contains(t, d.View(), "cannot authorise")
}

func TestSubjectForm_PhotographRef(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Bare: true})
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("enter", "5", "a", "Ravi Kumar", "tab", "tab", "tab", "w", "tab", "PNC-PH-2211", "ctrl+s")
	got := tuitest.Stored(t, s, v.Ref)
	if len(got.Subjects) != 2 || got.Subjects[1].PhotoRef != "PNC-PH-2211" {
		t.Fatalf("stored %+v", got.Subjects)
	}
}

// Golden screens of the planning tab: the findings of a part-made amber
// plan, and a green visit's digital order.
func TestGoldenPlanning(t *testing.T) {
	cases := []struct {
		name  string
		setup tuitest.PlanSetup
		want  string
		steps []apptest.Step
	}{
		{name: "planning_findings", setup: tuitest.PlanSetup{Rating: domain.Amber, Start: tuitest.Now.Add(24*time.Hour + 30*time.Minute), Trace: true,
			Skip: []string{"S1 CRS", "address PRONTO", "S1 final status"},
			Edit: func(v *domain.Visit) {
				v.Plan.PLAN.Legal = ""
				v.Plan.Community = domain.Community{}
				v.Plan.Order.Method, v.Plan.Order.HumanRights = "", ""
				v.Subjects[0].PhotoRef = ""
			}},
			want: "1 visit", steps: []apptest.Step{{Keys: []string{"enter"}, Wait: "1 Over"}, {Keys: []string{"2"}, Wait: "findings block"}}},
		{name: "planning_digital_order", setup: tuitest.PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
			v.Roster = []domain.RosterEntry{{StaffNo: tuitest.CIO.StaffNo, Name: tuitest.CIO.Name, Role: "OIC"}, {StaffNo: tuitest.IO.StaffNo, Name: tuitest.IO.Name, Role: "rear cover"}}
			if _, err := v.Authorise("", domain.DefaultConfig(), tuitest.CIO, tuitest.Now.Add(-10*time.Minute)); err != nil {
				panic(err)
			}
		}},
			want: "1 visit", steps: []apptest.Step{{Keys: []string{"enter"}, Wait: "1 Over"}, {Keys: []string{"2"}, Wait: "Authorised by"},
				{Keys: []string{"j", "j", "j", "j", "j", "j"}, Wait: "openstreetmap"}}},
	}
	for _, c := range cases {
		for _, sz := range tuitest.Sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.W, sz.H)
			t.Run(name, func(t *testing.T) {
				s := tuitest.Store(t)
				tuitest.PlannedVisit(t, s, c.setup)
				view := apptest.Program(t, apptest.App(t, s), sz.W, sz.H, c.want, c.steps...)
				tuitest.Golden(t, name, view)
				tuitest.CheckFits(t, view, sz.W, sz.H)
			})
		}
	}
}

// TestPlanning_MovedStartVoidsAuthorisation (issue 15, point 5): the OIC
// moves an authorised visit's start from 06:00 today to 06:00 tomorrow;
// the final status check, made at 04:30 today, no longer covers it
// (CHK-2), so the authorisation is void, with the reason, and the visit
// is back in planning.
func TestPlanning_MovedStartVoidsAuthorisation(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.AuthorisedVisit(t, s)
	d, _ := openPlanning(t, s, 120, 40)
	d.Press("e")
	tuitest.Contains(t, d.View(), "Edit "+string(v.Ref), "if the planned start moves beyond what the checks or the ONF cover")
	for range 13 {
		d.Press("tab")
	}
	d.Press("ctrl+u", "26/11/2026 06:00", "ctrl+s")
	d.WaitFor("authorisation void")
	got := tuitest.Stored(t, s, v.Ref)
	if got.State != domain.Planning || got.Plan.Auth != nil || len(got.Plan.Voided) != 1 {
		t.Fatalf("stored %s, auth %+v, voided %d", got.State, got.Plan.Auth, len(got.Plan.Voided))
	}
	if why := got.Plan.Voided[0].VoidReason; !strings.Contains(why, "the planned start moved from 25/11/2026 06:00 to 26/11/2026 06:00 after authorisation, and no longer covered: CHK-2 blocks") {
		t.Errorf("void reason %q", why)
	}
	tuitest.Contains(t, d.View(), "PLANNING", "Void", "awaiting authorisation by a grade that may authorise green")
}

// TestPlanning_UnconfirmedGradeSaysWhy (issue 17, EPA-2): where the
// folder has an administrator, a CIO whose grade no administrator has
// confirmed may not authorise a green visit: A says why, and what to ask
// an administrator to run; nothing is stored. Once confirmed, A opens the
// authorisation.
func TestPlanning_UnconfirmedGradeSaysWhy(t *testing.T) {
	s := tuitest.Store(t)
	v := tuitest.PlannedVisit(t, s, tuitest.PlanSetup{Rating: domain.Green})
	administered := func(o *tui.Options) { o.Config.Administered = true }
	d, _ := apptest.OnTab(t, apptest.App(t, s, administered), 120, 40, planning.Name)
	d.Press("A")
	tuitest.Contains(t, d.View(), "Authorise "+string(v.Ref),
		"EPA-2: "+string(v.Ref)+" is rated green; you may not authorise it yet: your grade HEO is not yet confirmed by an",
		"administrator: ask one to run oic officer confirm-grade CIO001.")
	d.Press("esc")
	if got := tuitest.Stored(t, s, v.Ref); got.State != domain.Planning || got.Plan.Auth != nil {
		t.Fatalf("stored %s, auth %+v", got.State, got.Plan.Auth)
	}

	o := tuitest.CIO
	c, err := domain.ConfirmGrade(&o, domain.Officer{StaffNo: "AD0001", Name: "Ada Boss"}, tuitest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveOfficer(context.Background(), o, c); err != nil {
		t.Fatal(err)
	}
	d, _ = apptest.OnTab(t, apptest.App(t, s, administered), 120, 40, planning.Name)
	d.Press("A")
	tuitest.Contains(t, d.View(), "You, Dana Okafor (CIO001), CIO, authorise "+string(v.Ref)+" at its rating, green (EPA-2)")
}
