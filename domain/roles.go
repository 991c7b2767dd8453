package domain

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Roles (IDN-1). Every officer is an officer; the OIC of a visit is so by
// the visit, never by a stored role; an authoriser is so by a grade an
// administrator confirmed (EPA-2). The rest are given on the profile by an
// administrator, and are what this file checks.
//
// A folder with no administrator (a laptop alone, or a store from before
// roles) applies none of it: every officer may do what they could before
// roles existed, and every grade counts as confirmed. The first
// administrator, made on the host by whoever has the folder, switches
// roles on (Config.Administered).

// Role is a role an administrator gives on an officer's profile.
type Role string

const (
	// RoleDutyCIO watches the region's visits and assures closed ones
	// (ASR-1, ASR-2): given only to a CIO or above.
	RoleDutyCIO Role = "duty-cio"
	// RoleClerk is the records clerk: export, import, measures, and the
	// region's visits.
	RoleClerk Role = "clerk"
	// RoleAdmin administers officers, grades, keys and the grade table,
	// sees every visit and reads the access log.
	RoleAdmin Role = "admin"
)

// AllRoles are the roles an administrator gives, in the order shown.
var AllRoles = []Role{RoleDutyCIO, RoleClerk, RoleAdmin}

// Title is the role as officers say it.
func (r Role) Title() string {
	switch r {
	case RoleDutyCIO:
		return "duty CIO"
	case RoleClerk:
		return "records clerk"
	case RoleAdmin:
		return "administrator"
	}
	return string(r)
}

// ParseRole reads a role by its code or its title ("admin",
// "administrator", "clerk", "records clerk", "duty-cio", "assurer").
func ParseRole(s string) (Role, error) {
	v := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch v {
	case "duty-cio", "duty cio", "dutycio", "assurer":
		return RoleDutyCIO, nil
	case "clerk", "records clerk", "records-clerk":
		return RoleClerk, nil
	case "admin", "administrator":
		return RoleAdmin, nil
	}
	return "", fmt.Errorf("no role %q: one of duty-cio (assures, sees the region's visits), clerk (export, import, measures) or admin (officers, grades, keys)", strings.TrimSpace(s))
}

// GradeConfirmation is an administrator's word that an officer holds a
// grade. It counts only while the profile's grade is the one confirmed:
// an officer who edits their own grade has it unconfirmed again.
type GradeConfirmation struct {
	Grade string `json:"grade"`
	Stamp
}

// RoleSet is the roles on a profile, a set so that Officer stays a
// value that compares; stored as a JSON list of their codes.
type RoleSet uint8

func (s RoleSet) bit(r Role) RoleSet {
	i := slices.Index(AllRoles, r)
	if i < 0 {
		return 0
	}
	return 1 << i
}

// Has reports whether r is in s.
func (s RoleSet) Has(r Role) bool { return slices.Contains(AllRoles, r) && s&s.bit(r) != 0 }

// With is s with r added; Without, with r taken out.
func (s RoleSet) With(r Role) RoleSet    { return s | s.bit(r) }
func (s RoleSet) Without(r Role) RoleSet { return s &^ s.bit(r) }

// List is the roles in s, in the order of AllRoles.
func (s RoleSet) List() []Role {
	var out []Role
	for _, r := range AllRoles {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// RolesOf is the set of rs.
func RolesOf(rs ...Role) RoleSet {
	var s RoleSet
	for _, r := range rs {
		s = s.With(r)
	}
	return s
}

func (s RoleSet) MarshalJSON() ([]byte, error) {
	codes := []string{}
	for _, r := range s.List() {
		codes = append(codes, string(r))
	}
	return json.Marshal(codes)
}

// UnmarshalJSON refuses a role this oic does not know rather than drop
// it: a profile is never read as having less, or other, than it holds.
func (s *RoleSet) UnmarshalJSON(b []byte) error {
	var codes []string
	if err := json.Unmarshal(b, &codes); err != nil {
		return err
	}
	*s = 0
	for _, c := range codes {
		if !slices.Contains(AllRoles, Role(c)) {
			return fmt.Errorf("unknown role %q", c)
		}
		*s = s.With(Role(c))
	}
	return nil
}

// Has reports whether o was given role r.
func (o Officer) Has(r Role) bool { return o.Roles.Has(r) }

// GradeConfirmed reports whether an administrator confirmed o's grade
// as it now stands.
func (o Officer) GradeConfirmed() bool {
	return o.GradeConfirmedBy.By != "" && o.GradeConfirmedBy.Grade == o.Grade && o.Grade != ""
}

// KeepAccess carries what only an administrator changes (roles, the
// grade's confirmation) from the stored profile was onto o, made afresh
// from the profile form, which knows nothing of them.
func (o *Officer) KeepAccess(was Officer) {
	o.Roles = was.Roles
	o.GradeConfirmedBy = was.GradeConfirmedBy
}

// RolesText is "duty CIO, records clerk", or "officer" for none.
func (o Officer) RolesText() string {
	rs := o.Roles.List()
	if len(rs) == 0 {
		return "officer"
	}
	t := make([]string, len(rs))
	for i, r := range rs {
		t[i] = r.Title()
	}
	return strings.Join(t, ", ")
}

// Administered reports whether officers has an administrator: then roles
// and confirmed grades apply (Config.Administered).
func Administered(officers []Officer) bool {
	return slices.ContainsFunc(officers, func(o Officer) bool { return o.Has(RoleAdmin) })
}

// Action is something only some roles may do.
type Action string

const (
	ActExport     Action = "export"
	ActImport     Action = "import"
	ActMeasures   Action = "measures"
	ActAdminister Action = "administer"
	ActAccessLog  Action = "access log"
	// ActBackup is a backup of the whole folder (oic backup): every
	// team's visits and the folder's signing key, more than a records
	// clerk's region, so an administrator's.
	ActBackup Action = "backup"
)

// needs is the role each action needs, and what the action is in a
// message.
var needs = map[Action]struct {
	role Role
	what string
}{
	ActExport:     {RoleClerk, "exporting visits"},
	ActImport:     {RoleClerk, "importing visits"},
	ActMeasures:   {RoleClerk, "counting the measures of effect"},
	ActAdminister: {RoleAdmin, "changing officers' roles, grades and keys"},
	ActAccessLog:  {RoleAdmin, "reading the access log"},
	ActBackup:     {RoleAdmin, "taking a backup of the whole folder"},
}

// May says whether o may do a, and if not which role it needs and who can
// give it (IDN-1), as a *RoleError. An administrator may do all of it; in
// a folder with no administrator everybody may.
func (c Config) May(o Officer, a Action) error {
	n, ok := needs[a]
	if !ok {
		return fmt.Errorf("IDN-1: no such action %q", a)
	}
	if !c.Administered || o.Has(n.role) || o.Has(RoleAdmin) {
		return nil
	}
	return &RoleError{What: n.what, Role: n.role, Officer: o}
}

// RoleError is a refusal for want of a role: what was refused, the role
// it needs, and the officer refused.
type RoleError struct {
	What    string
	Role    Role
	Officer Officer
}

func (e *RoleError) Error() string {
	return fmt.Sprintf("IDN-1: %s is for %s; %s is not one. %s", e.What, articleFor(e.Role.Title()), e.Officer.Label(), e.ask())
}

// Short is the refusal in a status line's width, for the officer
// refused, who is named on the screen already.
func (e *RoleError) Short() string {
	return fmt.Sprintf("IDN-1: %s is for %s: ask an administrator (oic officer role %s --add %s).", e.What, articleFor(e.Role.Title()), e.Officer.StaffNo, e.Role)
}

func (e *RoleError) ask() string {
	if e.Role == RoleAdmin {
		return fmt.Sprintf("An administrator gives the role: oic officer role %s --add admin --as THEIR-STAFFNO", e.Officer.StaffNo)
	}
	return fmt.Sprintf("Ask an administrator to give you the role: oic officer role %s --add %s --as THEIR-STAFFNO", e.Officer.StaffNo, e.Role)
}

// GradeCounts says whether o's grade counts for authorising and assuring:
// always in a folder with no administrator, else once an administrator
// confirmed it (EPA-2, IDN-1).
func (c Config) GradeCounts(o Officer) error {
	if !c.Administered || o.GradeConfirmed() {
		return nil
	}
	return fmt.Errorf("your grade %s is not yet confirmed by an administrator: ask one to run oic officer confirm-grade %s", o.Grade, o.StaffNo)
}

// ChangeRoles gives o the roles add and takes away remove, as by, an
// administrator, at now, and returns the profile's audit entry. A duty
// CIO must be a CIO or above by the grade table (ASR-2). An officer is
// never left without an administrator: by may not remove their own
// admin role, so a folder keeps at least the one who acts.
func (c Config) ChangeRoles(o *Officer, add, remove []Role, by Officer, now time.Time) (Change, error) {
	was := *o
	for _, r := range remove {
		if r == RoleAdmin && o.StaffNo == by.StaffNo && o.Has(RoleAdmin) {
			*o = was
			return Change{}, fmt.Errorf("you may not take away your own administrator role: another administrator does that, so the folder always keeps one")
		}
		o.Roles = o.Roles.Without(r)
	}
	for _, r := range add {
		if r == RoleDutyCIO && !o.Has(r) {
			if err := c.assurerGrade(*o); err != nil {
				*o = was
				return Change{}, err
			}
		}
		o.Roles = o.Roles.With(r)
	}
	if o.Roles == was.Roles {
		return Change{}, fmt.Errorf("%s already has the roles %s; nothing changed", o.Label(), o.RolesText())
	}
	o.UpdatedAt = now
	ch := ProfileChange(&was, *o, by, now)
	ch.Action = "roles changed"
	return ch, nil
}

// assurerGrade refuses the duty CIO role to an officer below the grade
// that assures (ASR-2).
func (c Config) assurerGrade(o Officer) error {
	min, ok := c.Grade(c.AssurerGradeCode())
	g, known := c.Grade(o.Grade)
	if ok && (!known || g.Rank < min.Rank) {
		return fmt.Errorf("ASR-2: the duty CIO role is for a %s or above; %s is grade %s", min.Label(), o.Label(), o.Grade)
	}
	return nil
}

// ConfirmGrade records by's word, as an administrator, that o holds the
// grade o's profile gives, and returns the profile's audit entry.
func ConfirmGrade(o *Officer, by Officer, now time.Time) (Change, error) {
	if o.GradeConfirmed() {
		return Change{}, fmt.Errorf("the grade %s of %s is already confirmed, by %s", o.Grade, o.Label(), o.GradeConfirmedBy.Label(time.UTC))
	}
	was := *o
	o.GradeConfirmedBy = GradeConfirmation{Grade: o.Grade, Stamp: stamp(by, now)}
	o.UpdatedAt = now
	ch := ProfileChange(&was, *o, by, now)
	ch.Action = "grade confirmed"
	return ch, nil
}

func rolesText(s RoleSet) string {
	rs := s.List()
	t := make([]string, len(rs))
	for i, r := range rs {
		t[i] = string(r)
	}
	return strings.Join(t, ", ")
}

func confirmedText(o Officer) string {
	if !o.GradeConfirmed() {
		return ""
	}
	return o.Grade + " by " + string(o.GradeConfirmedBy.By)
}
