package domain

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// deployedAt is when the ready visit deploys in these tests: 05:45 on the
// day, a quarter of an hour before the planned start.
var deployedAt = start.Add(-15 * time.Minute)

// deployed is ready, deployed by the OIC.
func deployed(t testing.TB) *Visit {
	t.Helper()
	v := ready(t)
	if _, err := v.Deploy(DefaultConfig(), cio, deployedAt); err != nil {
		t.Fatal(err)
	}
	return v
}

// record parses and records one entry as actor at now, failing the test on
// any error.
func record(t testing.TB, v *Visit, kind EntryKind, in EntryInput, actor Officer, now time.Time) TimelineEntry {
	t.Helper()
	e, err := v.ParseEntry(kind, in, now)
	if err != nil {
		t.Fatalf("parse %s: %v", kind, err)
	}
	if _, err := v.Record(e, actor, now); err != nil {
		t.Fatalf("record %s: %v", kind, err)
	}
	return v.Timeline[len(v.Timeline)-1]
}

// refused parses and records an entry and returns the error, which the
// test expects.
func refused(v *Visit, kind EntryKind, in EntryInput, actor Officer, now time.Time) error {
	e, err := v.ParseEntry(kind, in, now)
	if err != nil {
		return err
	}
	_, err = v.Record(e, actor, now)
	return err
}

func TestLive_AWholeVisit(t *testing.T) {
	v := deployed(t)
	at := func(hhmm string) time.Time {
		t, _ := ParseWhen(hhmm, start.Add(4*time.Hour))
		return t
	}
	now := start.Add(5 * time.Minute)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001, IO0043 io0044"}, cio, now)
	record(t, v, EntryEntry, EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, cio, now.Add(time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Unknown male", Nationality: "Albanian", Outcome: "arrested", Excuse: "not shown"}}, arrestIO, now.Add(10*time.Minute))
	record(t, v, EntryEncounter, EntryInput{Person: PersonInput{Name: "Mei Chen", Outcome: "cleared"}}, cio, now.Add(12*time.Minute))
	z := record(t, v, EntrySeizure, EntryInput{Seizure: SeizureInput{Item: "Passport (Albanian)", Exhibit: "AG/1", Seal: "M0012345"}}, driverIO, now.Add(20*time.Minute))
	if z.Summary() != "Passport (Albanian), exhibit AG/1, sealed bag M0012345" {
		t.Errorf("seizure summary %q", z.Summary())
	}
	// The seal number was mistyped: a correction names the entry and why.
	c := record(t, v, EntrySeizure, EntryInput{Seizure: SeizureInput{Item: "Passport (Albanian)", Exhibit: "AG/1", Seal: "M0012354"}}, driverIO, now.Add(25*time.Minute))
	_ = c
	e, _ := v.ParseEntry(EntrySeizure, EntryInput{Seizure: SeizureInput{Item: "Passport (Albanian)", Exhibit: "AG/1", Seal: "M0012354"}}, now.Add(26*time.Minute))
	e.Corrects, e.Reason = 5, "seal number digits transposed"
	if _, err := v.Record(e, driverIO, now.Add(26*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The duplicate seizure at #6 was entered in error: void it.
	if _, err := v.Record(TimelineEntry{Kind: EntrySeizure, Corrects: 6, Void: true, Reason: "recorded twice"}, driverIO, now.Add(27*time.Minute)); err != nil {
		t.Fatal(err)
	}
	record(t, v, EntryDeparture, EntryInput{Officers: "CIO001 IO0043 IO0044", At: "07:30"}, cio, at("07:31"))

	if len(v.Timeline) != 9 {
		t.Fatalf("%d entries, want 9", len(v.Timeline))
	}
	eff := v.Effective()
	if len(eff) != 6 {
		t.Fatalf("effective timeline has %d entries, want 6 (the void one and the corrections folded): %+v", len(eff), eff)
	}
	if eff[4].Seq != 5 || eff[4].Seizure.Seal != "M0012354" {
		t.Errorf("the corrected seizure reads %+v", eff[4])
	}
	if got := v.CorrectedBy(5); len(got) != 1 || got[0].Reason != "seal number digits transposed" {
		t.Errorf("CorrectedBy(5) = %+v", got)
	}
	if orig := v.Timeline[4]; orig.Seizure.Seal != "M0012345" {
		t.Errorf("the original entry was changed: %+v", orig)
	}
	pr := v.Presence(at("08:00"))
	if !pr[0].Arrived.Equal(now) || pr[0].OnSite || pr[0].Total != at("07:30").Sub(now) {
		t.Errorf("OIC presence %+v", pr[0])
	}
	if !pr[1].Arrived.IsZero() || pr[1].OnSite {
		t.Errorf("gold, off site, presence %+v", pr[1])
	}
	// The notice served on the employer for the worker arrested (OUT-1).
	record(t, v, EntryDecision, EntryInput{At: "06:40", Decision: DecisionInput{Notice: "civil penalty referral notice", EmployerName: "Golden Dragon Ltd",
		EmployerAddress: "12 High Street", Workers: "3", ExcuseShown: "not shown"}}, cio, at("07:32"))
	// The visit is over, so the debrief is asked for (DBF-1); nothing else
	// blocks.
	for _, f := range Blocking(Readiness(v, at("08:00"))) {
		if r, _ := RuleByID(f.Rule); r.Area != AreaDebrief {
			t.Errorf("blocking finding after a clean visit: %v", f)
		}
	}
}

func TestLive_BadInput(t *testing.T) {
	v := deployed(t)
	now := start.Add(5 * time.Minute)
	for _, c := range []struct {
		name string
		kind EntryKind
		in   EntryInput
		want string
	}{
		{"an officer not on the roster arriving", EntryArrival, EntryInput{Officers: "IO0042"}, "IO0042 is not on the team"},
		{"a departure before an arrival", EntryDeparture, EntryInput{Officers: "IO0043"}, "Lee Grant (IO0043) has no arrival before 06:05: a departure comes after an arrival"},
		{"nobody arriving", EntryArrival, EntryInput{}, "choose who arrived"},
		{"a seizure without a seal number", EntrySeizure, EntryInput{Seizure: SeizureInput{Item: "Phone", Exhibit: "AG/2"}}, "PWR-3: give the sealed bag number"},
		{"consent without who consented", EntryEntry, EntryInput{Power: "informed consent"}, "PWR-2: informed consent records who consented"},
		{"a warrant without its reference", EntryEntry, EntryInput{Power: "warrant"}, "PWR-2: give the warrant's reference"},
		{"an unknown power", EntryEntry, EntryInput{Power: "kicked in"}, `"kicked in" is not one of`},
		{"an encounter with no outcome", EntryEncounter, EntryInput{Person: PersonInput{Name: "Unknown female"}}, "choose one: cleared (right to work), arrested"},
		{"an illegal worker with no word on the excuse", EntryEncounter, EntryInput{Person: PersonInput{Name: "A B", Outcome: "arrested", Excuse: "not applicable"}}, "say whether the employer showed a statutory excuse"},
		{"an incident without a reason", EntryIncident, EntryInput{}, "say what happened"},
		{"standing down an incident never declared", EntryIncidentOver, EntryInput{Text: "over"}, "no critical incident is declared"},
		{"a time in the future", EntryNote, EntryInput{Text: "x", At: "23:59"}, "is in the future"},
		{"a time long before the visit", EntryNote, EntryInput{Text: "x", At: "25/11/2026 12:00"}, "long before the visit"},
	} {
		before := len(v.Timeline)
		err := refused(v, c.kind, c.in, cio, now)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if len(v.Timeline) != before {
			t.Errorf("%s: a refused entry was recorded", c.name)
		}
	}
	record(t, v, EntryArrival, EntryInput{Officers: "IO0043"}, cio, now)
	if err := refused(v, EntryArrival, EntryInput{Officers: "IO0043"}, cio, now); err == nil || !strings.Contains(err.Error(), "already on site") {
		t.Errorf("arriving twice: %v", err)
	}
	// Corrections need a reason and name an original of the same kind.
	note := record(t, v, EntryNote, EntryInput{Text: "Rear door found open"}, cio, now)
	for _, c := range []struct {
		name string
		e    TimelineEntry
		want string
	}{
		{"a correction without a reason", TimelineEntry{Kind: EntryNote, Text: "Front door open", Corrects: note.Seq}, "say why the entry is corrected"},
		{"a correction of nothing", TimelineEntry{Kind: EntryNote, Text: "x", Corrects: 99, Reason: "typo"}, "there is no entry #99"},
		{"a correction of another kind", TimelineEntry{Kind: EntrySeizure, Seizure: &Seizure{"a", "b", "c"}, Corrects: note.Seq, Reason: "typo"}, "#2 is a note, not seizure"},
		{"a reason on a new entry", TimelineEntry{Kind: EntryNote, Text: "x", Reason: "why"}, "only a correction"},
		{"a correction of an arrival to a departure-first record", TimelineEntry{Kind: EntryArrival, Officers: []StaffNo{"IO0044"}, Corrects: 1, Reason: "wrong officer"}, ""},
	} {
		_, err := v.Record(c.e, cio, now)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	corr := v.Timeline[len(v.Timeline)-1]
	if _, err := v.Record(TimelineEntry{Kind: EntryArrival, Officers: []StaffNo{"IO0043"}, Corrects: corr.Seq, Reason: "again"}, cio, now); err == nil || !strings.Contains(err.Error(), "is itself a correction of #1") {
		t.Errorf("correcting a correction: %v", err)
	}
	if _, err := v.Record(TimelineEntry{Kind: EntryNote, Text: "x"}, io, now); err == nil || !strings.Contains(err.Error(), "not on the team") {
		t.Errorf("an entry by an officer not on the team: %v", err)
	}
	b := briefed(t)
	if _, err := b.Record(TimelineEntry{Kind: EntryNote, Text: "x"}, cio, now); err == nil || !strings.Contains(err.Error(), "opens when the team deploys") {
		t.Errorf("an entry before deployment: %v", err)
	}
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 11, 26, 7, 30, 0, 0, london)
	for in, want := range map[string]string{"": "26/11/2026 07:30", "now": "26/11/2026 07:30", "06:42": "26/11/2026 06:42", "0642": "26/11/2026 06:42", "25/11/2026 23:10": "25/11/2026 23:10"} {
		got, err := ParseWhen(in, now)
		if err != nil || got.Format(DateTimeLayout) != want {
			t.Errorf("ParseWhen(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"07:32", "25:00", "half six"} {
		if _, err := ParseWhen(in, now); err == nil {
			t.Errorf("ParseWhen(%q) accepted", in)
		}
	}
}

// TestAppendOnly: the history, the timeline and the briefing's versions,
// acceptances and overrides only grow. Editing or deleting an entry is
// refused; adding is allowed; a copy read back from JSON (times in another
// *time.Location) is the same record.
func TestAppendOnly(t *testing.T) {
	v := deployed(t)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001"}, cio, start)
	record(t, v, EntryNote, EntryInput{Text: "All quiet"}, cio, start)
	b, _ := json.Marshal(v)
	var stored Visit
	if err := json.Unmarshal(b, &stored); err != nil {
		t.Fatal(err)
	}
	next := v.Clone()
	record(t, next, EntryNote, EntryInput{Text: "Second note"}, cio, start)
	if err := AppendOnly(&stored, next); err != nil {
		t.Fatalf("appending is refused: %v", err)
	}
	for name, tamper := range map[string]func(n *Visit){
		"edit a timeline entry":   func(n *Visit) { n.Timeline[1].Text = "Something else" },
		"delete a timeline entry": func(n *Visit) { n.Timeline = n.Timeline[1:] },
		"renumber an entry":       func(n *Visit) { n.Timeline = append(n.Timeline, n.Timeline[0]) },
		"drop an acceptance":      func(n *Visit) { n.Briefing.Acceptances = n.Briefing.Acceptances[:2] },
		"reword a version":        func(n *Visit) { n.Briefing.Versions[0].Text += "x" },
		"rewrite history":         func(n *Visit) { n.History[1].Reason = "nothing to see" },
		"backdate an acceptance":  func(n *Visit) { n.Briefing.Acceptances[0].At = n.Briefing.Acceptances[0].At.Add(-time.Hour) },
	} {
		n := v.Clone()
		tamper(n)
		if err := AppendOnly(&stored, n); !errors.Is(err, ErrAppendOnly) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func BenchmarkRecordNote(b *testing.B) {
	v := deployed(b)
	now := start.Add(5 * time.Minute)
	record(b, v, EntryArrival, EntryInput{Officers: "CIO001"}, cio, now)
	for i := 0; i < 60; i++ {
		record(b, v, EntryNote, EntryInput{Text: "Kitchen checked"}, cio, now)
	}
	b.ReportAllocs()
	for b.Loop() {
		w := v.Clone()
		e, _ := w.ParseEntry(EntryNote, EntryInput{Text: "Rear door found open"}, now)
		if _, err := w.Record(e, cio, now); err != nil {
			b.Fatal(err)
		}
	}
}
