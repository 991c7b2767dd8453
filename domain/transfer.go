package domain

import "fmt"

// Laptops that go offline (issue 17, section 5): an OIC plans on a
// laptop and pushes its visits to the team server (oic push), and pulls
// down the visits they have work on (oic pull). Who may send which visit
// is decided here; that each visit's trail extends the one held is the
// store's and the import's.

// MayPush says whether o may push v to the team server: o is its OIC or
// on its roster, in the version pushed and, where the server holds it
// already (held, else nil), in that version too, so that nobody takes
// over another team's visit by pushing it with themselves added. An
// officer off its team, who pulled it to authorise or assure it
// (Config.Pulls), may push it back with their own sign-off and nothing
// else (signOffOnly); added are the audit entries v has beyond held's.
func (c Config) MayPush(o Officer, v, held *Visit, added []AuditEntry) error {
	for _, x := range []*Visit{v, held} {
		if x == nil {
			continue
		}
		if _, on := x.Rostered(o.StaffNo); on || x.Basics.OIC == o.StaffNo || x.OICStaffNo() == o.StaffNo {
			continue
		}
		if held != nil && c.signOffOnly(o, v, held, added) {
			return nil
		}
		which := "the version pushed"
		if x == held {
			which = "the server's version"
		}
		return fmt.Errorf("%s: %s is neither its OIC nor on its roster in %s; a visit is pushed by its OIC or an officer on its team, or by its authoriser or assurer with their own authorisation or assurance and no other change (IDN-1, EPA-2, ASR-2)", v.Ref, o.Label(), which)
	}
	return nil
}

// Pulls says whether oic pull brings v down to o's laptop: o takes part
// in it (its OIC, on its roster, its authoriser or assurer), or it waits
// for o's authorisation (EPA-2: rated, not yet authorised, and o's grade
// may authorise its rating) or for o's first-line assurance (ASR-1,
// ASR-2: closed, not yet assured, and o may assure it), in a team o sees.
// A visit cancelled or stood down, or assured with its feedback
// acknowledged, has no more work to do and stays on the server.
func (c Config) Pulls(o Officer, v *Visit) bool {
	switch {
	case v.State == Cancelled || v.State == StoodDown:
		return false
	case v.State == Assured && !v.Assurance.Acknowledged.At.IsZero():
		return false
	case takesPart(o.StaffNo, v):
		return true
	case !c.SeesTeam(o, v.Basics.Team):
		return false
	}
	switch v.State {
	case Tasked, Planning:
		return v.Plan.EPA.Rating != "" && v.Plan.Auth == nil && c.MayAuthorise(o.Grade, v.Plan.EPA.Rating)
	case Closed, FollowUp:
		return !v.Assurance.Done() && c.MayAssure(v, o) == nil
	}
	return false
}

// PullCandidate says, from a visit's list entry alone, whether Pulls
// could take it: o takes part in it (part: the store's officers' index
// says so), or it is of a team o sees and in a state in which it may
// wait for their authorisation or assurance. A server reads the records
// of these only, not of every visit it holds.
func (c Config) PullCandidate(o Officer, sum Summary, part bool) bool {
	if part {
		return true
	}
	switch sum.State {
	case Tasked, Planning, Closed, FollowUp:
		return c.SeesTeam(o, sum.Team)
	}
	return false
}
