package register

import (
	"context"
	"errors"
	"slices"

	"oic/domain"
)

// seen is whether the officer signed in sees a visit's row (who sees
// what, issue 17): their team's, or their region's for a duty CIO or a
// records clerk, decided from the reference alone, as the register reads
// no record; and the visits of other teams they take part in (on the
// roster, the OIC, the authoriser, the assurer). Those are listed from
// the store's officers' index once (PartIn); after, a row changed since
// says itself who takes part (Summary.Parts), so an officer put on
// another team's roster finds it listed as the save arrives, and one
// taken off no longer does.
// It is nil where the officer sees every visit, so the register keeps its
// quick ways for them (rows going straight into the view as they load).
func (r *Screen) seen() func(domain.Summary) bool {
	if r.s.Config.SeesAll(r.s.Me) {
		return nil
	}
	team, me := r.s.Config.RefsSeen(r.s.Me), r.s.Me.StaffNo
	// A prefix of a few keys: no record is read. Should it fail, the
	// register lists the team's visits, and the others open by
	// reference as before.
	refs, _ := r.s.Store.PartIn(context.Background(), me)
	part := make(map[domain.Ref]bool, len(refs))
	var teams []domain.TeamCode
	odd := false // a reference not of the usual form: every row looked up
	for _, ref := range refs {
		part[ref] = true
		t, _, _, ok := ref.Parts()
		odd = odd || !ok
		if ok && !slices.Contains(teams, t) {
			teams = append(teams, t)
		}
	}
	// Only a reference of a team where the officer takes part in some
	// visit is looked up: most rows are of other teams, and a lookup each
	// was a third of the first filtering at sign-in.
	ofTeams := domain.RefsOf(teams)
	ofPart := func(ref domain.Ref) bool { return odd || ofTeams(ref) }
	return func(sum domain.Summary) bool {
		switch {
		case team(sum.Ref):
			return true
		case sum.Parts != "": // from the record, as changed since
			return sum.TakesPart(me)
		}
		return ofPart(sum.Ref) && part[sum.Ref]
	}
}

// refusal is err as the status line shows it: a refusal for want of a
// role in the line's width (the officer is named in the header).
func refusal(err error) string {
	var re *domain.RoleError
	if errors.As(err, &re) {
		return re.Short()
	}
	return err.Error()
}
