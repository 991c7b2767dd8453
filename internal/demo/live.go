package demo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// The live record (DOMAIN.md "The live visit"; PWR-2, PWR-3, INC-1),
// written as officers on the ground write it, through ParseEntry and
// Record: the team's arrivals, in one van or two; the entry made, by the
// power planned (now and then another, which PWR-2 points out); each
// person encountered, most cleared, some arrested, served or referred,
// with whether the employer showed a statutory excuse; what was seized
// from those arrested, with its exhibit and sealed bag numbers; now and
// then a safeguarding step, a referral or a note; rarely a critical
// incident, declared and stood down; on some visits a correction of an
// earlier entry, with its reason; and every departure. What one officer
// writes up at once (the arrivals and the entry; a few encounters; the
// seizures; the referrals and departures at the end) makes one audit
// entry, as a sitting of planning records does.

// Live record shares.
const (
	twoVanShare      = 0.3   // the team arrives in two vans, a few minutes apart
	otherPowerShare  = 0.03  // entry made by another power than the one planned
	subjectFound     = 0.4   // a named subject is at the premises
	seizureShare     = 0.3   // of arrested people: something seized
	vulnerableShare  = 0.03  // visits with a vulnerability identified
	childrenShare    = 0.008 // section 55: children found on the premises
	nrmShare         = 0.004 // an NRM referral (24 a year nationally)
	otherRefShare    = 0.06  // another referral: HMRC, licensing, GLAA...
	incidentShare    = 0.002 // a critical incident (six a year nationally)
	correctionShare  = 0.1   // visits with one entry corrected
	custodyRunShare  = 0.6   // of visits with arrests: the arrest team leaves first, to custody
	unknownNameShare = 0.08  // people who would not give their name
)

// illegalCounts: people found working without the right to, about one a
// visit (0.8 arrests per operation, Enforcing the deal 2008; some are
// served papers or referred rather than arrested).
var illegalCounts = []int{0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 3}

// clearedCounts: people with the right to work met, 0 to 4.
var clearedCounts = newWeighted(10, 25, 30, 20, 15)

// liveEntry is one entry to write up, with what the form would be given.
type liveEntry struct {
	id       int // its place among the visit's planned entries
	at       time.Time
	kind     domain.EntryKind
	officers []domain.StaffNo
	text     string
	power    domain.PowerKind
	consent  string
	warrant  string
	person   *encounter
	item     string
	exhibit  string
	seal     string
	subtype  string
	// The outcomes (outcomes.go): a partner agency present; an employer
	// decision and the ids of the encounters it covers.
	agency   *domain.AgencyPresence
	decision *domain.EmployerDecision
	workers  []int
	fix      int // a correction: 1 + the id of the entry it corrects
	reason   string
}

// encounter is a person met on the visit.
type encounter struct {
	name, nat string
	dob       domain.Date
	doc       string
	outcome   domain.Outcome
	excuse    domain.Excuse
	// interviewed and biometrics checked (outcomes.go)
	interviewed, biometrics bool
}

// sittingPlan is one officer writing up entries at one time.
type sittingPlan struct {
	at      time.Time
	by      *domain.Officer
	entries []liveEntry
}

// live plans the live record of a visit deployed at deployAt and closed
// or stood down (for standDown, the reason) at closing, if it has been or
// is due to be, and queues each sitting, then the debrief's (planDebrief);
// what would be written after now is not.
func (g *generator) live(v *domain.Visit, d *draft, b *brief, deployAt, closing time.Time, standDown string) {
	r := g.r
	oic := d.oic
	until := deployAt.Add(24 * time.Hour)
	if !closing.IsZero() {
		until = closing.Add(-time.Minute)
	}
	stoodDown := standDown != ""
	occupier := g.occupier(d)
	var onSite []domain.StaffNo
	var custody []domain.StaffNo // the arrest team and driver, who take anyone detained to custody
	recorder, exhibits := oic, oic
	for _, e := range v.Roster {
		if !e.OnSite() {
			continue
		}
		onSite = append(onSite, e.StaffNo)
		switch e.Role {
		case domain.RoleArrest, "driver":
			custody = append(custody, e.StaffNo)
		case "exhibits officer":
			exhibits = g.byNo[e.StaffNo]
		case "interviewer":
			if chance(r, 0.5) {
				recorder = g.byNo[e.StaffNo]
			}
		}
	}
	var plans []sittingPlan
	id := 0
	entry := func(e liveEntry) liveEntry {
		e.id = id
		id++
		return e
	}
	sit := func(at time.Time, by *domain.Officer, es ...liveEntry) {
		for _, e := range es {
			at = maxTime(at, e.at) // written up once it has happened
		}
		plans = append(plans, sittingPlan{at: at, by: by, entries: es})
	}
	mins := func(lo, hi int) time.Duration { return time.Duration(between(r, lo, hi)) * time.Minute }

	// Arrival, in one van or two.
	arrive := instant(r, deployAt.Add(2*time.Minute), minTime(deployAt.Add(12*time.Minute), until.Add(-4*time.Minute)))
	vans := [][]domain.StaffNo{onSite}
	second := arrive
	if len(onSite) >= 5 && !stoodDown && chance(r, twoVanShare) {
		k := len(onSite) - between(r, 1, 2)
		vans = [][]domain.StaffNo{onSite[:k], onSite[k:]}
		second = arrive.Add(mins(2, 8))
	}

	if stoodDown {
		// Stood down on site: the team arrives, finds why it cannot go
		// on, and leaves; the OIC writes it up as they go.
		leave := instant(r, arrive.Add(time.Minute), until)
		sit(instant(r, arrive, leave), oic, entry(liveEntry{at: arrive, kind: domain.EntryArrival, officers: onSite}))
		sit(leave, oic,
			entry(liveEntry{at: instant(r, arrive, leave), kind: domain.EntryNote, text: standDown + ". " + pick(r, stoodDownNotes)}),
			entry(liveEntry{at: leave, kind: domain.EntryDeparture, officers: onSite}))
		g.queue(b, plans, until)
		return
	}

	// Consent refused at the door, and no other power held: the team
	// speaks to whoever answers, calls the manager, and leaves; rear
	// cover may meet someone outside (ICIBI figure 7).
	if !d.live && v.Plan.Power.Kind == domain.PowerConsent && chance(r, noEntryShare) {
		k := r.IntN(len(refusals))
		d.refusal = k + 1
		leave := maxTime(minTime(arrive.Add(mins(25, 60)), until.Add(-mins(5, 10))), arrive.Add(10*time.Minute))
		var es []liveEntry
		for k, van := range vans {
			t := arrive
			if k == 1 {
				t = second
			}
			es = append(es, entry(liveEntry{at: t, kind: domain.EntryArrival, officers: van}))
		}
		es = append(es, entry(liveEntry{at: instant(r, second.Add(3*time.Minute), leave.Add(-5*time.Minute)), kind: domain.EntryNote, text: refusals[k].note}))
		if chance(r, 0.4) {
			for range between(r, 1, 2) {
				p := &encounter{outcome: domain.OutcomeCleared, excuse: domain.ExcuseNA}
				p.name, p.nat = subjectName(r)
				p.doc = fmt.Sprintf("%s%07d", pick(r, []string{"ZU", "RT", "ZR"}), between(r, 1_000_000, 9_999_999))
				es = append(es, entry(liveEntry{at: instant(r, arrive.Add(2*time.Minute), leave.Add(-3*time.Minute)), kind: domain.EntryEncounter,
					person: p, text: pick(r, outsideNotes)}))
			}
		}
		slices.SortStableFunc(es, func(a, b liveEntry) int { return a.at.Compare(b.at) })
		es = append(es, entry(liveEntry{at: leave, kind: domain.EntryDeparture, officers: onSite}))
		sit(leave.Add(mins(1, 4)), oic, es...)
		last := g.queue(b, plans, until)
		g.planDebrief(v, d, b, onSite, leave, last, closing)
		return
	}

	// Entry, by the power planned; now and then another (PWR-2).
	entered := second.Add(mins(1, 5))
	in := liveEntry{at: entered, kind: domain.EntryEntry, power: v.Plan.Power.Kind}
	var aside []liveEntry // notes the OIC writes at the end
	if in.power == "" || chance(r, otherPowerShare) {
		in.power = domain.PowerConsent
		if in.power != v.Plan.Power.Kind && v.Plan.Power.Kind != "" {
			aside = append(aside, liveEntry{at: entered, kind: domain.EntryNote, text: pick(r, otherPowerNotes)})
		}
	}
	switch in.power {
	case domain.PowerConsent:
		in.consent = occupier
	case domain.PowerWarrant, domain.PowerADLetter:
		in.warrant = reference(v.Plan.Power.Detail)
	case domain.PowerOther:
		in.text = v.Plan.Power.Detail
	case domain.PowerS179:
		if chance(r, 0.5) {
			in.text = "Premises licence produced by the designated premises supervisor."
		}
	}
	depart := arrive.Add(mins(75, 200))
	if d.live {
		depart = maxTime(depart, g.now.Add(mins(20, 90))) // still on site as the demo loads
	}
	depart = maxTime(minTime(depart, until.Add(-mins(5, 20))), entered.Add(30*time.Minute))
	if depart.After(until) {
		depart = until
	}
	first := []liveEntry{}
	for k, van := range vans {
		t := arrive
		if k == 1 {
			t = second
		}
		first = append(first, entry(liveEntry{at: t, kind: domain.EntryArrival, officers: van}))
	}
	first = append(first, entry(in))
	first = append(first, g.agencies(entered, entry)...)
	if chance(r, 0.3) {
		first = append(first, entry(liveEntry{at: entered.Add(mins(1, 4)), kind: domain.EntryNote, text: pick(r, entryNotes)}))
	}
	sit(entered.Add(mins(1, 4)), oic, first...)

	// The people encountered, over the next hour or so.
	people := g.encounters(v)
	work := maxTime(depart.Add(-20*time.Minute), entered.Add(10*time.Minute)) // the last is met by then
	times := make([]time.Time, len(people))
	for k := range times {
		times[k] = instant(r, entered.Add(3*time.Minute), work)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	var met []liveEntry
	for k := range people {
		met = append(met, entry(liveEntry{at: times[k], kind: domain.EntryEncounter, person: &people[k]}))
	}
	for k := 0; k < len(met); {
		n := min(len(met)-k, between(r, 2, 4))
		last := met[k+n-1].at
		sit(last.Add(mins(1, 4)), recorder, met[k:k+n]...)
		k += n
	}

	// What was seized from those arrested (PWR-3), bagged by the exhibits
	// officer, who writes them up together.
	var seized []liveEntry
	initials := officerInitials(exhibits.Name)
	seal := between(r, 100_000, 9_800_000)
	sealPrefix := pick(r, sealPrefixes)
	for _, m := range met {
		p := m.person
		if p.outcome != domain.OutcomeArrested && p.outcome != domain.OutcomeDetained || !chance(r, seizureShare) {
			continue
		}
		for range between(r, 1, 2) {
			seal += between(r, 1, 3)
			seized = append(seized, entry(liveEntry{at: m.at.Add(mins(2, 12)), kind: domain.EntrySeizure,
				item: seizedItem(r, p), exhibit: fmt.Sprintf("%s/%d", initials, len(seized)+1), seal: fmt.Sprintf("%s%07d", sealPrefix, seal)}))
		}
	}
	if len(seized) > 0 {
		slices.SortStableFunc(seized, func(a, b liveEntry) int { return a.at.Compare(b.at) })
		sit(seized[len(seized)-1].at.Add(mins(2, 6)), exhibits, seized...)
	}

	// A rare critical incident, declared and stood down as it happens.
	if chance(r, incidentShare) && depart.Sub(entered) > 50*time.Minute {
		k := r.IntN(len(incidents))
		from := instant(r, entered.Add(5*time.Minute), depart.Add(-45*time.Minute))
		over := from.Add(mins(15, 40))
		sit(from.Add(mins(0, 2)), oic, entry(liveEntry{at: from, kind: domain.EntryIncident, text: incidents[k][0]}))
		sit(over.Add(mins(0, 2)), oic, entry(liveEntry{at: over, kind: domain.EntryIncidentOver, text: incidents[k][1]}))
	}

	// The arrest team takes anyone detained to custody before the rest
	// leave; then the safeguarding steps, referrals and notes, and the
	// last departures, written up by the OIC as the team leaves.
	arrests := 0
	for _, m := range met {
		if m.person.outcome == domain.OutcomeArrested || m.person.outcome == domain.OutcomeDetained {
			arrests++
		}
	}
	leaving := onSite
	if arrests > 0 && len(custody) > 0 && len(custody) < len(onSite) && !d.live && chance(r, custodyRunShare) {
		run := met[len(met)-1].at.Add(mins(15, 40))
		if run.Before(depart.Add(-10 * time.Minute)) {
			leaving = slices.DeleteFunc(slices.Clone(onSite), func(sn domain.StaffNo) bool { return slices.Contains(custody, sn) })
			sit(run.Add(mins(0, 2)), oic, entry(liveEntry{at: run, kind: domain.EntryDeparture, officers: custody,
				text: fmt.Sprintf("To custody with %s.", plural(arrests, "detained person"))}))
		}
	}
	end := []liveEntry{}
	for _, e := range aside {
		end = append(end, entry(e))
	}
	end = g.safeguarding(end, met, depart, entry)
	end = g.referrals(end, d, met, depart, entry)
	if chance(r, 0.35) {
		// Records copied for the civil penalty team only when one is
		// due; no interpreter when nobody was met.
		notes := closingNotes[1:]
		switch {
		case len(met) == 0:
			notes = quietNotes
		case slices.ContainsFunc(met, func(m liveEntry) bool { return m.person.excuse == domain.ExcuseNotShown }):
			notes = closingNotes
		}
		end = append(end, entry(liveEntry{at: depart.Add(-mins(2, 10)), kind: domain.EntryNote, text: pick(r, notes)}))
	}
	if len(met) == 0 {
		end = append(end, entry(liveEntry{at: depart.Add(-mins(5, 15)), kind: domain.EntryNote, text: pick(r, nobodyNotes)}))
	}
	end = append(end, entry(liveEntry{at: depart, kind: domain.EntryDeparture, officers: leaving}))
	sit(depart.Add(mins(1, 4)), oic, end...)

	// A correction of an earlier entry, with its reason, by whoever wrote
	// it, once they noticed.
	if chance(r, correctionShare) {
		plans = g.correct(plans, depart, entry)
	}
	last := g.queue(b, plans, until)
	g.planDebrief(v, d, b, onSite, depart, last, closing)
}

// queue pushes the sittings that fall by until, in time order, and
// returns when the last of them is written, now or not.
func (g *generator) queue(b *brief, plans []sittingPlan, until time.Time) time.Time {
	n := 0
	for _, p := range plans {
		n = max(n, p.entries[len(p.entries)-1].id+1)
	}
	b.seqs = slices.Grow(b.seqs[:0], n)[:n]
	clear(b.seqs)
	slices.SortStableFunc(plans, func(a, b sittingPlan) int { return a.at.Compare(b.at) })
	var last time.Time
	for _, p := range plans {
		if p.at.After(until) {
			break
		}
		b.push(ev{at: p.at, kind: evLive, by: p.by, live: p.entries})
		last = p.at
	}
	return last
}

// encounters draws the people met: those without the right to work,
// among them any named subject found, then those cleared, in the order
// they were spoken to.
func (g *generator) encounters(v *domain.Visit) []encounter {
	r := g.r
	var out []encounter
	illegal := pick(r, illegalCounts)
	for _, s := range v.Subjects {
		if s.Withdrawn != "" || !chance(r, subjectFound) {
			continue
		}
		e := encounter{name: s.Name, nat: s.Nationality, dob: s.DOB, outcome: domain.OutcomeArrested, excuse: g.excuse()}
		if chance(r, 0.15) {
			e.outcome = pick(r, []domain.Outcome{domain.OutcomeDetained, domain.OutcomeServed})
		}
		out = append(out, e)
	}
	for len(out) < illegal {
		e := encounter{outcome: domain.OutcomeArrested, excuse: g.excuse()}
		e.name, e.nat = subjectName(r)
		if chance(r, unknownNameShare) {
			e.name = pick(r, []string{"Unknown male", "Unknown female"})
		} else if chance(r, 0.6) {
			e.dob = domain.DateOf(addDays(at(v.Basics.PlannedStart, 12, 0), -between(r, 19*365, 55*365)))
		}
		switch u := r.Float64(); {
		case u < 0.15:
			e.outcome = domain.OutcomeServed
		case u < 0.22:
			e.outcome = domain.OutcomeReferred
		case u < 0.26:
			e.outcome = domain.OutcomeDetained
		}
		out = append(out, e)
	}
	for range min(6-len(out), clearedCounts.pick(r)) {
		e := encounter{outcome: domain.OutcomeCleared, excuse: domain.ExcuseNA}
		if chance(r, 0.45) {
			e.name, e.nat = pick(r, officerGiven)+" "+pick(r, officerSurname), "British"
			for isFamous(e.name) {
				e.name = pick(r, officerGiven) + " " + pick(r, officerSurname)
			}
		} else {
			e.name, e.nat = subjectName(r)
			if chance(r, 0.4) {
				e.doc = fmt.Sprintf("%s%07d", pick(r, []string{"ZU", "RT", "ZR"}), between(r, 1_000_000, 9_999_999)) // a residence permit
			}
		}
		out = append(out, e)
	}
	for k := range out {
		g.examine(&out[k])
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	if len(out) > 6 {
		out = out[:6]
	}
	return out
}

// excuse is whether the employer showed a statutory excuse for a worker
// without the right to work: mostly not.
func (g *generator) excuse() domain.Excuse {
	switch u := g.r.Float64(); {
	case u < 0.7:
		return domain.ExcuseNotShown
	case u < 0.82:
		return domain.ExcuseShown
	}
	return domain.ExcuseUnknown
}

// occupier is who gave informed consent: the manager or owner, by name.
func (g *generator) occupier(d *draft) string {
	r := g.r
	role := pick(r, occupierRoles[sectors[d.prem.sector].address])
	var surname string
	if chance(r, 0.5) {
		surname = pick(r, officerSurname)
	} else {
		surname = pick(r, nationalities[nationalityWeights.pick(r)].surname)
	}
	return fmt.Sprintf("the %s, %s %s", role, pick(r, []string{"Mr", "Mr", "Ms", "Mrs"}), surname)
}

// reference is the warrant's or letter's reference in the planned power's
// detail ("Warrant SLN/2026/0123 granted by ...").
func reference(detail string) string {
	for _, w := range strings.Fields(detail) {
		if strings.Count(w, "/") >= 2 {
			return strings.TrimRight(w, ".,")
		}
	}
	return "reference as planned"
}

// safeguarding adds any safeguarding step for the people met.
func (g *generator) safeguarding(end []liveEntry, met []liveEntry, depart time.Time, entry func(liveEntry) liveEntry) []liveEntry {
	r := g.r
	var illegal *encounter
	var when time.Time
	for _, m := range met {
		if m.person.outcome != domain.OutcomeCleared {
			illegal, when = m.person, m.at
			break
		}
	}
	if illegal == nil {
		return end
	}
	at := minTime(when.Add(time.Duration(between(g.r, 5, 20))*time.Minute), depart.Add(-time.Minute))
	switch u := r.Float64(); {
	case u < nrmShare:
		end = append(end, entry(liveEntry{at: at, kind: domain.EntrySafeguarding, subtype: "NRM referral", person: illegal, text: pick(r, nrmNotes)}))
	case u < nrmShare+vulnerableShare:
		end = append(end, entry(liveEntry{at: at, kind: domain.EntrySafeguarding, subtype: "vulnerability identified", person: illegal, text: pick(r, vulnerabilityNotes)}))
	case u < nrmShare+vulnerableShare+childrenShare:
		end = append(end, entry(liveEntry{at: at, kind: domain.EntrySafeguarding, subtype: "section 55 (children)", text: pick(r, childrenNotes)}))
	}
	return end
}

// referrals adds the decision on the employer served on site (OUT-1,
// dayDecision), and now and then a referral to another body.
func (g *generator) referrals(end []liveEntry, d *draft, met []liveEntry, depart time.Time, entry func(liveEntry) liveEntry) []liveEntry {
	r := g.r
	notShown, shown := 0, 0
	for _, m := range met {
		switch m.person.excuse {
		case domain.ExcuseNotShown:
			notShown++
		case domain.ExcuseShown:
			shown++
		}
	}
	at := depart.Add(-time.Duration(between(r, 5, 25)) * time.Minute)
	end = append(end, g.dayDecision(d, met, at, entry)...)
	if notShown+shown > 0 && chance(r, otherRefShare) {
		x := pick(r, otherReferrals)
		end = append(end, entry(liveEntry{at: at.Add(time.Minute), kind: domain.EntryReferral, subtype: x[0], text: x[1]}))
	}
	return end
}

// correct adds a correction of an encounter's name or a seizure's seal
// number, as its writer noticed the mistake: the original entry carries
// the mistake, the correction the right value and why.
func (g *generator) correct(plans []sittingPlan, depart time.Time, entry func(liveEntry) liveEntry) []sittingPlan {
	r := g.r
	type cand struct{ sitting, entry int }
	var cands []cand
	for i, p := range plans {
		for k, e := range p.entries {
			if e.kind == domain.EntrySeizure || e.kind == domain.EntryEncounter && e.person.outcome != domain.OutcomeCleared && !strings.HasPrefix(e.person.name, "Unknown") {
				cands = append(cands, cand{i, k})
			}
		}
	}
	if len(cands) == 0 {
		return plans
	}
	c := pick(r, cands)
	p := plans[c.sitting]
	right := p.entries[c.entry]
	wrong := right
	var reason string
	switch right.kind {
	case domain.EntrySeizure:
		wrong.seal = transpose(right.seal)
		reason = "Seal number digits transposed; checked against the bag."
		if wrong.seal == right.seal {
			return plans // nothing to get wrong
		}
	default:
		pr := *right.person
		pr.name = misspell(pr.name)
		wrong.person = &pr
		reason = "Name misspelt; corrected from the passport."
		if pr.name == right.person.name {
			return plans
		}
	}
	entries := slices.Clone(p.entries)
	entries[c.entry] = wrong
	plans[c.sitting].entries = entries
	fixed := right
	fixed.fix, fixed.reason = right.id+1, reason
	fixed = entry(fixed)
	when := instant(r, p.at.Add(5*time.Minute), maxTime(p.at.Add(5*time.Minute), depart))
	return append(plans, sittingPlan{at: when, by: p.by, entries: []liveEntry{fixed}})
}

// transpose swaps two neighbouring digits of a seal number.
func transpose(seal string) string {
	b := []byte(seal)
	for i := len(b) - 2; i > 0; i-- {
		if isDigit(b[i]) && isDigit(b[i+1]) && b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
	}
	return seal
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// misspell swaps two letters of the surname, as a name heard and not
// read is misspelt.
func misspell(name string) string {
	i := strings.LastIndexByte(name, ' ')
	b := []byte(name)
	for k := i + 2; k+1 < len(b); k++ {
		if b[k] != b[k+1] {
			b[k], b[k+1] = b[k+1], b[k]
			return string(b)
		}
	}
	return name
}

// officerInitials are the exhibit prefix: "Grace Osei" writes GO/1, GO/2.
func officerInitials(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return "EX"
	}
	return string(f[0][0]) + string(f[len(f)-1][0])
}

// plural reads "1 worker", "2 workers".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// recordLive writes up one sitting of live entries through ParseEntry and
// Record, as the form would pass them, and folds their changes into one
// audit entry: "timeline #3 to #5 recorded: encounter, encounter and
// seizure".
func (g *generator) recordLive(v *domain.Visit, b *brief, e *ev) (domain.Change, error) {
	loc := g.now.Location()
	var out domain.Change
	var kinds []string
	first := len(v.Timeline) + 1
	for k := range e.live {
		le := &e.live[k]
		in := domain.EntryInput{At: le.at.In(loc).Format(domain.DateTimeLayout), Text: le.text}
		switch le.kind {
		case domain.EntryArrival, domain.EntryDeparture:
			var sb strings.Builder
			for i, sn := range le.officers {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString(string(sn))
			}
			in.Officers = sb.String()
		case domain.EntryEntry:
			in.Power, in.ConsentBy, in.Warrant = string(le.power), le.consent, le.warrant
		case domain.EntryEncounter:
			p := le.person
			in.Person = domain.PersonInput{Name: p.name, Nationality: p.nat, DocNo: p.doc, Outcome: string(p.outcome),
				Interviewed: yesOrNo(p.interviewed), Biometrics: yesOrNo(p.biometrics)}
			if p.outcome != domain.OutcomeCleared {
				in.Person.Excuse = string(p.excuse)
			}
			if !p.dob.IsZero() {
				in.Person.DOB = p.dob.UK()
			}
		case domain.EntrySeizure:
			in.Seizure = domain.SeizureInput{Item: le.item, Exhibit: le.exhibit, Seal: le.seal}
		case domain.EntryAgency:
			in.Agency = domain.AgencyInput{Agency: string(le.agency.Agency), Name: le.agency.Name}
		case domain.EntryDecision:
			var ws []string
			for _, id := range le.workers {
				ws = append(ws, strconv.Itoa(b.seqs[id]))
			}
			x := le.decision
			in.Decision = domain.DecisionInput{Notice: string(x.Notice), EmployerName: x.Employer.Name, EmployerAddress: x.Employer.Address,
				Workers: joinWords(ws), ExcuseShown: map[bool]string{true: "shown", false: "not shown"}[x.ExcuseShown]}
		case domain.EntrySafeguarding, domain.EntryReferral:
			in.Subtype = le.subtype
			if le.person != nil {
				in.Person.Name = le.person.name
			}
		}
		// A typed 01:30 on the night the clocks go back reads as the
		// later one; the instant meant is known.
		now := e.at
		if clockChange(le.at) {
			now = now.Add(time.Hour)
		}
		te, err := v.ParseEntry(le.kind, in, now)
		if err != nil {
			return domain.Change{}, fmt.Errorf("live %s at %s: %w", le.kind, le.at, err)
		}
		te.At = le.at
		if le.fix > 0 {
			te.Corrects, te.Reason = b.seqs[le.fix-1], le.reason
			if te.Corrects == 0 {
				continue // its original was never written
			}
		}
		c, err := v.Record(te, *e.by, e.at)
		if err != nil {
			return domain.Change{}, fmt.Errorf("live %s at %s: %w", le.kind, le.at, err)
		}
		b.seqs[le.id] = len(v.Timeline)
		kinds = append(kinds, string(te.Kind))
		if len(kinds) == 1 {
			out = c
			continue
		}
		out.Fields = append(out.Fields, c.Fields...)
	}
	if n := len(kinds); n > 1 {
		out.Action = fmt.Sprintf("timeline #%d to #%d: %s and %s", first, first+n-1, strings.Join(kinds[:n-1], ", "), kinds[n-1])
	}
	return out, nil
}
