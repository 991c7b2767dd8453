package measures

import (
	"fmt"

	"oic/domain"
	"oic/tui/common"
)

// figure is one figure the charts can show (m moves to the next): a
// count, or a rate of record quality as a percentage.
type figure struct {
	name  string
	value func(g *domain.MeasuresGroup) (v float64, ok bool)
	rate  bool
}

func count(f func(g *domain.MeasuresGroup) int) func(g *domain.MeasuresGroup) (float64, bool) {
	return func(g *domain.MeasuresGroup) (float64, bool) { return float64(f(g)), true }
}

var figures = func() []figure {
	out := []figure{
		{name: "visits", value: count(func(g *domain.MeasuresGroup) int { return g.Visits })},
		{name: "operations (deployed)", value: count(func(g *domain.MeasuresGroup) int { return g.Operations })},
		{name: "people encountered", value: count(func(g *domain.MeasuresGroup) int { return g.Encountered })},
		{name: "arrests", value: count((*domain.MeasuresGroup).Arrests)},
		{name: "people working illegally", value: count(func(g *domain.MeasuresGroup) int { return g.IllegalWorkers })},
		{name: "civil penalty referral notices", value: count((*domain.MeasuresGroup).CPRNs)},
		{name: "no action notices", value: count(func(g *domain.MeasuresGroup) int { return g.NoAction })},
		{name: "safeguarding steps", value: count((*domain.MeasuresGroup).SafeguardingReferrals)},
		{name: "critical incidents", value: count(func(g *domain.MeasuresGroup) int { return g.Incidents })},
		{name: "joint operations (JNT-1), %", rate: true, value: func(g *domain.MeasuresGroup) (float64, bool) {
			r, ok := g.JointShare()
			return 100 * r, ok
		}},
	}
	for q := range domain.NumQualities {
		info := domain.Qualities[q]
		out = append(out, figure{name: info.Label + " (" + info.Rule + "), %", rate: true,
			value: func(g *domain.MeasuresGroup) (float64, bool) {
				r, ok := g.Rate(q)
				return 100 * r, ok
			}})
	}
	return out
}()

// text is v as the figure shows it: a count as it is, a rate to a
// whole percent; "-" where a rate applies to no visit.
func (f figure) text(v float64, ok bool) string {
	switch {
	case !ok:
		return "-"
	case f.rate:
		return fmt.Sprintf("%.0f%%", v)
	}
	return common.Commas(int(v))
}
