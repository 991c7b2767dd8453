package domain

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseSubject(t *testing.T) {
	good := SubjectInput{Name: " Wei Zhang ", DOB: "14/07/1991", Nationality: "Chinese", Offence: "Overstayer working illegally"}
	s, err := ParseSubject(good, t0)
	want := Subject{Name: "Wei Zhang", DOB: Date{1991, 7, 14}, Nationality: "Chinese", Offence: "Overstayer working illegally"}
	if err != nil || s != want {
		t.Fatalf("ParseSubject = %+v, %v", s, err)
	}
	if back, err := ParseSubject(s.Input(), t0); err != nil || back != s {
		t.Errorf("Input round trip = %+v, %v", back, err)
	}

	for _, tc := range []struct {
		name  string
		edit  func(*SubjectInput)
		field string
		msg   string // "" when accepted
	}{
		{"no date of birth", func(in *SubjectInput) { in.DOB = "" }, "", ""},
		{"no nationality", func(in *SubjectInput) { in.Nationality = "" }, "", ""},
		{"no name", func(in *SubjectInput) { in.Name = "" }, FieldSubjName, "required"},
		{"no offence", func(in *SubjectInput) { in.Offence = "" }, FieldSubjOffence, "choose the suspected offence"},
		{"offence not in the list", func(in *SubjectInput) { in.Offence = "Shoplifting" }, FieldSubjOffence, "choose the suspected offence"},
		{"born tomorrow", func(in *SubjectInput) { in.DOB = "26/11/2026" }, FieldSubjDOB, "a date of birth must be in the past"},
		{"born today", func(in *SubjectInput) { in.DOB = "25/11/2026" }, FieldSubjDOB, "a date of birth must be in the past"},
		{"born yesterday", func(in *SubjectInput) { in.DOB = "24/11/2026" }, "", ""},
		{"exactly 120 years old", func(in *SubjectInput) { in.DOB = "25/11/1906" }, "", ""},
		{"120 and a day", func(in *SubjectInput) { in.DOB = "24/11/1906" }, FieldSubjDOB, "over 120 years ago; check the year"},
		// Comparing years alone let these through: 1 January 1906 is over
		// 120 years before 25 November 2026.
		{"120 and most of a year", func(in *SubjectInput) { in.DOB = "01/01/1906" }, FieldSubjDOB, "over 120 years ago"},
		{"just under 120", func(in *SubjectInput) { in.DOB = "26/11/1906" }, "", ""},
		{"a typo for 1991", func(in *SubjectInput) { in.DOB = "14/07/1091" }, FieldSubjDOB, "over 120 years ago"},
		{"not a date", func(in *SubjectInput) { in.DOB = "31/06/1991" }, FieldSubjDOB, "not a real date"},
		{"two-digit year", func(in *SubjectInput) { in.DOB = "14/07/91" }, FieldSubjDOB, "give the year in full"},
		{"date of birth pasted", func(in *SubjectInput) { in.DOB = strings.Repeat("14/07/1991 ", 1000) }, FieldSubjDOB, "too long"},
		{"escape in name", func(in *SubjectInput) { in.Name = "Wei\x1b[8m Zhang" }, FieldSubjName, "control character"},
		{"newline in nationality", func(in *SubjectInput) { in.Nationality = "Chi\nnese" }, FieldSubjNat, "control character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			_, err := ParseSubject(in, t0)
			if tc.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ve := validation(t, err)
			if len(ve) != 1 || ve[0].Field != tc.field {
				t.Fatalf("errors on %v, want only %s: %v", fields(ve), tc.field, ve)
			}
			wantContains(t, tc.field, ve.For(tc.field), tc.msg)
		})
	}
}

// TestParseSubject_BornOn29February: the 120-year bound holds on a leap day.
func TestParseSubject_BornOn29February(t *testing.T) {
	now := time.Date(2025, 2, 28, 12, 0, 0, 0, london) // 120 years back, 1905, has no 29 February
	for dob, ok := range map[string]bool{"28/02/1905": true, "27/02/1905": false, "29/02/1904": false, "29/02/2024": true} {
		_, err := ParseSubject(SubjectInput{Name: "A", DOB: dob, Offence: Offences[0]}, now)
		if (err == nil) != ok {
			t.Errorf("born %s on %v: %v, want ok %v", dob, now, err, ok)
		}
	}
}

func subject(name string) Subject {
	return Subject{Name: name, DOB: Date{1990, 1, 2}, Nationality: "Albanian", Offence: "Illegal entrant working"}
}

func TestAddSubject(t *testing.T) {
	v := newVisit(t, goodInput())
	at := t0.Add(time.Hour)
	s := subject("Arben Hoxha")
	s.ID, s.Withdrawn = "S9", "ignored" // the visit, not the caller, numbers subjects
	c, err := v.AddSubject(s, io, at)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Subjects[0]; got.ID != "S1" || got.Withdrawn != "" || got.Name != "Arben Hoxha" {
		t.Errorf("subject = %+v", got)
	}
	want := Change{Action: "subject added: S1", Actor: io.StaffNo, ActorName: io.Name, At: at, Fields: []FieldChange{
		{Field: "S1.name", New: "Arben Hoxha"}, {Field: "S1.dob", New: "1990-01-02"},
		{Field: "S1.nationality", New: "Albanian"}, {Field: "S1.offence", New: "Illegal entrant working"},
	}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("change = %+v\nwant %+v", c, want)
	}
	if v.UpdatedBy != io.StaffNo || v.UpdatedAt != at {
		t.Errorf("updated by %s at %v", v.UpdatedBy, v.UpdatedAt)
	}

	// Empty fields are left out of the change.
	c, err = v.AddSubject(Subject{Name: "Unknown male", Offence: "Other"}, io, at)
	if err != nil || c.Action != "subject added: S2" || len(c.Fields) != 2 {
		t.Errorf("second subject: %+v, %v", c, err)
	}

	// IDs are never reused: a withdrawn subject keeps its number.
	if _, err := v.WithdrawSubject("S1", "named in error", io, at); err != nil {
		t.Fatal(err)
	}
	if c, err := v.AddSubject(subject("Third"), io, at); err != nil || c.Action != "subject added: S3" {
		t.Errorf("third subject: %q, %v", c.Action, err)
	}
	var ids []string
	for _, s := range v.Subjects {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != "S1,S2,S3" {
		t.Errorf("ids = %v", ids)
	}
}

func TestEditSubject(t *testing.T) {
	v := newVisit(t, goodInput())
	v.AddSubject(subject("Arben Hoxha"), cio, t0)
	v.AddSubject(subject("Second"), cio, t0)

	s := subject("Arben Hoxa")
	s.DOB = Date{1990, 2, 1}
	s.ID = "S2" // ignored: the id argument names the subject
	c, err := v.EditSubject("S1", s, io, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []FieldChange{{Field: "S1.name", Old: "Arben Hoxha", New: "Arben Hoxa"}, {Field: "S1.dob", Old: "1990-01-02", New: "1990-02-01"}}
	if !reflect.DeepEqual(c.Fields, want) || c.Action != "subject edited: S1" || c.Actor != io.StaffNo {
		t.Errorf("change = %+v", c)
	}
	if v.Subjects[0].ID != "S1" || v.Subjects[0].Name != "Arben Hoxa" || v.Subjects[1].Name != "Second" {
		t.Errorf("subjects = %+v", v.Subjects)
	}

	if _, err := v.EditSubject("S1", v.Subjects[0], io, t0); !errors.Is(err, ErrNoChange) {
		t.Errorf("no change: %v", err)
	}
	if _, err := v.EditSubject("S7", s, io, t0); err == nil || err.Error() != "SLN-2026-0042 has no subject S7" {
		t.Errorf("unknown subject: %v", err)
	}

	// Withdrawal goes through WithdrawSubject, with a reason: an edit that
	// carries a Withdrawn value does not strike the subject out.
	s = v.Subjects[0]
	s.Nationality, s.Withdrawn = "Kosovan", "sneaked in"
	if _, err := v.EditSubject("S1", s, io, t0); err != nil {
		t.Fatal(err)
	}
	if v.Subjects[0].Withdrawn != "" || v.Subjects[0].Nationality != "Kosovan" {
		t.Errorf("subject after edit = %+v", v.Subjects[0])
	}
}

func TestWithdrawSubject(t *testing.T) {
	v := newVisit(t, goodInput())
	v.AddSubject(subject("Arben Hoxha"), cio, t0)

	for _, reason := range []string{"", "   ", "bad\x1b[0m"} {
		_, err := v.WithdrawSubject("S1", reason, io, t0)
		if ve := validation(t, err); len(ve) != 1 || ve[0].Field != FieldReason {
			t.Errorf("reason %q: %v", reason, ve)
		}
	}
	if got := v.Subjects[0].Withdrawn; got != "" {
		t.Fatalf("withdrawn without a reason: %q", got)
	}
	_, err := v.WithdrawSubject("S1", "", io, t0)
	if got := validation(t, err).For(FieldReason); got != "say why the subject is withdrawn" {
		t.Errorf("message = %q", got)
	}

	at := t0.Add(time.Hour)
	c, err := v.WithdrawSubject("S1", " Named in error: the intelligence meant his brother. ", io, at)
	if err != nil {
		t.Fatal(err)
	}
	reason := "Named in error: the intelligence meant his brother."
	want := Change{Action: "subject withdrawn: S1", Actor: io.StaffNo, ActorName: io.Name, At: at,
		Fields: []FieldChange{{Field: "S1.withdrawn", New: reason}}, Reason: reason}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("change = %+v", c)
	}
	if len(v.Subjects) != 1 || v.Subjects[0].Name != "Arben Hoxha" || v.Subjects[0].Withdrawn != reason {
		t.Errorf("subjects = %+v: a withdrawn subject stays in the record", v.Subjects)
	}

	if _, err := v.WithdrawSubject("S1", "again", io, at); err == nil || !strings.Contains(err.Error(), "already withdrawn") {
		t.Errorf("second withdrawal: %v", err)
	}
	s := v.Subjects[0]
	s.Name = "Arben Hoxa"
	if _, err := v.EditSubject("S1", s, io, at); err == nil || !strings.Contains(err.Error(), "subject S1 was withdrawn ("+reason+") and cannot be edited") {
		t.Errorf("edit of a withdrawn subject: %v", err)
	}
	if _, err := v.WithdrawSubject("S2", "x", io, at); err == nil {
		t.Error("withdrew a subject that does not exist")
	}
}

func TestSubjects_ClosedVisit(t *testing.T) {
	for _, s := range []State{Closed, FollowUp, Assured, Cancelled, StoodDown} {
		v := newVisit(t, goodInput())
		v.AddSubject(subject("Arben Hoxha"), cio, t0)
		v.State = s
		if _, err := v.AddSubject(subject("New"), cio, t0); err == nil {
			t.Errorf("%s: AddSubject allowed", s)
		}
		if _, err := v.EditSubject("S1", subject("Changed"), cio, t0); err == nil {
			t.Errorf("%s: EditSubject allowed", s)
		}
		if _, err := v.WithdrawSubject("S1", "reason", cio, t0); err == nil {
			t.Errorf("%s: WithdrawSubject allowed", s)
		}
		if len(v.Subjects) != 1 || v.Subjects[0] != (Subject{ID: "S1", Name: "Arben Hoxha", DOB: Date{1990, 1, 2}, Nationality: "Albanian", Offence: "Illegal entrant working"}) {
			t.Errorf("%s: subjects changed: %+v", s, v.Subjects)
		}
	}
}
