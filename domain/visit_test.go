package domain

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestNewVisit_PlannedStartStillToCome(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start time.Time
		ok    bool
	}{
		{"an hour ago", t0.Add(-time.Hour), false},
		{"now", t0, false},
		{"now, in UTC", t0.UTC(), false},
		{"a minute from now", t0.Add(time.Minute), true},
	} {
		b := mustBasics(t, goodInput(), t0)
		b.PlannedStart = tc.start
		v, _, err := NewVisit(b, cio, t0)
		if tc.ok {
			if err != nil || v == nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if v != nil {
			t.Errorf("%s: a visit was opened", tc.name)
		}
		if got := validation(t, err).For(FieldPlannedStart); got != "a new visit must be planned for a time still to come" {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
}

// TestTSK1_NewVisitState: a visit adopted at tasking goes straight to
// planning and its history shows both steps; otherwise it waits at tasked.
func TestTSK1_NewVisitState(t *testing.T) {
	for _, tc := range []struct {
		decision string
		state    State
		history  []StateChange
	}{
		{"adopted", Planning, []StateChange{
			{To: Tasked, At: t0, By: cio.StaffNo, ByName: cio.Name, Reason: "visit opened"},
			{From: Tasked, To: Planning, At: t0, By: cio.StaffNo, ByName: cio.Name, Reason: "adopted at tasking"},
		}},
		{"", Tasked, []StateChange{{To: Tasked, At: t0, By: cio.StaffNo, ByName: cio.Name, Reason: "visit opened"}}},
		{"not adopted", Tasked, []StateChange{{To: Tasked, At: t0, By: cio.StaffNo, ByName: cio.Name, Reason: "visit opened"}}},
	} {
		in := goodInput()
		in.Decision = tc.decision
		v, c, err := NewVisit(mustBasics(t, in, t0), cio, t0)
		if err != nil {
			t.Fatal(err)
		}
		if v.State != tc.state || !reflect.DeepEqual(v.History, tc.history) {
			t.Errorf("%q: state %s, history %+v", tc.decision, v.State, v.History)
		}
		if v.CreatedAt != t0 || v.CreatedBy != cio.StaffNo || v.UpdatedAt != t0 || v.UpdatedBy != cio.StaffNo || v.UpdatedByName != cio.Name {
			t.Errorf("%q: created/updated = %v %s / %v %s %s", tc.decision, v.CreatedAt, v.CreatedBy, v.UpdatedAt, v.UpdatedBy, v.UpdatedByName)
		}
		hasState := len(c.Fields) > 0 && c.Fields[len(c.Fields)-1] == FieldChange{Field: "state", Old: "tasked", New: "planning"}
		if hasState != (tc.state == Planning) {
			t.Errorf("%q: change fields %+v", tc.decision, c.Fields)
		}
	}
}

// TestNewVisit_Change: the first audit entry lists every field given, as
// new, and nothing that was left empty.
func TestNewVisit_Change(t *testing.T) {
	in := goodInput()
	in.Decision, in.Forum, in.DecidedAt, in.Rationale = "", "", "", ""
	b := mustBasics(t, in, t0)
	_, c, err := NewVisit(b, cio, t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Action != "created" || c.Actor != cio.StaffNo || c.ActorName != cio.Name || !c.At.Equal(t0) || c.Reason != "" {
		t.Errorf("change = %+v", c)
	}
	want := []FieldChange{
		{Field: FieldTeam, New: "SLN"},
		{Field: FieldPremName, New: "Golden Dragon Takeaway"},
		{Field: FieldPremAddress, New: "12 High Street, Croydon"},
		{Field: FieldPostcode, New: "CR0 1ND"},
		{Field: FieldSector, New: "Restaurant / takeaway"},
		{Field: FieldIntelRef, New: "INT-2026-5512"},
		{Field: FieldIntelRecv, New: "2026-11-02"},
		{Field: FieldPriority, New: "3"},
		{Field: FieldIntelSummary, New: b.Intel.Summary},
		{Field: FieldPlannedStart, New: "2026-11-26T06:00:00Z"},
		{Field: FieldOIC, New: "CIO001"},
	}
	if !reflect.DeepEqual(c.Fields, want) {
		t.Errorf("fields =\n%+v\nwant\n%+v", c.Fields, want)
	}

	// With the decision recorded, its fields are listed too.
	_, c, _ = NewVisit(mustBasics(t, goodInput(), t0), cio, t0)
	got := map[string]string{}
	for _, f := range c.Fields {
		if f.Field == "state" {
			continue // tasked -> planning, checked in TestTSK1_NewVisitState
		}
		if f.Old != "" || f.New == "" {
			t.Errorf("field %+v: want only a new value", f)
		}
		got[f.Field] = f.New
	}
	for f, v := range map[string]string{FieldDecision: "adopted", FieldForum: "Local tasking meeting",
		FieldDecidedAt: "2026-11-10T14:00:00Z", FieldRationale: "Credible, recent, corroborated by a second source."} {
		if got[f] != v {
			t.Errorf("%s = %q, want %q", f, got[f], v)
		}
	}
}

func TestEditBasics_Diff(t *testing.T) {
	v := newVisit(t, goodInput())
	before := v.Clone()
	b := v.Basics
	b.Premises.Postcode, b.Intel.Priority = "E1 6AN", 2
	later := t0.Add(time.Hour)
	c, err := v.EditBasics(b, io, later)
	if err != nil {
		t.Fatal(err)
	}
	want := []FieldChange{{Field: FieldPostcode, Old: "CR0 1ND", New: "E1 6AN"}, {Field: FieldPriority, Old: "3", New: "2"}}
	if !reflect.DeepEqual(c.Fields, want) {
		t.Errorf("fields = %+v, want %+v", c.Fields, want)
	}
	if c.Action != "basics edited" || c.Actor != io.StaffNo || c.ActorName != io.Name || !c.At.Equal(later) {
		t.Errorf("change = %+v", c)
	}
	if v.Basics != b || v.UpdatedBy != io.StaffNo || v.UpdatedAt != later || v.CreatedBy != before.CreatedBy || v.State != before.State {
		t.Errorf("visit after edit = %+v", v)
	}

	// A time moved shows both instants.
	b.PlannedStart = b.PlannedStart.Add(24 * time.Hour)
	c, err = v.EditBasics(b, io, later)
	if err != nil || len(c.Fields) != 1 || c.Fields[0] != (FieldChange{Field: FieldPlannedStart, Old: "2026-11-26T06:00:00Z", New: "2026-11-27T06:00:00Z"}) {
		t.Errorf("moved start: %+v, %v", c.Fields, err)
	}
}

func TestEditBasics_NoChange(t *testing.T) {
	v := newVisit(t, goodInput())
	if _, err := v.EditBasics(v.Basics, io, t0.Add(time.Hour)); !errors.Is(err, ErrNoChange) {
		t.Errorf("err = %v, want ErrNoChange", err)
	}
	if v.UpdatedBy != cio.StaffNo {
		t.Error("an edit that changed nothing touched the visit")
	}
}

// TestEditBasics_SameInstantOtherZone: the same planned start read back in
// another zone (a stored record, a laptop set to UTC) is no change. Old and
// new values were compared as text in their own zones, so a summer start
// showed as edited from 06:00+01:00 to 05:00Z.
func TestEditBasics_SameInstantOtherZone(t *testing.T) {
	in := goodInput()
	in.PlannedStart, in.IntelReceived, in.DecidedAt = "02/06/2026 06:00", "01/05/2026", "05/05/2026 10:00"
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, london)
	v, _, err := NewVisit(mustBasics(t, in, now), cio, now)
	if err != nil {
		t.Fatal(err)
	}
	b := v.Basics
	b.PlannedStart, b.Tasking.DecidedAt = b.PlannedStart.UTC(), b.Tasking.DecidedAt.In(time.FixedZone("", 3600))
	if c, err := v.EditBasics(b, io, now); !errors.Is(err, ErrNoChange) {
		t.Errorf("err = %v, fields %+v; want ErrNoChange", err, c.Fields)
	}
}

func TestEditBasics_PlannedStart(t *testing.T) {
	v := newVisit(t, goodInput()) // planned for 26/11/2026 06:00
	for _, tc := range []struct {
		name string
		to   time.Time
		now  time.Time
		ok   bool
	}{
		{"moved later", v.Basics.PlannedStart.Add(time.Hour), t0, true},
		{"moved into the past", t0.Add(-time.Minute), t0, false},
		{"moved to now", t0, t0, false},
	} {
		w := v.Clone()
		b := w.Basics
		b.PlannedStart = tc.to
		_, err := w.EditBasics(b, io, tc.now)
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !tc.ok {
			if got := validation(t, err).For(FieldPlannedStart); got != "cannot move the planned start into the past" {
				t.Errorf("%s: %q", tc.name, got)
			}
			if w.Basics != v.Basics {
				t.Errorf("%s: a refused edit changed the visit", tc.name)
			}
		}
	}

	// Once the visit is under way its planned start is past; other fields
	// can still be corrected.
	after := v.Basics.PlannedStart.Add(2 * time.Hour)
	b := v.Basics
	b.Premises.Name = "Golden Dragon"
	if c, err := v.EditBasics(b, io, after); err != nil || len(c.Fields) != 1 || c.Fields[0].Field != FieldPremName {
		t.Errorf("edit after the start: %+v, %v", c.Fields, err)
	}
}

func TestEditBasics_ClosedToEdits(t *testing.T) {
	for _, s := range States {
		v := newVisit(t, goodInput())
		v.State = s
		b := v.Basics
		b.Premises.Name = "Golden Dragon"
		_, err := v.EditBasics(b, io, t0)
		if s.Active() != (err == nil) {
			t.Errorf("%s: EditBasics err = %v", s, err)
		}
		if !s.Active() {
			wantContains(t, string(s), err.Error(), "SLN-2026-0042 is "+string(s)+": its record is closed to edits")
			if v.Basics.Premises.Name != "Golden Dragon Takeaway" {
				t.Errorf("%s: edit applied", s)
			}
		}
	}
}

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ref
		msg  string
	}{
		{"sln-2026-42", "SLN-2026-0042", ""},
		{" SLN-2026-0042 ", "SLN-2026-0042", ""},
		{"Cln-2027-1", "CLN-2027-0001", ""},
		{"SLN-2026-000042", "SLN-2026-0042", ""},
		{"SLN-2026-12345", "SLN-2026-12345", ""},
		{"SLN-2000-1", "SLN-2000-0001", ""},
		{"", "", "is not a visit reference (like SLN-2026-0042)"},
		{"SLN-2026", "", "is not a visit reference"},
		{"SLN-2026-1-2", "", "is not a visit reference"},
		{"SLN/2026/42", "", "is not a visit reference"},
		{"LON-2026-42", "", `"LON-2026-42": LON is not an ICE team code`},
		{"SLN-1999-42", "", "is not a visit reference"},
		{"SLN-26-42", "", "is not a visit reference"},
		{"SLN-2026-0", "", "is not a visit reference"},
		{"SLN-2026-x", "", "is not a visit reference"},
		{"SLN-2026-4294967296", "", "is not a visit reference"},
	} {
		got, err := ParseRef(tc.in)
		if tc.msg == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseRef(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseRef(%q) = %q, want an error", tc.in, got)
			continue
		}
		wantContains(t, "ParseRef("+tc.in+")", err.Error(), tc.msg)
	}
}

func TestFormatRef(t *testing.T) {
	for _, tc := range []struct {
		team TeamCode
		year int
		seq  uint32
		want Ref
	}{
		{"SLN", 2026, 42, "SLN-2026-0042"},
		{"RRT", 2026, 1, "RRT-2026-0001"},
		{"NEL", 2030, 9999, "NEL-2030-9999"},
		{"NEL", 2030, 10000, "NEL-2030-10000"},
	} {
		got := FormatRef(tc.team, tc.year, tc.seq)
		if got != tc.want {
			t.Errorf("FormatRef = %q, want %q", got, tc.want)
		}
		if back, err := ParseRef(string(got)); err != nil || back != got {
			t.Errorf("ParseRef(%q) = %q, %v", got, back, err)
		}
	}
}

func TestTeams(t *testing.T) {
	if len(Teams) != 15 {
		t.Errorf("%d teams, want the 15 of ICIBI figure 1", len(Teams))
	}
	seen := map[TeamCode]bool{}
	for _, tm := range Teams {
		if seen[tm.Code] {
			t.Errorf("team %s listed twice", tm.Code)
		}
		seen[tm.Code] = true
		if got, ok := TeamByCode(tm.Code); !ok || got != tm {
			t.Errorf("TeamByCode(%s) = %+v, %v", tm.Code, got, ok)
		}
	}
	if _, ok := TeamByCode("sln"); ok {
		t.Error("TeamByCode is exact; callers normalise")
	}
}

func TestClone(t *testing.T) {
	v := newVisit(t, goodInput())
	if _, err := v.AddSubject(Subject{Name: "A. Person", Offence: Offences[0]}, cio, t0); err != nil {
		t.Fatal(err)
	}
	v.Roster = []RosterEntry{{StaffNo: io.StaffNo, Name: io.Name, Role: "arrest team"}}
	c := v.Clone()
	c.Subjects[0].Name = "changed"
	c.Roster[0].Role = "driver"
	c.History[0].Reason = "changed"
	if v.Subjects[0].Name != "A. Person" || v.Roster[0].Role != "arrest team" || v.History[0].Reason != "visit opened" {
		t.Error("changing a clone changed the original")
	}
}

func TestSummary(t *testing.T) {
	v := newVisit(t, goodInput())
	want := Summary{Ref: "SLN-2026-0042", PlannedStart: v.Basics.PlannedStart, Premises: "Golden Dragon Takeaway",
		Postcode: "CR0 1ND", Team: "SLN", State: Planning, OIC: "Dana Okafor", Place: "CR0 1ND|12 high street", Parts: "CIO001"}
	if got := v.Summary(); got != want {
		t.Errorf("Summary = %+v", got)
	}
}

// The officers taking part in a visit (who sees what, issue 17): its
// roster, OIC, authoriser and assurer, each once, in order, whoever
// else's team it is; the summary names them, and says who takes part.
func TestParts(t *testing.T) {
	v := newVisit(t, goodInput())
	v.Roster = []RosterEntry{{StaffNo: "WLN0007", Name: "Kim Lee", Role: "arrest team"}, {StaffNo: "CIO001", Name: "Dana Okafor"}, {StaffNo: "IO0042", Name: "Sam Patel"}}
	v.Plan.Auth = &Authorisation{By: "HMI0001"}
	v.Assurance.Assured.By = "ACIO007"
	want := []StaffNo{"ACIO007", "CIO001", "HMI0001", "IO0042", "WLN0007"}
	if got := v.Parts(); !slices.Equal(got, want) {
		t.Fatalf("Parts = %v, want %v", got, want)
	}
	sum := v.Summary()
	if sum.Parts != "ACIO007 CIO001 HMI0001 IO0042 WLN0007" {
		t.Errorf("Summary.Parts = %q", sum.Parts)
	}
	for _, sn := range want {
		if !sum.TakesPart(sn) {
			t.Errorf("the summary says %s takes no part", sn)
		}
	}
	for _, sn := range []StaffNo{"IO004", "CIO00", "O0042", "001", "", "NOBODY"} {
		if sum.TakesPart(sn) {
			t.Errorf("the summary says %q takes part", sn)
		}
	}
	if (Summary{}).TakesPart("CIO001") {
		t.Error("a summary from a list (no parts) names an officer")
	}
}

// TestTSK1_DecisionCannotBeUndoneByEdit: past tasking, a visit exists because
// it was adopted; reversing that is a cancellation with a reason.
func TestTSK1_DecisionCannotBeUndoneByEdit(t *testing.T) {
	for _, d := range []Decision{Pending, NotAdopted} {
		v := newVisit(t, goodInput())
		b := v.Basics
		b.Tasking.Decision = d
		_, err := v.EditBasics(b, cio, t0)
		var ve ValidationError
		if !errors.As(err, &ve) || ve.For(FieldDecision) == "" || ve[0].Rule != "TSK-1" {
			t.Fatalf("decision %q on a planning visit: err = %v, want TSK-1 on %s", d, err, FieldDecision)
		}
		if v.Basics.Tasking.Decision != Adopted {
			t.Fatal("refused edit changed the visit")
		}
	}
}

func TestRefParts(t *testing.T) {
	team, year, seq, ok := Ref("SLN-2026-0042").Parts()
	if !ok || team != "SLN" || year != 2026 || seq != 42 {
		t.Errorf("Parts = %s %d %d %v", team, year, seq, ok)
	}
	for _, bad := range []Ref{"", "SLN-2026", "SLN-26-0042", "SLN-2026-0000", "SLN-2026-x", "SLN-2026-0042-1"} {
		if _, _, _, ok := bad.Parts(); ok {
			t.Errorf("%q has parts", bad)
		}
	}
}
