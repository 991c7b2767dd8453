// Package demo makes realistic, invented sample data: ICE teams with their
// officers, and visits at every stage of their lifecycle, each built through
// the domain's own constructors, planning forms, authorisation, roster,
// briefing, deployment, live record, debrief, closure, follow-ups and
// transitions, so that its audit trail is the one a real visit would have.
// What an officer records in one sitting (a run of checks; the EPA with
// PLAN, community impact, power of entry, the recce and the ONF; the team;
// the live entries they write up at once; the debrief sections written
// together) is kept as one audit entry holding every field each method
// reported, as one save of a form would be; what each officer does for
// themselves, such as accepting the briefing, is their own entry. The same
// Options always give the same records, byte for byte, and records are
// produced one at a time so that 100,000 visits never sit in memory
// together.
package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"oic/domain"
)

// Options choose how much data to make and from which seed. Now anchors
// every date: visits reach back from it and forward up to four weeks, and
// no recorded action is later than it. Its location is the officers' zone.
type Options struct {
	Visits int
	Seed   uint64
	Now    time.Time
}

// Record is one item of demo data: an officer, or a visit with the audit
// changes that built it, oldest first. Generate sends every officer before
// the first visit, so a visit's officers are always known when it arrives.
type Record struct {
	Officer *domain.Officer
	Visit   *domain.Visit
	Changes []domain.Change
}

// MaxVisits bounds one run: a million visits is sixty years of national
// illegal-working visits, far past any benchmark's need.
const MaxVisits = 1_000_000

// Volumes (DOMAIN.md "Volumes"): about 6,300 illegal-working visits a year
// nationally, 17 a day. Past visits are spaced back from Now at that rate,
// so 100,000 reach back about sixteen years; a run so large that it would
// reach back more than maxYearsBack packs them closer instead.
const (
	visitsPerDay = 17
	maxYearsBack = 20
	horizonDays  = 28 // future visits are planned up to four weeks ahead

	revisitShare   = 0.10 // returns to premises visited before
	cancelShare    = 0.05
	standDownShare = 0.03
	pendingShare   = 0.12 // of visits more than a week ahead: tasking not yet decided
)

// Generate makes opt.Visits visits and the officers who run them, calling
// emit with each record in order. It stops at the first error emit returns.
func Generate(opt Options, emit func(Record) error) error {
	if opt.Visits < 0 || opt.Visits > MaxVisits {
		return fmt.Errorf("demo: %d visits: choose from 0 to %d", opt.Visits, MaxVisits)
	}
	if opt.Now.IsZero() {
		return errors.New("demo: Options.Now is not set")
	}
	g, err := newGenerator(opt)
	if err != nil {
		return err
	}
	for _, p := range g.pools {
		for _, o := range p.officers {
			// A copy: what the receiver does with it cannot change the
			// officers later visits are built from.
			if err := emit(Record{Officer: &o}); err != nil {
				return err
			}
		}
	}
	for i := range opt.Visits {
		rec, err := g.visit(i)
		if err != nil {
			return err
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// ringSize is how many recent premises per team a revisit may return to:
// about seven months of a team's visits.
const ringSize = 256

type seqKey struct {
	team domain.TeamCode
	year int
}

type generator struct {
	r   *rand.Rand
	now time.Time // Options.Now on a whole minute: the latest any action is recorded

	pools    []*pool
	teamPick weighted
	byNo     map[domain.StaffNo]*domain.Officer
	lookup   domain.OfficerLookup
	g7s      []*domain.Officer // every Grade 7, to authorise red visits (EPA-2)
	cfg      domain.Config     // the default grades and limits the demo is built for
	form     map[string]string // a planning form, reused from one record to the next

	past, future int           // how many visits fall before and after now
	spacing      time.Duration // between consecutive past visits

	seqs    map[seqKey]uint32 // last reference sequence per team and year
	intelNo map[int]int       // last intelligence number per year
	recent  [][]premises      // per team, the last ringSize premises visited
	ringPos []int
	buf     []int // scratch for drawing a roster
	brief   brief // the briefing of the visit being run, reused
}

func newGenerator(opt Options) (*generator, error) {
	now := opt.Now.Truncate(time.Minute)
	cfg := domain.DefaultConfig()
	pools, err := buildPools(newRand(opt.Seed, 1), cfg, now)
	if err != nil {
		return nil, err
	}
	g := &generator{
		r: newRand(opt.Seed, 2), now: now, pools: pools, cfg: cfg, form: map[string]string{},
		byNo: map[domain.StaffNo]*domain.Officer{}, seqs: map[seqKey]uint32{}, intelNo: map[int]int{},
		recent: make([][]premises, len(pools)), ringPos: make([]int, len(pools)),
	}
	ws := make([]int, len(pools))
	for i, p := range pools {
		ws[i] = p.weight
		for j := range p.officers {
			g.byNo[p.officers[j].StaffNo] = &p.officers[j]
			if p.officers[j].Grade == "G7" {
				g.g7s = append(g.g7s, &p.officers[j])
			}
		}
	}
	g.teamPick = newWeighted(ws...)
	g.lookup = func(sn domain.StaffNo) (domain.Officer, bool) {
		o, ok := g.byNo[sn]
		if !ok {
			return domain.Officer{}, false
		}
		return *o, true
	}

	// A fifth of a small run is still to come, so a new user sees work
	// ahead as well as history; a large run keeps to four weeks of
	// national volume ahead, as a real register would hold.
	g.future = min(opt.Visits/5, horizonDays*visitsPerDay)
	g.past = opt.Visits - g.future
	g.spacing = 24 * time.Hour / visitsPerDay
	if span := time.Duration(maxYearsBack*365) * 24 * time.Hour; g.past > 0 && time.Duration(g.past)*g.spacing > span {
		g.spacing = span / time.Duration(g.past)
	}
	return g, nil
}

// plannedStart places visit i: past visits evenly back from now, the rest
// spread over the coming four weeks; most on weekdays, at the sector's hours.
func (g *generator) plannedStart(i int, s *sector) time.Time {
	r := g.r
	var day time.Time // noon of the visit's day, clear of clock changes
	if i < g.past {
		day = at(g.now.Add(-time.Duration(g.past-i)*g.spacing), 12, 0)
	} else {
		j := i - g.past
		day = addDays(at(g.now, 12, 0), (j*(horizonDays+1)+r.IntN(horizonDays+1))/g.future)
	}
	move := 0.85 // most workplaces are visited on weekdays
	if s.weekend {
		move = 0.4
	}
	switch day.Weekday() {
	case time.Saturday:
		if chance(r, move) {
			day = addDays(day, -1)
		}
	case time.Sunday:
		if chance(r, move) {
			if day = addDays(day, 1); day.Sub(g.now) > horizonDays*24*time.Hour {
				day = addDays(day, -3) // stay within the horizon: Friday instead
			}
		}
	}
	hh, mm := s.startTime(r)
	return at(day, hh, mm)
}

// nextRef allocates the next reference for a visit created at created, as
// the store would: per team, per year, from 1.
func (g *generator) nextRef(team domain.TeamCode, created time.Time) domain.Ref {
	k := seqKey{team, created.Year()}
	g.seqs[k]++
	return domain.FormatRef(team, k.year, g.seqs[k])
}

// intelRef numbers intelligence per year of receipt, with gaps for the
// intelligence that never became a visit.
func (g *generator) intelRef(received time.Time) string {
	y := received.Year()
	if g.intelNo[y] == 0 {
		g.intelNo[y] = between(g.r, 1000, 9000)
	}
	g.intelNo[y] += between(g.r, 1, 25)
	return fmt.Sprintf("INT-%d-%06d", y, g.intelNo[y])
}

// remember keeps premises for a later revisit.
func (g *generator) remember(team int, p premises) {
	if len(g.recent[team]) < ringSize {
		g.recent[team] = append(g.recent[team], p)
		return
	}
	g.recent[team][g.ringPos[team]] = p
	g.ringPos[team] = (g.ringPos[team] + 1) % ringSize
}
