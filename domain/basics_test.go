package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestParseBasics_Good(t *testing.T) {
	b := mustBasics(t, goodInput(), t0)
	want := Basics{
		Team:     "SLN",
		Premises: Premises{Name: "Golden Dragon Takeaway", Address: "12 High Street, Croydon", Postcode: "CR0 1ND", Sector: "Restaurant / takeaway"},
		Intel: Intelligence{Ref: "INT-2026-5512", Received: Date{2026, 11, 2}, Priority: 3,
			Summary: "Two workers believed to be overstayers.\nSeen in the kitchen after 22:00."},
		Tasking: Tasking{Decision: Adopted, Forum: "Local tasking meeting", DecidedAt: time.Date(2026, 11, 10, 14, 0, 0, 0, london),
			Rationale: "Credible, recent, corroborated by a second source."},
		PlannedStart: time.Date(2026, 11, 26, 6, 0, 0, 0, london),
		OIC:          "CIO001", OICName: "Dana Okafor",
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("ParseBasics =\n%+v\nwant\n%+v", b, want)
	}
}

// TestParseBasics_InputRoundTrip: what a form shows for editing parses back
// to the same basics.
func TestParseBasics_InputRoundTrip(t *testing.T) {
	for _, decision := range []string{"adopted", "not adopted", ""} {
		in := goodInput()
		in.Decision = decision
		b := mustBasics(t, in, t0)
		back := mustBasics(t, b.Input(london), t0)
		if !reflect.DeepEqual(back, b) {
			t.Errorf("%q: round trip =\n%+v\nwant\n%+v", decision, back, b)
		}
	}
}

// TestParseBasics_Required: each required field left empty is named, with
// a message that says what to do.
func TestParseBasics_Required(t *testing.T) {
	for _, tc := range []struct{ field, msg string }{
		{FieldTeam, "choose one of the 15 ICE teams"},
		{FieldPremName, "required"},
		{FieldPremAddress, "required"},
		{FieldPostcode, "enter the postcode, for example SW1A 1AA"},
		{FieldSector, "choose a business sector"},
		{FieldIntelRef, "required"},
		{FieldIntelRecv, "enter a date, for example 25/11/2026"},
		{FieldPriority, "TSK-1: choose a priority bucket from 1 to 6"},
		{FieldIntelSummary, "required"},
		{FieldPlannedStart, "enter a date and a time, for example 25/11/2026 06:00 or tomorrow 06:00"},
		{FieldOIC, "the OIC's staff number: enter your staff number"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			in := goodInput()
			basicsFields[tc.field](&in, "  ")
			_, err := ParseBasics(in, lookup, t0)
			ve := validation(t, err)
			if len(ve) != 1 || ve.For(tc.field) != tc.msg {
				t.Errorf("errors = %v; want only %s: %s", ve, tc.field, tc.msg)
			}
		})
	}
}

func TestParseBasics_AllProblemsAtOnce(t *testing.T) {
	_, err := ParseBasics(BasicsInput{}, lookup, t0)
	ve := validation(t, err)
	want := []string{FieldTeam, FieldPremName, FieldPremAddress, FieldPostcode, FieldSector, FieldIntelRef,
		FieldIntelRecv, FieldPriority, FieldIntelSummary, FieldPlannedStart, FieldOIC}
	if !reflect.DeepEqual(fields(ve), want) {
		t.Errorf("errors on %v, want %v", fields(ve), want)
	}

	// Problems of different kinds are all reported together too.
	in := goodInput()
	in.Postcode, in.Priority, in.Rationale, in.OIC = "ZZ99 9ZZ", "7", "", "NOBODY1"
	_, err = ParseBasics(in, lookup, t0)
	ve = validation(t, err)
	if want := []string{FieldPostcode, FieldPriority, FieldRationale, FieldOIC}; !reflect.DeepEqual(fields(ve), want) {
		t.Errorf("errors on %v, want %v", fields(ve), want)
	}
}

func TestParseBasics_Fields(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*BasicsInput)
		field string
		msg   string
	}{
		{"bad postcode", func(in *BasicsInput) { in.Postcode = "CR0 1ZZZ" }, FieldPostcode, `"CR0 1ZZZ" is not a UK postcode`},
		{"unknown team", func(in *BasicsInput) { in.Team = "LON" }, FieldTeam, "choose one of the 15 ICE teams"},
		{"sector not in the list", func(in *BasicsInput) { in.Sector = "Takeaway" }, FieldSector, "choose a business sector"},
		{"intel received tomorrow", func(in *BasicsInput) { in.IntelReceived = "26/11/2026" }, FieldIntelRecv, "cannot be received in the future"},
		{"intel received not a date", func(in *BasicsInput) { in.IntelReceived = "31/11/2026" }, FieldIntelRecv, "not a real date"},
		{"intel received two-digit year", func(in *BasicsInput) { in.IntelReceived = "02/11/26" }, FieldIntelRecv, "give the year in full"},
		{"intel received after the planned start", func(in *BasicsInput) { in.IntelReceived, in.PlannedStart = "25/11/2026", "24/11/2026 06:00" },
			FieldIntelRecv, "received after the planned visit; check both dates"},
		{"unknown OIC", func(in *BasicsInput) { in.OIC = "zzz999" }, FieldOIC, "no officer ZZZ999 is known; add their profile first"},
		{"bad OIC staff number", func(in *BasicsInput) { in.OIC = "d.okafor" }, FieldOIC, "the OIC's staff number: a staff number has only letters and digits"},
		{"planned start typo year", func(in *BasicsInput) { in.PlannedStart = "26/11/2036 06:00" }, FieldPlannedStart, "26/11/2036 06:00 is over a year ahead; check the year"},
		{"planned start just over a year", func(in *BasicsInput) { in.PlannedStart = "27/11/2027 06:00" }, FieldPlannedStart, "over a year ahead"},
		{"planned start bad clock", func(in *BasicsInput) { in.PlannedStart = "tomorrow 6" }, FieldPlannedStart, `"6" is not a time`},
		{"decided in the future", func(in *BasicsInput) { in.DecidedAt = "today 14:00" }, FieldDecidedAt, "a decision cannot be dated in the future"},
		{"decided at not a time", func(in *BasicsInput) { in.DecidedAt = "10/11/2026" }, FieldDecidedAt, "enter a date and a time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodInput()
			tc.edit(&in)
			_, err := ParseBasics(in, lookup, t0)
			ve := validation(t, err)
			if len(ve) != 1 || ve[0].Field != tc.field {
				t.Fatalf("errors on %v, want only %s: %v", fields(ve), tc.field, ve)
			}
			wantContains(t, tc.field, ve.For(tc.field), tc.msg)
		})
	}
}

func TestParseBasics_Accepts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*BasicsInput)
		check func(Basics) bool
	}{
		{"intel received today", func(in *BasicsInput) { in.IntelReceived = "25/11/2026" },
			func(b Basics) bool { return b.Intel.Received == Date{2026, 11, 25} }},
		{"intel received on the day of the visit", func(in *BasicsInput) { in.IntelReceived, in.PlannedStart = "25/11/2026", "today 23:00" },
			func(b Basics) bool { return b.Intel.Received == Date{2026, 11, 25} }},
		{"planned a year ahead", func(in *BasicsInput) { in.PlannedStart = "25/11/2027 06:00" },
			func(b Basics) bool { return b.PlannedStart.Year() == 2027 }},
		{"team in lower case", func(in *BasicsInput) { in.Team = " cln " }, func(b Basics) bool { return b.Team == "CLN" }},
		{"priority with spaces", func(in *BasicsInput) { in.Priority = " 6 " }, func(b Basics) bool { return b.Intel.Priority == 6 }},
		{"decided just now", func(in *BasicsInput) { in.DecidedAt = "today 05:30" },
			func(b Basics) bool { return b.Tasking.DecidedAt.Equal(t0) }},
		{"planned start in the past (an edit of a visit under way)", func(in *BasicsInput) { in.PlannedStart = "today 05:00" },
			func(b Basics) bool { return b.PlannedStart.Before(t0) }},
	} {
		in := goodInput()
		tc.edit(&in)
		b, err := ParseBasics(in, lookup, t0)
		if err != nil || !tc.check(b) {
			t.Errorf("%s: %+v, %v", tc.name, b, err)
		}
	}
}

// TestParseBasics_TodayIsLocal: at half past midnight on a London summer
// night the date is already the new day, though UTC still says yesterday.
func TestParseBasics_TodayIsLocal(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 30, 0, 0, london)
	in := goodInput()
	in.IntelReceived, in.DecidedAt, in.PlannedStart = "01/06/2026", "today 00:15", "tomorrow 06:00"
	b := mustBasics(t, in, now)
	if b.Intel.Received != (Date{2026, 6, 1}) || !b.PlannedStart.Equal(time.Date(2026, 6, 2, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("received %v, planned %v", b.Intel.Received, b.PlannedStart)
	}
}

func TestTSK1_PriorityBucket(t *testing.T) {
	for _, p := range []string{"0", "7", "-1", "x", "3.5", "1 2"} {
		in := goodInput()
		in.Priority = p
		_, err := ParseBasics(in, lookup, t0)
		if got := validation(t, err).For(FieldPriority); got != "TSK-1: choose a priority bucket from 1 to 6" {
			t.Errorf("priority %q: %q", p, got)
		}
	}
	for n := 1; n <= 6; n++ {
		in := goodInput()
		in.Priority = string(rune('0' + n))
		if b, err := ParseBasics(in, lookup, t0); err != nil || b.Intel.Priority != n || Priorities[n] == "" {
			t.Errorf("priority %d: %v, %v (%q)", n, b.Intel.Priority, err, Priorities[n])
		}
	}
}

// TestTSK1_DecisionRecorded: a decision, adopted or not, names its forum,
// when it was made and why; a pending one needs none of these yet.
func TestTSK1_DecisionRecorded(t *testing.T) {
	for _, decision := range []string{"adopted", "not adopted", "Adopted", "NOT ADOPTED"} {
		in := goodInput()
		in.Decision, in.Forum, in.DecidedAt, in.Rationale = decision, "", "", ""
		_, err := ParseBasics(in, lookup, t0)
		ve := validation(t, err)
		for field, msg := range map[string]string{
			FieldForum:     "TSK-1: name the forum that decided",
			FieldDecidedAt: "TSK-1: say when it was decided",
			FieldRationale: "TSK-1: record the rationale for the decision",
		} {
			if got := ve.For(field); got != msg {
				t.Errorf("%s: %s = %q, want %q", decision, field, got, msg)
			}
		}
		if len(ve) != 3 {
			t.Errorf("%s: %d errors, want 3: %v", decision, len(ve), ve)
		}
	}

	for _, decision := range []string{"", "pending", "Pending"} {
		in := goodInput()
		in.Decision, in.Forum, in.DecidedAt, in.Rationale = decision, "", "", ""
		if b, err := ParseBasics(in, lookup, t0); err != nil || b.Tasking.Decision != Pending {
			t.Errorf("decision %q: %q, %v", decision, b.Tasking.Decision, err)
		}
	}

	in := goodInput()
	in.Decision = "yes"
	_, err := ParseBasics(in, lookup, t0)
	if got := validation(t, err).For(FieldDecision); got != "TSK-1: pending, adopted or not adopted" {
		t.Errorf("decision yes: %q", got)
	}

	// One message per field: a bad time is reported as bad, not also missing.
	in = goodInput()
	in.DecidedAt = "yesterday 25:00"
	_, err = ParseBasics(in, lookup, t0)
	if ve := validation(t, err); len(ve) != 1 || ve.For(FieldDecidedAt) != `"25:00" is not a time; use the 24-hour clock, as 06:00` {
		t.Errorf("errors = %v", ve)
	}
}

func TestDecisionLabel(t *testing.T) {
	for d, want := range map[Decision]string{Pending: "pending", Adopted: "adopted", NotAdopted: "not adopted"} {
		if got := d.Label(); got != want {
			t.Errorf("%q.Label() = %q", d, got)
		}
	}
}
