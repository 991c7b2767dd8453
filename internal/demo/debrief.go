package demo

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"oic/domain"
)

// The debrief and the closure (DOMAIN.md "Debrief and closure"; DBF-1 to
// DBF-4; ICIBI 7.1-7.7 and figure 7), written through the domain's own
// methods as an OIC writes them up after a visit:
//
//   - the team debrief is held at the vans when the OIC closes within the
//     hour, back at the team's office most often, on a call the next
//     morning when the closure waits a day, and now and then not at all,
//     the officers' feedback coming by email instead (ICIBI 7.1);
//   - the OIC writes the debrief in one to three sittings between the
//     team debrief and the closure, each sitting one audit entry: first
//     correcting any statutory excuse the live record left "not yet
//     known", then the sections in the template's order, each from what
//     the visit's own record holds (who was met and what became of them,
//     the referrals and safeguarding steps, the recce's notes on the
//     premises), and the team's feedback, collated; a few officers write
//     their own;
//   - the OIC closes the visit with Close, which refuses while anything
//     blocks; a visit whose closure is still to come keeps what has been
//     written by now, so the debrief tab and DBF-1 have something to show,
//     and DBF-3 the few running late;
//   - once closed, the follow-ups: the civil penalty referral passed on
//     with its reference, the licensing review, the other referrals and
//     the safeguarding referrals acknowledged.

// Debrief shares.
const (
	noEntryShare      = 0.06 // of visits planned on consent: consent refused, no entry (ICIBI figure 7)
	selfFeedbackShare = 0.2  // officers who record their own feedback
	noFeedbackShare   = 0.03 // officers who gave none, and why
	typedStandDown    = 0.3  // OICs who type a stand-down time rather than leave the last departure
	writtenReturns    = 0.06 // no team session: feedback by email (ICIBI 7.1)
)

// dbfPlan is the debrief of the visit being run: when and where the team
// debrief was held, and, drawn at the first sitting from the live record
// as it then stands, what each section and each officer will say.
type dbfPlan struct {
	built     bool
	depart    time.Time // the last departure planned
	heldAt    time.Time
	held      string
	standDown time.Time // typed by the OIC, or zero for the last departure
	returns   bool      // feedback by email, no session
	in        map[domain.SectionID]map[string]string
	team      map[domain.StaffNo]map[string]string
	fixes     []fix
	f         dbfFacts
}

// fix is an encounter whose statutory excuse was left "not yet known" on
// the day, with what the employer's records showed (DBF-1 asks for it).
type fix struct {
	e      domain.TimelineEntry
	excuse domain.Excuse
	reason string
}

// planDebrief schedules the team debrief, the OIC's sittings and the
// officers' own feedback between the end of the live record (lastSit) and
// the closure; onSite are the officers who went. Nothing is planned for a
// visit with no closure in view (on the ground as the demo loads).
func (g *generator) planDebrief(v *domain.Visit, d *draft, b *brief, onSite []domain.StaffNo, depart, lastSit, closing time.Time) {
	if closing.IsZero() || lastSit.IsZero() {
		return
	}
	r := g.r
	lo, hi := lastSit.Add(time.Minute), closing
	if hi.Before(lo) {
		lo = hi
	}
	p := &dbfPlan{depart: depart}
	b.dbf = p

	// The team debrief.
	switch {
	case hi.Sub(lo) < 40*time.Minute:
		p.heldAt = lo
		p.held = fmt.Sprintf("%s, %s, in person", pick(r, atTheVans), lo.Format("15:04"))
	case chance(r, writtenReturns):
		p.returns = true
		p.heldAt = instant(r, lo, hi)
		p.held = "No team session (officers on other duties): written returns by email to the OIC by " + p.heldAt.Format("02/01 15:04")
	case midnight(hi).After(midnight(depart)) && chance(r, 0.35):
		p.heldAt = at(addDays(depart, 1), between(r, 8, 9), 15*r.IntN(4))
		p.heldAt = maxTime(minTime(p.heldAt, hi), lo)
		p.held = fmt.Sprintf("By Teams call, %s on %s", p.heldAt.Format("15:04"), p.heldAt.Format("02/01"))
	default:
		from := maxTime(lo, minTime(depart.Add(25*time.Minute), hi))
		p.heldAt = instant(r, from, maxTime(from, minTime(depart.Add(100*time.Minute), hi)))
		p.held = fmt.Sprintf("%s, %s, in person", teamBase(v.Basics.Team), p.heldAt.Format("15:04"))
		if slices.ContainsFunc(v.Roster, func(e domain.RosterEntry) bool { return e.Role == "mentee" }) && chance(r, 0.5) {
			p.held += ", with the mentee" // ICIBI figure 7: "as mentees on visit"
		} else if chance(r, 0.1) {
			p.held += pick(r, heldExtras)
		}
	}
	if chance(r, typedStandDown) {
		if t := depart.Add(time.Duration(between(r, 3, 20)) * time.Minute); !t.After(p.heldAt) && !clockChange(t) {
			p.standDown = t
		}
	}

	// The OIC's sittings: the first after the team debrief, the last at
	// the closure; the sections in the template's order, split between
	// them.
	first := minTime(maxTime(p.heldAt.Add(time.Duration(between(r, 5, 30))*time.Minute), lo), hi)
	times := []time.Time{first}
	switch span := hi.Sub(first); {
	case span < 45*time.Minute:
		times[0] = hi
	case span > 3*time.Hour && chance(r, 0.6):
		times = append(times, workInstant(r, first.Add(30*time.Minute), hi.Add(-10*time.Minute)), hi)
	default:
		times = append(times, hi)
	}
	if n := len(times); n > 1 {
		times[n-1] = maxTime(times[n-2].Add(time.Minute), hi.Add(-time.Duration(between(r, 0, 4))*time.Minute))
	}
	secs := dbfOrder
	cuts := []int{len(secs)}
	switch len(times) {
	case 2:
		cuts = []int{between(r, 3, 9), len(secs)}
	case 3:
		c := between(r, 2, 6)
		cuts = []int{c, between(r, c+1, 10), len(secs)}
	}
	// The team's feedback: collated from the session in the first
	// sitting, or at the end; some officers record their own.
	collate := len(times) - 1
	if !p.returns && len(times) > 1 && chance(r, 0.5) {
		collate = 0
	}
	var self, rest []domain.StaffNo
	for _, sn := range onSite {
		if sn != d.oic.StaffNo && !p.returns && hi.Sub(p.heldAt) > 30*time.Minute && chance(r, selfFeedbackShare) {
			self = append(self, sn)
			continue
		}
		rest = append(rest, sn)
	}
	from := 0
	for i, t := range times {
		e := ev{at: t, kind: evDebrief, by: d.oic, secs: secs[from:cuts[i]]}
		from = cuts[i]
		if i == collate {
			e.staff = rest
		}
		b.push(e)
	}
	for _, sn := range self {
		b.push(ev{at: workInstant(r, p.heldAt, hi.Add(-time.Minute)), kind: evFeedback, by: g.byNo[sn], staff: []domain.StaffNo{sn}})
	}
}

// dbfOrder is the template's sections the OIC writes, team feedback aside.
var dbfOrder = slices.DeleteFunc(slices.Clone(domain.SectionIDs), func(s domain.SectionID) bool { return s == domain.SecTeam })

// writeDebrief records one sitting of the debrief: the corrections it
// needs, its sections and the feedback it collates, folded into one audit
// entry.
func (g *generator) writeDebrief(v *domain.Visit, b *brief, e *ev) (domain.Change, bool, error) {
	p := b.dbf
	if !p.built {
		g.buildDebrief(v, b.d, p)
	}
	loc := g.now.Location()
	var out domain.Change
	var parts, titles []string
	n := 0
	add := func(c domain.Change) {
		if n == 0 {
			out = c
		} else {
			out.Fields = append(out.Fields, c.Fields...)
			if c.Reason != "" {
				out.Reason = strings.TrimPrefix(out.Reason+"; "+c.Reason, "; ")
			}
		}
		n++
	}
	secs := e.secs
	// A visit where a critical incident was declared has its
	// post-incident review written at the last sitting (INC-1).
	if slices.Contains(secs, domain.SecStandDown) && slices.Contains(v.SectionIDs(), domain.SecIncident) {
		secs = append(slices.Clip(secs), domain.SecIncident)
	}
	for _, s := range secs {
		if s == domain.SecEncounters {
			for _, x := range p.fixes {
				c, err := g.correctExcuse(v, x, *e.by, e.at)
				if err != nil {
					return domain.Change{}, false, err
				}
				add(c)
				parts = append(parts, c.Action)
			}
			// What the day left open: notices and custody (OUT-1, CUS-1).
			cs, err := g.lateOutcomes(v, b.d, *e.by, e.at)
			if err != nil {
				return domain.Change{}, false, err
			}
			for _, c := range cs {
				add(c)
				parts = append(parts, c.Action)
			}
		}
		in := p.in[s]
		if s == domain.SecStandDown && !p.standDown.IsZero() {
			in[domain.FieldDbfStandDown] = p.standDown.In(loc).Format(domain.DateTimeLayout)
		}
		c, err := v.SetDebriefSection(s, in, *e.by, e.at)
		if errors.Is(err, domain.ErrNoChange) {
			continue
		}
		if err != nil {
			return domain.Change{}, false, fmt.Errorf("debrief %s: %w", s, err)
		}
		add(c)
		titles = append(titles, s.Title())
	}
	if len(titles) > 0 {
		parts = append(parts, "debrief: "+joinAnd(titles))
	}
	for _, sn := range e.staff {
		c, err := v.SetTeamFeedback(sn, p.team[sn], *e.by, e.at)
		if err != nil {
			return domain.Change{}, false, fmt.Errorf("feedback of %s: %w", sn, err)
		}
		add(c)
		if len(e.staff) == 1 {
			parts = append(parts, c.Action)
		}
	}
	if len(e.staff) > 1 {
		parts = append(parts, fmt.Sprintf("debrief: feedback of %d officers", len(e.staff)))
	}
	if n > 1 {
		out.Action = strings.Join(parts, "; ")
	}
	return out, n > 0, nil
}

// correctExcuse records what the employer's records showed for someone
// whose statutory excuse was not yet known on the day, as a correction of
// the encounter through the live form.
func (g *generator) correctExcuse(v *domain.Visit, x fix, by domain.Officer, now time.Time) (domain.Change, error) {
	p := x.e.Person
	in := domain.EntryInput{
		At:   x.e.At.In(g.now.Location()).Format(domain.DateTimeLayout),
		Text: x.e.Text,
		Person: domain.PersonInput{Name: p.Name, Nationality: p.Nationality, DocNo: p.DocNo,
			Outcome: string(p.Outcome), Excuse: string(x.excuse)},
	}
	if !p.DOB.IsZero() {
		in.Person.DOB = p.DOB.UK()
	}
	pn := now
	if clockChange(x.e.At) {
		pn = pn.Add(time.Hour)
	}
	te, err := v.ParseEntry(domain.EntryEncounter, in, pn)
	if err != nil {
		return domain.Change{}, fmt.Errorf("excuse of %s: %w", p.Name, err)
	}
	te.At, te.Corrects, te.Reason = x.e.At, x.e.Seq, x.reason
	c, err := v.Record(te, by, now)
	if err != nil {
		return domain.Change{}, fmt.Errorf("excuse of %s: %w", p.Name, err)
	}
	return c, nil
}

// close closes the visit once its debrief is written, and plans the
// follow-ups; later are the steps after it.
func (g *generator) close(v *domain.Visit, d *draft, b *brief, st *step, later []step) (domain.Change, error) {
	c, err := v.Close(g.cfg, *st.by, st.at)
	if err != nil {
		return c, err
	}
	limit := st.at.Add(10 * 24 * time.Hour)
	if len(later) > 0 {
		limit = minTime(limit, later[0].at.Add(-time.Minute))
	}
	g.planFollowUps(v, d, b, st.at, limit)
	return c, nil
}

// dbfFacts is what the live record says, as the debrief reads it.
type dbfFacts struct {
	entered    bool
	power      domain.PowerKind
	met        []domain.TimelineEntry // encounters
	cleared    int
	arrests    int // arrested or detained
	served     int
	referred   int
	liable     int // without the right to work and no statutory excuse
	shown      int // without the right to work, excuse shown
	liableName []string
	shownName  []string
	cprn, nan  bool     // served on the day
	licensing  bool     // a licensing review referral on the day
	others     []string // other referrals made on the day
	safeguard  []domain.TimelineEntry
	seized     int
	custody    bool // the arrest team left first for custody
	subjects   []domain.Subject
	found      []string // subject IDs met
	gone       int      // subjects no longer at the address
	days       int      // age of the intelligence at the visit
}

func (f *dbfFacts) illegal() int { return f.arrests + f.served + f.referred }

// buildDebrief draws the whole debrief from the record as it stands.
func (g *generator) buildDebrief(v *domain.Visit, d *draft, p *dbfPlan) {
	r := g.r
	p.built = true
	f := &p.f
	eff := v.Effective()
	for _, e := range eff {
		switch e.Kind {
		case domain.EntryEntry:
			f.entered, f.power = true, e.Power
		case domain.EntryEncounter:
			if e.Person == nil {
				continue
			}
			f.met = append(f.met, e)
			excuse := e.Person.Excuse
			switch e.Person.Outcome {
			case domain.OutcomeCleared:
				f.cleared++
				continue
			case domain.OutcomeArrested, domain.OutcomeDetained:
				f.arrests++
			case domain.OutcomeServed:
				f.served++
			case domain.OutcomeReferred:
				f.referred++
			}
			if excuse == domain.ExcuseUnknown {
				x := fix{e: e, excuse: domain.ExcuseNotShown, reason: pick(r, excuseNotShownFixes)}
				if chance(r, 0.3) {
					x.excuse, x.reason = domain.ExcuseShown, pick(r, excuseShownFixes)
				}
				p.fixes = append(p.fixes, x)
				excuse = x.excuse
			}
			if excuse == domain.ExcuseNotShown {
				f.liable++
				f.liableName = append(f.liableName, e.Person.Name)
			} else {
				f.shown++
				f.shownName = append(f.shownName, e.Person.Name)
			}
		case domain.EntryDecision:
			switch e.Decision.Notice {
			case domain.NoticeCPRN:
				f.cprn = true
			case domain.NoticeNoAction:
				f.nan = true
			}
		case domain.EntryReferral:
			switch e.Subtype {
			case "licensing review":
				f.licensing = true
			default:
				f.others = append(f.others, e.Subtype)
			}
		case domain.EntrySafeguarding:
			f.safeguard = append(f.safeguard, e)
		case domain.EntrySeizure:
			f.seized++
		case domain.EntryDeparture:
			if strings.HasPrefix(e.Text, "To custody") {
				f.custody = true
			}
		}
	}
	for _, s := range v.Subjects {
		if s.Withdrawn != "" {
			continue
		}
		f.subjects = append(f.subjects, s)
		if slices.ContainsFunc(f.met, func(e domain.TimelineEntry) bool { return sameName(e.Person.Name, s.Name) }) {
			f.found = append(f.found, s.ID)
		}
	}
	f.days = int(v.Basics.PlannedStart.Sub(v.Basics.Intel.Received.In(v.Basics.PlannedStart.Location())).Hours() / 24)

	p.in = make(map[domain.SectionID]map[string]string, len(domain.SectionIDs))
	w := &dbfWriter{g: g, v: v, d: d, p: p, f: f}
	p.in[domain.SecResources] = map[string]string{domain.FieldDbfPPE: w.ppe()}
	p.in[domain.SecEntry] = map[string]string{domain.FieldDbfNoEntry: w.noEntry()}
	p.in[domain.SecSubjects] = w.subjects()
	p.in[domain.SecEncounters] = map[string]string{domain.FieldDbfOthers: w.othersSeen()}
	p.in[domain.SecSanctions] = w.sanctions()
	p.in[domain.SecSafeguarding] = w.safeguarding()
	rating, comment := w.intel()
	p.in[domain.SecIntel] = map[string]string{domain.FieldDbfIntelRating: rating, domain.FieldDbfIntelComment: comment}
	p.in[domain.SecPremises] = map[string]string{domain.FieldDbfPremises: w.premisesNotes()}
	rec, cmt := w.employer()
	p.in[domain.SecEmployer] = map[string]string{domain.FieldDbfRecords: rec, domain.FieldDbfEmpComment: cmt}
	p.in[domain.SecEngagement] = map[string]string{domain.FieldDbfEngagement: w.engagement()}
	probs, note := w.problems(rating)
	p.in[domain.SecProblems] = map[string]string{domain.FieldDbfProblems: probs, domain.FieldDbfProblemsNote: note}
	p.in[domain.SecStandDown] = map[string]string{domain.FieldDbfHeld: p.held, domain.FieldDbfSummary: w.summary()}
	p.in[domain.SecIncident] = map[string]string{domain.FieldDbfPostIncident: postIncident}
	p.team = w.team()
}

// sameName compares names as the debrief does: case and spacing aside.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// planFollowUps schedules what follows the closure, between two hours
// after it and limit (before the visit moves on to assurance).
func (g *generator) planFollowUps(v *domain.Visit, d *draft, b *brief, closed, limit time.Time) {
	r := g.r
	lo := closed.Add(2 * time.Hour)
	if !limit.After(lo) {
		return
	}
	var f *dbfFacts
	if b.dbf != nil && b.dbf.built {
		f = &b.dbf.f
	} else {
		f = &dbfFacts{}
	}
	type fu struct{ kind, text string }
	var fus []fu
	year := closed.Year()
	town := townOf(d.prem)
	has := func(s string) bool { return slices.Contains(v.Debrief.Sanctions, s) }
	if has("civil penalty referral notice") && (!f.cprn || chance(r, 0.7)) {
		ref := fmt.Sprintf("CPCT/%d/%06d", year, between(r, 1000, 99999))
		if f.cprn {
			fus = append(fus, fu{"civil penalty referral notice", fmt.Sprintf(pick(r, cprnPassedOn), ref)})
		} else {
			fus = append(fus, fu{"civil penalty referral notice", fmt.Sprintf(pick(r, cprnPosted), ref)})
		}
	}
	if has("licensing referral") && chance(r, 0.9) {
		fus = append(fus, fu{"licensing review", fmt.Sprintf(pick(r, licensingFollowUps), town, fmt.Sprintf("LIC/%d/%04d", year, between(r, 10, 2999)))})
	}
	if has("closure notice") {
		fus = append(fus, fu{"closure notice", pick(r, closureFollowUps)})
	}
	if len(f.safeguard) > 0 && chance(r, 0.7) {
		x := f.safeguard[0]
		switch x.Subtype {
		case "NRM referral":
			fus = append(fus, fu{"safeguarding referral", pick(r, nrmFollowUps)})
		case "section 55 (children)":
			fus = append(fus, fu{"safeguarding referral", fmt.Sprintf("Referral to %s children's services confirmed by email; reference CS-%06d.", town, between(r, 10000, 999999))})
		default:
			fus = append(fus, fu{"safeguarding referral", fmt.Sprintf(pick(r, adultSafeguardingFollowUps), town, between(r, 10000, 999999))})
		}
	}
	for _, k := range f.others {
		if t, ok := referralFollowUps[k]; ok && chance(r, 0.5) {
			fus = append(fus, fu{k, fmt.Sprintf(t, between(r, 100000, 9999999))})
		}
	}
	if f.liable > 0 && chance(r, 0.08) {
		x := pick(r, laterReferrals)
		fus = append(fus, fu{x[0], strings.ReplaceAll(x[1], "{town}", town)})
	}
	if len(fus) == 0 {
		return
	}
	times := make([]time.Time, len(fus))
	for i := range times {
		times[i] = workInstant(r, lo, limit)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i, x := range fus {
		by := d.oic
		if x.kind != "civil penalty referral notice" && x.kind != "closure notice" && chance(r, 0.3) && len(v.Roster) > 1 {
			by = g.byNo[v.Roster[r.IntN(len(v.Roster))].StaffNo]
		}
		b.push(ev{at: times[i], kind: evFollowUp, by: by, sub: x.kind, note: x.text})
	}
}

// recordFollowUp records one follow-up, if the visit still takes them.
func (g *generator) recordFollowUp(v *domain.Visit, e *ev) (domain.Change, bool, error) {
	if v.FollowUpEditable(*e.by) != nil {
		return domain.Change{}, false, nil
	}
	c, err := v.RecordFollowUp(e.sub, e.note, *e.by, e.at)
	return c, err == nil, err
}

// joinAnd reads "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// townOf is the premises' town, for a council's name.
func townOf(p premises) string {
	if t := districtOf(p.postcode).town; t != "" {
		return t
	}
	_, t, _ := strings.Cut(p.address, ", ")
	if i := strings.LastIndex(t, ", "); i >= 0 {
		t = t[i+2:]
	}
	if t == "" {
		return "the local"
	}
	return t
}
