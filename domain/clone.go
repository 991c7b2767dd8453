package domain

import "slices"

// Clone returns a deep copy of the visit, so a screen can try a change on a
// copy and keep showing the stored record until the save succeeds.
func (v *Visit) Clone() *Visit {
	c := *v
	c.Subjects = slices.Clone(v.Subjects)
	c.Roster = slices.Clone(v.Roster)
	c.History = slices.Clone(v.History)
	c.Plan.Checks = slices.Clone(v.Plan.Checks)
	c.Plan.EPA.Risks = slices.Clone(v.Plan.EPA.Risks)
	c.Plan.Voided = slices.Clone(v.Plan.Voided)
	c.Plan.ONF.Incomplete = slices.Clone(v.Plan.ONF.Incomplete)
	if v.Plan.ONF.Phone != nil {
		pc := *v.Plan.ONF.Phone
		c.Plan.ONF.Phone = &pc
	}
	c.Plan.Recces = slices.Clone(v.Plan.Recces)
	for i := range c.Plan.Recces {
		c.Plan.Recces[i].Sources = slices.Clone(v.Plan.Recces[i].Sources)
	}
	c.Timeline = slices.Clone(v.Timeline)
	c.Briefing.Versions = slices.Clone(v.Briefing.Versions)
	c.Briefing.Acceptances = slices.Clone(v.Briefing.Acceptances)
	c.Briefing.Overrides = slices.Clone(v.Briefing.Overrides)
	if v.Briefing.Verbal != nil {
		vb := *v.Briefing.Verbal
		vb.Questions = slices.Clone(vb.Questions)
		c.Briefing.Verbal = &vb
	}
	if v.Briefing.Confirm != nil {
		cf := *v.Briefing.Confirm
		c.Briefing.Confirm = &cf
	}
	c.Debrief.Subjects = slices.Clone(v.Debrief.Subjects)
	c.Debrief.Sanctions = slices.Clone(v.Debrief.Sanctions)
	c.Debrief.Problems = slices.Clone(v.Debrief.Problems)
	c.Debrief.Team = slices.Clone(v.Debrief.Team)
	c.FollowUps = slices.Clone(v.FollowUps)
	c.Assurance.Items = slices.Clone(v.Assurance.Items)
	if v.Plan.Auth != nil {
		a := *v.Plan.Auth
		c.Plan.Auth = &a
	}
	return &c
}
