package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Officers of each grade, for authorisation tests.
var (
	hmi = Officer{StaffNo: "HMI001", Name: "Jo Marsh", Grade: "SEO", Team: "SLN"}
	ad  = Officer{StaffNo: "AD0001", Name: "Kim Adeyemi", Grade: "G7", Team: "SLN"}
)

// start is goodInput's planned start: Thursday 26 November 2026, 06:00.
var start = time.Date(2026, 11, 26, 6, 0, 0, 0, london)

// inWindow is a moment inside CHK-2's 24 hours, when the final status
// check is due.
var inWindow = start.Add(-2 * time.Hour)

// planned returns a visit planned through the domain's own methods as a
// careful OIC would: one subject, every mandatory check, final status
// checks two hours before the visit, a green EPA with a risk, PLAN,
// community impact, the power of entry, an ONF returned signed and a
// walk-by recce. Nothing blocks at inWindow
// except the missing authorisation.
func planned(t testing.TB) *Visit {
	t.Helper()
	v := newVisit(t, goodInput())
	s := subject("Arben Hoxha")
	s.PhotoRef = "PNC-PH-1182"
	must(t)(v.AddSubject(s, cio, t0))
	checkAt := t0.Add(-48 * time.Hour)
	for _, tg := range v.CheckTargets() {
		for _, sys := range mandatoryFor(tg) {
			must(t)(v.AddCheck(Check{System: sys, Target: tg, Result: NoTrace, DoneBy: io.StaffNo, DoneByName: io.Name, DoneAt: checkAt}, io, t0))
		}
	}
	must(t)(v.AddCheck(Check{System: SysFinalStatus, Target: "S1", Result: NoTrace, DoneBy: io.StaffNo, DoneAt: inWindow}, io, inWindow))
	must(t)(v.SetEPA(EPA{Rating: Green, AssessedBy: io.StaffNo, AssessedByName: io.Name,
		Risks: []Risk{{Risk: "Kitchen has a rear exit to an alley", Mitigation: "Two officers on rear cover"}}}, cio, t0))
	must(t)(v.SetPLAN(PLAN{Proportionate: "Two workers; short visit", Legal: "Consent; power of arrest s.28A",
		Accountable: "Recorded here", Necessary: "Corroborated intelligence"}, cio, t0))
	must(t)(v.SetCommunity(Community{Impact: "Busy high street by a mosque; Friday prayers", Mitigation: "Visit on Thursday at 06:00"}, cio, t0))
	must(t)(v.SetPower(Power{Kind: PowerConsent}, cio, t0))
	must(t)(v.SetONF(ONF{Force: "Metropolitan Police", SentAt: start.Add(-5 * 24 * time.Hour), ReturnedAt: start.Add(-4 * 24 * time.Hour),
		SignedBy: "J. Carter", SignedRank: "DS"}, cio, t0))
	must(t)(v.AddRecce(Recce{Kind: RecceWalkBy, By: io.StaffNo, ByName: io.Name, At: t0.Add(-24 * time.Hour), Occupants: "4-6 staff",
		Entrances: "Front door; rear yard gate", Layout: "Kitchen behind the counter", Geography: "Alley to the rear",
		RIPA: RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "Overt, from the public street"}}, io, t0))
	return v
}

func must(t testing.TB) func(Change, error) {
	return func(_ Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func authorised(t *testing.T, v *Visit, by Officer) *Visit {
	t.Helper()
	if _, err := v.Authorise("", DefaultConfig(), by, inWindow); err != nil {
		t.Fatal(err)
	}
	return v
}

// of returns the findings for rule.
func of(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// onfFindings runs only the ONF and recce rules.
func onfFindings(v *Visit, now time.Time) []Finding { return DefaultConfig().ONFFindings(v, now) }

// withONF is a planned visit with a good walk-by recce and the given ONF.
func withONF(t testing.TB, o ONF) *Visit {
	v := planned(t)
	v.Plan.ONF = o
	v.Plan.Recces = []Recce{{ID: "R1", Kind: RecceWalkBy, By: io.StaffNo, At: t0, Occupants: "4-6 staff", Entrances: "front; rear gate",
		Layout: "kitchen behind counter", Geography: "alley to the rear", RIPA: RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "overt, public street"}}}
	return v
}

func TestPlanned_OnlyAuthorisationBlocks(t *testing.T) {
	fs := Readiness(planned(t), inWindow)
	if len(fs) != 1 || fs[0].Rule != "EPA-2" || fs[0].Message != "awaiting authorisation by a grade that may authorise green (a CIO or above, signed in as themselves)" {
		t.Fatalf("findings of a planned visit: %v", fs)
	}
	a := authorised(t, planned(t), cio)
	if fs := DefaultConfig().PlanningFindings(a, inWindow); len(fs) != 0 {
		t.Errorf("planning findings after authorisation: %v", fs)
	}
	// What is left is the team (and then its briefing).
	if fs := Readiness(a, inWindow); len(fs) != 1 || fs[0].Rule != "CMD-1" {
		t.Errorf("findings after authorisation: %v", fs)
	}
}

// ruleEdit changes a planned visit for one row of a planning rule's table.
type ruleEdit func(v *Visit)

// ruleCase is one row of a planning rule's table.
type ruleCase struct {
	name string
	rule string
	edit ruleEdit
	now  time.Time // inWindow if zero
	sev  Severity  // "" when the rule holds
	msg  string    // the finding's message, or a part of it
}

// testRules runs a planning rule's table: for each rule, a visit that
// meets it, one that fails it and the boundary between. Each case edits a
// planned visit and names the one finding it expects for its rule ("" if
// none).
func testRules(t *testing.T, cases []ruleCase) {
	cfg := DefaultConfig()
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			v := planned(t)
			if tc.rule != "EPA-2" {
				auth(cio)(v) // so that only the rule under test speaks
			}
			if tc.edit != nil {
				tc.edit(v)
			}
			now := tc.now
			if now.IsZero() {
				now = inWindow
			}
			got := of(cfg.Readiness(v, now), tc.rule)
			if tc.sev == "" {
				if len(got) != 0 {
					t.Fatalf("want %s to hold; got %v", tc.rule, got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("want one %s finding; got %v", tc.rule, got)
			}
			if got[0].Severity != tc.sev || !strings.Contains(got[0].Message, tc.msg) {
				t.Errorf("got %q\nwant %s: …%s…", got[0], tc.sev, tc.msg)
			}
			if got[0].Do == "" {
				t.Errorf("%s has no 'what to do'", got[0])
			}
		})
	}
}

// auth records an authorisation of the visit, at its rating, by the
// officer given.
func auth(by Officer) ruleEdit {
	return func(v *Visit) {
		v.Plan.Auth = &Authorisation{By: by.StaffNo, Name: by.Name, Grade: by.Grade, Rating: v.Plan.EPA.Rating, At: t0}
	}
}

// teamEdit changes a visit for one row of a team or briefing rule's table.
type teamEdit func(t *testing.T, v *Visit)

// teamCase is one row of a team or briefing rule's table.
type teamCase struct {
	name  string
	base  func(testing.TB) *Visit
	edit  teamEdit
	rule  string
	sev   Severity
	want  string // "" for no finding of the rule
	state State
}

// testTeamRules runs a team or briefing rule's table: each case edits its
// base visit and names the one finding it expects for its rule at
// inWindow ("" if none).
func testTeamRules(t *testing.T, cases []teamCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := c.base(t)
			if c.edit != nil {
				c.edit(t, v)
			}
			got := of(Readiness(v, inWindow), c.rule)
			if c.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no %s finding, got %v", c.rule, got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0].Message, c.want) || got[0].Severity != c.sev {
				t.Fatalf("want one %s %s finding with %q, got %v", c.rule, c.sev, c.want, got)
			}
		})
	}
}

func TestReadiness_BlockingFirstAndCatalogueOrder(t *testing.T) {
	v := newVisit(t, goodInput())
	fs := Readiness(v, t0)
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule+" "+string(f.Severity))
	}
	want := "EPA-1 blocks,PLAN-1 blocks,COMM-1 blocks,CHK-1 blocks,PWR-1 blocks,ONF-1 blocks,CHK-2 warns,REC-1 warns"
	if got := strings.Join(ids, ","); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}

func TestReadiness_CancelledHasNothingToMeet(t *testing.T) {
	v := newVisit(t, goodInput())
	must(t)(v.Transition(Cancelled, "intelligence withdrawn", cio, t0))
	if fs := Readiness(v, t0); fs != nil {
		t.Errorf("findings on a cancelled visit: %v", fs)
	}
}

// TestAuthorise_EPA2 walks the story: amber authorised by a CIO is
// refused with EPA-2's words; completed and authorised by an HMI it passes.
func TestAuthorise_EPA2(t *testing.T) {
	v := planned(t)
	must(t)(v.SetEPA(EPA{Rating: Amber, AssessedBy: io.StaffNo, Risks: v.Plan.EPA.Risks}, cio, t0))
	_, err := v.Authorise("", DefaultConfig(), cio, inWindow)
	wantContains(t, "refusal", fmt.Sprint(err), "EPA-2: SLN-2026-0042 is rated amber, which needs an HMI or above to authorise, signed in as themselves; you are signed in as Dana Okafor (CIO001), a CIO")
	if v.State != Planning || v.Plan.Auth != nil {
		t.Fatalf("a refused authorisation changed the visit: %s %+v", v.State, v.Plan.Auth)
	}
	// The HMI, signed in, is refused while the order is not written.
	_, err = v.Authorise("", DefaultConfig(), hmi, inWindow)
	var be *BlockedError
	if !errors.As(err, &be) {
		t.Fatalf("amber by an HMI without the order: %v", err)
	}
	wantContains(t, "refusal", err.Error(), "cannot authorise SLN-2026-0042: 1 finding blocks: EPA-4 blocks:")
	if v.State != Planning || v.Plan.Auth != nil {
		t.Fatalf("a refused authorisation changed the visit: %s %+v", v.State, v.Plan.Auth)
	}
	must(t)(v.SetOrder(Order{Information: "i", Intention: "i", Method: "m", Administration: "a", Risk: "r", Communications: "c", HumanRights: "h"}, cio, t0))
	c, err := v.Authorise("Reviewed with the OIC by phone", DefaultConfig(), hmi, inWindow)
	if err != nil {
		t.Fatal(err)
	}
	a := v.Plan.Auth
	if v.State != Authorised || a == nil || a.By != hmi.StaffNo || a.Grade != "SEO" || a.Rating != Amber || !a.At.Equal(inWindow) || a.Recorded.By != hmi.StaffNo {
		t.Fatalf("after authorising: %s %+v", v.State, a)
	}
	if h := v.History[len(v.History)-1]; h.To != Authorised || h.Reason != "authorised amber by Jo Marsh (HMI001): Reviewed with the OIC by phone" {
		t.Errorf("history: %+v", h)
	}
	if c.Action != "authorised" || len(c.Fields) != 4 || c.Fields[2].New != "amber" {
		t.Errorf("change: %+v", c)
	}
	if _, err := v.Authorise("", DefaultConfig(), hmi, inWindow); err == nil {
		t.Error("authorised twice")
	}
}

func TestAuthorise_BareTransitionRefused(t *testing.T) {
	v := planned(t)
	_, err := v.Transition(Authorised, "", cio, t0)
	wantContains(t, "bare transition", err.Error(), "EPA-2: record the authorisation with the authorising officer")
}

// TestSetEPA_VoidsAuthorisation: changing the rating, risks or mitigations
// after authorisation voids it, keeps it on the record and says so in the
// audit change; other edits do not.
func TestSetEPA_VoidsAuthorisation(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(e *EPA)
		void string
	}{
		{"rating", func(e *EPA) { e.Rating = Amber }, "the rating changed from green to amber after authorisation"},
		{"mitigation", func(e *EPA) { e.Risks = []Risk{{Risk: e.Risks[0].Risk, Mitigation: "One officer on rear cover"}} }, "the risks or mitigations changed after authorisation"},
		{"risk added", func(e *EPA) { e.Risks = append(e.Risks, Risk{Risk: "Dog", Mitigation: "Dog handler"}) }, "the risks or mitigations changed after authorisation"},
		{"assessor only", func(e *EPA) { e.AssessedBy = cio.StaffNo }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := authorised(t, planned(t), hmi)
			e := v.Plan.EPA
			e.Risks = append([]Risk(nil), e.Risks...)
			tc.edit(&e)
			c, err := v.SetEPA(e, io, inWindow.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if tc.void == "" {
				if v.Plan.Auth == nil || v.State != Authorised || len(v.Plan.Voided) != 0 {
					t.Fatalf("authorisation voided by an assessor change: %s %+v", v.State, v.Plan.Auth)
				}
				return
			}
			if v.Plan.Auth != nil || v.State != Planning || len(v.Plan.Voided) != 1 || v.Plan.Voided[0].VoidReason != tc.void {
				t.Fatalf("not voided: %s %+v %+v", v.State, v.Plan.Auth, v.Plan.Voided)
			}
			wantContains(t, "audit reason", c.Reason, "EPA-2: authorisation void: "+tc.void)
			if h := v.History[len(v.History)-1]; h.From != Authorised || h.To != Planning {
				t.Errorf("history: %+v", h)
			}
			if f := of(Readiness(v, inWindow), "EPA-2"); len(f) != 1 || f[0].Severity != Blocks {
				t.Errorf("EPA-2 after void: %v", f)
			}
		})
	}
}

func TestPlanning_RefusedOnceDeployed(t *testing.T) {
	v := authorised(t, planned(t), hmi)
	v.State = Deployed
	_, err := v.SetPLAN(PLAN{Proportionate: "changed"}, cio, inWindow)
	wantContains(t, "deployed", err.Error(), "record what changed on the live timeline")
	if _, err := v.AddCheck(Check{System: SysPNC, Target: "S1"}, cio, inWindow); err == nil {
		t.Error("check added to a deployed visit")
	}
}

func TestSetParts_NoChangeSavesNothing(t *testing.T) {
	v := planned(t)
	if _, err := v.SetPLAN(v.Plan.PLAN, cio, t0); !errors.Is(err, ErrNoChange) {
		t.Errorf("unchanged PLAN: %v", err)
	}
	c, err := v.SetCommunity(Community{Impact: "None expected", Mitigation: v.Plan.Community.Mitigation}, io, t0.Add(time.Hour))
	if err != nil || len(c.Fields) != 1 || c.Fields[0].Field != FieldImpact || v.Plan.Community.Stamp.By != io.StaffNo {
		t.Errorf("change %+v, %v; stamp %+v", c, err, v.Plan.Community.Stamp)
	}
}

// BenchmarkReadiness: the duty CIO's dashboard will run Readiness for every
// visit of the day on each change, so it must stay cheap.
func BenchmarkReadiness(b *testing.B) {
	v := planned(b)
	v.Subjects = append(v.Subjects, Subject{ID: "S2", Name: "Second Person"}, Subject{ID: "S3", Name: "Third Person"})
	cfg := DefaultConfig()
	b.ReportAllocs()
	for b.Loop() {
		_ = cfg.Readiness(v, inWindow)
	}
}
