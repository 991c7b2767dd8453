package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// onSite is deployed with the team on site at 06:05, entry made, and three
// people met: two found working illegally (#3 arrested at 06:15, #4
// papers served at 06:17) and one cleared (#5).
func onSite(t *testing.T) *Visit {
	t.Helper()
	v := deployed(t)
	now := start.Add(5 * time.Minute)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001 IO0043 IO0044"}, cio, now)
	record(t, v, EntryEntry, EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, cio, now.Add(time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Arben Hoxha", Outcome: "arrested", Excuse: "not shown", Interviewed: "yes", Biometrics: "yes"}}, arrestIO, now.Add(10*time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Unknown male", Outcome: "papers served", Excuse: "not shown", Biometrics: "y"}}, arrestIO, now.Add(12*time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Mei Chen", Outcome: "cleared"}}, cio, now.Add(13*time.Minute))
	return v
}

// leave records the team's departure at 07:30.
func leave(t *testing.T, v *Visit) {
	t.Helper()
	record(t, v, EntryDeparture, EntryInput{Officers: "CIO001 IO0043 IO0044", At: "07:30"}, cio, start.Add(90*time.Minute))
}

var liveNow = start.Add(40 * time.Minute)

func decision(notice, workers string) EntryInput {
	return EntryInput{Decision: DecisionInput{Notice: notice, EmployerName: "Golden Dragon Ltd", EmployerAddress: "12 High Street, Croydon CR0 1AA",
		Workers: workers, ExcuseShown: "not shown"}}
}

// findingsOf are v's findings of rule id at now.
func findingsOf(v *Visit, id string, now time.Time) []Finding {
	var out []Finding
	for _, f := range Readiness(v, now) {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

func fieldMsg(err error, field string) string {
	var ve ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	return ve.For(field)
}

// wantRefusal: err is nil when want is "", else it says want beside
// field.
func wantRefusal(t *testing.T, err error, field, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	if got := fieldMsg(err, field); !strings.Contains(got, want) {
		t.Errorf("%s: %q, want %q (all: %v)", field, got, want, err)
	}
}

func TestOUT1_ParseDecision(t *testing.T) {
	v := onSite(t)
	for _, c := range []struct {
		name  string
		in    DecisionInput
		field string
		want  string // in the field's message; "" when it is accepted
	}{
		{"complete", DecisionInput{Notice: "civil penalty referral notice", EmployerName: "Golden Dragon Ltd", EmployerAddress: "12 High St", Workers: "3", ExcuseShown: "not shown"}, "", ""},
		{"any case, # and yes/no", DecisionInput{Notice: "No Action Notice", EmployerName: "G D Ltd", EmployerAddress: "12 High St", Workers: "#3, #4", ExcuseShown: "yes"}, "", ""},
		{"no notice", DecisionInput{EmployerName: "G", EmployerAddress: "A", Workers: "3", ExcuseShown: "shown"}, FieldDecisionNotice, "choose one: civil penalty referral notice, no action notice"},
		{"not a notice", DecisionInput{Notice: "caution", EmployerName: "G", EmployerAddress: "A", Workers: "3", ExcuseShown: "shown"}, FieldDecisionNotice, `"caution" is not one of`},
		{"no employer", DecisionInput{Notice: "no action notice", EmployerAddress: "A", Workers: "3", ExcuseShown: "shown"}, FieldDecisionEmployer, "OUT-1: give the employer's name"},
		{"no address", DecisionInput{Notice: "no action notice", EmployerName: "G", Workers: "3", ExcuseShown: "shown"}, FieldDecisionAddress, "OUT-1: give the employer's address"},
		{"no workers", DecisionInput{Notice: "no action notice", EmployerName: "G", EmployerAddress: "A", ExcuseShown: "shown"}, FieldDecisionWorkers, "OUT-1: choose the workers the notice covers"},
		{"a worker not a number", DecisionInput{Notice: "no action notice", EmployerName: "G", EmployerAddress: "A", Workers: "3, Arben", ExcuseShown: "shown"}, FieldDecisionWorkers, `"Arben" is not an entry number`},
		{"entry 0", DecisionInput{Notice: "no action notice", EmployerName: "G", EmployerAddress: "A", Workers: "0", ExcuseShown: "shown"}, FieldDecisionWorkers, `"0" is not an entry number`},
		{"excuse not said", DecisionInput{Notice: "no action notice", EmployerName: "G", EmployerAddress: "A", Workers: "3"}, FieldDecisionExcuse, "choose shown or not shown"},
		{"excuse garbled", DecisionInput{Notice: "no action notice", EmployerName: "G", EmployerAddress: "A", Workers: "3", ExcuseShown: "maybe"}, FieldDecisionExcuse, `"maybe" is neither shown nor not shown`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.ParseEntry(EntryDecision, EntryInput{Decision: c.in}, liveNow)
			wantRefusal(t, err, c.field, c.want)
		})
	}
}

func TestOUT1_RecordDecision(t *testing.T) {
	for _, c := range []struct {
		name, workers string
		first         string // workers of a decision recorded first, if any
		want          string // "" when accepted
	}{
		{"one worker", "3", "", ""},
		{"both workers, one notice", "3 4", "", ""},
		{"someone cleared", "3, 5", "", "OUT-1: #5 Mei Chen was cleared (right to work): a notice covers only people found working illegally"},
		{"not a person met", "2", "", "OUT-1: #2 is not a person met on this visit: choose from the people found working illegally"},
		{"no such entry", "99", "", "OUT-1: #99 is not a person met on this visit: choose from the people found working illegally"},
		{"already covered", "4, 3", "3", "OUT-1: #3 Arben Hoxha is already covered by the civil penalty referral notice of #6: one decision per worker; correct #6 instead"},
		{"the other worker", "4", "3", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := onSite(t)
			if c.first != "" {
				record(t, v, EntryDecision, decision("civil penalty referral notice", c.first), cio, liveNow)
			}
			err := refused(v, EntryDecision, decision("no action notice", c.workers), cio, liveNow)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if got := fieldMsg(err, FieldDecisionWorkers); got != c.want {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestOUT1_OneNoticeCountsOnce(t *testing.T) {
	v := onSite(t)
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Unknown female", Outcome: "detained", Excuse: "not shown"}}, arrestIO, liveNow)
	e := record(t, v, EntryDecision, decision("civil penalty referral notice", "3 4 6"), cio, liveNow)
	if got := e.Summary(); got != "civil penalty referral notice to Golden Dragon Ltd, 12 High Street, Croydon CR0 1AA, covering 3 workers (#3, #4, #6); statutory excuse not shown" {
		t.Errorf("summary %q", got)
	}
	o := v.Outcomes()
	if o.IllegalWorkers != 3 || o.CPRNs != 1 || o.NoActionNotices != 0 || o.WorkersCovered != 3 {
		t.Errorf("outcomes %+v: want 3 workers, 1 CPRN covering 3", o)
	}
	if fs := findingsOf(v, "OUT-1", liveNow); len(fs) != 0 {
		t.Errorf("every worker covered, yet %v", fs)
	}
}

func TestOUT1_WorkerWithoutDecision(t *testing.T) {
	v := onSite(t)
	record(t, v, EntryDecision, decision("civil penalty referral notice", "3"), cio, liveNow)
	// While the team is on site: a warning, naming who.
	fs := findingsOf(v, "OUT-1", liveNow)
	if len(fs) != 1 || fs[0].Severity != Warns || fs[0].Message != "1 person found working illegally without a decision on the employer: #4 Unknown male" {
		t.Fatalf("on site: %v", fs)
	}
	// Once the team has left it still warns while the debrief is written
	// (the notice may follow the excuse being settled); closing blocks.
	leave(t, v)
	after := start.Add(2 * time.Hour)
	if fs := findingsOf(v, "OUT-1", after); len(fs) != 1 || fs[0].Severity != Warns {
		t.Fatalf("after the visit: %v", fs)
	}
	if fs := DefaultConfig().ClosingFindings(v, after); !hasRule(fs, "OUT-1") {
		t.Errorf("closing does not ask for the decision: %v", fs)
	}
	// A visit of an old export (schema version 1) predates OUT-1.
	if hasRule(DefaultConfig().HistorylessFindings(v), "OUT-1") {
		t.Errorf("an old export's visit is held to OUT-1")
	}
	record(t, v, EntryDecision, decision("no action notice", "4"), cio, after)
	if fs := findingsOf(v, "OUT-1", after); len(fs) != 0 {
		t.Errorf("both covered: %v", fs)
	}
	if fs := DefaultConfig().ClosingFindings(v, after); hasRule(fs, "OUT-1") {
		t.Errorf("closing still blocked: %v", fs)
	}
}

func hasRule(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// A decision covers more workers than were found when an encounter it
// covers is corrected to cleared, or voided, after it.
func TestOUT1_DecisionCoversMoreThanFound(t *testing.T) {
	for _, c := range []struct {
		name string
		fix  func(t *testing.T, v *Visit)
		want string
	}{
		{"corrected to cleared", func(t *testing.T, v *Visit) {
			e, _ := v.ParseEntry(EntryEncounter, EntryInput{Person: PersonInput{Name: "Unknown male", Outcome: "cleared"}}, liveNow)
			e.Corrects, e.Reason = 4, "his share code checked out"
			if _, err := v.Record(e, cio, liveNow); err != nil {
				t.Fatal(err)
			}
		}, "the civil penalty referral notice of #6 covers 2 workers, more than were found working illegally: #4 Unknown male is cleared (right to work)"},
		{"voided", func(t *testing.T, v *Visit) {
			if _, err := v.Record(TimelineEntry{Kind: EntryEncounter, Corrects: 4, Void: true, Reason: "the same man as #3"}, cio, liveNow); err != nil {
				t.Fatal(err)
			}
		}, "the civil penalty referral notice of #6 covers 2 workers, more than were found working illegally: #4 is no longer a person met"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := onSite(t)
			record(t, v, EntryDecision, decision("civil penalty referral notice", "3 4"), cio, liveNow)
			c.fix(t, v)
			fs := findingsOf(v, "OUT-1", liveNow)
			if len(fs) != 1 || fs[0].Severity != Blocks || fs[0].Message != c.want {
				t.Fatalf("got %v\nwant %q", fs, c.want)
			}
			// Corrected to cover the one worker found, it passes.
			e, _ := v.ParseEntry(EntryDecision, decision("civil penalty referral notice", "3"), liveNow)
			e.Corrects, e.Reason = 6, "covers Arben Hoxha only"
			if _, err := v.Record(e, cio, liveNow); err != nil {
				t.Fatal(err)
			}
			if fs := findingsOf(v, "OUT-1", liveNow); len(fs) != 0 {
				t.Errorf("after the correction: %v", fs)
			}
			if o := v.Outcomes(); o.CPRNs != 1 || o.WorkersCovered != 1 {
				t.Errorf("counted as %+v", o)
			}
		})
	}
}

func TestOUT1_CorrectAndVoidDecision(t *testing.T) {
	v := onSite(t)
	record(t, v, EntryDecision, decision("civil penalty referral notice", "3 4"), cio, liveNow)
	// A correction of the decision may keep the workers it covers: it
	// replaces the decision it corrects, not a second one.
	e, err := v.ParseEntry(EntryDecision, decision("no action notice", "3 4"), liveNow)
	if err != nil {
		t.Fatal(err)
	}
	e.Corrects, e.Reason = 6, "the employer produced the right-to-work checks"
	if _, err := v.Record(e, cio, liveNow); err != nil {
		t.Fatalf("correction refused: %v", err)
	}
	if o := v.Outcomes(); o.CPRNs != 0 || o.NoActionNotices != 1 || o.WorkersCovered != 2 {
		t.Errorf("after the correction: %+v", o)
	}
	if _, err := v.Record(TimelineEntry{Kind: EntryDecision, Corrects: 6, Void: true, Reason: "served by another team"}, cio, liveNow); err != nil {
		t.Fatal(err)
	}
	if o := v.Outcomes(); o.NoActionNotices != 0 || o.WorkersCovered != 0 {
		t.Errorf("after the void: %+v", o)
	}
	// The workers are free for a new decision.
	record(t, v, EntryDecision, decision("civil penalty referral notice", "3 4"), cio, liveNow)
}

func TestCUS1_ParseAndRecord(t *testing.T) {
	custody := func(person, suite, interp, at string) EntryInput {
		return EntryInput{At: at, Custody: CustodyInput{Person: person, Suite: suite, Interpreter: interp}}
	}
	for _, c := range []struct {
		name  string
		in    EntryInput
		field string
		want  string
	}{
		{"booked in after the arrest", custody("3", "Croydon police station", "no", "07:45"), "", ""},
		{"booked in at the minute of the arrest", custody("#3", "Croydon", "yes", "06:15"), "", ""},
		{"booked in before the arrest", custody("3", "Croydon", "no", "06:14"), FieldEntryAt, "CUS-1: booked in at 06:14, before the arrest of #3 Arben Hoxha at 06:15: check the time booked in"},
		{"no suite", custody("3", "", "no", "07:45"), FieldCustodySuite, "CUS-1: give the custody suite"},
		{"no one", custody("", "Croydon", "no", "07:45"), FieldCustodyPerson, "CUS-1: choose who was arrested and booked in"},
		{"two people", custody("3 4", "Croydon", "no", "07:45"), FieldCustodyPerson, "CUS-1: one person per booking"},
		{"interpreter not said", custody("3", "Croydon", "", "07:45"), FieldCustodyInterprete, "choose yes or no"},
		{"not arrested", custody("4", "Croydon", "no", "07:45"), FieldCustodyPerson, "CUS-1: #4 Unknown male was papers served, not arrested"},
		{"not met", custody("2", "Croydon", "no", "07:45"), FieldCustodyPerson, "CUS-1: #2 is not a person met on this visit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := onSite(t)
			err := refused(v, EntryCustody, c.in, cio, start.Add(2*time.Hour))
			wantRefusal(t, err, c.field, c.want)
		})
	}
}

func TestCUS1_Finding(t *testing.T) {
	v := onSite(t)
	// While the team is on site, custody is not asked for yet.
	if fs := findingsOf(v, "CUS-1", liveNow); len(fs) != 0 {
		t.Errorf("on site: %v", fs)
	}
	leave(t, v)
	after := start.Add(2 * time.Hour)
	fs := findingsOf(v, "CUS-1", after)
	if len(fs) != 1 || fs[0].Severity != Warns || fs[0].Message != "no custody recorded for 1 person arrested: #3 Arben Hoxha" {
		t.Fatalf("after the visit: %v", fs)
	}
	if hasRule(DefaultConfig().ClosingFindings(v, after), "CUS-1") {
		t.Errorf("CUS-1 blocks closing; it only warns")
	}
	// The warning stays once the visit is closed, for the assurer to
	// weigh: it went with the deployment.
	for _, st := range []State{Closed, FollowUp, Assured} {
		was := v.State
		v.State = st
		if fs := findingsOf(v, "CUS-1", after); len(fs) != 1 || fs[0].Severity != Warns {
			t.Errorf("%s: %v", st, fs)
		}
		v.State = was
	}
	b := record(t, v, EntryCustody, EntryInput{At: "07:45", Custody: CustodyInput{Person: "3", Suite: "Croydon police station", Interpreter: "yes"}}, cio, after)
	if got := b.Summary(); got != "#3 booked into Croydon police station; interpreter needed" {
		t.Errorf("summary %q", got)
	}
	if fs := findingsOf(v, "CUS-1", after); len(fs) != 0 {
		t.Errorf("booked in: %v", fs)
	}
	if o := v.Outcomes(); o.Arrests != 1 || o.ArrestsInCustody != 1 || o.Interpreters != 1 {
		t.Errorf("outcomes %+v", o)
	}
	// A second booking of the same arrest is refused; a correction is not.
	if err := refused(v, EntryCustody, EntryInput{At: "07:50", Custody: CustodyInput{Person: "3", Suite: "Sutton", Interpreter: "no"}}, cio, after); !strings.Contains(fieldMsg(err, FieldCustodyPerson), "already booked in (#7, Croydon police station): correct #7 instead") {
		t.Errorf("second booking: %v", err)
	}
	e, _ := v.ParseEntry(EntryCustody, EntryInput{At: "07:50", Custody: CustodyInput{Person: "3", Suite: "Sutton police station", Interpreter: "no"}}, after)
	e.Corrects, e.Reason = 7, "Croydon was full; taken to Sutton"
	if _, err := v.Record(e, cio, after); err != nil {
		t.Fatalf("correction refused: %v", err)
	}
	if o := v.Outcomes(); o.ArrestsInCustody != 1 || o.Interpreters != 0 {
		t.Errorf("after the correction %+v", o)
	}
	// The arrest corrected to a later time than the booking: warned.
	a, _ := v.ParseEntry(EntryEncounter, EntryInput{At: "07:55", Person: PersonInput{Name: "Arben Hoxha", Outcome: "arrested", Excuse: "not shown"}}, after)
	a.Corrects, a.Reason = 3, "arrest time mistyped"
	if _, err := v.Record(a, cio, after); err != nil {
		t.Fatal(err)
	}
	if fs := findingsOf(v, "CUS-1", after); len(fs) != 1 || !strings.Contains(fs[0].Message, "is booked in at 07:50 (#7), before the arrest at 07:55") {
		t.Errorf("booked before the corrected arrest: %v", fs)
	}
	// Voided, the booking no longer counts.
	if _, err := v.Record(TimelineEntry{Kind: EntryCustody, Corrects: 7, Void: true, Reason: "de-arrested before booking"}, cio, after); err != nil {
		t.Fatal(err)
	}
	if o := v.Outcomes(); o.ArrestsInCustody != 0 {
		t.Errorf("after the void %+v", o)
	}
}

func TestJNT1_Agencies(t *testing.T) {
	v := onSite(t)
	if v.JointOperation() {
		t.Fatal("no agency recorded, yet a joint operation")
	}
	if err := refused(v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "other"}}, cio, liveNow); !strings.Contains(fieldMsg(err, FieldAgencyName), "JNT-1: name the other agency") {
		t.Errorf("other without a name: %v", err)
	}
	if err := refused(v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "army"}}, cio, liveNow); !strings.Contains(fieldMsg(err, FieldAgency), `"army" is not one of: police, HMRC, local authority licensing, GLAA, DWP, other`) {
		t.Errorf("unknown agency: %v", err)
	}
	p := record(t, v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "Police"}}, cio, liveNow)
	if !v.JointOperation() || p.Summary() != "police" {
		t.Errorf("police present: joint %v, summary %q", v.JointOperation(), p.Summary())
	}
	record(t, v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "police"}}, cio, liveNow)
	o := record(t, v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "other", Name: "Border Force"}}, cio, liveNow)
	if got := v.PartnerAgencies(); len(got) != 2 || got[1].Label() != "Border Force" || o.Summary() != "Border Force" {
		t.Errorf("agencies %+v (police recorded twice counts once)", got)
	}
	// Corrected and voided as any entry.
	e, _ := v.ParseEntry(EntryAgency, EntryInput{Agency: AgencyInput{Agency: "HMRC"}}, liveNow)
	e.Corrects, e.Reason = 8, "it was HMRC, not Border Force"
	if _, err := v.Record(e, cio, liveNow); err != nil {
		t.Fatal(err)
	}
	for _, seq := range []int{6, 7, 8} {
		if _, err := v.Record(TimelineEntry{Kind: EntryAgency, Corrects: seq, Void: true, Reason: "no agency came"}, cio, liveNow); err != nil {
			t.Fatal(err)
		}
	}
	if v.JointOperation() {
		t.Errorf("every agency voided, still a joint operation: %+v", v.PartnerAgencies())
	}
}

func TestReferralTypes(t *testing.T) {
	v := onSite(t)
	record(t, v, EntrySafeguarding, EntryInput{Subtype: "NRM referral", Person: PersonInput{Name: "Unknown male"}}, cio, liveNow)
	record(t, v, EntrySafeguarding, EntryInput{Subtype: "section 55 (children)"}, cio, liveNow)
	record(t, v, EntrySafeguarding, EntryInput{Subtype: "vulnerability identified"}, cio, liveNow)
	record(t, v, EntryReferral, EntryInput{Subtype: "licensing review"}, cio, liveNow)
	record(t, v, EntryReferral, EntryInput{Subtype: "HMRC"}, cio, liveNow)
	// A civil penalty referral is an employer decision, not a referral.
	if err := refused(v, EntryReferral, EntryInput{Subtype: "civil penalty referral notice"}, cio, liveNow); err == nil {
		t.Error("a CPRN was taken as a referral: it would be counted twice")
	}
	// An older record's CPRN referral entry is counted as neither.
	if _, err := v.Record(TimelineEntry{Kind: EntryReferral, Subtype: "civil penalty referral notice", At: liveNow}, cio, liveNow); err != nil {
		t.Fatal(err)
	}
	got := v.Outcomes().Referrals
	want := map[string]int{ReferralNRM: 1, ReferralSocial: 1, "licensing review": 1, "HMRC": 1}
	if len(got) != len(want) {
		t.Errorf("referrals %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("referrals %v, want %v", got, want)
		}
	}
	if o := v.Outcomes(); o.Interviews != 1 || o.Biometrics != 2 {
		t.Errorf("interviews %d, biometrics %d: want 1 and 2", o.Interviews, o.Biometrics)
	}
	if err := refused(v, EntryEncounter, EntryInput{Person: PersonInput{Name: "A B", Outcome: "cleared", Interviewed: "perhaps"}}, cio, liveNow); !strings.Contains(fieldMsg(err, FieldPersonInterview), `"perhaps" is neither yes nor no`) {
		t.Errorf("interview garbled: %v", err)
	}
}

// The debrief is filled from the outcomes: the agencies among the
// resources, interviews, biometrics and custody among the people
// encountered, the notices among the sanctions (and who has none), the
// referrals by type.
func TestDBF1_PrefillOutcomes(t *testing.T) {
	v := onSite(t)
	record(t, v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "police"}}, cio, liveNow)
	record(t, v, EntryAgency, EntryInput{Agency: AgencyInput{Agency: "other", Name: "Border Force"}}, cio, liveNow)
	record(t, v, EntryDecision, decision("civil penalty referral notice", "3"), cio, liveNow)
	record(t, v, EntrySafeguarding, EntryInput{Subtype: "NRM referral", Person: PersonInput{Name: "Unknown male"}}, cio, liveNow)
	leave(t, v)
	record(t, v, EntryCustody, EntryInput{At: "07:45", Custody: CustodyInput{Person: "3", Suite: "Croydon police station", Interpreter: "yes"}}, cio, start.Add(2*time.Hour))
	want := map[SectionID][]string{
		SecResources:    {"Partner agencies: police and Border Force: a joint operation (JNT-1)"},
		SecEncounters:   {"1 person interviewed; 2 biometric checks", "07:45 Arben Hoxha booked into Croydon police station; interpreter needed"},
		SecSanctions:    {"06:40 civil penalty referral notice to Golden Dragon Ltd, 12 High Street, Croydon CR0 1AA: 1 worker (Arben Hoxha); statutory excuse not shown", "No decision on the employer yet for Unknown male (OUT-1)"},
		SecSafeguarding: {"Referrals by type: 1 NRM"},
	}
	for id, lines := range want {
		facts := strings.Join(section(v, id).Facts, "\n")
		for _, l := range lines {
			if !strings.Contains(facts, l) {
				t.Errorf("%s facts lack %q:\n%s", id, l, facts)
			}
		}
	}
	if s := section(v, SecSanctions); !s.Complete() {
		t.Errorf("a notice on record, yet sanctions miss %v", s.Missing)
	}
	// Voided, the notice no longer answers for the sanctions.
	if _, err := v.Record(TimelineEntry{Kind: EntryDecision, Corrects: 8, Void: true, Reason: "served on the wrong company"}, cio, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if s := section(v, SecSanctions); !strings.Contains(strings.Join(s.Missing, "; "), "choose the sanctions") {
		t.Errorf("sanctions after the void: %v", s.Missing)
	}
	if facts := strings.Join(section(v, SecResources).Facts, "\n"); strings.Contains(facts, "No partner agency") {
		t.Errorf("resources: %s", facts)
	}
}

// A finding on a busy visit names three workers and counts the rest.
func TestOUT1_ManyWorkersNamedBriefly(t *testing.T) {
	v := onSite(t)
	if fs := findingsOf(v, "OUT-1", liveNow); len(fs) != 1 || !strings.HasSuffix(fs[0].Message, ": #3 Arben Hoxha and #4 Unknown male") {
		t.Fatalf("two: %v", fs)
	}
	for _, n := range []string{"A One", "B Two"} {
		record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: n, Outcome: "arrested", Excuse: "not shown"}}, cio, liveNow)
	}
	if fs := findingsOf(v, "OUT-1", liveNow); len(fs) != 1 || !strings.HasSuffix(fs[0].Message, "4 people found working illegally without a decision on the employer: #3 Arben Hoxha, #4 Unknown male, #6 A One and 1 more") {
		t.Fatalf("four: %v", fs)
	}
}

// OUT-1: the debrief's sanctions agree with the notices on the live
// record: "none" while a notice is recorded, or a notice named that none
// records, warns while the visit runs and blocks closing.
func TestOUT1_SanctionsAgreeWithTheRecord(t *testing.T) {
	for _, c := range []struct {
		name string
		in   map[string]string
		want string
	}{
		{"the notice on record named", map[string]string{FieldDbfSanctions: "civil penalty referral notice"}, ""},
		{"none, a notice on record", map[string]string{FieldDbfSanctions: "none", FieldDbfSanctionNote: "the employer showed the checks he made"},
			`the debrief's sanctions say "none", but the live record holds 1 sanction`},
		{"a notice named that none records", map[string]string{FieldDbfSanctions: "civil penalty referral notice, no action notice"},
			"the debrief's sanctions name a no action notice, but the live record holds none"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := afterVisit(t)
			if _, err := v.SetDebriefSection(SecSanctions, c.in, cio, debriefAt); err != nil && !errors.Is(err, ErrNoChange) {
				t.Fatal(err)
			}
			for _, w := range []struct {
				fs       []Finding
				severity Severity
			}{{findingsOf(v, "OUT-1", debriefAt), Warns}, {DefaultConfig().ClosingFindings(v, debriefAt), Blocks}} {
				var got []string
				for _, x := range w.fs {
					if x.Rule == "OUT-1" && strings.Contains(x.Message, "debrief's sanctions") {
						if x.Severity != w.severity {
							t.Errorf("%s: %v, want %v", x.Message, x.Severity, w.severity)
						}
						got = append(got, x.Message)
					}
				}
				if c.want == "" && len(got) > 0 || c.want != "" && (len(got) != 1 || got[0] != c.want) {
					t.Errorf("got %q, want %q", got, c.want)
				}
			}
		})
	}
}
