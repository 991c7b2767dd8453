package domain

import (
	"fmt"
	"time"
)

// CMD-1: one OIC and a named gold, silver and bronze; the OIC and bronze
// arrest-trained and at least IO grade (ICIBI 6.1). The roster form refuses
// a second holder; this finds the ones missing, and a profile that no
// longer qualifies.
func cmd1(f *findings, v *Visit, cfg Config, _ time.Time) {
	if !briefingDue(v) {
		return
	}
	var missing []string
	for _, c := range CommandRoles {
		if _, ok := v.Commander(c); !ok {
			missing = append(missing, string(c))
		}
	}
	// One finding per officer: the OIC who is also bronze is one problem.
	for _, r := range v.Roster {
		var held []string
		for _, c := range r.Command {
			if c.onSite() {
				held = append(held, string(c))
			}
		}
		if len(held) == 0 {
			continue
		}
		o := Officer{StaffNo: r.StaffNo, Name: r.Name, Grade: r.Grade, ArrestTrained: r.ArrestTrained}
		if msg := onSiteCommandProblem(o, CommandRole(joinAnd(held)), cfg); msg != "" {
			f.blocks("CMD-1", msg, "Give the role to an arrest-trained officer of IO grade or above.")
		}
	}
	if len(missing) > 0 {
		f.blocks("CMD-1", "no "+joinAnd(missing)+" named on the roster", "")
	}
	if oic, ok := v.Commander(CommandOIC); ok && v.Basics.OIC != "" && oic.StaffNo != v.Basics.OIC {
		f.warns("CMD-1", fmt.Sprintf("the roster's OIC is %s but the visit names %s (%s)", oic.Label(), v.Basics.OICName, v.Basics.OIC),
			"Edit the visit (e) so its OIC is the one rostered, or change the roster.")
	}
	var none []string
	for _, r := range v.Roster {
		if r.Role == "" && len(r.Command) == 0 {
			none = append(none, r.Label())
		}
	}
	if len(none) > 0 {
		f.blocks("CMD-1", "no role allocated to "+joinAnd(none), "Give every officer a role on the roster tab.")
	}
}

// CMD-2: an arrest role given to an officer whose yearly refresher is over
// a year old warns (Home Office response to ICIBI, 2015, 5.4).
func cmd2(f *findings, v *Visit, _ Config, _ time.Time) {
	if !briefingDue(v) {
		return
	}
	day := DateOf(v.Basics.PlannedStart)
	for _, r := range v.Roster {
		arrest := r.Role == RoleArrest || r.Holds(CommandOIC) || r.Holds(CommandBronze)
		if !arrest {
			continue
		}
		o := Officer{ArrestTrained: r.ArrestTrained, RefresherOn: r.RefresherOn}
		if !r.ArrestTrained && r.Role == RoleArrest {
			f.warns("CMD-2", fmt.Sprintf("%s is on the arrest team but not arrest-trained", r.Label()), "Give them another role, or record their training on their profile.")
		} else if o.RefresherLapsed(day) {
			last := "none recorded"
			if !r.RefresherOn.IsZero() {
				last = "last " + r.RefresherOn.UK()
			}
			f.warns("CMD-2", fmt.Sprintf("%s has an arrest role but their refresher is over a year old (%s)", r.Label(), last), "")
		}
	}
}
