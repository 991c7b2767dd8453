package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Who sees what (issue 17): an officer sees their team's visits and
// those they take part in (on the roster, its OIC, its authoriser or
// assurer); a duty CIO and a records clerk their region's (ICIBI figure
// 1, Teams); an administrator every visit. A folder with no
// administrator shows everything, as before roles.

// SeesTeam reports whether o sees every visit of team: their own team's,
// or, for a duty CIO or a records clerk, their region's. It is what a
// list decides from a reference or a summary alone.
func (c Config) SeesTeam(o Officer, team TeamCode) bool {
	if !c.Administered || o.Has(RoleAdmin) || team == o.Team {
		return true
	}
	if o.Has(RoleDutyCIO) || o.Has(RoleClerk) {
		mine, ok1 := TeamByCode(o.Team)
		theirs, ok2 := TeamByCode(team)
		return ok1 && ok2 && mine.Region == theirs.Region
	}
	return false
}

// MaySeeTeam is SeesTeam with its reason: nil where o sees every visit
// of team, else an error naming the team, its region and who sees it.
// A records clerk's export of a team (--team) asks it first.
func (c Config) MaySeeTeam(o Officer, team TeamCode) error {
	if c.SeesTeam(o, team) {
		return nil
	}
	name, region := string(team), "its region"
	if t, ok := TeamByCode(team); ok {
		name, region = t.Name+" ("+string(team)+")", "the "+t.Region+" region"
	}
	return fmt.Errorf("the visits of %s are seen by that team and by the duty CIOs and records clerks of %s; %s sees %s. An administrator sees every team's", name, region, o.Label(), c.Sees(o))
}

// Sees says in words which visits o sees, for a message: "every visit",
// "the visits of the London region's teams", "the visits of South
// London (SLN) and those they take part in".
func (c Config) Sees(o Officer) string {
	if c.SeesAll(o) {
		return "every visit"
	}
	t, ok := TeamByCode(o.Team)
	switch {
	case !ok:
		return "the visits they take part in"
	case o.Has(RoleDutyCIO) || o.Has(RoleClerk):
		return "the visits of the " + t.Region + " region's teams"
	}
	return "the visits of " + t.Name + " (" + string(o.Team) + ") and those they take part in"
}

// SeesAll says o sees every visit: in a folder with no administrator
// (roles off), or as an administrator.
func (c Config) SeesAll(o Officer) bool { return !c.Administered || o.Has(RoleAdmin) }

// RefsSeen is SeesTeam for the team of a reference, for a list of
// thousands: the teams o sees are worked out once, and each reference
// costs a cut at its first "-" and a map lookup (BENCHMARKS.md).
func (c Config) RefsSeen(o Officer) func(Ref) bool {
	if c.SeesAll(o) {
		return func(Ref) bool { return true }
	}
	seen := map[TeamCode]bool{}
	for _, t := range Teams {
		if c.SeesTeam(o, t.Code) {
			seen[t.Code] = true
		}
	}
	return func(ref Ref) bool {
		team, _, _ := strings.Cut(string(ref), "-")
		return seen[TeamCode(team)]
	}
}

// RefsOf says whether a reference is of one of teams, a few: their
// prefixes compared.
func RefsOf(teams []TeamCode) func(Ref) bool {
	prefixes := make([]string, len(teams))
	for i, t := range teams {
		prefixes[i] = string(t) + "-"
	}
	return func(ref Ref) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(string(ref), p) {
				return true
			}
		}
		return false
	}
}

// MaySee says whether o may see v, and if not why and who may: the
// visit's team or region, or a part in it.
func (c Config) MaySee(o Officer, v *Visit) error {
	if c.SeesTeam(o, v.Basics.Team) || takesPart(o.StaffNo, v) {
		return nil
	}
	team, region := string(v.Basics.Team), "its region"
	if t, ok := TeamByCode(v.Basics.Team); ok {
		team, region = t.Name, "the "+t.Region+" region"
	}
	return fmt.Errorf("%s is a visit of %s: it is seen by that team, by the officers on it, and by the duty CIOs and records clerks of %s; %s is none of them. An administrator sees every visit", v.Ref, team, region, o.Label())
}

// takesPart reports whether sn has a part in v (Visit.Parts).
func takesPart(sn StaffNo, v *Visit) bool { return slices.Contains(v.Parts(), sn) }

// Parts are the staff numbers of the officers taking part in v, each
// once, in order: those on its roster, its OIC, its authoriser and its
// assurer. They see it whatever their team (who sees what, issue 17).
func (v *Visit) Parts() []StaffNo {
	out := make([]StaffNo, 0, len(v.Roster)+4)
	for _, r := range v.Roster {
		out = append(out, r.StaffNo)
	}
	out = append(out, v.Basics.OIC, v.OICStaffNo(), v.Assurance.Assured.By)
	if v.Plan.Auth != nil {
		out = append(out, v.Plan.Auth.By)
	}
	out = slices.DeleteFunc(out, func(sn StaffNo) bool { return sn == "" })
	slices.Sort(out)
	return slices.Compact(out)
}
