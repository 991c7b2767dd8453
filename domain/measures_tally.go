package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Tallying visits' measures into groups (MOE-1): by team, by month or by
// quarter of their planned start, over a period and a team.

// MeasuresBy is how visits are grouped: GroupAll puts every visit in one
// group.
type MeasuresBy string

const (
	GroupAll     MeasuresBy = ""
	GroupTeam    MeasuresBy = "team"
	GroupMonth   MeasuresBy = "month"
	GroupQuarter MeasuresBy = "quarter"
)

// MeasuresGroupings are the groupings a user may ask for, by name.
var MeasuresGroupings = []MeasuresBy{GroupTeam, GroupMonth, GroupQuarter}

// MeasuresFilter chooses the visits counted: planned to start on From to
// To (UK dates, inclusive; zero does not filter), of Team (empty: all).
type MeasuresFilter struct {
	From, To Date
	Team     TeamCode
}

// MeasuresGroup is the figures of one group of visits.
type MeasuresGroup struct {
	// Key names the group: "all", a team code, a month ("2026-03") or a
	// quarter ("2026-Q1").
	Key    string
	Visits int
	// States and Sectors count visits, in the order of States and
	// Sectors; a sector not in the list (or none) is counted last.
	States  [len10]int
	Sectors [len15 + 1]int

	Encountered  int
	Outcomes     [numOutcomes]int
	Safeguarding [numSafeguarding]int
	Referrals    [numReferrals]int
	Incidents    int
	// Employer decisions (OUT-1), custody (CUS-1), interviews and
	// biometrics.
	IllegalWorkers, CPRN, NoAction, WorkersCovered  int
	InCustody, Interpreters, Interviews, Biometrics int
	// Joint counts joint operations (JNT-1), Agencies the visits each
	// partner agency was present at, in the order of Agencies.
	Joint    int
	Agencies [numAgencies]int
	// Operations are the visits deployed: the denominator of the
	// planning and briefing rates, and of joint operations.
	Operations int
	// Applies and Met count, for each Quality, the visits it applies to
	// and those that meet it.
	Applies, Met [NumQualities]int
}

const (
	len10 = 10 // len(States)
	len15 = 15 // len(Sectors)
)

func init() {
	if len(States) != len10 || len(Sectors) != len15 {
		panic("domain: MeasuresGroup's arrays no longer match States and Sectors")
	}
}

// Add counts m in g, judging its flags under cfg.
func (g *MeasuresGroup) Add(cfg Config, m VisitMeasures) {
	g.Visits++
	if i := slices.Index(States, m.State); i >= 0 {
		g.States[i]++
	}
	if i := slices.Index(Sectors, m.Sector); i >= 0 {
		g.Sectors[i]++
	} else {
		g.Sectors[len15]++
	}
	g.Encountered += m.Encountered
	for i, n := range m.Outcomes {
		g.Outcomes[i] += n
	}
	for i, n := range m.Safeguarding {
		g.Safeguarding[i] += n
	}
	for i, n := range m.Referrals {
		g.Referrals[i] += n
	}
	g.Incidents += m.Incidents
	g.IllegalWorkers += m.IllegalWorkers
	g.CPRN += m.CPRNs
	g.NoAction += m.NoAction
	g.WorkersCovered += m.WorkersCovered
	g.InCustody += m.InCustody
	g.Interpreters += m.Interpreters
	g.Interviews += m.Interviews
	g.Biometrics += m.Biometrics
	if m.Joint() {
		g.Joint++
	}
	for i := range numAgencies {
		if m.Agencies&(1<<i) != 0 {
			g.Agencies[i]++
		}
	}
	if m.Deployed {
		g.Operations++
	}
	for q := range NumQualities {
		applies, met := m.Quality(cfg, q)
		if applies {
			g.Applies[q]++
			if met {
				g.Met[q]++
			}
		}
	}
}

// Merge adds the figures of o to g; g keeps its key.
func (g *MeasuresGroup) Merge(o *MeasuresGroup) {
	g.Visits += o.Visits
	addAll(g.States[:], o.States[:])
	addAll(g.Sectors[:], o.Sectors[:])
	g.Encountered += o.Encountered
	addAll(g.Outcomes[:], o.Outcomes[:])
	addAll(g.Safeguarding[:], o.Safeguarding[:])
	addAll(g.Referrals[:], o.Referrals[:])
	g.Incidents += o.Incidents
	g.IllegalWorkers += o.IllegalWorkers
	g.CPRN += o.CPRN
	g.NoAction += o.NoAction
	g.WorkersCovered += o.WorkersCovered
	g.InCustody += o.InCustody
	g.Interpreters += o.Interpreters
	g.Interviews += o.Interviews
	g.Biometrics += o.Biometrics
	g.Joint += o.Joint
	addAll(g.Agencies[:], o.Agencies[:])
	g.Operations += o.Operations
	addAll(g.Applies[:], o.Applies[:])
	addAll(g.Met[:], o.Met[:])
}

func addAll(dst, src []int) {
	for i, n := range src {
		dst[i] += n
	}
}

// Outcome counts people encountered with outcome o.
func (g *MeasuresGroup) Outcome(o Outcome) int {
	if i := slices.Index(Outcomes, o); i >= 0 {
		return g.Outcomes[i]
	}
	return 0
}

// Arrests counts people arrested.
func (g *MeasuresGroup) Arrests() int { return g.Outcome(OutcomeArrested) }

// Referral counts referrals of type k (one of ReferralTypes).
func (g *MeasuresGroup) Referral(k string) int {
	if i := slices.Index(ReferralTypes, k); i >= 0 {
		return g.Referrals[i]
	}
	return 0
}

// CPRNs counts civil penalty referral notices (OUT-1).
func (g *MeasuresGroup) CPRNs() int { return g.CPRN }

// JointShare is the share of operations (visits deployed) that were
// joint operations (JNT-1; 15% nationally, ICIBI 6.57); ok is false with
// no operation.
func (g *MeasuresGroup) JointShare() (share float64, ok bool) {
	if g.Operations == 0 {
		return 0, false
	}
	return float64(g.Joint) / float64(g.Operations), true
}

// SafeguardingReferrals counts every safeguarding step recorded
// (vulnerability identified, NRM, social services, section 55).
func (g *MeasuresGroup) SafeguardingReferrals() int {
	n := 0
	for _, c := range g.Safeguarding {
		n += c
	}
	return n
}

// Rate is the share of the visits q applies to that meet it; ok is false
// when it applies to none.
func (g *MeasuresGroup) Rate(q Quality) (rate float64, ok bool) {
	if g.Applies[q] == 0 {
		return 0, false
	}
	return float64(g.Met[q]) / float64(g.Applies[q]), true
}

// Tally counts visits' measures into groups.
type Tally struct {
	cfg    Config
	filter MeasuresFilter
	by     MeasuresBy
	groups map[string]*MeasuresGroup
	// Total is every visit counted, in one group.
	Total MeasuresGroup
}

// NewTally starts a tally of the visits f chooses, grouped by.
func (cfg Config) NewTally(f MeasuresFilter, by MeasuresBy) *Tally {
	return &Tally{cfg: cfg, filter: f, by: by, groups: map[string]*MeasuresGroup{}, Total: MeasuresGroup{Key: "all"}}
}

// Add counts m, if the filter chooses it.
func (t *Tally) Add(m VisitMeasures) {
	if !t.cfg.Chooses(t.filter, m) {
		return
	}
	t.Total.Add(t.cfg, m)
	if t.by == GroupAll {
		return
	}
	key := t.cfg.GroupKey(t.by, m)
	g := t.groups[key]
	if g == nil {
		g = &MeasuresGroup{Key: key}
		t.groups[key] = g
	}
	g.Add(t.cfg, m)
}

// Groups are the groups in order of their keys (teams by code, periods
// oldest first); grouped by nothing, the total alone.
func (t *Tally) Groups() []MeasuresGroup {
	if t.by == GroupAll {
		return []MeasuresGroup{t.Total}
	}
	out := make([]MeasuresGroup, 0, len(t.groups))
	for _, g := range t.groups {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b MeasuresGroup) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Chooses says whether f chooses the visit m: its planned start's UK
// date within the period, its team the one asked for.
func (cfg Config) Chooses(f MeasuresFilter, m VisitMeasures) bool {
	if f.Team != "" && m.Team != f.Team {
		return false
	}
	if f.From.IsZero() && f.To.IsZero() {
		return true
	}
	d := cfg.LocalDate(m.Start)
	return (f.From.IsZero() || !d.Before(f.From)) && (f.To.IsZero() || !d.After(f.To))
}

// GroupKey is the key of the group m falls in, grouped by.
func (cfg Config) GroupKey(by MeasuresBy, m VisitMeasures) string {
	d := cfg.LocalDate(m.Start)
	switch by {
	case GroupTeam:
		return string(m.Team)
	case GroupMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case GroupQuarter:
		return fmt.Sprintf("%04d-Q%d", d.Year, (int(d.Month)+2)/3)
	}
	return "all"
}

// ParseMeasuresBy reads a grouping's name.
func ParseMeasuresBy(s string) (MeasuresBy, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "all" {
		return GroupAll, nil
	}
	for _, b := range MeasuresGroupings {
		if string(b) == s {
			return b, nil
		}
	}
	return "", fmt.Errorf("%q is not a grouping: choose team, month or quarter", s)
}
