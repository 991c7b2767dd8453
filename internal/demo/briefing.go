package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"oic/domain"
)

// The team and its briefing (DOMAIN.md "Briefing and roster"; CMD-1,
// CMD-2, BRF-1 to BRF-5), recorded through the domain's own methods:
//
//   - the OIC rosters four to eight officers of the team: themselves as
//     OIC (and usually bronze), an HMI as gold and a CIO as silver, both
//     usually on call off site, and the rest with team roles, the arrest
//     team among the arrest-trained; one sitting, one audit entry;
//   - the OIC issues the order after the authorisation; each officer
//     accepts it as themselves, some within the hour, most within the
//     day, a few the next morning, so a visit still to come often waits
//     on an acceptance or two (BRF-1);
//   - a change to the order after it was issued (an officer replaced; the
//     police's warning markers, which feed its risks, arriving with the
//     ONF) is re-issued with a note of what changed, and the team accepts
//     again (BRF-2);
//   - on the day, the verbal briefing with the risks discussed and any
//     questions (BRF-3, BRF-5), the OIC's confirmation (BRF-4) and Deploy,
//     which refuses while anything blocks; rarely, the OIC overrides an
//     acceptance that never came, with the reason.

// Team and briefing shares.
const (
	swapShare     = 0.06  // briefings re-issued because the team changed; the ONF adds a few more
	overrideShare = 0.025 // visits that went ahead with an acceptance overridden
	menteeShare   = 0.35  // teams with an untrained IO beside them who is a mentee
	silverOnSite  = 0.3   // silver commanders at the premises rather than on call
	bronzeIsOIC   = 0.75  // "bronze is usually the OIC" (ICIBI 6.1)
	goldAuthShare = 0.6   // gold is the HMI who authorised the visit
	commandLag    = 0.06  // rosters of visits not yet briefed still missing a commander (CMD-1)
)

// rosterSizes: four to eight officers on a roster, gold and silver
// included; most have six or seven.
var rosterSizes = newWeighted(6, 16, 30, 28, 20)

// teamRoles are the team roles given, in order, to the officers beside
// the commanders; the arrest team goes to the arrest-trained first.
var teamRoles = []string{domain.RoleArrest, "rear cover", "driver", "exhibits officer", domain.RoleArrest, "interviewer", "rear cover", "search"}

// member is one officer of the team as the OIC rosters them.
type member struct {
	o             *domain.Officer
	role, command string
}

// evKind is what a pending event does.
type evKind uint8

const (
	evAccept   evKind = iota // an officer accepts the current version (BRF-1)
	evReissue                // the OIC re-issues a changed order (BRF-2)
	evLive                   // one officer writes up live entries
	evDebrief                // the OIC writes up sections of the debrief and collates feedback
	evFeedback               // an officer records their own feedback
	evFollowUp               // a follow-up once the visit is closed
)

// ev is an event set going by a step: an officer's acceptance, a
// re-issue, or a sitting of the live record, at the time it is recorded.
type ev struct {
	at   time.Time
	kind evKind
	by   *domain.Officer
	note string
	live []liveEntry
	// The debrief: the sections written and the officers whose feedback
	// is recorded; a follow-up's kind (its text is note).
	secs  []domain.SectionID
	staff []domain.StaffNo
	sub   string
}

// brief is what the briefing of one visit has in hand while it is run:
// the events pending, in time order, and how long acceptances may take.
type brief struct {
	g      *generator
	until  time.Time      // acceptances come by then
	all    bool           // every officer accepts by until: the team deploys
	absent domain.StaffNo // never accepts; the OIC overrides (BRF-1)
	over   bool           // the visit has an override step
	issues bool           // the briefing is issued
	verbal time.Time      // the verbal briefing, if the visit gets that far
	redo   bool           // a re-issue is pending
	pend   []ev
	seqs   []int // live entries' numbers on the timeline, by liveEntry.id
	d      *draft
	dbf    *dbfPlan // the debrief, once the live record is planned
}

// newBrief starts the briefing of a visit whose steps are known.
func (g *generator) newBrief(steps []step, d *draft) *brief {
	b := &g.brief
	pend, seqs := b.pend[:0], b.seqs[:0]
	*b = brief{g: g, d: d, until: g.now, pend: pend, seqs: seqs}
	for _, s := range steps {
		switch {
		case s.kind == stepVerbal:
			b.verbal, b.until, b.all = s.at, s.at.Add(-time.Minute), true
		case s.kind == stepOverride:
			b.over = true
		case s.kind == stepIssue:
			b.issues = true
		case s.to == domain.Cancelled || s.to == domain.StoodDown:
			b.until = minTime(b.until, s.at.Add(-time.Minute))
		}
	}
	return b
}

// push adds e in time order, after any at the same minute. Nothing is
// recorded after now.
func (b *brief) push(e ev) {
	if e.at.After(b.g.now) {
		return
	}
	i := len(b.pend)
	for i > 0 && b.pend[i-1].at.After(e.at) {
		i--
	}
	b.pend = slices.Insert(b.pend, i, e)
}

func (b *brief) pop() ev {
	e := b.pend[0]
	b.pend = slices.Delete(b.pend, 0, 1)
	return e
}

// accepts schedules an acceptance of the current version, from `from`,
// for every officer on the team who has not given one, replacing any
// still pending. The OIC accepts at once; the others when they next read
// their messages: most within the hour or the working day, a few the next
// day. When the team deploys, everyone but the absent officer
// has accepted by the verbal briefing, some on the morning itself; when
// it has not yet, whoever has not got round to it is still outstanding.
func (b *brief) accepts(v *domain.Visit, from time.Time) {
	r := b.g.r
	b.pend = slices.DeleteFunc(b.pend, func(e ev) bool { return e.kind == evAccept })
	cur, _ := v.Briefing.Current()
	if b.over && b.absent == "" {
		// Whoever will not have accepted by the deployment: not the OIC.
		if n := len(v.Roster); n > 1 {
			b.absent = v.Roster[1+r.IntN(n-1)].StaffNo
		}
	}
	for _, e := range v.Roster {
		if _, ok := v.Briefing.Accepted(e.StaffNo, cur.N); ok || e.StaffNo == b.absent {
			continue
		}
		var delay int
		switch u := r.Float64(); {
		case e.Holds(domain.CommandOIC):
			delay = between(r, 1, 5)
		case u < 0.45:
			delay = between(r, 2, 60)
		case u < 0.85:
			delay = between(r, 60, 6*60)
		default:
			delay = between(r, 6*60, 30*60)
		}
		t := from.Add(time.Duration(delay) * time.Minute)
		if h := t.Hour(); h < 6 {
			if m := at(t, 6, between(r, 30, 59)); m.After(from) {
				t = m // read over breakfast, not at 3 a.m.
			}
		}
		if t.After(b.until) {
			if !b.all {
				continue // not yet
			}
			t = instant(r, maxTime(from.Add(time.Minute), b.until.Add(-90*time.Minute)), b.until)
		}
		b.push(ev{at: t, kind: evAccept, by: b.g.byNo[e.StaffNo]})
	}
}

// afterAct re-issues the order when the planning record just made changed
// it after it was issued, saying what changed (BRF-2): ten minutes to an
// hour and a half later, and before the verbal briefing.
func (b *brief) afterAct(v *domain.Visit, a act) {
	// Of the planning records made once a visit is authorised, only the
	// ONF's can change the order (its police markers are among the
	// risks); Confirm, which refuses a stale order, would catch another.
	if v.State != domain.Briefed || b.redo || a.kind != actONFReturn && a.kind != actONFSend || !v.BriefingStale() {
		return
	}
	limit := b.until
	if !b.verbal.IsZero() {
		limit = b.verbal.Add(-10 * time.Minute)
	}
	b.redo = true // nobody can accept it until it is re-issued
	lo := a.at.Add(10 * time.Minute)
	if lo.After(limit) {
		return // not yet re-issued: BRF-2 stands against it
	}
	note := "Order updated since it was issued: " + formNames[a.kind] + " recorded. Read it again before accepting."
	switch o := v.Plan.ONF; {
	case a.kind == actONFReturn && o.Markers != "":
		note = "ONF returned by " + o.Force + " with warning markers, now among the risks: " + o.Markers
	case a.kind == actONFReturn || a.kind == actONFSend:
		note = "ONF updated: the police warning markers on the earlier form no longer stand and are taken out of the risks."
	}
	b.push(ev{at: instant(b.g.r, lo, minTime(a.at.Add(90*time.Minute), limit)), kind: evReissue, by: b.g.byNo[v.Basics.OIC], note: note})
}

// event records one pending event; ok is false when there was nothing to
// record after all (an acceptance the order moved on from).
func (g *generator) event(v *domain.Visit, b *brief, e *ev) (domain.Change, bool, error) {
	switch e.kind {
	case evLive:
		c, err := g.recordLive(v, b, e)
		return c, err == nil, err
	case evDebrief, evFeedback:
		return g.writeDebrief(v, b, e)
	case evFollowUp:
		return g.recordFollowUp(v, e)
	case evAcknowledge:
		return g.acknowledge(v, e)
	case evReissue:
		b.redo = false
		if v.State != domain.Briefed || !v.BriefingStale() {
			return domain.Change{}, false, nil
		}
		c, err := v.IssueBriefing(e.note, *e.by, e.at)
		if err != nil {
			return c, false, err
		}
		b.accepts(v, e.at)
		return c, true, nil
	}
	// While the order waits to be re-issued it cannot be accepted; the
	// re-issue asks again. (b.redo stands for BriefingStale, which
	// AcceptBriefing checks itself: the order changes only by an act,
	// which afterAct looks at, or a swap.)
	cur, _ := v.Briefing.Current()
	if _, done := v.Briefing.Accepted(e.by.StaffNo, cur.N); done || v.State != domain.Briefed || b.redo {
		return domain.Change{}, false, nil
	}
	c, err := v.AcceptBriefing(cur.N, *e.by, e.at)
	return c, err == nil, err
}

// team draws the visit's team. Gold is an HMI of the team, often the one
// who authorised the visit (for red, the Grade 7); silver a CIO of the
// team; bronze the OIC or another arrest-trained officer; the rest IOs and
// CIOs of the team. With short set, a commander is not named yet.
func (g *generator) team(v *domain.Visit, d *draft, short bool) []member {
	r := g.r
	p, oic := d.p, d.oic
	n := 4 + rosterSizes.pick(r)
	var gold *domain.Officer
	switch a := v.Plan.Auth; {
	case a != nil && (a.Grade == "SEO" || a.Grade == "G7") && chance(r, goldAuthShare):
		gold = g.byNo[a.By]
	case d.rating == domain.Red:
		gold = g.authoriser(p, oic, domain.Red, 0)
	default:
		gold = g.manager(p, oic, true)
	}
	var silver *domain.Officer
	for silver == nil {
		o := &p.officers[pick(r, p.managers)]
		if o.Grade == "HEO" && o.StaffNo != oic.StaffNo {
			silver = o
		}
	}
	silverRole := domain.RoleOffSite
	if chance(r, silverOnSite) {
		silverRole = ""
	}
	oicCommand := "OIC, bronze"
	bronzeOIC := chance(r, bronzeIsOIC)
	if !bronzeOIC {
		oicCommand = "OIC"
	}
	out := make([]member, 0, n)
	out = append(out, member{o: oic, command: oicCommand})

	// The rest, drawn from the team's IOs and CIOs: a partial shuffle.
	g.buf = g.buf[:0]
	for _, j := range p.deploy {
		o := &p.officers[j]
		if (o.Grade == "EO" || o.Grade == "HEO") && o.StaffNo != oic.StaffNo && o.StaffNo != silver.StaffNo {
			g.buf = append(g.buf, j)
		}
	}
	var rest []*domain.Officer
	for j := 0; len(rest) < n-3 && j < len(g.buf); j++ { // beside the OIC, gold and silver
		k := j + r.IntN(len(g.buf)-j)
		g.buf[j], g.buf[k] = g.buf[k], g.buf[j]
		rest = append(rest, &p.officers[g.buf[j]])
	}
	// Bronze, when not the OIC, is the first arrest-trained of them.
	if !bronzeOIC {
		i := slices.IndexFunc(rest, func(o *domain.Officer) bool { return o.ArrestTrained })
		if i < 0 {
			out[0].command = "OIC, bronze"
		} else {
			rest[0], rest[i] = rest[i], rest[0]
			out = append(out, member{o: rest[0], role: domain.RoleArrest, command: "bronze"})
			rest = rest[1:]
		}
	}
	// A mentee: an IO not yet arrest-trained, learning the work.
	var mentee *domain.Officer
	if i := slices.IndexFunc(rest, func(o *domain.Officer) bool { return !o.ArrestTrained && o.Grade == "EO" }); i >= 0 && chance(r, menteeShare) {
		mentee = rest[i]
		rest = slices.Delete(rest, i, i+1)
	}
	// The arrest roles to the arrest-trained, the rest in order.
	roles := teamRoles[:min(len(rest), len(teamRoles))]
	given := make([]bool, len(roles))
	assign := func(o *domain.Officer, arrest bool) {
		for k, role := range roles {
			if !given[k] && (role == domain.RoleArrest) == arrest {
				given[k] = true
				out = append(out, member{o: o, role: role})
				return
			}
		}
		for k, role := range roles {
			if !given[k] && role != domain.RoleArrest {
				given[k] = true
				out = append(out, member{o: o, role: role})
				return
			}
		}
		out = append(out, member{o: o, role: "rear cover"})
	}
	for _, o := range rest[:len(roles)] {
		if o.ArrestTrained {
			assign(o, true)
		}
	}
	for _, o := range rest[:len(roles)] {
		if !o.ArrestTrained {
			assign(o, false)
		}
	}
	if mentee != nil {
		out = append(out, member{o: mentee, role: "mentee"})
	}
	out = append(out, member{o: silver, role: silverRole, command: "silver"}, member{o: gold, role: domain.RoleOffSite, command: "gold"})
	if short {
		// Silver or gold not yet named (CMD-1).
		k := len(out) - 2 + r.IntN(2)
		out = slices.Delete(out, k, k+1)
	}
	return out
}

// rosterTeam records the team, in one sitting of the OIC: one audit entry
// naming every officer added, with each entry's fields.
func (g *generator) rosterTeam(v *domain.Visit, d *draft, b *brief, st *step) (domain.Change, error) {
	// A team named while planning is often not complete, and one for a
	// visit not yet briefed sometimes still lacks a commander (CMD-1); a
	// briefed team has them all, since the OIC confirms it (BRF-4).
	short := st.short && !b.issues
	var out domain.Change
	var names []string
	for k, m := range g.team(v, d, short) {
		e, err := v.ParseRosterEntry(domain.RosterInput{StaffNo: string(m.o.StaffNo), Role: m.role, Command: m.command}, *m.o, false, g.cfg)
		if err != nil {
			return domain.Change{}, fmt.Errorf("roster %s: %w", m.o.Label(), err)
		}
		c, err := v.AddToRoster(e, *st.by, st.at)
		if err != nil {
			return domain.Change{}, err
		}
		names = append(names, fmt.Sprintf("%s (%s)", e.Label(), e.Roles()))
		if k == 0 {
			out = c
			continue
		}
		out.Fields = append(out.Fields, c.Fields...)
	}
	out.Action = "roster: added " + strings.Join(names, ", ")
	return out, nil
}

// swap replaces an officer on the team after the order was issued, with
// the reason, and re-issues it a few minutes later saying so (BRF-2).
// Anyone but the OIC may be replaced, by an officer of the team who could
// hold the same roles: an IO for a team role, a CIO as silver, an HMI as
// gold, an arrest-trained officer for the arrest team or as bronze.
func (g *generator) swap(v *domain.Visit, d *draft, b *brief, st *step) (domain.Change, error) {
	r := g.r
	// Most often someone without a command role; failing that a
	// commander, if the team has someone to stand in.
	var gone domain.RosterEntry
	var in *domain.Officer
	start := r.IntN(len(v.Roster))
	for pass := 0; pass < 2 && in == nil; pass++ {
		for k := range v.Roster {
			e := v.Roster[(start+k)%len(v.Roster)]
			if e.Holds(domain.CommandOIC) || e.StaffNo == b.absent || e.Role == "mentee" || (len(e.Command) == 0) != (pass == 0) {
				continue
			}
			if in = g.standIn(v, d, e); in != nil {
				gone = e
				break
			}
		}
	}
	if in == nil {
		return domain.Change{}, fmt.Errorf("swap: nobody in %s to stand in for anyone on %s", d.p.team.Code, v.Ref)
	}
	why := pick(r, swapReasons)
	c, err := v.RemoveFromRoster(gone.StaffNo, why, *st.by, st.at)
	if err != nil {
		return domain.Change{}, err
	}
	var cmd []string
	for _, x := range gone.Command {
		cmd = append(cmd, string(x))
	}
	e, err := v.ParseRosterEntry(domain.RosterInput{StaffNo: string(in.StaffNo), Role: gone.Role, Command: strings.Join(cmd, ", ")}, *in, false, g.cfg)
	if err != nil {
		return domain.Change{}, err
	}
	c2, err := v.AddToRoster(e, *st.by, st.at)
	if err != nil {
		return domain.Change{}, err
	}
	c.Action = fmt.Sprintf("roster: %s replaced by %s (%s)", gone.Label(), e.Label(), e.Roles())
	c.Fields = append(c.Fields, c2.Fields...)
	note := fmt.Sprintf("%s replaces %s as %s (%s). Roles otherwise unchanged.", in.Name, gone.Name, gone.Roles(), strings.ToLower(why[:1])+why[1:])
	b.push(ev{at: st.at.Add(time.Duration(between(r, 2, 20)) * time.Minute), kind: evReissue, by: st.by, note: note})
	b.redo = true
	return c, nil
}

// standIn finds an officer of the team, not on the visit, who could hold
// e's roles.
func (g *generator) standIn(v *domain.Visit, d *draft, e domain.RosterEntry) *domain.Officer {
	grade := "EO"
	switch {
	case e.Holds(domain.CommandSilver):
		grade = "HEO"
	case e.Holds(domain.CommandGold):
		grade = "SEO"
	}
	trained := e.Role == domain.RoleArrest || e.Holds(domain.CommandBronze)
	var in *domain.Officer
	for k := range d.p.officers {
		o := &d.p.officers[k]
		if _, on := v.Rostered(o.StaffNo); on || o.Grade != grade || trained && !o.ArrestTrained {
			continue
		}
		if in == nil || chance(g.r, 0.15) {
			in = o
		}
	}
	return in
}

// verbal records the verbal briefing given on the day: the salient risks
// discussed, from the assessment and the police markers, and the
// questions asked, or none (BRF-3, BRF-5). It is written up when it ends.
func (g *generator) verbal(v *domain.Visit, st *step) (domain.Change, error) {
	r := g.r
	given := st.at.Add(-time.Duration(between(r, 10, 25)) * time.Minute)
	var risks []string
	for k, x := range v.Plan.EPA.Risks {
		if k == 2 {
			break
		}
		risks = append(risks, strings.TrimSuffix(x.Risk, ".")+": "+strings.ToLower(x.Mitigation[:1])+strings.TrimSuffix(x.Mitigation[1:], "."))
	}
	if m := v.Plan.ONF.Markers; m != "" {
		risks = append(risks, "police markers: "+strings.TrimSuffix(m, "."))
	}
	if chance(r, 0.4) {
		risks = append(risks, pick(r, dayRisks))
	}
	in := domain.VerbalInput{At: given.Format(domain.DateTimeLayout), Risks: strings.Join(risks, "; ") + "."}
	var qs []string
	for range verbalQuestions.pick(r) {
		q := pick(r, briefingQAs)
		if !slices.Contains(qs, q) {
			qs = append(qs, q)
		}
	}
	in.Questions = strings.Join(qs, "\n")
	if len(qs) == 0 {
		in.Questions = "none"
	}
	now := st.at
	if clockChange(given) {
		now = now.Add(time.Hour) // a typed 01:30 on the night the clocks go back reads as the later
	}
	vb, err := v.ParseVerbal(in, g.cfg, now)
	if err != nil {
		return domain.Change{}, err
	}
	vb.At = given
	return v.RecordVerbal(vb, *st.by, st.at)
}

// verbalQuestions: most briefings take a question or two.
var verbalQuestions = newWeighted(30, 35, 25, 10)

// confirmNote is what the OIC adds to the confirmation, usually nothing.
func (g *generator) confirmNote() string {
	if chance(g.r, 0.75) {
		return ""
	}
	return pick(g.r, confirmNotes)
}
