package demo

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"oic/domain"
)

// offenceWeights follow domain.Offences: overstayers, illegal entrants and
// breaches of conditions make most of the suspected offences.
var offenceWeights = newWeighted(25, 30, 25, 8, 4, 6, 2)

// subjectCounts: one named subject is usual, three rare.
var subjectCounts = newWeighted(0, 60, 27, 13)

// rosterSizes: teams of 6-12 officers (ICIBI 6.16), most of 7-9.
var rosterSizes = newWeighted(10, 16, 20, 18, 14, 12, 10)

// authNotes: an authorising officer may add a note, or not.
var authNotes = []string{"Plan and risk assessment reviewed; authorised to proceed.", "Authorised; ONF sent and recce recorded.", ""}

// step is one planned transition: to a state, at a time, by an officer.
// For the authorisation, by is the authorising officer and actor whoever
// recorded it (the OIC, when it was given by phone); otherwise actor is nil.
type step struct {
	to     domain.State
	at     time.Time
	by     *domain.Officer
	actor  *domain.Officer
	reason string
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
	changes := make([]domain.Change, 1, 12)
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
		d := &draft{p: p, oic: oic, prem: prem, priority: priority, revisit: revisit, start: start, last: last}
		d.rating, d.power = g.rating(priority), g.power(sec.name)
		steps, authAt := g.steps(p, oic, start, last, priority, d.rating, len(v.Subjects) > 0)
		acts := g.planning(v, d, steps, authAt)
		if changes, err = g.run(v, d, acts, steps, changes); err != nil {
			return Record{}, fmt.Errorf("demo visit %d: %w", i, err)
		}
	}

	// The roster has no domain method yet, so it is set directly; its
	// changes are not in the audit trail.
	v.Roster = g.roster(p, oic)
	v.Ref = g.nextRef(p.team.Code, created)
	v.Version = uint64(len(changes))
	return Record{Visit: v, Changes: changes}, nil
}

// run applies the planning acts and the steps in time order; an act and a
// step at the same minute go act first, so a check made just before the
// authorisation is on the record when Authorise looks. The acts of one
// sitting make one audit entry (see sitting).
func (g *generator) run(v *domain.Visit, d *draft, acts []act, steps []step, changes []domain.Change) ([]domain.Change, error) {
	for i, j := 0, 0; i < len(acts) || j < len(steps); {
		if i < len(acts) && (j == len(steps) || !acts[i].at.After(steps[j].at)) {
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
		var c domain.Change
		var err error
		if st.to == domain.Authorised {
			c, err = v.Authorise(*st.by, st.reason, g.cfg, *st.actor, st.at)
		} else {
			c, err = v.Transition(st.to, st.reason, *st.by, st.at)
		}
		if err != nil {
			return nil, err
		}
		changes = append(changes, c)
	}
	return changes, nil
}

// steps plans the transitions after planning, at plausible times by
// plausible officers, keeping only what has happened by now. authAt is
// when the visit is (or, if it is not yet, would be) authorised: the
// planning records are made by then.
func (g *generator) steps(p *pool, oic *domain.Officer, start, last time.Time, priority int, rating domain.Rating, named bool) (out []step, authAt time.Time) {
	r := g.r
	auth := &step{to: domain.Authorised, by: g.authoriser(p, oic, rating, priority), reason: pick(r, authNotes)}
	// The authoriser records it, or tells the OIC by phone, who records it.
	auth.actor = auth.by
	if chance(r, 0.3) {
		auth.actor = oic
	}
	brief := &step{to: domain.Briefed, by: oic, reason: "Briefing issued; officers accepted."}
	deploy := &step{to: domain.Deployed, by: oic, at: start.Add(time.Duration(between(r, 0, 15)) * time.Minute)}
	text, arrests := outcome(r, named)
	closed := &step{to: domain.Closed, by: oic, reason: text}
	follow := &step{to: domain.FollowUp, by: oic, reason: followUpNote(r, arrests)}
	assure := &step{to: domain.Assured, by: g.manager(p, oic, false), reason: pick(r, assuranceNotes)}

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
		case lead <= 7*24*time.Hour:
			upTo = domain.Authorised
			if chance(r, 0.2) {
				upTo = domain.Planning
			}
		case chance(r, 0.2):
			upTo = domain.Authorised
		}
		auth.at = workInstant(r, last, g.now)
		brief.at = instant(r, maxTime(auth.at, minTime(start.Add(-30*time.Hour), g.now)), g.now)
		switch upTo {
		case domain.Briefed:
			out = []step{*auth, *brief}
		case domain.Authorised:
			out = []step{*auth}
		default:
			// Not yet authorised: it would be once the plan is done, by two
			// days before the visit; some plans are further on than others.
			if hi := start.Add(-2 * 24 * time.Hour); hi.After(last) {
				auth.at = workInstant(r, last, hi)
			} else {
				auth.at = instant(r, last, start.Add(-time.Hour))
			}
		}
		return g.callOff(p, oic, start, last, out), auth.at
	}

	// Past: authorised up to two weeks ahead, briefed the afternoon before
	// or on the morning, closed the same day mostly (DBF-3: within 48
	// hours; a few are late), then follow-up and first-line assurance
	// (ASR-1).
	if lo, hi := maxTime(last.Add(time.Hour), start.Add(-14*24*time.Hour)), start.Add(-18*time.Hour); hi.After(lo) {
		auth.at = workInstant(r, lo, hi)
	} else {
		auth.at = instant(r, last, start.Add(-30*time.Minute))
	}
	if chance(r, 0.5) {
		brief.at = at(addDays(start, -1), between(r, 14, 17), r.IntN(60))
	} else {
		brief.at = start.Add(-time.Duration(between(r, 45, 150)) * time.Minute)
	}
	brief.at = maxTime(brief.at, auth.at.Add(time.Minute))
	switch u := r.Float64(); {
	case u < 0.85:
		closed.at = start.Add(time.Duration(between(r, 180, 540)) * time.Minute)
	case u < 0.97:
		closed.at = start.Add(time.Duration(between(r, 18*60, 40*60)) * time.Minute)
	default:
		closed.at = start.Add(time.Duration(between(r, 50*60, 90*60)) * time.Minute)
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
	assure.at = workInstant(r, follow.at.Add(7*24*time.Hour), follow.at.Add(60*24*time.Hour))
	// A visit from an earlier day is debriefed by now unless it is very
	// recent; only today's visits are still live on the ground.
	if midnight(start).Before(midnight(g.now)) && closed.at.After(g.now) && !deploy.at.Add(2*time.Hour).After(g.now) {
		closed.at = instant(r, deploy.at.Add(2*time.Hour), g.now)
	}
	out = []step{*auth, *brief, *deploy, *closed, *follow, *assure}
	switch u := r.Float64(); {
	case u < 0.01:
		out = out[:4] // closed, never moved on
	case u < 0.04:
		out = out[:5] // awaiting assurance
	}
	for j, s := range out {
		if s.at.After(g.now) {
			out = out[:j]
			break
		}
	}
	return g.callOff(p, oic, start, last, out), auth.at
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

// roster is the OIC and 5-11 more officers of the team who deploy.
func (g *generator) roster(p *pool, oic *domain.Officer) []domain.RosterEntry {
	n := 6 + rosterSizes.pick(g.r)
	out := make([]domain.RosterEntry, 0, n)
	out = append(out, domain.RosterEntry{StaffNo: oic.StaffNo, Name: oic.Name, Role: "OIC"})
	g.buf = g.buf[:0]
	for _, j := range p.deploy {
		if p.officers[j].StaffNo != oic.StaffNo {
			g.buf = append(g.buf, j)
		}
	}
	for j := 0; len(out) < n; j++ { // a partial shuffle: the first n-1 are a fair draw
		k := j + g.r.IntN(len(g.buf)-j)
		g.buf[j], g.buf[k] = g.buf[k], g.buf[j]
		o := &p.officers[g.buf[j]]
		out = append(out, domain.RosterEntry{StaffNo: o.StaffNo, Name: o.Name, Role: "officer"})
	}
	return out
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
	outcome := "see the debrief"
	for i := len(v.History) - 1; i >= 0; i-- {
		if v.History[i].To == domain.Closed && v.History[i].Reason != "" {
			outcome = v.History[i].Reason
			break
		}
	}
	c, err := v.RecordONFFeedback("Outcome fed back to "+o.Force+": "+outcome, *st.by, st.at)
	return c, err == nil, err
}
