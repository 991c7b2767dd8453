package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CommandRole is a place in the visit's command structure (ICIBI 6.1-6.2):
// one OIC and named gold (strategic), silver (tactical) and bronze
// (operational) commanders. The bronze commander is usually the OIC.
type CommandRole string

const (
	CommandOIC    CommandRole = "OIC"
	CommandGold   CommandRole = "gold"
	CommandSilver CommandRole = "silver"
	CommandBronze CommandRole = "bronze"
)

// CommandRoles lists the command roles in the order they are shown.
var CommandRoles = []CommandRole{CommandOIC, CommandGold, CommandSilver, CommandBronze}

// onSiteCommand reports whether a role leads on the ground, and so needs an
// arrest-trained officer of at least IO grade (CMD-1).
func (c CommandRole) onSite() bool { return c == CommandOIC || c == CommandBronze }

// TeamRoles are the roles seen on visits (DOMAIN.md, "People, grades and
// roles"). "off site" is for a gold or silver commander who is on call
// rather than at the premises: they accept the briefing but do not arrive.
var TeamRoles = []string{
	RoleArrest, "rear cover", "interviewer", "exhibits officer", "search", "driver", "mentee", "observer", RoleOffSite,
}

// Team roles the rules look at.
const (
	RoleArrest  = "arrest team"
	RoleOffSite = "off site"
)

// RosterEntry names an officer on the visit's team, their team role and any
// command role. Grade and arrest training are copied from the officer's
// profile when they are rostered, so the record shows what the OIC relied
// on even if the profile changes later.
type RosterEntry struct {
	StaffNo       StaffNo       `json:"staff_no"`
	Name          string        `json:"name" text:"line"`
	Role          string        `json:"role" text:"line"`
	Command       []CommandRole `json:"command,omitempty"`
	Grade         string        `json:"grade,omitempty" text:"line"`
	ArrestTrained bool          `json:"arrest_trained,omitempty"`
	RefresherOn   Date          `json:"refresher_on,omitzero"`
	Added         Stamp         `json:"added,omitzero"`
}

// Label is "Name (staff no)".
func (r RosterEntry) Label() string {
	return Officer{StaffNo: r.StaffNo, Name: r.Name}.Label()
}

// Holds reports whether the officer holds command role c.
func (r RosterEntry) Holds(c CommandRole) bool { return slices.Contains(r.Command, c) }

// Roles reads "OIC, bronze · arrest team": command roles first.
func (r RosterEntry) Roles() string {
	var parts []string
	for _, c := range r.Command {
		parts = append(parts, string(c))
	}
	cmd := strings.Join(parts, ", ")
	switch {
	case cmd == "":
		return r.Role
	case r.Role == "":
		return cmd
	}
	return cmd + " · " + r.Role
}

// OnSite reports whether the officer is expected at the premises: everyone
// but a commander on call.
func (r RosterEntry) OnSite() bool { return r.Role != RoleOffSite }

// RosterInput is what the roster form takes: who, their team role, and
// their command roles as typed ("OIC, bronze").
type RosterInput struct {
	StaffNo string
	Role    string
	Command string
}

// Field names of the roster form.
const (
	FieldRosterOfficer = "roster.officer"
	FieldRosterRole    = "roster.role"
	FieldRosterCommand = "roster.command"
)

// RosterEditable says whether the team may still change: not once the
// visit is deployed, and not on a record that is closed or called off.
func (v *Visit) RosterEditable() error {
	switch v.State {
	case Tasked, Planning, Authorised, Briefed:
		return nil
	case Deployed:
		return fmt.Errorf("%s is deployed: the team is fixed; record who arrives and leaves on the live tab", v.Ref)
	}
	return fmt.Errorf("%s is %s: its record is closed to edits", v.Ref, v.State)
}

// Rostered returns the officer's roster entry, if they are on the team.
func (v *Visit) Rostered(sn StaffNo) (RosterEntry, bool) {
	for _, r := range v.Roster {
		if r.StaffNo == sn {
			return r, true
		}
	}
	return RosterEntry{}, false
}

// Commander returns the officer holding command role c, if any.
func (v *Visit) Commander(c CommandRole) (RosterEntry, bool) {
	for _, r := range v.Roster {
		if r.Holds(c) {
			return r, true
		}
	}
	return RosterEntry{}, false
}

// ParseCommand reads command roles typed as "OIC, bronze" or "oic bronze",
// in any case, into their catalogue order.
func ParseCommand(s string) ([]CommandRole, error) {
	var out []CommandRole
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '/' || r == '+' }) {
		var found bool
		for _, c := range CommandRoles {
			if strings.EqualFold(w, string(c)) {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%q is not a command role; use OIC, gold, silver or bronze", w)
		}
	}
	slices.SortFunc(out, func(a, b CommandRole) int { return slices.Index(CommandRoles, a) - slices.Index(CommandRoles, b) })
	return out, nil
}

// ParseRosterEntry checks in for officer o (looked up from in.StaffNo by
// the caller) against the visit's roster. replacing is true when the entry
// changes an officer already on the team. It refuses what CMD-1 forbids
// outright: a second holder of a command role, and an OIC or bronze who is
// not arrest-trained or below IO grade.
func (v *Visit) ParseRosterEntry(in RosterInput, o Officer, replacing bool, cfg Config) (RosterEntry, error) {
	var p problems
	e := RosterEntry{StaffNo: o.StaffNo, Name: o.Name, Grade: o.Grade, ArrestTrained: o.ArrestTrained, RefresherOn: o.RefresherOn}
	if _, on := v.Rostered(o.StaffNo); on && !replacing {
		p.add(FieldRosterOfficer, fmt.Sprintf("%s is already on the team; change their role instead", o.Label()))
	}
	if g, ok := cfg.Grade(o.Grade); ok && !g.Deploys {
		p.add(FieldRosterOfficer, fmt.Sprintf("%s is %s, a grade that does not deploy", o.Label(), article(g.Label())))
	}
	if p.short(FieldRosterRole, in.Role) {
		role := strings.TrimSpace(in.Role)
		for _, r := range TeamRoles {
			if strings.EqualFold(r, role) {
				e.Role = r
			}
		}
		if e.Role == "" && role != "" {
			p.add(FieldRosterRole, fmt.Sprintf("%q is not a team role; one of %s", role, strings.Join(TeamRoles, ", ")))
		}
	}
	if p.short(FieldRosterCommand, in.Command) {
		cmd, err := ParseCommand(in.Command)
		if err != nil {
			p.add(FieldRosterCommand, err.Error())
		}
		e.Command = cmd
	}
	if e.Role == "" && len(e.Command) == 0 && !p.has(FieldRosterRole) {
		p.rule(FieldRosterRole, "BRF-4", "give every officer a role: a team role, a command role, or both")
	}
	for _, c := range e.Command {
		if other, ok := v.Commander(c); ok && other.StaffNo != o.StaffNo {
			p.rule(FieldRosterCommand, "CMD-1", fmt.Sprintf("%s is already the %s; there is one %s on a visit, so change their role first", other.Label(), c, c))
		}
		if c.onSite() {
			if e.Role == RoleOffSite {
				p.rule(FieldRosterRole, "CMD-1", fmt.Sprintf("the %s leads at the premises and cannot be off site", c))
			}
			if msg := onSiteCommandProblem(o, c, cfg); msg != "" {
				p.rule(FieldRosterCommand, "CMD-1", msg)
			}
		}
	}
	if len(p) > 0 {
		return RosterEntry{}, p.err()
	}
	return e, nil
}

// onSiteCommandProblem says why o cannot be OIC or bronze, or "" if they can:
// both must be arrest-trained and at least IO grade (ICIBI 6.1).
func onSiteCommandProblem(o Officer, c CommandRole, cfg Config) string {
	g, ok := cfg.Grade(o.Grade)
	switch {
	case !o.ArrestTrained:
		return fmt.Sprintf("the %s must be arrest-trained; %s is not", c, o.Label())
	case !ok:
		return fmt.Sprintf("%s has grade %q, which is not in the grade table", o.Label(), o.Grade)
	case !g.Deploys || g.Rank < cfg.lowestDeploying().Rank:
		return fmt.Sprintf("the %s must be at least IO grade; %s is %s", c, o.Label(), article(g.Label()))
	}
	return ""
}

// lowestDeploying is the first grade that deploys: IO under the default
// table. Found by rank, not by code, because the grade table is config.
func (c Config) lowestDeploying() Grade {
	var low Grade
	for _, g := range c.Grades {
		if g.Deploys && (low.Code == "" || g.Rank < low.Rank) {
			low = g
		}
	}
	return low
}

// has reports whether field already has a problem.
func (p problems) has(field string) bool {
	for _, e := range p {
		if e.Field == field {
			return true
		}
	}
	return false
}

// AddToRoster puts a checked entry on the team.
func (v *Visit) AddToRoster(e RosterEntry, actor Officer, now time.Time) (Change, error) {
	if err := v.RosterEditable(); err != nil {
		return Change{}, err
	}
	if _, on := v.Rostered(e.StaffNo); on {
		return Change{}, ValidationError{{Field: FieldRosterOfficer, Msg: e.Label() + " is already on the team"}}
	}
	e.Added = stamp(actor, now)
	v.Roster = append(v.Roster, e)
	v.touch(actor, now)
	return Change{Action: "roster: added " + e.Label(), Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "roster." + string(e.StaffNo), New: e.Roles()}}}, nil
}

// ChangeRosterRole gives an officer already on the team a new team or
// command role.
func (v *Visit) ChangeRosterRole(e RosterEntry, actor Officer, now time.Time) (Change, error) {
	if err := v.RosterEditable(); err != nil {
		return Change{}, err
	}
	i := slices.IndexFunc(v.Roster, func(r RosterEntry) bool { return r.StaffNo == e.StaffNo })
	if i < 0 {
		return Change{}, ValidationError{{Field: FieldRosterOfficer, Msg: e.Label() + " is not on the team"}}
	}
	old := v.Roster[i]
	if old.Roles() == e.Roles() {
		return Change{}, ErrNoChange
	}
	e.Added = old.Added
	v.Roster[i] = e
	v.touch(actor, now)
	return Change{Action: "roster: role of " + e.Label() + " changed", Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "roster." + string(e.StaffNo), Old: old.Roles(), New: e.Roles()}}}, nil
}

// RemoveFromRoster takes an officer off the team. Once a briefing has been
// issued the removal needs a reason, because the officer was told they were
// going; any acceptance they gave stays on the record.
func (v *Visit) RemoveFromRoster(sn StaffNo, reason string, actor Officer, now time.Time) (Change, error) {
	if err := v.RosterEditable(); err != nil {
		return Change{}, err
	}
	i := slices.IndexFunc(v.Roster, func(r RosterEntry) bool { return r.StaffNo == sn })
	if i < 0 {
		return Change{}, fmt.Errorf("%s is not on the team", sn)
	}
	r, err := cleanText(reason, MaxLong, true)
	if err != nil {
		return Change{}, ValidationError{{Field: FieldReason, Msg: err.Error()}}
	}
	if r == "" && len(v.Briefing.Versions) > 0 {
		return Change{}, ValidationError{{Field: FieldReason, Msg: "the briefing has been issued to this officer; say why they are taken off the team"}}
	}
	old := v.Roster[i]
	v.Roster = slices.Delete(v.Roster, i, i+1)
	v.touch(actor, now)
	return Change{Action: "roster: removed " + old.Label(), Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "roster." + string(sn), Old: old.Roles()}}, Reason: r}, nil
}
