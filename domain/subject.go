package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Subject is a person named in the intelligence. ID is stable within the
// visit ("S1", "S2") so exports can follow a person from intelligence to
// outcome. A subject named in error is withdrawn, with a reason, never
// deleted.
type Subject struct {
	ID          string `json:"id" text:"line"`
	Name        string `json:"name" text:"line"`
	DOB         Date   `json:"dob"`
	Nationality string `json:"nationality" text:"line"`
	Offence     string `json:"offence" text:"line"`
	PhotoRef    string `json:"photo_ref,omitempty" text:"line"`  // for the green digital order (EPA-4)
	Withdrawn   string `json:"withdrawn,omitempty" text:"prose"` // the reason, if withdrawn
}

// Offences are the suspected offences an officer picks from.
var Offences = []string{
	"Working in breach of conditions",
	"Overstayer working illegally",
	"Illegal entrant working",
	"Employing illegal workers",
	"Facilitation",
	"Document fraud",
	"Other",
}

// SubjectInput is the subject form as typed.
type SubjectInput struct {
	Name, DOB, Nationality, Offence, PhotoRef string
}

// Subject form field names.
const (
	FieldSubjName    = "subject.name"
	FieldSubjDOB     = "subject.dob"
	FieldSubjNat     = "subject.nationality"
	FieldSubjOffence = "subject.offence"
	FieldSubjPhoto   = "subject.photo_ref"
)

// ParseSubject validates a subject. A date of birth is often unknown from
// intelligence, so it may be blank, but one given must be a plausible age.
func ParseSubject(in SubjectInput, now time.Time) (Subject, error) {
	var p problems
	s := Subject{
		Name:        p.text(FieldSubjName, in.Name, MaxShort, true),
		Nationality: p.text(FieldSubjNat, in.Nationality, MaxShort, false),
		PhotoRef:    p.text(FieldSubjPhoto, in.PhotoRef, MaxShort, false),
	}
	if strings.TrimSpace(in.DOB) != "" && p.short(FieldSubjDOB, in.DOB) {
		d, err := ParseDate(in.DOB)
		switch {
		case err != nil:
			p.add(FieldSubjDOB, err.Error())
		case !d.Before(DateOf(now)):
			p.add(FieldSubjDOB, "a date of birth must be in the past")
		// Compare whole dates: comparing years alone let through a date of
		// birth up to a year more than 120 years back (1 January 1906 on
		// 25 November 2026). Date.Compare orders a 29 February correctly
		// even when the year 120 back has none.
		case d.Before(Date{DateOf(now).Year - 120, DateOf(now).Month, DateOf(now).Day}):
			p.add(FieldSubjDOB, "over 120 years ago; check the year")
		default:
			s.DOB = d
		}
	}
	if o := strings.TrimSpace(in.Offence); slices.Contains(Offences, o) {
		s.Offence = o
	} else {
		p.add(FieldSubjOffence, "choose the suspected offence")
	}
	return s, p.err()
}

// Input returns the subject as form input.
func (s Subject) Input() SubjectInput {
	return SubjectInput{Name: s.Name, DOB: s.DOB.UK(), Nationality: s.Nationality, Offence: s.Offence, PhotoRef: s.PhotoRef}
}

func (s Subject) fields() [][2]string {
	return [][2]string{{"name", s.Name}, {"dob", s.DOB.String()}, {"nationality", s.Nationality}, {"offence", s.Offence}, {"photo_ref", s.PhotoRef}}
}

// AddSubject names a new subject, giving it the next free ID.
func (v *Visit) AddSubject(s Subject, actor Officer, now time.Time) (Change, error) {
	if err := v.Editable(); err != nil {
		return Change{}, err
	}
	s.ID = "S" + strconv.Itoa(len(v.Subjects)+1)
	s.Withdrawn = ""
	v.Subjects = append(v.Subjects, s)
	v.touch(actor, now)
	fields := addedFields(s.ID+".", s.fields())
	return Change{Action: "subject added: " + s.ID, Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

func (v *Visit) subject(id string) (*Subject, error) {
	i := slices.IndexFunc(v.Subjects, func(s Subject) bool { return s.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("%s has no subject %s", v.Ref, id)
	}
	return &v.Subjects[i], nil
}

// EditSubject corrects a subject's details.
func (v *Visit) EditSubject(id string, s Subject, actor Officer, now time.Time) (Change, error) {
	if err := v.Editable(); err != nil {
		return Change{}, err
	}
	cur, err := v.subject(id)
	if err != nil {
		return Change{}, err
	}
	if cur.Withdrawn != "" {
		return Change{}, fmt.Errorf("subject %s was withdrawn (%s) and cannot be edited", id, cur.Withdrawn)
	}
	o, n := cur.fields(), s.fields()
	var fields []FieldChange
	for i := range n {
		if o[i][1] != n[i][1] {
			fields = append(fields, FieldChange{Field: id + "." + n[i][0], Old: o[i][1], New: n[i][1]})
		}
	}
	if len(fields) == 0 {
		return Change{}, ErrNoChange
	}
	// Withdrawal goes through WithdrawSubject with its reason; a Withdrawn
	// value passed in here would strike the subject out unrecorded.
	s.ID, s.Withdrawn = id, cur.Withdrawn
	*cur = s
	v.touch(actor, now)
	return Change{Action: "subject edited: " + id, Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}, nil
}

// WithdrawSubject strikes out a subject named in error or no longer of
// interest. The subject stays in the record with the reason.
func (v *Visit) WithdrawSubject(id, reason string, actor Officer, now time.Time) (Change, error) {
	if err := v.Editable(); err != nil {
		return Change{}, err
	}
	cur, err := v.subject(id)
	if err != nil {
		return Change{}, err
	}
	if cur.Withdrawn != "" {
		return Change{}, fmt.Errorf("subject %s is already withdrawn", id)
	}
	r, err := requireReason(reason, "say why the subject is withdrawn")
	if err != nil {
		return Change{}, err
	}
	cur.Withdrawn = r
	v.touch(actor, now)
	return Change{Action: "subject withdrawn: " + id, Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: id + ".withdrawn", New: r}}, Reason: r}, nil
}

// requireReason cleans a reason that must be given, asking with ask when
// it is blank.
func requireReason(reason, ask string) (string, error) {
	r, err := cleanText(reason, MaxLong, true)
	if err != nil {
		return r, ValidationError{{Field: FieldReason, Msg: err.Error()}}
	}
	if r == "" {
		return r, ValidationError{{Field: FieldReason, Msg: ask}}
	}
	return r, nil
}
