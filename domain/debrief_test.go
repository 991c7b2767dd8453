package domain

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// afterVisit is deployed and over: the team arrived, entered by consent,
// met two people (one arrested, no excuse shown), seized a passport and
// left at 07:30; then the OIC recorded the civil penalty referral notice
// served at 06:40 (OUT-1).
func afterVisit(t testing.TB) *Visit {
	t.Helper()
	v := deployed(t)
	now := start.Add(5 * time.Minute)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001 IO0043 IO0044"}, cio, now)
	record(t, v, EntryEntry, EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, cio, now.Add(time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Unknown male", Nationality: "Albanian", Outcome: "arrested", Excuse: "not shown"}}, arrestIO, now.Add(10*time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Mei Chen", Outcome: "cleared"}}, cio, now.Add(12*time.Minute))
	record(t, v, EntrySeizure, EntryInput{Seizure: SeizureInput{Item: "Passport (Albanian)", Exhibit: "AG/1", Seal: "M0012345"}}, driverIO, now.Add(20*time.Minute))
	record(t, v, EntryDeparture, EntryInput{Officers: "CIO001 IO0043 IO0044", At: "07:30"}, cio, start.Add(90*time.Minute))
	record(t, v, EntryDecision, EntryInput{At: "06:40", Decision: DecisionInput{Notice: "civil penalty referral notice", EmployerName: "Golden Dragon Ltd",
		EmployerAddress: "12 High Street, Croydon CR0 1AA", Workers: "#3", ExcuseShown: "not shown"}}, cio, start.Add(91*time.Minute))
	return v
}

// debriefAt is when the tests write the debrief: 10:00 on the day.
var debriefAt = start.Add(4 * time.Hour)

// fullDebrief are the values of a complete debrief of afterVisit.
var fullDebrief = map[SectionID]map[string]string{
	SecResources:    {FieldDbfPPE: "full PPE, stab vests"},
	SecSubjects:     {FieldDbfSubject("S1"): "not present", FieldDbfSubjectNote("S1"): "manager says he left in October"},
	SecSanctions:    {FieldDbfSanctions: "civil penalty referral notice"},
	SecSafeguarding: {FieldDbfNoSafeguard: "yes"},
	SecIntel:        {FieldDbfIntelRating: "partly accurate", FieldDbfIntelComment: "one worker found, not the named subject"},
	SecPremises:     {FieldDbfPremises: "Rear gate to the alley is padlocked; the manager holds the keys."},
	SecEmployer:     {FieldDbfRecords: "no right-to-work records kept", FieldDbfEmpComment: "no copies of documents for any kitchen staff"},
	SecEngagement:   {FieldDbfEngagement: "Right-to-work guidance leaflet given to the manager and explained"},
	SecProblems:     {FieldDbfProblems: "none"},
	SecStandDown:    {FieldDbfHeld: "Croydon office, 09:00, in person"},
}

func debriefAll(t testing.TB, v *Visit) {
	t.Helper()
	for _, id := range SectionIDs {
		if in, ok := fullDebrief[id]; ok {
			if _, err := v.SetDebriefSection(id, in, cio, debriefAt); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
	}
	for _, o := range []Officer{cio, arrestIO, driverIO} {
		if _, err := v.SetTeamFeedback(o.StaffNo, map[string]string{FieldDbfWentWell: "rear cover in place early", FieldDbfImprove: "bring a second van"}, cio, debriefAt); err != nil {
			t.Fatalf("feedback %s: %v", o.StaffNo, err)
		}
	}
}

func section(v *Visit, id SectionID) DebriefSection {
	for _, s := range v.DebriefSections() {
		if s.ID == id {
			return s
		}
	}
	return DebriefSection{}
}

func TestDBF1_Prefill(t *testing.T) {
	v := afterVisit(t)
	want := map[SectionID][]string{
		SecResources:  {"Dana Okafor (CIO001), OIC, bronze: arrived 06:05, departed 07:30", "Lee Grant (IO0043), arrest team: arrived 06:05"},
		SecEntry:      {"06:06 informed consent", "Mr A Shah, manager", "Planned:"},
		SecEncounters: {"2 encountered: 1 cleared (right to work), 1 arrested", "Unknown male (Albanian): arrested; employer's statutory excuse not shown", "Mei Chen"},
		SecEmployer:   {"Unknown male: statutory excuse not shown"},
		SecStandDown:  {"Last officer departed 26/11/2026 07:30"},
		SecIntel:      {"Intelligence INT-"},
	}
	for id, lines := range want {
		facts := strings.Join(section(v, id).Facts, "\n")
		for _, l := range lines {
			if !strings.Contains(facts, l) {
				t.Errorf("%s facts lack %q:\n%s", id, l, facts)
			}
		}
	}
	// Filled from the record: the entry and the encounters are complete
	// before the OIC types anything.
	for _, id := range []SectionID{SecEntry, SecEncounters} {
		if s := section(v, id); !s.Complete() {
			t.Errorf("%s incomplete from the record: %v", id, s.Missing)
		}
	}
}

// Each section's completeness rule, one row a rule.
func TestDBF1_SectionRules(t *testing.T) {
	cases := []struct {
		name    string
		id      SectionID
		in      map[string]string
		missing string // "" when the section is complete
	}{
		{"PPE not said", SecResources, map[string]string{FieldDbfPPE: ""}, "protective equipment"},
		{"PPE said", SecResources, map[string]string{FieldDbfPPE: "full PPE"}, ""},
		{"subject not accounted for", SecSubjects, map[string]string{}, "say what became of S1"},
		{"subject said encountered but no encounter names them", SecSubjects, map[string]string{FieldDbfSubject("S1"): "encountered"}, "no encounter names them"},
		{"no sanction chosen, the notice on record", SecSanctions, map[string]string{}, ""},
		{"none, with a liable worker", SecSanctions, map[string]string{FieldDbfSanctions: "none", FieldDbfSanctionNote: "the manager was not the employer"}, "no statutory excuse shown"},
		{"none without a reason", SecSanctions, map[string]string{FieldDbfSanctions: "none"}, "say why no sanction followed"},
		{"safeguarding not confirmed", SecSafeguarding, map[string]string{}, "confirm none was needed"},
		{"intelligence not judged", SecIntel, map[string]string{FieldDbfIntelComment: "one worker found"}, "judge the intelligence"},
		{"intelligence comment too short", SecIntel, map[string]string{FieldDbfIntelRating: "accurate", FieldDbfIntelComment: "ok"}, "what was found"},
		{"premises notes too short", SecPremises, map[string]string{FieldDbfPremises: "n/a"}, "notes for the next team"},
		{"records not said", SecEmployer, map[string]string{}, "right-to-work checks"},
		{"records wanting, not said how", SecEmployer, map[string]string{FieldDbfRecords: "checks seen, some missing or wrong"}, "what was missing or wrong"},
		{"engagement not said", SecEngagement, map[string]string{FieldDbfEngagement: ""}, "engagement or encouragement"},
		{"DBF-4: problems not listed", SecProblems, map[string]string{}, "process problems"},
		{"DBF-4: a problem without what happened", SecProblems, map[string]string{FieldDbfProblems: "police unavailable"}, "say what happened"},
		{"DBF-4: none", SecProblems, map[string]string{FieldDbfProblems: "none"}, ""},
		{"debrief not held", SecStandDown, map[string]string{}, "where and when the team debrief was held"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := afterVisit(t)
			if _, err := v.SetDebriefSection(c.id, c.in, cio, debriefAt); err != nil && !errors.Is(err, ErrNoChange) {
				t.Fatal(err)
			}
			s := section(v, c.id)
			got := strings.Join(s.Missing, "; ")
			switch {
			case c.missing == "" && !s.Complete():
				t.Errorf("want complete, missing: %s", got)
			case c.missing != "" && !strings.Contains(got, c.missing):
				t.Errorf("missing %q, want it to say %q", got, c.missing)
			}
		})
	}
}

func TestDBF1_TeamFeedback(t *testing.T) {
	v := afterVisit(t)
	// Only one half: refused beside the missing half.
	_, err := v.SetTeamFeedback(arrestIO.StaffNo, map[string]string{FieldDbfWentWell: "quick entry"}, cio, debriefAt)
	var ve ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For(FieldDbfImprove), "could improve") {
		t.Fatalf("half feedback: %v", err)
	}
	// An officer records their own; not another's.
	if _, err := v.SetTeamFeedback(arrestIO.StaffNo, map[string]string{FieldDbfNone: "on leave the day after"}, arrestIO, debriefAt); err != nil {
		t.Fatal(err)
	}
	if _, err := v.SetTeamFeedback(driverIO.StaffNo, map[string]string{FieldDbfWentWell: "x", FieldDbfImprove: "y"}, arrestIO, debriefAt); err == nil {
		t.Error("an officer recorded another's feedback")
	}
	s := section(v, SecTeam)
	if got := strings.Join(s.Missing, "; "); !strings.Contains(got, "Dana Okafor") || !strings.Contains(got, "Ana Silva") || strings.Contains(got, "Lee Grant") {
		t.Errorf("team missing %q", got)
	}
	// Only those who attended are asked: gold and silver, off site, are not.
	if strings.Contains(strings.Join(s.Missing, ";"), "Jo Marsh") {
		t.Error("off-site gold asked for feedback")
	}
}

func TestClose(t *testing.T) {
	v := afterVisit(t)
	debriefAll(t, v)
	if fs := DefaultConfig().ClosingFindings(v, debriefAt); len(fs) != 0 {
		t.Fatalf("a complete debrief still blocks: %v", fs)
	}
	// Only the OIC closes.
	if _, err := v.Clone().Close(DefaultConfig(), arrestIO, debriefAt); err == nil {
		t.Error("an IO closed the visit")
	}
	// Not by a bare transition either.
	if _, err := v.Clone().Transition(Closed, "", cio, debriefAt); err == nil {
		t.Error("Transition(Closed) bypassed the debrief")
	}
	prev := v.Clone()
	if _, err := v.Close(DefaultConfig(), cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	if err := AppendOnly(prev, v); err != nil {
		t.Fatal(err)
	}
	if v.State != Closed || v.History[len(v.History)-1].Reason != "debrief complete" {
		t.Fatalf("state %s, history %+v", v.State, v.History[len(v.History)-1])
	}
	// Closed is read-only: the debrief, the live record, the plan.
	if _, err := v.SetDebriefSection(SecPremises, map[string]string{FieldDbfPremises: "changed after closing, which must fail"}, cio, debriefAt); err == nil {
		t.Error("the debrief changed after closing")
	}
	if err := v.LiveEditable(cio); err == nil {
		t.Error("the live record is open after closing")
	}
	if err := v.PlanningEditable(); err == nil {
		t.Error("the plan is editable after closing")
	}
	// Not even through the store: a closed debrief rewritten is refused.
	edited := v.Clone()
	edited.Debrief.PremisesNotes = "quietly rewritten"
	if err := AppendOnly(v, edited); !errors.Is(err, ErrAppendOnly) {
		t.Errorf("AppendOnly let a closed debrief change: %v", err)
	}
	// Follow-ups are still recorded, and only added to.
	if _, err := v.RecordFollowUp("civil penalty referral notice", "CPRN issued to Golden Dragon Ltd, ref CP-2026-1182", cio, debriefAt.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.RecordFollowUp("HMRC", "ok", cio, debriefAt.Add(24*time.Hour)); err == nil {
		t.Error("a follow-up without what was done was recorded")
	}
	dropped := v.Clone()
	dropped.FollowUps = nil
	if err := AppendOnly(v, dropped); !errors.Is(err, ErrAppendOnly) {
		t.Errorf("AppendOnly let a follow-up go: %v", err)
	}
	if !slices.ContainsFunc(section(v, SecSafeguarding).Facts, func(s string) bool { return strings.Contains(s, "CP-2026-1182") }) {
		t.Error("the follow-up is not in the debrief's referrals")
	}
}

func TestDebrief_OnlyTheOICWritesIt(t *testing.T) {
	v := afterVisit(t)
	if _, err := v.SetDebriefSection(SecPremises, map[string]string{FieldDbfPremises: "Rear gate is padlocked; manager has the keys"}, arrestIO, debriefAt); err == nil {
		t.Error("an IO wrote the debrief")
	}
	if _, err := ready(t).SetDebriefSection(SecPremises, map[string]string{FieldDbfPremises: "Rear gate is padlocked"}, cio, debriefAt); err == nil {
		t.Error("a debrief written before the visit")
	}
	_, err := v.SetDebriefSection(SecIntel, map[string]string{FieldDbfIntelRating: "dubious"}, cio, debriefAt)
	var ve ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For(FieldDbfIntelRating), "not one of") {
		t.Errorf("an unknown rating: %v", err)
	}
	if _, err := v.SetDebriefSection(SecResources, map[string]string{FieldDbfPPE: ""}, cio, debriefAt); !errors.Is(err, ErrNoChange) {
		t.Errorf("an unchanged section saved: %v", err)
	}
}

// Saving what is already there changes nothing, not even the stamp.
func TestDebrief_UnchangedSaveLeavesTheVisitAlone(t *testing.T) {
	v := afterVisit(t)
	in := map[string]string{FieldDbfWentWell: "quick entry", FieldDbfImprove: "a second van"}
	if _, err := v.SetTeamFeedback(arrestIO.StaffNo, in, cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	before := v.Clone()
	if _, err := v.SetTeamFeedback(arrestIO.StaffNo, in, arrestIO, debriefAt.Add(time.Hour)); !errors.Is(err, ErrNoChange) {
		t.Fatalf("unchanged feedback: %v", err)
	}
	if v.Debrief.Team[0].Stamp != before.Debrief.Team[0].Stamp || v.UpdatedAt != before.UpdatedAt {
		t.Errorf("an unchanged save restamped the feedback: %+v", v.Debrief.Team[0].Stamp)
	}
}

// What happened is in the debrief without being typed again: each seizure
// with its exhibit and sealed bag (PWR-3), and, when a critical incident
// was declared, a post-incident section holding who declared it and who
// stood it down, when and why (INC-1), which must be written up before
// the visit closes.
func TestDebrief_SeizuresAndCriticalIncident(t *testing.T) {
	v := afterVisit(t)
	debriefAll(t, v)
	seized := "06:25 seized: Passport (Albanian), exhibit AG/1, sealed bag M0012345 (recorded by " + driverIO.Name + ")"
	if got := section(v, SecEntry).Facts; !slices.Contains(got, seized) {
		t.Errorf("entry facts %q lack %q", got, seized)
	}
	if ids := v.SectionIDs(); len(ids) != 13 || slices.Contains(ids, SecIncident) {
		t.Errorf("no incident was declared, yet the sections are %v", ids)
	}
	if _, err := v.Clone().SetDebriefSection(SecIncident, map[string]string{FieldDbfPostIncident: "nothing to say here"}, cio, debriefAt); err == nil {
		t.Error("post-incident notes saved on a visit with no incident")
	}

	v = afterVisit(t)
	record(t, v, EntryIncident, EntryInput{Text: "Officer injured in a fall on the rear stairs"}, cio, start.Add(30*time.Minute))
	record(t, v, EntryIncidentOver, EntryInput{Text: "Officer taken to hospital; duty CIO informed"}, arrestIO, start.Add(60*time.Minute))
	debriefAll(t, v)
	ids := v.SectionIDs()
	if len(ids) != 14 || ids[13] != SecIncident {
		t.Fatalf("sections %v: want the post-incident review last", ids)
	}
	inc := section(v, SecIncident)
	day := start.Format("02/01/2006")
	for _, want := range []string{
		"Declared " + day + " 06:30 by " + cio.Name + ": Officer injured in a fall on the rear stairs",
		"Stood down " + day + " 07:00 by " + arrestIO.Name + ": Officer taken to hospital; duty CIO informed",
	} {
		if !slices.Contains(inc.Facts, want) {
			t.Errorf("incident facts %q lack %q", inc.Facts, want)
		}
	}
	if inc.Rule != "INC-1" || inc.Complete() || !strings.Contains(strings.Join(inc.Missing, " "), "write the post-incident notes") {
		t.Errorf("the section before its notes: %+v", inc)
	}
	fs := Readiness(v, debriefAt)
	if f := findRule(fs, "DBF-1"); f == nil || !strings.Contains(f.Message, "1 of 14 sections: critical incident: post-incident review") {
		t.Errorf("DBF-1 finding %+v", f)
	}
	if _, err := v.Clone().Close(DefaultConfig(), cio, debriefAt); err == nil {
		t.Error("closed without the post-incident notes")
	}
	if _, err := v.SetDebriefSection(SecIncident, map[string]string{FieldDbfPostIncident: "Loose stair tread; hazard added to the premises notes; welfare check done"}, cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	if inc := section(v, SecIncident); !inc.Complete() || !slices.Contains(inc.Recorded, "Post-incident notes: Loose stair tread; hazard added to the premises notes; welfare check done") {
		t.Errorf("the section after its notes: %+v", inc)
	}
	if _, err := v.Close(DefaultConfig(), cio, debriefAt); err != nil {
		t.Fatalf("close with the notes written: %v", err)
	}
}

func findRule(fs []Finding, rule string) *Finding {
	for i := range fs {
		if fs[i].Rule == rule {
			return &fs[i]
		}
	}
	return nil
}

// After closure, what to do is about what is left (follow-ups,
// assurance, the feedback to the police), never "keep chasing the
// returned ONF" or "do a walk-by": the findings from before the visit
// stay, for the assurer, with advice that fits a closed visit.
func TestClosedVisitAdviceIsAboutWhatIsLeft(t *testing.T) {
	v := afterVisit(t)
	// Going ahead on a phone check (ONF-3), with imagery two years old
	// (REC-2): advice for before the visit.
	v.Plan.ONF = ONF{Force: "Surrey Police", SentAt: start.Add(-48 * time.Hour),
		Phone: &PhoneCheck{At: start.Add(-2 * time.Hour), Contact: "DC Iqbal, Guildford PIU", Outcome: "no markers, no tensions"}}
	v.Plan.Recces = append(v.Plan.Recces, Recce{ID: "R9", Kind: "virtual", By: cio.StaffNo, ByName: cio.Name, At: start.Add(-72 * time.Hour),
		Sources: []ImagerySource{{Source: "Google Street View", Date: DateOf(start.AddDate(-2, 0, 0))}}})
	before := Readiness(v, debriefAt)
	for _, rule := range []string{"ONF-3", "REC-2"} {
		if f := findRule(before, rule); f == nil || f.Do == ClosedAdvice {
			t.Fatalf("before closure: %s %+v", rule, f)
		}
	}
	if f := findRule(before, "ONF-3"); !strings.Contains(f.Do, "chasing") {
		t.Fatalf("the fixture's ONF-3 advice changed: %q", f.Do)
	}
	debriefAll(t, v)
	if _, err := v.Close(DefaultConfig(), cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	for _, st := range []State{Closed, FollowUp, Assured} {
		v.State = st
		after := Readiness(v, debriefAt.Add(24*time.Hour))
		for _, rule := range []string{"ONF-3", "REC-2"} {
			if f := findRule(after, rule); f == nil || f.Do != ClosedAdvice {
				t.Errorf("%s: %s %+v", st, rule, f)
			}
		}
		for _, f := range after {
			if strings.Contains(f.Do, "chasing") || strings.Contains(f.Do, "walk-by") {
				t.Errorf("%s: %s still advises %q", st, f.Rule, f.Do)
			}
		}
		if f := findRule(after, "ONF-7"); f == nil || f.Do == ClosedAdvice {
			t.Errorf("%s: ONF-7, the feedback still to give, lost its own advice: %+v", st, f)
		}
	}
}
