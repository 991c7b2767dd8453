package register

import (
	"errors"

	"oic/domain"
)

// seen is whether the officer signed in sees a visit's row (who sees
// what, issue 17): their team's, or their region's for a duty CIO or a
// records clerk, decided from the reference alone, as the register reads
// no record. A visit of another team they take part in is opened by its
// reference (the visit screen decides from the record).
// It is nil where the officer sees every visit, so the register keeps its
// quick ways for them (rows going straight into the view as they load).
func (r *Screen) seen() func(domain.Ref) bool {
	if r.s.Config.SeesAll(r.s.Me) {
		return nil
	}
	return r.s.Config.RefsSeen(r.s.Me)
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
