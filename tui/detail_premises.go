package tui

import (
	"context"
	"fmt"

	"oic/domain"
	"oic/tui/common"
)

// premisesCount is how many other visits to a visit's premises are
// recorded, planned before it and after it.
type premisesCount struct{ earlier, later int }

func (c premisesCount) others() int { return c.earlier + c.later }

// countAtPremises counts the other visits to v's premises. It runs in the
// visit's load command; if the read fails the count is left at nothing,
// since the visit itself loaded and the line is only a pointer.
func countAtPremises(ctx context.Context, st domain.Visits, v *domain.Visit) premisesCount {
	var c premisesCount
	vs, err := st.VisitsAtPremises(ctx, v.Basics.Premises)
	if err != nil {
		return c
	}
	for _, o := range vs {
		switch {
		case o.Ref == v.Ref:
		case o.Basics.PlannedStart.Before(v.Basics.PlannedStart):
			c.earlier++
		default:
			c.later++
		}
	}
	return c
}

// premisesLine is the overview's pointer to the premises history, or ""
// when no other visit to the premises is recorded (REC-5).
func (d *detail) premisesLine(w int) string {
	t := d.s.Theme
	c := d.premises
	var s string
	switch {
	case c.earlier > 0 && c.later > 0:
		s = fmt.Sprintf("%d earlier and %d later %s to these premises — P to see them (REC-5)", c.earlier, c.later, visitWord(c.others()))
	case c.earlier == 1:
		s = "1 earlier visit to these premises — P to see what it learned (REC-5)"
	case c.earlier > 1:
		s = fmt.Sprintf("%s to these premises — P to see what they learned (REC-5)", common.Plural(c.earlier, "earlier visit"))
	case c.later == 1:
		s = "1 later visit to these premises — P to see it (REC-5)"
	case c.later > 1:
		s = fmt.Sprintf("%s to these premises — P to see them (REC-5)", common.Plural(c.later, "later visit"))
	default:
		return ""
	}
	return t.Accent.Render(common.Wrap(s, w)) + "\n\n"
}

func visitWord(n int) string {
	if n == 1 {
		return "visit"
	}
	return "visits"
}
