package demo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// offenceWeights follow domain.Offences: overstayers, illegal entrants and
// breaches of conditions make most of the suspected offences.
var offenceWeights = newWeighted(25, 30, 25, 8, 4, 6, 2)

// subjectCounts: one named subject is usual, three rare.
var subjectCounts = newWeighted(0, 60, 27, 13)

// authNotes: an authorising officer may add a note, or not.
var authNotes = []string{"Plan and risk assessment reviewed; authorised to proceed.", "Authorised; ONF sent and recce recorded.", ""}

// stepKind is what a step does.
type stepKind uint8

const (
	stepState    stepKind = iota // Authorise, or a Transition to step.to
	stepRoster                   // the OIC rosters the team (CMD-1)
	stepIssue                    // the OIC issues the briefing; the officers accept it (BRF-1)
	stepSwap                     // an officer replaced after the issue; the order is re-issued (BRF-2)
	stepVerbal                   // the verbal briefing on the day (BRF-3, BRF-5)
	stepConfirm                  // the OIC's confirmation before deployment (BRF-4)
	stepOverride                 // the OIC overrides a missing acceptance (BRF-1)
	stepDeploy                   // Deploy, and the live record after it
)

// step is one planned action of the OIC or a manager: a transition, or a
// step of the roster and briefing, at a time, by an officer. For the
// authorisation, by is the authorising officer and actor whoever recorded
// it (the OIC, when it was given by phone); otherwise actor is nil.
type step struct {
	kind   stepKind
	to     domain.State
	at     time.Time
	by     *domain.Officer
	actor  *domain.Officer
	reason string
	// fold: recorded in the same sitting as the step before it, by the
	// same officer at the same minute, so one audit entry holds both.
	fold bool
	// short: a roster with a commander not yet named (CMD-1).
	short bool
}

// visit makes visit i. It draws the premises, the timeline and the people,
// then builds the visit through the domain: ParseBasics, NewVisit,
// AddSubject, the planning records (planning.go), Authorise and one
// Transition per other step, keeping every Change in time order.
func (g *generator) visit(i int) (Record, error) {
	r := g.r
	ti := g.teamPick.pick(r)
	p := g.pools[ti]
	var prem premises
	revisit := len(g.recent[ti]) > 0 && chance(r, revisitShare)
	if revisit {
		prem = pick(r, g.recent[ti])
	} else {
		prem = newPremises(r, regionOf(r, p.team.Code))
	}
	g.remember(ti, prem)
	sec := &sectors[prem.sector]
	start := g.plannedStart(i, sec)
	// The last visit before now is on the ground as the demo loads, when
	// the hour allows: deployed, its officers on site (liveNow).
	live := false
	if i == g.past-1 {
		start, live = g.liveNow(start)
	}
	future := start.After(g.now)
	pending := future && start.Sub(g.now) > 7*24*time.Hour && chance(r, pendingShare)

	// Intelligence arrives 3-120 days before the visit, most often a few
	// weeks before, and never after today. Before 08:00 nothing has arrived
	// today yet, so a decision can still be dated in office hours.
	k := 3 + int(117*math.Pow(r.Float64(), 2))
	recv := addDays(at(start, 12, 0), -k)
	latest := at(g.now, 12, 0)
	if g.now.Hour() < 8 {
		latest = addDays(latest, -1)
	}
	if l := addDays(at(start, 12, 0), -3); l.Before(latest) {
		latest = l
	}
	if recv.After(latest) {
		recv = addDays(latest, -between(r, 0, 7))
	}

	priority := priorityWeights.pick(r)
	oic := g.pickOIC(p, start)
	in := domain.BasicsInput{
		Team: string(p.team.Code), PremName: prem.name, PremAddress: prem.address, Postcode: string(prem.postcode),
		Sector: sec.name, IntelRef: g.intelRef(recv), IntelReceived: domain.DateOf(recv).UK(),
		Priority: strconv.Itoa(priority), IntelSummary: summary(r, priority, revisit, prem),
		PlannedStart: start.Format(domain.DateTimeLayout), OIC: string(oic.StaffNo),
	}

	// The tasking decision comes within three weeks of receipt and at least
	// a day and a half before the visit; the visit is opened straight after.
	var created time.Time
	opened := at(recv, 8, 0)
	if pending {
		created = workInstant(r, opened, g.now)
	} else {
		hi := minTime(minTime(at(addDays(recv, 21), 18, 0), start.Add(-36*time.Hour)), g.now)
		decided := workInstant(r, opened, hi)
		created = instant(r, decided, minTime(minTime(decided.Add(90*time.Minute), start.Add(-time.Hour)), g.now))
		in.Decision, in.Forum = string(domain.Adopted), forum(r, priority)
		in.DecidedAt, in.Rationale = decided.Format(domain.DateTimeLayout), rationale(r, priority, revisit)
	}
	b, err := domain.ParseBasics(in, g.lookup, created)
	if err != nil {
		return Record{}, fmt.Errorf("demo visit %d basics: %w", i, err)
	}
	creator := oic
	if chance(r, 0.2) {
		creator = g.manager(p, oic, false)
	}
	v, c, err := domain.NewVisit(b, *creator, created)
	if err != nil {
		return Record{}, fmt.Errorf("demo visit %d: %w", i, err)
	}
	// The reference is the store's to issue, in the order visits are
	// created; it is set now because the briefing's order names it.
	v.Ref = g.nextRef(p.team.Code, created)
	changes := make([]domain.Change, 1, 40)
	changes[0] = c

	// Subjects are added as the intelligence is developed, just after the
	// visit is opened. Priority 6 means no named subject.
	last := created
	if priority != 6 {
		for range subjectCounts.pick(r) {
			last = minTime(last.Add(time.Duration(between(r, 2, 20))*time.Minute), g.now)
			s, err := domain.ParseSubject(g.subjectInput(start), last)
			if err != nil {
				return Record{}, fmt.Errorf("demo visit %d subject: %w", i, err)
			}
			c, err := v.AddSubject(s, *oic, last)
			if err != nil {
				return Record{}, fmt.Errorf("demo visit %d subject: %w", i, err)
			}
			changes = append(changes, c)
		}
	}

	if !pending {
		d := &draft{p: p, oic: oic, prem: prem, priority: priority, revisit: revisit, start: start, last: last, live: live}
		d.rating, d.power = g.rating(priority), g.power(sec.name)
		steps, authAt := g.steps(d)
		acts := g.planning(v, d, steps, authAt)
		if changes, err = g.run(v, d, acts, steps, changes); err != nil {
			return Record{}, fmt.Errorf("demo visit %d: %w", i, err)
		}
	}

	v.Version = uint64(len(changes))
	return Record{Visit: v, Changes: changes}, nil
}

// run applies the planning acts, the steps and what the steps set going
// (acceptances, re-issues, the live record: the pending events of brief)
// in time order. At the same minute an act goes first, so a check made
// just before the authorisation is on the record when Authorise looks,
// then a pending event, then a step. The acts of one sitting make one
// audit entry (see sitting), as do the live entries one officer writes up
// at once.
func (g *generator) run(v *domain.Visit, d *draft, acts []act, steps []step, changes []domain.Change) ([]domain.Change, error) {
	b := g.newBrief(steps, d)
	for i, j := 0, 0; i < len(acts) || j < len(steps) || len(b.pend) > 0; {
		var next time.Time
		if j < len(steps) {
			next = steps[j].at
		}
		pend := len(b.pend) > 0 && (j == len(steps) || !b.pend[0].at.After(next))
		if i < len(acts) && (!pend || !acts[i].at.After(b.pend[0].at)) && (j == len(steps) || !acts[i].at.After(next)) {
			n := 1
			for i+n < len(acts) && acts[i+n].sitting == acts[i].sitting {
				n++
			}
			c, err := g.sitting(v, d, acts[i:i+n])
			if err != nil {
				return nil, err
			}
			changes = append(changes, c)
			i += n
			// A planning record that changes the order after it was
			// issued (the ONF's police markers feed its risks) voids what
			// was accepted: the OIC re-issues it (BRF-2).
			b.afterAct(v, acts[i-1])
			continue
		}
		if pend {
			e := b.pop()
			c, ok, err := g.event(v, b, &e)
			if err != nil {
				return nil, err
			}
			if ok {
				changes = append(changes, c)
			}
			continue
		}
		st := &steps[j]
		j++
		if st.to == domain.FollowUp {
			if c, ok, err := feedback(v, st); err != nil {
				return nil, err
			} else if ok {
				changes = append(changes, c)
			}
		}
		c, err := g.step(v, d, b, st, steps[j:])
		if err != nil {
			return nil, err
		}
		if k := len(changes) - 1; st.fold && changes[k].Actor == c.Actor && changes[k].At.Equal(c.At) {
			last := &changes[k]
			last.Action += "; " + c.Action
			last.Fields = append(last.Fields, c.Fields...)
			if c.Reason != "" {
				last.Reason = strings.TrimPrefix(last.Reason+"; "+c.Reason, "; ")
			}
			continue
		}
		changes = append(changes, c)
	}
	return changes, nil
}

// step takes one step; later are the steps after it.
func (g *generator) step(v *domain.Visit, d *draft, b *brief, st *step, later []step) (domain.Change, error) {
	switch st.kind {
	case stepRoster:
		return g.rosterTeam(v, d, b, st)
	case stepIssue:
		c, err := v.IssueBriefing("", *st.by, st.at)
		if err == nil {
			b.accepts(v, st.at)
		}
		return c, err
	case stepSwap:
		return g.swap(v, d, b, st)
	case stepVerbal:
		return g.verbal(v, st)
	case stepConfirm:
		return v.Confirm(allTicked, g.confirmNote(), g.cfg, *st.by, st.at)
	case stepOverride:
		return v.OverrideAcceptances(pick(g.r, overrideReasons), *st.by, st.at)
	case stepDeploy:
		c, err := v.Deploy(g.cfg, *st.by, st.at)
		if err != nil {
			return c, err
		}
		b.pend = b.pend[:0] // nothing of the briefing is left to do
		// The visit ends when it is closed or stood down; a visit still
		// awaiting its closure (the step is after now) is written up
		// towards the closure planned, as far as now.
		closing := d.closeAt
		var standDown string
		if len(later) > 0 {
			closing = later[0].at
			if later[0].to == domain.StoodDown {
				standDown = later[0].reason
			}
		}
		if d.live {
			closing = time.Time{} // on the ground as the demo loads
		}
		g.live(v, d, b, st.at, closing, standDown)
		return c, nil
	case stepState:
	}
	switch st.to {
	case domain.Authorised:
		// The authorising officer records it, signed in as themselves (EPA-2).
		return v.Authorise(st.reason, g.cfg, *st.by, st.at)
	case domain.Closed:
		return g.close(v, d, b, st, later)
	case domain.FollowUp:
		st.reason = followUpNote(g.r, v)
	case domain.Assured:
		return g.assure(v, b, d.p, st) // assurance.go
	case domain.Cancelled, domain.StoodDown:
		b.pend = b.pend[:0]
	}
	return v.Transition(st.to, st.reason, *st.by, st.at)
}

// allTicked is every BRF-4 item confirmed.
var allTicked = func() []bool {
	t := make([]bool, len(domain.ConfirmItems))
	for i := range t {
		t[i] = true
	}
	return t
}()

// steps plans the transitions after planning and the steps of the roster
// and briefing, at plausible times by plausible officers, keeping only
// what has happened by now. authAt is when the visit is (or, if it is not
// yet, would be) authorised: the planning records are made by then.
func (g *generator) steps(d *draft) (out []step, authAt time.Time) {
	r := g.r
	p, oic, start, last := d.p, d.oic, d.start, d.last
	auth := &step{to: domain.Authorised, by: g.authoriser(p, oic, d.rating, d.priority), reason: pick(r, authNotes)}
	// The authoriser records it, or tells the OIC by phone, who records it.
	auth.actor = auth.by
	if chance(r, 0.3) {
		auth.actor = oic
	}
	roster := &step{kind: stepRoster, by: oic}
	issue := &step{kind: stepIssue, by: oic}
	swap := &step{kind: stepSwap, by: oic}
	verbal := &step{kind: stepVerbal, by: oic, at: start.Add(-time.Duration(between(r, 20, 75)) * time.Minute)}
	confirm := &step{kind: stepConfirm, by: oic}
	override := &step{kind: stepOverride, by: oic}
	deploy := &step{kind: stepDeploy, to: domain.Deployed, by: oic, at: start.Add(time.Duration(between(r, 0, 15)) * time.Minute)}
	closed := &step{to: domain.Closed, by: oic} // the debrief, from the live record
	follow := &step{to: domain.FollowUp, by: oic}
	assure := &step{to: domain.Assured, by: g.manager(p, oic, false), reason: pick(r, assuranceNotes)}
	// About one briefing in fifteen is re-issued because the team changed;
	// a few more because the order did (see brief.afterAct).
	swapped := chance(r, swapShare)
	// rosterAt puts the roster before the issue, after the authorisation.
	// Half the OICs name the team and issue the order in one sitting.
	rosterAt := func() {
		if chance(r, 0.5) {
			roster.at = maxTime(auth.at.Add(time.Minute), issue.at)
			issue.at, issue.fold = roster.at, true
			return
		}
		roster.at = maxTime(auth.at.Add(time.Minute), issue.at.Add(-time.Duration(between(r, 5, 90))*time.Minute))
		issue.at = maxTime(issue.at, roster.at.Add(time.Minute))
	}
	// briefing adds the verbal briefing and the confirmation once the
	// order has had time to be read; on the day at the latest. Most OICs
	// record the two together as the team sets off.
	briefing := func() {
		verbal.at = maxTime(verbal.at, issue.at.Add(15*time.Minute))
		confirm.at = verbal.at
		if confirm.fold = chance(r, 0.7); !confirm.fold {
			confirm.at = minTime(verbal.at.Add(time.Duration(between(r, 3, 12))*time.Minute), deploy.at.Add(-2*time.Minute))
		}
		out = append(out, *verbal, *confirm)
	}

	future := start.After(g.now)
	if future {
		// Nearer visits are further along; a few lag, which readiness
		// should show.
		lead := start.Sub(g.now)
		upTo := domain.Planning
		switch {
		case lead <= 36*time.Hour:
			upTo = domain.Briefed
			if chance(r, 0.15) {
				upTo = domain.Authorised
			}
		case lead <= 72*time.Hour && chance(r, 0.5):
			upTo = domain.Briefed // the order goes out a day or two ahead
		case lead <= 7*24*time.Hour:
			upTo = domain.Authorised
			if chance(r, 0.2) {
				upTo = domain.Planning
			}
		case chance(r, 0.2):
			upTo = domain.Authorised
		}
		auth.at = workInstant(r, last, g.now)
		// The order goes out a day or more ahead where it can; the
		// latecomers on the day before or the morning itself.
		if lo, hi := maxTime(auth.at.Add(2*time.Minute), start.Add(-72*time.Hour)), minTime(g.now, start.Add(-16*time.Hour)); hi.After(lo) && chance(r, 0.5) {
			issue.at = deskTime(r, lo, hi)
		} else {
			issue.at = instant(r, maxTime(auth.at, minTime(start.Add(-30*time.Hour), g.now)), g.now)
		}
		switch upTo {
		case domain.Briefed:
			rosterAt()
			out = []step{*auth, *roster, *issue}
			if hi := minTime(g.now, verbal.at.Add(-time.Hour)); swapped && hi.After(issue.at.Add(time.Hour)) {
				swap.at = instant(r, issue.at.Add(time.Hour), hi)
				out = append(out, *swap)
			}
			briefing()
		case domain.Authorised:
			// Most authorised visits have their team; some not yet, or
			// not all of its commanders (CMD-1).
			// The team is named while planning or once authorised.
			out = []step{*auth}
			roster.short = chance(r, commandLag)
			switch u := r.Float64(); {
			case u < 0.5 && auth.at.Sub(last) > 2*time.Hour:
				roster.at = instant(r, last.Add(time.Hour), auth.at.Add(-time.Hour))
				out = []step{*roster, *auth}
			case u < 0.92:
				roster.at = instant(r, auth.at.Add(time.Minute), g.now)
				out = append(out, *roster)
			}
		default:
			// Not yet authorised: it would be once the plan is done, by two
			// days before the visit; some plans are further on than others.
			if hi := start.Add(-2 * 24 * time.Hour); hi.After(last) {
				auth.at = workInstant(r, last, hi)
			} else {
				auth.at = instant(r, last, start.Add(-time.Hour))
			}
			// Some OICs name their team while planning, not always all of
			// it yet.
			if chance(r, 0.3) {
				roster.short = chance(r, 0.5)
				roster.at = instant(r, last.Add(time.Hour), g.now)
				out = append(out, *roster)
			}
		}
		return g.cut(g.callOff(p, oic, start, last, out)), auth.at
	}

	// Past: authorised up to two weeks ahead; the order circulated a day
	// or more before, the afternoon before or on the morning, read and
	// accepted by the team; the verbal briefing and the OIC's confirmation
	// on the day; deployed at the start; closed the same day mostly (DBF-3:
	// within 48 hours; a few are late), then follow-up and first-line
	// assurance (ASR-1).
	if lo, hi := maxTime(last.Add(time.Hour), start.Add(-14*24*time.Hour)), start.Add(-18*time.Hour); hi.After(lo) {
		auth.at = workInstant(r, lo, hi)
	} else {
		auth.at = instant(r, last, start.Add(-30*time.Minute))
	}
	switch u := r.Float64(); {
	case u < 0.45:
		issue.at = deskTime(r, maxTime(auth.at, start.Add(-4*24*time.Hour)), start.Add(-16*time.Hour))
	case u < 0.85:
		issue.at = at(addDays(start, -1), between(r, 14, 17), r.IntN(60))
	default:
		issue.at = start.Add(-time.Duration(between(r, 100, 180)) * time.Minute)
	}
	issue.at = maxTime(issue.at, auth.at.Add(2*time.Minute))
	rosterAt()
	// Closed once the debrief is written (DBF-1): most the same day, some
	// the next, a few late (DBF-3): two or three days on, or after a
	// week when the OIC was away or the team's feedback slow to come.
	switch u := r.Float64(); {
	case u < 0.83:
		closed.at = start.Add(time.Duration(between(r, 180, 540)) * time.Minute)
	case u < 0.955:
		closed.at = start.Add(time.Duration(between(r, 18*60, 40*60)) * time.Minute)
	case u < 0.985:
		closed.at = start.Add(time.Duration(between(r, 50*60, 90*60)) * time.Minute)
	default:
		closed.at = workInstant(r, addDays(start, 4), addDays(start, 9))
	}
	if h := closed.at.Hour(); h >= 23 || h < 7 {
		// Debriefed the next morning, not in the small hours.
		day := closed.at
		if h >= 23 {
			day = addDays(day, 1)
		}
		closed.at = at(day, between(r, 8, 10), r.IntN(60))
	}
	follow.at = workInstant(r, closed.at.Add(24*time.Hour), closed.at.Add(14*24*time.Hour))
	// First-line assurance follows within weeks: most within the 28 days
	// the duty CIO's board allows, a few after.
	assure.at = workInstant(r, follow.at.Add(7*24*time.Hour), follow.at.Add(21*24*time.Hour))
	// A visit whose closure is still to come stays deployed, its debrief
	// written as far as now: today's, some of yesterday's, and the few
	// running late, overdue (DBF-3).
	d.closeAt = closed.at
	out = []step{*auth, *roster, *issue}
	if swapped && verbal.at.Sub(issue.at) > 2*time.Hour {
		swap.at = instant(r, issue.at.Add(time.Hour), verbal.at.Add(-time.Hour))
		out = append(out, *swap)
	}
	briefing()
	// Rarely, an officer has not accepted by the deployment and the OIC
	// records why the team goes anyway (BRF-1).
	if chance(r, overrideShare) {
		override.at = confirm.at.Add(time.Minute)
		deploy.at = maxTime(deploy.at, override.at.Add(time.Minute))
		out = append(out, *override)
	}
	out = append(out, *deploy, *closed, *follow, *assure)
	switch u := r.Float64(); {
	case u < 0.01:
		out = out[:len(out)-2] // closed, never moved on
	case u < 0.04:
		out = out[:len(out)-1] // awaiting assurance
	}
	if d.live {
		return g.cut(out), auth.at
	}
	return g.cut(g.callOff(p, oic, start, last, out)), auth.at
}

// cut keeps the steps that have happened by now.
func (g *generator) cut(out []step) []step {
	for j, s := range out {
		if s.at.After(g.now) {
			return out[:j]
		}
	}
	return out
}

// liveNow places the last visit before now so that its team is on the
// ground as the demo loads: started half an hour to an hour and a quarter
// ago (not before six, when half an hour ago is later), on the quarter
// hour, deployed and not yet away. At night, when no team would be out,
// or so early that the start would fall on another day, the visit keeps
// its place and nothing is live.
func (g *generator) liveNow(start time.Time) (time.Time, bool) {
	t := g.now.Add(-time.Duration(between(g.r, 30, 75)) * time.Minute)
	if early := at(g.now, 6, 0); t.Before(early) && !g.now.Add(-30*time.Minute).Before(early) {
		t = early // the first teams go out at six
	}
	t = t.Truncate(15 * time.Minute) // zones here are whole quarter hours from UTC
	if h := t.Hour(); h < 6 || h >= 21 || midnight(t) != midnight(g.now) || clockChange(t) {
		return start, false
	}
	return t, true
}

// callOff cancels about one visit in twenty before deployment and stands
// down about one in thirty on the day, cutting the planned steps at that
// moment. Nothing is called off after now.
func (g *generator) callOff(p *pool, oic *domain.Officer, start, last time.Time, out []step) []step {
	r := g.r
	var end step
	switch u := r.Float64(); {
	case u < cancelShare:
		lo, hi := last.Add(time.Hour), minTime(start.Add(-2*time.Hour), g.now)
		if hi.Before(lo) {
			return out
		}
		by := oic
		if chance(r, 0.6) {
			by = g.manager(p, oic, false)
		}
		end = step{to: domain.Cancelled, at: workInstant(r, lo, hi), by: by, reason: pick(r, cancelReasons)}
	case u < cancelShare+standDownShare:
		end = step{to: domain.StoodDown, by: oic}
		if chance(r, 0.7) {
			end.at, end.reason = start.Add(-time.Duration(between(r, 10, 90))*time.Minute), pick(r, standDownBefore)
		} else {
			end.at, end.reason = start.Add(time.Duration(between(r, 20, 50))*time.Minute), pick(r, standDownOnSite)
		}
		if end.at.After(g.now) || !end.at.After(last) {
			return out
		}
	default:
		return out
	}
	for j, s := range out {
		if !s.at.Before(end.at) {
			out = out[:j]
			break
		}
	}
	return append(out, end)
}

// pickOIC chooses an arrest-trained IO or CIO of the team. The demo officer
// leads a share of South London's recent and coming visits, so whoever signs
// in as DEMO01 has visits of their own.
func (g *generator) pickOIC(p *pool, start time.Time) *domain.Officer {
	if p.demo >= 0 && start.Sub(g.now).Abs() < 45*24*time.Hour && chance(g.r, 0.25) {
		return &p.officers[p.demo]
	}
	return &p.officers[pick(g.r, p.oics)]
}

// manager chooses a CIO or HMI of the team other than the OIC, to
// authorise, assure or cancel; an HMI when hmi is set (amber, EPA-2).
func (g *generator) manager(p *pool, oic *domain.Officer, hmi bool) *domain.Officer {
	for {
		o := &p.officers[pick(g.r, p.managers)]
		if o.StaffNo != oic.StaffNo && (!hmi || o.Grade == "SEO") {
			return o
		}
	}
}

// subjectInput invents a subject aged 18-60 at the visit. Intelligence
// often lacks a date of birth, so one in ten has none.
func (g *generator) subjectInput(start time.Time) domain.SubjectInput {
	r := g.r
	name, nat := subjectName(r)
	in := domain.SubjectInput{Name: name, Nationality: nat, Offence: domain.Offences[offenceWeights.pick(r)]}
	if !chance(r, 0.1) {
		in.DOB = domain.DateOf(addDays(at(start, 12, 0), -between(r, 18*365+5, 60*365))).UK()
	}
	// Most subjects have a photograph on file for the digital order
	// (EPA-4): from CID/Atlas, or from a police custody record.
	if chance(r, photoShare) {
		if chance(r, 0.75) {
			in.PhotoRef = fmt.Sprintf("CID-PH-%07d", between(r, 100_000, 9_999_999))
		} else {
			in.PhotoRef = fmt.Sprintf("PNC-PH-%06d", between(r, 10_000, 999_999))
		}
	}
	return in
}

// feedback records the intelligence feedback report to the police force
// that had the ONF (ONF-7) as the visit moves to follow-up, for most
// visits outside the Met. It draws nothing from the generator's random
// stream, so the rest of the demo is unchanged by it.
func feedback(v *domain.Visit, st *step) (domain.Change, bool, error) {
	o := v.Plan.ONF
	if o.Met || o.SentAt.IsZero() || v.State != domain.Closed {
		return domain.Change{}, false, nil
	}
	h := 0
	for _, c := range v.Basics.Intel.Ref {
		h = h*31 + int(c)
	}
	if h%8 == 0 { // about one in eight is never sent: ONF-7 warns
		return domain.Change{}, false, nil
	}
	outcome := v.Debrief.Summary
	if outcome == "" {
		outcome = "see the debrief."
	}
	c, err := v.RecordONFFeedback("Outcome fed back to "+o.Force+": "+outcome, *st.by, st.at)
	return c, err == nil, err
}
