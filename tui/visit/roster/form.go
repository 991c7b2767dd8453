package roster

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// newRosterForm gives officer o their team role and any command role on
// the visit: a new entry when cur is nil, a change of cur's roles
// otherwise. The domain's problems (a second OIC, an OIC who is not
// arrest-trained: CMD-1) are shown under the field they concern.
func newRosterForm(s *common.Session, v *domain.Visit, o domain.Officer, cur *domain.RosterEntry) common.Screen {
	replacing := cur != nil
	roles := make([]form.Option, len(domain.TeamRoles))
	for i, r := range domain.TeamRoles {
		roles[i] = form.Option{Value: r, Label: r}
	}
	in := func(m map[string]string) domain.RosterInput {
		return domain.RosterInput{StaffNo: string(o.StaffNo), Role: m[domain.FieldRosterRole], Command: m[domain.FieldRosterCommand]}
	}
	title := fmt.Sprintf("Add %s to %s", o.Name, v.Ref)
	if replacing {
		title = fmt.Sprintf("Roles of %s on %s", o.Name, v.Ref)
	}
	intro := fmt.Sprintf("%s: %s. Give them a team role, a command role, or both. A visit has one OIC and a named gold, silver and bronze; "+
		"the OIC and bronze are arrest-trained and IO grade or above (CMD-1). Command now: %s.", o.Label(), officerFacts(s, o), commandNow(v))
	return form.NewPart(s, v, form.Part{
		Title: title,
		Intro: intro,
		Draft: "roster-" + string(o.StaffNo),
		Values: func(v *domain.Visit) map[string]string {
			m := map[string]string{}
			if e, ok := v.Rostered(o.StaffNo); ok && replacing {
				m[domain.FieldRosterRole] = e.Role
				var cmd []string
				for _, c := range e.Command {
					cmd = append(cmd, string(c))
				}
				m[domain.FieldRosterCommand] = strings.Join(cmd, ", ")
			}
			return m
		},
		Fields: func(f *form.Form, m map[string]string) {
			f.Choice(domain.FieldRosterRole, "Team role", roles, m[domain.FieldRosterRole]).
				Text(domain.FieldRosterCommand, "Command roles", "OIC, gold, silver or bronze, separated by commas; blank if none", m[domain.FieldRosterCommand])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.ParseRosterEntry(in(m), o, replacing, s.Config)
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			e, err := ev.ParseRosterEntry(in(m), o, replacing, s.Config)
			if err != nil {
				return domain.Change{}, err
			}
			if replacing {
				return ev.ChangeRosterRole(e, s.Me, s.Now())
			}
			return ev.AddToRoster(e, s.Me, s.Now())
		},
		Describe: func(k, val string) string {
			switch k {
			case domain.FieldRosterRole:
				if val == domain.RoleOffSite {
					return "a gold or silver commander on call: accepts the briefing but does not go to the premises"
				}
				return "←/→ or type the first letters: " + strings.Join(domain.TeamRoles, ", ")
			case domain.FieldRosterCommand:
				return "now: " + commandNow(v) + "; blank if none"
			}
			return ""
		},
	})
}

// officerFacts is "IO (EO), SLN, arrest-trained (refresher 02/06/2026)".
func officerFacts(s *common.Session, o domain.Officer) string {
	grade := o.Grade
	if g, ok := s.Config.Grade(o.Grade); ok {
		grade = g.Label()
	}
	parts := []string{grade}
	if o.Team != "" {
		parts = append(parts, string(o.Team))
	}
	switch {
	case !o.ArrestTrained:
		parts = append(parts, "not arrest-trained")
	case o.RefresherOn.IsZero():
		parts = append(parts, "arrest-trained (no refresher recorded)")
	default:
		parts = append(parts, "arrest-trained (refresher "+o.RefresherOn.UK()+")")
	}
	return strings.Join(parts, ", ")
}

// commandNow says who holds each command role: "OIC Dana Okafor (CIO001);
// gold not named; ...".
func commandNow(v *domain.Visit) string {
	var parts []string
	for _, c := range domain.CommandRoles {
		if r, ok := v.Commander(c); ok {
			parts = append(parts, string(c)+" "+r.Label())
		} else {
			parts = append(parts, string(c)+" not named")
		}
	}
	return strings.Join(parts, "; ")
}
