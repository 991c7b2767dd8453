package register

import (
	"errors"

	"oic/domain"
)

// sees is whether the officer signed in sees a visit's row (who sees
// what, issue 17): their team's, or their region's for a duty CIO or a
// records clerk, decided from the reference alone, as the register reads
// no record. A visit of another team they take part in is opened by its
// reference (the visit screen decides from the record).
func (r *Screen) sees() func(domain.Ref) bool {
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
