package tab

import (
	"context"

	"oic/domain"
)

// PremisesCount is how many other visits to a visit's premises are
// recorded, planned before it and after it (REC-5).
type PremisesCount struct{ Earlier, Later int }

// Others is every other visit to the premises.
func (c PremisesCount) Others() int { return c.Earlier + c.Later }

// CountAtPremises Counts the other visits to v's premises. It runs in the
// visit's load command, from the premises' history alone, so however
// often the premises were visited no other record is read; if the read
// fails the count is left at nothing, since the visit itself loaded and
// the count is only a pointer.
func CountAtPremises(ctx context.Context, st domain.Visits, v *domain.Visit) PremisesCount {
	var c PremisesCount
	hist, err := st.PremisesHistory(ctx, v.Basics.Premises)
	if err != nil {
		return c
	}
	for _, o := range hist {
		switch {
		case o.Ref == v.Ref:
		case o.PlannedStart.Before(v.Basics.PlannedStart):
			c.Earlier++
		default:
			c.Later++
		}
	}
	return c
}
