package demo

import (
	"fmt"
	"slices"
	"time"

	"oic/domain"
)

// The outcomes central records count (OUT-1, JNT-1, CUS-1; ICIBI figure
// 8): the partner agencies present, whether each person met was
// interviewed and their biometrics checked, the decision on the employer
// for every worker found, and the custody each arrest went to.

// Outcome shares.
const (
	jointShare        = 0.15 // joint operations, 15% nationally (ICIBI 6.57-6.62)
	interviewedShare  = 0.85 // of those found working illegally
	biometricsShare   = 0.9  // of those found working illegally
	clearedCheckShare = 0.05 // of those cleared: biometrics checked to confirm who they are
	bookedShare       = 0.92 // of arrests: booked into police custody (others de-arrested or taken to immigration detention)
	interpreterShare  = 0.45 // of bookings: an interpreter needed
)

// partnerWeights: which agency comes on a joint operation; police most
// often, HMRC and licensing officers next (ICIBI 6.57-6.62).
var partnerWeights = newWeighted(55, 15, 15, 6, 6, 3)

// otherAgencies are the other partners named on a joint operation.
var otherAgencies = []string{"Border Force", "Health and Safety Executive", "Employment Agency Standards Inspectorate", "Trading Standards"}

// agencies are the partner agencies present, recorded by the OIC as the
// team enters: on about one visit in seven, one agency, now and then two.
func (g *generator) agencies(entered time.Time, entry func(liveEntry) liveEntry) []liveEntry {
	r := g.r
	if !chance(r, jointShare) {
		return nil
	}
	var out []liveEntry
	var seen []domain.Agency
	for range pick(r, []int{1, 1, 1, 2}) {
		a := domain.Agencies[partnerWeights.pick(r)]
		if slices.Contains(seen, a) {
			continue
		}
		seen = append(seen, a)
		p := &domain.AgencyPresence{Agency: a}
		if a == domain.AgencyOther {
			p.Name = pick(r, otherAgencies)
		}
		out = append(out, entry(liveEntry{at: entered, kind: domain.EntryAgency, agency: p}))
	}
	return out
}

// examine draws whether the person was interviewed and their biometrics
// checked: nearly everyone found working illegally, few of those cleared.
func (g *generator) examine(e *encounter) {
	r := g.r
	if e.outcome == domain.OutcomeCleared {
		e.biometrics = chance(r, clearedCheckShare)
		return
	}
	e.interviewed, e.biometrics = chance(r, interviewedShare), chance(r, biometricsShare)
}

// dayDecision is the notice served on site (OUT-1) on the employer of
// those met whose employer's excuse was known then: a civil penalty
// referral notice for those with none, most days; a no action notice where
// every one was shown. Anyone left is covered after the visit
// (lateOutcomes).
func (g *generator) dayDecision(d *draft, met []liveEntry, at time.Time, entry func(liveEntry) liveEntry) []liveEntry {
	r := g.r
	var notShown, shown []int
	for _, m := range met {
		switch m.person.excuse {
		case domain.ExcuseNotShown:
			notShown = append(notShown, m.id)
		case domain.ExcuseShown:
			shown = append(shown, m.id)
		}
	}
	emp := domain.Employer{Name: d.prem.name, Address: d.prem.address}
	switch {
	case len(notShown) > 0 && chance(r, 0.85):
		return []liveEntry{entry(liveEntry{at: at, kind: domain.EntryDecision, decision: &domain.EmployerDecision{Notice: domain.NoticeCPRN, Employer: emp}, workers: notShown,
			text: fmt.Sprintf("Served on site for %s; no statutory excuse shown.", plural(len(notShown), "worker"))})}
	case len(shown) > 0 && len(notShown) == 0 && chance(r, 0.8):
		return []liveEntry{entry(liveEntry{at: at, kind: domain.EntryDecision, decision: &domain.EmployerDecision{Notice: domain.NoticeNoAction, Employer: emp, ExcuseShown: true}, workers: shown,
			text: "Right-to-work checks seen for each worker; statutory excuse established."})}
	}
	return nil
}

// lateOutcomes records, as the OIC writes up the encounters after the
// visit, what the day left open: the notice for each worker not yet
// covered (sent to the employer once their excuse was settled), and the
// custody each arrest was booked into.
func (g *generator) lateOutcomes(v *domain.Visit, d *draft, by domain.Officer, now time.Time) ([]domain.Change, error) {
	r := g.r
	loc := g.now.Location()
	var out []domain.Change
	covered := map[int]bool{}
	booked := map[int]bool{}
	for _, e := range v.Effective() {
		switch {
		case e.Decision != nil:
			for _, w := range e.Decision.Workers {
				covered[w] = true
			}
		case e.Custody != nil:
			booked[e.Custody.Person] = true
		}
	}
	var notShown, shown []string
	var last time.Time
	for _, e := range v.IllegalWorkers() {
		last = maxTime(last, e.At)
		if covered[e.Seq] {
			continue
		}
		if e.Person.Excuse == domain.ExcuseShown {
			shown = append(shown, fmt.Sprint(e.Seq))
		} else {
			notShown = append(notShown, fmt.Sprint(e.Seq))
		}
	}
	record := func(kind domain.EntryKind, in domain.EntryInput, at time.Time) error {
		in.At = at.In(loc).Format(domain.DateTimeLayout)
		te, err := v.ParseEntry(kind, in, now)
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		te.At = at
		c, err := v.Record(te, by, now)
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		out = append(out, c)
		return nil
	}
	emp := domain.DecisionInput{EmployerName: d.prem.name, EmployerAddress: d.prem.address}
	for _, grp := range []struct {
		workers []string
		notice  domain.Notice
		excuse  string
	}{{notShown, domain.NoticeCPRN, "not shown"}, {shown, domain.NoticeNoAction, "shown"}} {
		if len(grp.workers) == 0 {
			continue
		}
		in := emp
		in.Notice, in.ExcuseShown = string(grp.notice), grp.excuse
		in.Workers = joinWords(grp.workers)
		at := minTime(maxTime(last.Add(time.Duration(between(r, 30, 120))*time.Minute), last), now)
		if err := record(domain.EntryDecision, domain.EntryInput{Decision: in, Text: "Sent to the employer after the visit."}, at); err != nil {
			return nil, err
		}
	}
	for _, e := range v.Arrests() {
		if booked[e.Seq] || e.Person.Outcome != domain.OutcomeArrested || !chance(r, bookedShare) {
			continue
		}
		at := minTime(e.At.Add(time.Duration(between(r, 35, 110))*time.Minute), now)
		if at.Before(e.At) {
			continue
		}
		interp := "no"
		if chance(r, interpreterShare) {
			interp = "yes"
		}
		in := domain.EntryInput{Custody: domain.CustodyInput{Person: fmt.Sprint(e.Seq), Suite: townOf(d.prem) + " police station", Interpreter: interp}}
		if err := record(domain.EntryCustody, in, at); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// joinWords joins with spaces.
func joinWords(s []string) string {
	out := ""
	for i, w := range s {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

// yesOrNo is a form's answer to a yes / no question.
func yesOrNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
