package domain

import (
	"fmt"
	"strings"
	"time"
)

// StaffNo identifies an officer. Normalised to upper case without spaces.
type StaffNo string

// ParseStaffNo normalises and checks a staff number: 3 to 12 letters and
// digits.
func ParseStaffNo(s string) (StaffNo, error) {
	v := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if v == "" {
		return "", fmt.Errorf("enter your staff number")
	}
	if len(v) < 3 || len(v) > 12 {
		return "", fmt.Errorf("a staff number has 3 to 12 letters and digits")
	}
	for _, r := range v {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", fmt.Errorf("a staff number has only letters and digits, not %q", r)
		}
	}
	return StaffNo(v), nil
}

// Officer is a member of staff who may plan, authorise, deploy on or review a
// visit. Grade is a code from the configured grade table.
type Officer struct {
	StaffNo       StaffNo  `json:"staff_no"`
	Name          string   `json:"name"`
	Grade         string   `json:"grade"`
	Team          TeamCode `json:"team"`
	ArrestTrained bool     `json:"arrest_trained"`
	// RefresherOn is the date of the last yearly arrest refresher; zero if
	// none is recorded.
	RefresherOn Date      `json:"refresher_on"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Roles are those an administrator gave (roles.go); none is an
	// officer's. A profile from before roles has none.
	Roles RoleSet `json:"roles,omitzero"`
	// GradeConfirmedBy is the administrator who confirmed Grade, and
	// when; zero until one does (EPA-2 counts only a confirmed grade once
	// the folder has an administrator).
	GradeConfirmedBy GradeConfirmation `json:"grade_confirmed,omitzero"`
}

// Label is "Name (staff no)", the way an officer is named in every message.
func (o Officer) Label() string {
	if o.Name == "" {
		return string(o.StaffNo)
	}
	return o.Name + " (" + string(o.StaffNo) + ")"
}

// OfficerInput is what an officer types into the profile form.
type OfficerInput struct {
	StaffNo, Name, Grade, Team string
	ArrestTrained              bool
	RefresherOn                string
}

// Field names shared by the profile form and its validation messages.
const (
	FieldStaffNo     = "staff_no"
	FieldName        = "name"
	FieldGrade       = "grade"
	FieldTeam        = "team"
	FieldArrest      = "arrest_trained"
	FieldRefresherOn = "refresher_on"
	// Roles and the grade's confirmation are set by an administrator,
	// never on the form; they are named on the profile's audit trail.
	FieldRoles          = "roles"
	FieldGradeConfirmed = "grade_confirmed"
)

// NewOfficer validates in against cfg. A refresher date cannot be in the
// future (today is the date of now), and an arrest-trained officer should have
// one; one without training has none to record.
func NewOfficer(in OfficerInput, cfg Config, now time.Time) (Officer, error) {
	var p problems
	o := Officer{ArrestTrained: in.ArrestTrained, UpdatedAt: now}
	if sn, err := ParseStaffNo(in.StaffNo); err != nil {
		p.add(FieldStaffNo, err.Error())
	} else {
		o.StaffNo = sn
	}
	o.Name = p.text(FieldName, in.Name, MaxShort, true)
	// p.short refuses a paste too long to be a grade, team or date before it
	// is quoted back in full in an "unknown grade" or "not a date" message.
	if p.short(FieldGrade, in.Grade) {
		if g, ok := cfg.Grade(strings.TrimSpace(in.Grade)); ok {
			o.Grade = g.Code
		} else if strings.TrimSpace(in.Grade) == "" {
			p.add(FieldGrade, "choose a grade")
		} else {
			p.add(FieldGrade, fmt.Sprintf("unknown grade %q; one of %s", strings.TrimSpace(in.Grade), strings.Join(cfg.GradeCodes(), ", ")))
		}
	}
	if p.short(FieldTeam, in.Team) {
		// By code, as the form gives it, or by name, as a command may.
		if t, err := FindTeam(in.Team); err == nil {
			o.Team = t.Code
		} else {
			p.add(FieldTeam, err.Error())
		}
	}
	if strings.TrimSpace(in.RefresherOn) != "" && p.short(FieldRefresherOn, in.RefresherOn) {
		d, err := ParseDate(in.RefresherOn)
		switch {
		case err != nil:
			p.add(FieldRefresherOn, err.Error())
		case d.After(DateOf(now)):
			p.add(FieldRefresherOn, "cannot be in the future")
		case !in.ArrestTrained:
			p.add(FieldRefresherOn, "only an arrest-trained officer has a refresher; tick arrest-trained or clear the date")
		default:
			o.RefresherOn = d
		}
	}
	return o, p.err()
}

// Input returns the officer as form input, for editing.
func (o Officer) Input() OfficerInput {
	return OfficerInput{
		StaffNo: string(o.StaffNo), Name: o.Name, Grade: o.Grade, Team: string(o.Team),
		ArrestTrained: o.ArrestTrained, RefresherOn: o.RefresherOn.UK(),
	}
}

// RefresherLapsed reports whether an arrest-trained officer's yearly
// refresher is over a year old on day (Home Office response to ICIBI, 2015,
// 5.4). An officer with no recorded refresher has lapsed.
func (o Officer) RefresherLapsed(day Date) bool {
	if !o.ArrestTrained {
		return false
	}
	if o.RefresherOn.IsZero() {
		return true
	}
	due := DateOf(o.RefresherOn.In(time.UTC).AddDate(1, 0, 0))
	return day.After(due)
}
