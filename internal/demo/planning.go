package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"oic/domain"
)

// Planning records (DOMAIN.md "Planning"): each visit past tasking gets its
// mandatory checks, an EPA with its risks, PLAN, community impact and the
// intended power of entry, and for amber and red the IIMARCH order, for red
// the ECIA, all recorded through the domain's forms and methods before the
// visit is authorised, so that Authorise's own readiness gate passes. Visits
// still in planning are part way through, as real ones would be.

// Rating shares (ICIBI 5.26-5.27): of 3,347 rated operations in 2022-23, 35
// were amber and the rest green; red is rarer still. Harm intelligence
// (bucket 4) is rated up far more often than the rest.
const (
	amberShare, redShare         = 0.0055, 0.0003
	harmAmberShare, harmRedShare = 0.045, 0.006
)

// earlyCheckShare of OICs run the mandatory checks as soon as the visit is
// opened rather than just before it is authorised; when the visit is weeks
// away, those checks go stale (TSK-2) and are re-run in the last week.
const earlyCheckShare = 0.3

// photoShare of named subjects have a photograph reference (EPA-4).
const photoShare = 0.88

func (g *generator) rating(priority int) domain.Rating {
	amber, red := amberShare, redShare
	if priority == 4 {
		amber, red = harmAmberShare, harmRedShare
	}
	switch u := g.r.Float64(); {
	case u < red:
		return domain.Red
	case u < red+amber:
		return domain.Amber
	}
	return domain.Green
}

// authoriser picks an officer whose grade may authorise rating (EPA-2): a
// CIO or HMI of the team for green, an HMI for amber (and often for harm
// intelligence), a Grade 7 for red, the team's own if it has one, else one
// from another team, as an on-call Assistant Director would be. Never the
// OIC, who made the assessment.
func (g *generator) authoriser(p *pool, oic *domain.Officer, rating domain.Rating, priority int) *domain.Officer {
	switch rating {
	case domain.Red:
		for i := range p.officers {
			if p.officers[i].Grade == "G7" {
				return &p.officers[i]
			}
		}
		return pick(g.r, g.g7s)
	case domain.Amber:
		return g.manager(p, oic, true)
	}
	return g.manager(p, oic, priority == 4 && chance(g.r, 0.5))
}

// colleague is an arrest-trained IO or CIO of the team other than the OIC:
// who else runs checks and final status checks.
func (g *generator) colleague(p *pool, oic *domain.Officer) *domain.Officer {
	for {
		o := &p.officers[pick(g.r, p.oics)]
		if o.StaffNo != oic.StaffNo {
			return o
		}
	}
}

// actKind is one planning form.
type actKind uint8

const (
	actCheck actKind = iota
	actEPA
	actPLAN
	actCommunity
	actPower
	actOrder
	actECIA
	actRecce     // a reconnaissance (onf.go)
	actMet       // the Metropolitan Police arrangement instead of an ONF
	actONFSend   // the ONF sent to the police
	actONFReturn // the ONF back from the police
	actPhone     // the phone check with the police intelligence unit
	numActKinds
)

// act is one planning record to make, by an officer, recorded at a time.
// Checks carry their system, target and when the search was made; the
// other forms are written when applied. Acts of one sitting are recorded
// together and make one audit entry, as an officer who runs seven searches
// and then types them up saves them at once.
type act struct {
	at      time.Time // when it is recorded
	done    time.Time // a check: when the search was made; the ONF's sending or return, the call, the recce
	by      *domain.Officer
	kind    actKind
	sys     domain.CheckSystem
	target  string
	sitting int

	maker   *domain.Officer        // a recce: who made it
	variant uint8                  // a recce's kind; an ONF return's quality
	sources []domain.ImagerySource // a virtual recce's imagery
	note    string                 // a phone check: why it was made
	force   district               // an ONF: where it goes
}

// draft is what the planning of one visit draws on.
type draft struct {
	p        *pool
	oic      *domain.Officer
	prem     premises
	priority int
	revisit  bool
	rating   domain.Rating
	power    domain.PowerKind
	start    time.Time
	last     time.Time // when the last subject was added
	live     bool      // on the ground as the demo loads (liveNow)
	closeAt  time.Time // when the visit is (or will be) closed, once the debrief is written
	refusal  int       // consent refused, no entry: 1 + the index in refusals
}

// planning schedules the planning records of a visit whose steps are
// known, in time order: the mandatory checks, then the EPA with PLAN,
// community impact and the power of entry (and the order and ECIA where
// the rating needs them), all by the authorisation, or by authAt, when it
// would have come, if it has not; stale checks re-run in the week before
// the visit; final status checks within 24 hours of it (CHK-2). Nothing is
// kept that would be recorded after now or after the visit was called off.
func (g *generator) planning(v *domain.Visit, d *draft, steps []step, authAt time.Time) []act {
	r := g.r
	var authorised bool
	// deployAt is when the team is briefed on the day to deploy: by then
	// the record must be ready, since the OIC confirms it (BRF-4) and
	// Deploy refuses while anything blocks.
	var deployAt, end time.Time
	var auth *step
	next := g.now // the authorisation may wait until just before this
	for k, s := range steps {
		if auth != nil && auth == &steps[k-1] {
			next = minTime(next, s.at.Add(-time.Minute))
		}
		switch {
		case s.to == domain.Authorised:
			authorised, authAt, auth = true, s.at, &steps[k]
		case s.kind == stepVerbal:
			deployAt = s.at
		case s.to == domain.Cancelled, s.to == domain.StoodDown:
			end = s.at
		}
	}
	start, hi := d.start, authAt
	targets := v.CheckTargets()
	acts := make([]act, 0, 24)
	var t time.Time
	advance := func(lo, max int, cap time.Time) {
		t = minTime(t.Add(time.Duration(between(r, lo, max))*time.Minute), cap)
	}

	// A sitting of checks starts at t: each search a minute or three after
	// the last, all recorded together at the end.
	sitting := 0
	checks := func(by *domain.Officer, tgs []string, final bool, cap time.Time) {
		sitting++
		first := len(acts)
		add := func(tg string, sys domain.CheckSystem) {
			acts = append(acts, act{done: t, by: by, kind: actCheck, sys: sys, target: tg, sitting: sitting})
			advance(1, 3, cap)
		}
		for _, tg := range tgs {
			if final {
				add(tg, domain.SysFinalStatus)
				continue
			}
			for _, sys := range mandatoryFor(tg) {
				add(tg, sys)
			}
		}
		if !final && chance(r, 0.05) {
			add(domain.TargetAddress, domain.SysOther)
		}
		for i := first; i < len(acts); i++ {
			acts[i].at = t
		}
	}
	// A sitting of forms by the OIC, recorded at t.
	forms := func(kinds ...actKind) {
		sitting++
		for _, k := range kinds {
			acts = append(acts, act{at: t, by: d.oic, kind: k, sitting: sitting})
		}
	}

	// Mandatory checks (CHK-1), in one sitting, by the OIC or a colleague.
	checker := d.oic
	if chance(r, 0.45) {
		checker = g.colleague(d.p, d.oic)
	}
	if chance(r, earlyCheckShare) {
		t = deskTime(r, d.last, minTime(d.last.Add(48*time.Hour), hi))
	} else {
		t = deskTime(r, maxTime(d.last, hi.Add(-4*24*time.Hour)), hi)
	}
	checked := t
	checks(checker, targets, false, hi)

	// The assessment, in one sitting by the OIC: EPA, PLAN, community
	// impact and the power of entry; the order for amber and red written
	// after, and for red the ECIA.
	t = deskTime(r, t, hi)
	forms(actEPA, actPLAN, actCommunity, actPower)
	pc := police{authAt: authAt, deployAt: deployAt, end: end, authorised: authorised, assessAt: t, assessSitting: sitting}
	if d.rating != domain.Green {
		t = deskTime(r, t, hi)
		forms(actOrder)
		if d.rating == domain.Red {
			advance(5, 60, hi)
			forms(actECIA)
		}
	}
	planned, after := t, t // the planning done; anything after it

	// Checks over the age limit at the visit are re-run in its last week:
	// nearly always for a visit that went ahead, often for one a few days
	// off, never yet for one further away.
	if authorised && start.Sub(checked) > g.cfg.CheckMaxAge() {
		rerun := false
		switch {
		case !deployAt.IsZero():
			rerun = chance(r, 0.85)
		case start.After(g.now) && start.Sub(g.now) < 6*24*time.Hour:
			rerun = chance(r, 0.6)
		}
		lo, hi := maxTime(planned, start.Add(-6*24*time.Hour)), minTime(start.Add(-20*time.Hour), g.now)
		if rerun && hi.After(lo) {
			t = deskTime(r, lo, hi)
			checks(pick(r, []*domain.Officer{d.oic, checker}), targets, false, hi)
			after = t
		}
	}

	// Final status checks within 24 hours before the visit (CHK-2), of each
	// subject or, with nobody named, the address: always for a visit that
	// went ahead or was authorised inside the window (Authorise requires
	// it), often for one still to come once the window is open.
	window := start.Add(-g.cfg.FinalCheckWindow())
	inWindow := authorised && !authAt.Before(window)
	need := !deployAt.IsZero() || inWindow
	want := need || chance(r, 0.7)
	lo, fhi := maxTime(maxTime(window, start.Add(-20*time.Hour)), after), minTime(start.Add(-30*time.Minute), g.now)
	if !deployAt.IsZero() {
		fhi = minTime(fhi, deployAt.Add(-time.Minute))
	}
	if inWindow {
		lo, fhi = maxTime(window, planned), minTime(fhi, authAt)
	}
	if !end.IsZero() {
		fhi = minTime(fhi, end)
	}
	if want && !fhi.Before(lo) {
		if morning := maxTime(lo, start.Add(-150*time.Minute)); !morning.After(fhi) && chance(r, 0.5) {
			t = instant(r, morning, fhi)
		} else {
			t = deskTime(r, lo, fhi)
		}
		by := d.oic
		if chance(r, 0.3) {
			by = g.colleague(d.p, d.oic)
		}
		final := targets
		if len(final) > 1 {
			final = final[:len(final)-1] // the subjects, not the address
		}
		checks(by, final, true, fhi)
		pc.finalAt, pc.finalSitting, pc.finalBy = t, sitting, by
	}

	// The police notification, the phone check and the recce (onf.go).
	// The authorisation may wait for the ONF, short of the next step and
	// of half an hour before the visit; inside the final status checks'
	// window, only once they are made (CHK-2).
	if authorised {
		pc.auth, pc.authBy, pc.window = auth, minTime(next, start.Add(-30*time.Minute)), window
	}
	acts = g.police(v, d, acts, &sitting, pc)

	// A visit not yet authorised is part way through: whatever comes after
	// now has not happened, and an OIC may not yet have got round to a
	// form or to one of the systems.
	if !authorised {
		var skip [numActKinds]bool
		for _, k := range []actKind{actPLAN, actCommunity, actPower} {
			skip[k] = chance(r, 0.12)
		}
		var skipSys domain.CheckSystem
		if chance(r, 0.15) {
			skipSys = pick(r, domain.AddressChecks)
		}
		acts = slices.DeleteFunc(acts, func(a act) bool {
			return a.at.After(g.now) || skip[a.kind] || a.kind == actCheck && a.sys == skipSys
		})
	}
	if !end.IsZero() {
		acts = slices.DeleteFunc(acts, func(a act) bool { return a.at.After(end) })
	}
	slices.SortStableFunc(acts, func(a, b act) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.sitting - b.sitting
	})
	return acts
}

// deskTime is a moment in [lo, hi] for work done at a desk: office hours
// where the range has them, else the evening after lo or the morning before
// hi, rather than the small hours.
func deskTime(r *rand.Rand, lo, hi time.Time) time.Time {
	t := workInstant(r, lo, hi)
	if h := t.Hour(); h >= 7 && h < 22 {
		return t
	}
	if h := ceilMinute(lo).Hour(); h >= 7 && h < 22 {
		return instant(r, lo, minTime(hi, ceilMinute(lo).Add(45*time.Minute)))
	}
	return hi
}

// clockChange reports whether t is within an hour of a change of its
// zone's offset, where a typed clock time may name two instants.
func clockChange(t time.Time) bool {
	_, off := t.Zone()
	_, before := t.Add(-time.Hour).Zone()
	_, after := t.Add(time.Hour).Zone()
	return off != before || off != after
}

func mandatoryFor(target string) []domain.CheckSystem {
	if target == domain.TargetAddress {
		return domain.AddressChecks
	}
	return domain.SubjectChecks
}

// sitting records the acts of one sitting, all by one officer at one
// time, through the domain's forms and methods, and folds their changes
// into one: "checks added: C1 CID/Atlas, C2 CRS of S1 Ravi Kumar; C3 PNC
// of the address", or "EPA, PLAN and power of entry recorded". Every field
// each method reported is kept, in order.
func (g *generator) sitting(v *domain.Visit, d *draft, acts []act) (domain.Change, error) {
	var out domain.Change
	for k := range acts {
		c, err := g.do(v, d, &acts[k])
		if err != nil {
			return domain.Change{}, err
		}
		if k == 0 {
			out = c
			continue
		}
		out.Fields = append(out.Fields, c.Fields...)
		if c.Reason != "" {
			out.Reason = strings.TrimPrefix(out.Reason+"; "+c.Reason, "; ")
		}
	}
	if len(acts) == 1 {
		return out, nil
	}
	// The checks first, as "checks added: ...", then the forms.
	var b strings.Builder
	nc := 0
	for nc < len(acts) && acts[nc].kind == actCheck {
		nc++
	}
	if nc > 0 {
		b.WriteString("checks added: ")
		added := v.Plan.Checks[len(v.Plan.Checks)-nc:]
		for k, c := range added {
			switch {
			case k == 0:
			case c.Target != added[k-1].Target:
				b.WriteString(" of " + v.TargetLabel(added[k-1].Target) + "; ")
			default:
				b.WriteString(", ")
			}
			b.WriteString(c.ID + " " + string(c.System))
		}
		b.WriteString(" of " + v.TargetLabel(added[len(added)-1].Target))
	}
	if forms := acts[nc:]; len(forms) > 0 {
		if nc > 0 {
			b.WriteString("; ")
		}
		recces := v.Plan.Recces
		ri := len(recces)
		for _, a := range forms {
			if a.kind == actRecce {
				ri--
			}
		}
		for k, a := range forms {
			switch {
			case k == 0:
			case k == len(forms)-1:
				b.WriteString(" and ")
			default:
				b.WriteString(", ")
			}
			if a.kind == actRecce {
				b.WriteString("recce " + recces[ri].ID + " (" + string(recces[ri].Kind) + ")")
				ri++
				continue
			}
			b.WriteString(formNames[a.kind])
		}
		b.WriteString(" recorded")
	}
	out.Action = b.String()
	return out, nil
}

// formNames name the forms in a sitting's audit entry.
var formNames = map[actKind]string{actEPA: "EPA", actPLAN: "PLAN", actCommunity: "community impact", actPower: "power of entry",
	actOrder: "operational order", actECIA: "ECIA", actMet: "ONF (Met arrangement)", actONFSend: "ONF (sent)",
	actONFReturn: "ONF (returned)", actPhone: "ONF phone check"}

// do records one planning act through the domain's form and method.
func (g *generator) do(v *domain.Visit, d *draft, a *act) (domain.Change, error) {
	r := g.r
	in := g.form
	clear(in)
	switch a.kind {
	case actRecce, actMet, actONFSend, actONFReturn, actPhone:
		return g.doPolice(v, d, a, in)

	case actCheck:
		result, detail := g.checkResult(v, d, a)
		in[domain.FieldCheckSystem], in[domain.FieldCheckTarget] = string(a.sys), a.target
		in[domain.FieldCheckResult], in[domain.FieldCheckDetail] = string(result), detail
		in[domain.FieldCheckBy], in[domain.FieldCheckAt] = string(a.by.StaffNo), a.done.Format(domain.DateTimeLayout)
		// A typed time cannot tell the two 01:30s apart on the night the
		// clocks go back, and reads as the later; the instant meant is known.
		now := a.at
		if clockChange(a.done) {
			if t, err := domain.ParseDateTime(in[domain.FieldCheckAt], a.at); err == nil && t.After(now) {
				now = t
			}
		}
		c, err := v.ParseCheck(in, g.lookup, now)
		if err != nil {
			return domain.Change{}, err
		}
		c.DoneAt = a.done
		return v.AddCheck(c, *a.by, a.at)

	case actEPA:
		in[domain.FieldRating], in[domain.FieldAssessor] = string(d.rating), string(d.oic.StaffNo)
		for i, x := range risks(r, sectors[d.prem.sector].name, d.priority, d.revisit) {
			in[domain.FieldRisk(i+1)], in[domain.FieldMitigation(i+1)] = x.risk, x.mitigation
		}
		e, err := domain.ParseEPA(in, g.lookup)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetEPA(e, *a.by, a.at)

	case actPLAN:
		fill := func(s string) string {
			s = strings.Replace(s, "{subjects}", subjectsPhrase(len(v.Subjects)), 1)
			return strings.Replace(s, "{intel}", v.Basics.Intel.Ref, 1)
		}
		in[domain.FieldProportionate] = fill(pick(r, proportionates))
		in[domain.FieldLegal] = legalFor(r, d.power)
		in[domain.FieldAccountable] = pick(r, accountables)
		in[domain.FieldNecessary] = fill(pick(r, necessaries))
		pl, err := domain.ParsePLAN(in)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetPLAN(pl, *a.by, a.at)

	case actCommunity:
		x := pick(r, impacts)
		switch {
		case sectors[d.prem.sector].address != shopFront && chance(r, 0.6):
			x = pick(r, quietImpacts)
		case d.start.Hour() < 8 && chance(r, 0.15):
			x = schoolImpact
		}
		in[domain.FieldImpact], in[domain.FieldCommMitigation] = x.risk, x.mitigation
		c, err := domain.ParseCommunity(in)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetCommunity(c, *a.by, a.at)

	case actPower:
		in[domain.FieldPower], in[domain.FieldPowerDetail] = string(d.power), g.powerDetail(v, d, a.at)
		p, err := domain.ParsePower(in)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetPower(p, *a.by, a.at)

	case actOrder:
		s := &sectors[d.prem.sector]
		fill := strings.NewReplacer("{summary}", v.Basics.Intel.Summary, "{name}", d.prem.name, "{noun}", s.noun,
			"{brief}", d.start.Add(-time.Duration(between(r, 1, 2))*time.Hour).Format("15:04"), "{team}", string(v.Basics.Team))
		for _, f := range []struct {
			field string
			from  []string
		}{
			{domain.FieldInformation, orderInformations}, {domain.FieldIntention, orderIntentions},
			{domain.FieldMethod, orderMethods}, {domain.FieldAdministration, orderAdministrations},
			{domain.FieldRiskAssessment, orderRisks}, {domain.FieldCommunications, orderComms},
			{domain.FieldHumanRights, orderHumanRights},
		} {
			in[f.field] = fill.Replace(pick(r, f.from))
		}
		o, err := domain.ParseOrder(in)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetOrder(o, *a.by, a.at)

	case actECIA:
		hmi := g.manager(d.p, d.oic, true)
		on := maxTime(addDays(a.at, -between(r, 0, 3)), v.CreatedAt)
		in[domain.FieldECIARef] = fmt.Sprintf("ECIA/%s/%d/%03d", v.Basics.Team, on.Year(), between(r, 1, 60))
		in[domain.FieldECIABy] = hmi.Name + " (HMI)"
		in[domain.FieldECIAOn] = domain.DateOf(on).UK()
		in[domain.FieldECIAConclusion] = pick(r, eciaConclusions)
		e, err := domain.ParseECIA(in, a.at)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetECIA(e, *a.by, a.at)
	}
	return domain.Change{}, fmt.Errorf("demo: unknown planning act %d", a.kind)
}

// power draws the intended power of entry for premises of a sector (ICIBI
// figure 6).
func (g *generator) power(sector string) domain.PowerKind {
	if licensed(sector) {
		return powerKinds[licensedPowers.pick(g.r)]
	}
	return powerKinds[otherPowers.pick(g.r)]
}

// powerDetail is what the power of entry form records beside the power:
// the warrant's or letter's reference, the licence, or for other the power
// and why.
func (g *generator) powerDetail(v *domain.Visit, d *draft, at time.Time) string {
	r := g.r
	team, year := v.Basics.Team, at.Year()
	switch d.power {
	case domain.PowerWarrant:
		by := "a magistrate"
		if team == "SCO" {
			by = "a sheriff"
		}
		granted := domain.DateOf(maxTime(addDays(at, -between(r, 0, 3)), v.CreatedAt))
		return fmt.Sprintf("Warrant %s/%d/%04d granted by %s on %s.", team, year, between(r, 1, 2500), by, granted.UK())
	case domain.PowerS179:
		return fmt.Sprintf("Premises licence PL/%05d: %s.", between(r, 100, 99999), pick(r, licenceKinds))
	case domain.PowerADLetter:
		ad := g.authoriser(d.p, d.oic, domain.Red, 0)
		return fmt.Sprintf("Assistant Director's letter ADL/%s/%d/%03d signed by %s.", team, year, between(r, 1, 40), ad.Name)
	case domain.PowerOther:
		return pick(r, otherPowerDetails)
	}
	if chance(r, 0.3) {
		return pick(r, []string{"Consent to be sought from the manager on arrival.", "Owner expected on site at the start time; consent sought from them."})
	}
	return ""
}

// checkResult is what a check found. A named subject is usually known to
// CID; the other systems find something less often. Final status checks
// confirm nothing has changed.
func (g *generator) checkResult(v *domain.Visit, d *draft, a *act) (domain.CheckResult, string) {
	r := g.r
	if a.sys == domain.SysFinalStatus {
		return domain.NoTrace, pick(r, finalDetails)
	}
	date := domain.DateOf(addDays(at(a.done, 12, 0), -between(r, 60, 1500)))
	if a.target == domain.TargetAddress {
		switch {
		case a.sys == domain.SysOther:
			return domain.TraceFound, fillDate(r, pick(r, otherCheckDetails), date)
		case a.sys == domain.SysPRONTO && d.revisit:
			return domain.TraceFound, fillDate(r, pick(r, addressTraces[a.sys]), date)
		case chance(r, 0.15):
			return domain.TraceFound, fillDate(r, pick(r, addressTraces[a.sys]), date)
		}
		return domain.NoTrace, ""
	}
	var p float64
	switch a.sys {
	case domain.SysCID:
		p = 0.75
	case domain.SysCRS:
		p = 0.4
	case domain.SysPNC:
		p = 0.15
	case domain.SysPRONTO:
		p = 0.08
	}
	if !chance(r, p) {
		return domain.NoTrace, ""
	}
	if a.sys == domain.SysPNC && d.priority == 4 && chance(r, 0.5) {
		return domain.TraceFound, fillDate(r, pick(r, harmTraces), date)
	}
	return domain.TraceFound, fillDate(r, pick(r, subjectTraces[a.sys]), date)
}
