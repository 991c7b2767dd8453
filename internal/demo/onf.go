package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"oic/domain"
)

// Police notification and reconnaissance (DOMAIN.md ONF-1 to ONF-7, REC-1
// to REC-5), recorded through the domain's forms as planning acts. Most
// fold into sittings the planning already has, so a visit's audit trail
// grows by about one entry, the ONF's return:
//
//   - the recce, and in London the Metropolitan Police arrangement, are
//     recorded with the EPA, as an OIC who looked at the premises before
//     assessing them types it all up at once;
//   - the ONF goes out with the EPA when that is 4-12 days before the visit,
//     else on its own, usually 4-10 days before; some go late (under 3
//     days), mostly for visits opened at short notice, and a few went out
//     for an earlier date, so that by the visit
//     they have expired (ONF-5) and a new one is sent;
//   - the police return it, mostly signed and complete within 72 hours;
//     some late, some unsigned or incomplete, some not at all;
//   - when the ONF cannot be relied on by the visit, the OIC phones the
//     police intelligence unit with the final status checks (ONF-3);
//   - nothing the ONF blocks goes to authorisation: past its send-by time
//     the ONF is sent first, an expired one is sent again, and when it is
//     late, overdue or unusable the authoriser waits for a usable return
//     if it comes before the next step, or else the OIC phones first;
//   - a visit whose imagery is old often gets a drive-past or walk-by on the
//     day before, recorded with the final checks.
//
// A visit that went ahead always had an ONF it could go ahead on, or the
// Met arrangement, or a phone check, and a recce if it named anyone.

// Recce kinds (REC-1): virtual most, then walk-by, then drive-past. A
// second, physical recce adds a few walk-bys and drive-pasts.
var recceKinds = newWeighted(63, 24, 13) // virtual, walk-by, drive-past

// ONF outcomes.
const (
	metShare = 0.92 // London visits on the Met arrangement, not an ONF
	// sent under 3 days before the visit, besides the ONFs of visits opened
	// that late (about one in six, from the intelligence's timeline)
	lateShare     = 0.02
	lagShare      = 0.2  // of visits ahead authorised before the ONF was due: sent late all the same
	earlyShare    = 0.05 // sent for an earlier date; expired by the visit
	foldSendShare = 0.85 // sent with the EPA when that falls 4-12 days before
	returnedShare = 0.87 // back within 72 hours
	lateBackShare = 0.08 // back after 72 hours
	unsignedShare = 0.04 // of returns
	partialShare  = 0.06 // of returns: sections blank
	markerShare   = 0.12
	tensionShare  = 0.08
	phoneShare    = 0.85 // of visits not (yet) going ahead that need a phone check, once its time has come
	waitShare     = 0.85 // of authorisations the ONF would block: the authoriser waits for its return if it comes in time
)

// return qualities, in act.variant of an ONF return.
const (
	returnFine uint8 = iota
	returnUnsigned
	returnIncomplete
)

// police is what planning knows when the ONF and recce acts are added.
type police struct {
	authAt, deployAt, end time.Time
	authorised            bool
	assessAt              time.Time // the EPA sitting
	assessSitting         int
	finalAt               time.Time // the final status checks' sitting, if any
	finalSitting          int
	finalBy               *domain.Officer
	// The authorisation step, which may be moved to wait for the ONF's
	// return, up to authBy.
	auth           *step
	authBy, window time.Time
}

// onfEvent is one ONF act as it will stand on the record, to judge the
// ONF's status at the visit before the acts are made.
type onfEvent struct {
	kind    actKind
	at      time.Time // recorded
	done    time.Time // sent, returned or called
	variant uint8
}

// police adds the ONF, phone check and recce acts of a visit.
func (g *generator) police(v *domain.Visit, d *draft, acts []act, sitting *int, pc police) []act {
	r := g.r
	start := d.start
	// Nothing is recorded after now or the call-off, nor in the last 20
	// minutes before the verbal briefing: a change to the order (the
	// police markers are among its risks) must leave time to re-issue it
	// and for the team to accept it again (BRF-2).
	cutoff := g.now
	if !pc.deployAt.IsZero() {
		cutoff = minTime(cutoff, pc.deployAt.Add(-20*time.Minute))
	}
	if !pc.end.IsZero() {
		cutoff = minTime(cutoff, pc.end)
	}
	assessed := !pc.assessAt.IsZero() && !pc.assessAt.After(cutoff)
	final := !pc.finalAt.IsZero() && !pc.finalAt.After(cutoff)

	// The recce, made before the assessment and recorded with it: always
	// for a visit authorised with named subjects or planned with a power
	// to arrest (REC-1), nearly always otherwise; some visits still in
	// planning have none yet.
	named := len(v.Subjects) > 0 || d.power.Arrests()
	want := 0.92
	switch {
	case !pc.authorised:
		want = 0.8
	case named:
		want = 1
	}
	var oldImagery bool
	if assessed && chance(r, want) {
		kind := domain.RecceKinds[recceKinds.pick(r)]
		maker := d.oic
		var made time.Time
		if kind.Physical() {
			if chance(r, 0.5) {
				maker = g.colleague(d.p, d.oic)
			}
			made = deskTime(r, maxTime(d.last, pc.assessAt.Add(-5*24*time.Hour)), pc.assessAt.Add(-30*time.Minute))
		} else {
			made = deskTime(r, maxTime(d.last, pc.assessAt.Add(-3*time.Hour)), pc.assessAt.Add(-5*time.Minute))
		}
		made = minTime(made, pc.assessAt)
		a := act{at: pc.assessAt, done: made, by: d.oic, maker: maker, kind: actRecce, variant: uint8(kindIndex(kind)), sitting: pc.assessSitting}
		if kind == domain.RecceVirtual {
			a.sources = imagery(r, made)
			oldImagery = a.sources[len(a.sources)-1].Date.Before(domain.DateOf(addDays(at(start, 12, 0), -365)))
		}
		acts = append(acts, a)
	}
	// A drive-past or walk-by the day before, to see what old imagery
	// cannot show.
	if final && oldImagery && chance(r, 0.4) {
		kind := domain.RecceDrivePast
		if chance(r, 0.4) {
			kind = domain.RecceWalkBy
		}
		made := deskTime(r, maxTime(pc.assessAt, pc.finalAt.Add(-18*time.Hour)), pc.finalAt.Add(-10*time.Minute))
		acts = append(acts, act{at: pc.finalAt, done: minTime(made, pc.finalAt), by: pc.finalBy, maker: pc.finalBy, kind: actRecce,
			variant: uint8(kindIndex(kind)), sitting: pc.finalSitting})
	}

	// The police notification.
	dist := districtOf(d.prem.postcode)
	if dist.force == metForce && chance(r, metShare) {
		if assessed {
			acts = append(acts, act{at: pc.assessAt, by: d.oic, kind: actMet, sitting: pc.assessSitting})
		}
		return acts
	}
	var evs []onfEvent
	lo := d.last.Add(30 * time.Minute) // once there is something to notify
	if pc.authorised {
		lo = minTime(lo, pc.authAt) // and by the authorisation
	}
	latest := maxTime(start.Add(-time.Hour), d.last)
	sendBy := start.Add(-domain.ONFLeadTime)
	// beforeAuth moves a sending due after the authorisation to just before
	// it when the authorisation comes past the send-by time: the OIC sends
	// the ONF before asking for it (ONF-1 blocks an authorisation without).
	beforeAuth := func(at, lo time.Time) time.Time {
		if pc.authorised && at.After(pc.authAt) && pc.authAt.After(sendBy) {
			return deskTime(r, maxTime(lo, pc.authAt.Add(-3*time.Hour)), pc.authAt)
		}
		return at
	}
	send := func(at time.Time) {
		at = maxTime(minTime(maxTime(at, lo), latest), d.last)
		evs = append(evs, onfEvent{kind: actONFSend, at: at, done: at})
	}
	back := func(sent time.Time, u float64) {
		var ret time.Time
		switch {
		case u < returnedShare && sent.After(start.Add(-domain.ONFLeadTime)):
			// Sent late, marked urgent: most forces turn it round in a day
			// or two.
			ret = workInstant(r, sent.Add(2*time.Hour), sent.Add(48*time.Hour))
		case u < returnedShare:
			ret = workInstant(r, sent.Add(3*time.Hour), sent.Add(70*time.Hour))
		case u < returnedShare+lateBackShare:
			ret = workInstant(r, sent.Add(73*time.Hour), sent.Add(6*24*time.Hour))
		default:
			return
		}
		q := returnFine
		switch u := r.Float64(); {
		case u < unsignedShare:
			q = returnUnsigned
		case u < unsignedShare+partialShare:
			q = returnIncomplete
		}
		evs = append(evs, onfEvent{kind: actONFReturn, at: deskTime(r, ret, ret.Add(4*time.Hour)), done: ret, variant: q})
	}
	folded := false
	late := lateShare
	if pc.authorised && start.After(g.now) && !pc.authAt.After(sendBy) {
		// A few visits ahead lag, which readiness should show: authorised
		// early, their ONF left until it is late.
		late = lagShare
	}
	switch u := r.Float64(); {
	case u < late:
		send(beforeAuth(deskTime(r, start.Add(-70*time.Hour), start.Add(-20*time.Hour)), lo))
	case u < lateShare+earlyShare && start.Sub(lo) > 45*24*time.Hour:
		send(deskTime(r, lo, start.Add(-40*24*time.Hour)))
	case assessed && !pc.assessAt.Before(start.Add(-12*24*time.Hour)) && !pc.assessAt.After(start.Add(-4*24*time.Hour)) && chance(r, foldSendShare):
		send(pc.assessAt)
		folded = true
	default:
		send(beforeAuth(deskTime(r, maxTime(lo, start.Add(-10*24*time.Hour)), maxTime(lo, start.Add(-4*24*time.Hour))), lo))
	}
	back(evs[0].done, r.Float64())
	// Sent for an earlier date: by the visit it has expired, and a new
	// one goes out for the new date; always before the authorisation if
	// the expired one was back by then (ONF-5 blocks it).
	if ret := evs[len(evs)-1]; ret.kind == actONFReturn && domain.AddCalendarMonth(domain.DateOf(ret.done)).Before(domain.DateOf(start)) {
		gate := pc.authorised && !ret.at.After(pc.authAt)
		if gate || chance(r, 0.7) {
			at := deskTime(r, maxTime(ret.at, start.Add(-10*24*time.Hour)), maxTime(ret.at, start.Add(-4*24*time.Hour)))
			if gate && at.After(pc.authAt) {
				at = deskTime(r, maxTime(ret.at, minTime(start.Add(-10*24*time.Hour), pc.authAt.Add(-2*24*time.Hour))), pc.authAt)
			}
			send(at)
			back(evs[len(evs)-1].done, r.Float64()*returnedShare)
		}
	}
	// Only what has been recorded by the cutoff stands.
	n := 0
	for _, e := range evs {
		if !e.at.After(cutoff) {
			evs[n] = e
			n++
		}
	}
	evs = evs[:n]
	if len(evs) == 0 {
		return acts
	}

	// The phone check (ONF-3), when the ONF cannot be relied on: before
	// the authorisation if it could not be then (the ONF late, overdue or
	// unusable blocks Authorise); else by the visit, with the final status
	// checks if there are any, or on its own within 24 hours before it. A
	// visit that went ahead made it.
	goAhead := !pc.deployAt.IsZero()
	folded = folded && evs[0].at.Equal(pc.assessAt)
	for i, e := range evs {
		s, by := pc.assessSitting, d.oic
		if !(i == 0 && folded) {
			*sitting++
			s = *sitting
			if chance(r, 0.25) {
				by = g.colleague(d.p, d.oic)
			}
		}
		acts = append(acts, act{at: e.at, done: e.done, by: by, kind: e.kind, variant: e.variant, sitting: s, force: dist})
	}
	last := evs[len(evs)-1].at
	phone, phoneSitting, phoneBy := time.Time{}, 0, d.oic
	var why string
	if pc.authorised && phoneWhyOf(onfAsOf(evs, pc.authAt).Status(start, pc.authAt, start.Location()).State) != "" && chance(r, waitShare) {
		// The authoriser waits for the ONF when it is back usable in time.
		for _, e := range evs {
			if e.kind != actONFReturn || !e.at.After(pc.authAt) || e.at.After(pc.authBy) {
				continue
			}
			at := minTime(instant(r, e.at.Add(5*time.Minute), e.at.Add(3*time.Hour)), pc.authBy)
			inTime := at.Before(pc.window) || final && !pc.finalAt.After(at)
			if inTime && phoneWhyOf(onfAsOf(evs, at).Status(start, at, start.Location()).State) == "" {
				pc.authAt, pc.auth.at = at, at
				break
			}
		}
	}
	if pc.authorised {
		if why = phoneWhyOf(onfAsOf(evs, pc.authAt).Status(start, pc.authAt, start.Location()).State); why != "" {
			last = evs[0].at
			for _, e := range evs {
				if !e.at.After(pc.authAt) {
					last = e.at
				}
			}
			if final && !pc.finalAt.After(pc.authAt) && pc.finalAt.After(last) {
				phone, phoneSitting, phoneBy = pc.finalAt, pc.finalSitting, pc.finalBy
			} else {
				phone = deskTime(r, maxTime(last, pc.authAt.Add(-2*time.Hour)), pc.authAt)
			}
		}
	}
	if phone.IsZero() {
		phi := minTime(start.Add(-30*time.Minute), cutoff)
		if goAhead {
			phi = cutoff // whatever it takes, before the deployment
		}
		if final && pc.finalAt.After(last) {
			phone, phoneSitting, phoneBy = pc.finalAt, pc.finalSitting, pc.finalBy
		} else if plo := maxTime(start.Add(-20*time.Hour), last); !phi.Before(plo) {
			phone = deskTime(r, plo, phi)
		}
		why = phoneReason(onfAsOf(evs, phone), start)
	}
	switch {
	case why == "" || phone.IsZero():
	case goAhead || pc.authorised && !phone.After(pc.authAt) || chance(r, phoneShare):
		if phoneSitting == 0 {
			*sitting++ // after the ONF's own sittings: at the same minute, it comes after them
			phoneSitting = *sitting
		}
		called := instant(r, phone.Add(-20*time.Minute), phone.Add(-2*time.Minute))
		if called.Before(last) {
			called = phone
		}
		acts = append(acts, act{at: phone, done: called, by: phoneBy, kind: actPhone, sitting: phoneSitting, note: why})
	}
	return acts
}

// onfAsOf is the ONF as the events recorded by t leave it (all of them if
// t is zero), with a stand-in signature: only the status is wanted.
func onfAsOf(evs []onfEvent, t time.Time) domain.ONF {
	var o domain.ONF
	for _, e := range evs {
		if !t.IsZero() && e.at.After(t) {
			break
		}
		switch e.kind {
		case actONFSend:
			o = domain.ONF{Force: "force", SentAt: e.done}
		case actONFReturn:
			o.ReturnedAt, o.SignedBy, o.Incomplete = e.done, "", nil
			switch e.variant {
			case returnFine:
				o.SignedBy = "x"
			case returnIncomplete:
				o.SignedBy, o.Incomplete = "x", []string{"x"}
			}
		}
	}
	return o
}

// phoneReason says why a phone check is needed before a visit at start,
// in phoneWhy's keys, or "" if the ONF can be relied on.
func phoneReason(o domain.ONF, start time.Time) string {
	s := o.Status(start, start, start.Location()).State
	if s == domain.ONFAwaiting {
		s = domain.ONFOverdue // due back at the very start: overdue by the deployment
	}
	return phoneWhyOf(s)
}

// phoneWhyOf is phoneReason's key for an ONF state: the states a phone
// check covers, which block until it is made (ONF-2 to ONF-5).
func phoneWhyOf(s domain.ONFState) string {
	switch s {
	case domain.ONFOverdue:
		return "missing"
	case domain.ONFSentLate:
		return "late"
	case domain.ONFUnsigned, domain.ONFIncomplete:
		return "unusable"
	case domain.ONFExpired:
		return "expired"
	}
	return ""
}

// imagery draws the sources a virtual recce made at made used, with their
// imagery's dates, oldest last: most within the year, some years old
// (REC-2).
func imagery(r *rand.Rand, made time.Time) []domain.ImagerySource {
	n := 1
	if chance(r, 0.4) {
		n = 2
	}
	out := make([]domain.ImagerySource, 0, n)
	for len(out) < n {
		s := pick(r, imagerySources)
		if len(out) > 0 && out[0].Source == s {
			continue
		}
		days := between(r, 20, 320)
		if chance(r, 0.22) {
			days = between(r, 400, 1400)
		}
		out = append(out, domain.ImagerySource{Source: s, Date: domain.DateOf(addDays(at(made, 12, 0), -days))})
	}
	if n == 2 && out[1].Date.After(out[0].Date) {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

// kindIndex is k's place in domain.RecceKinds, as act.variant keeps it.
func kindIndex(k domain.RecceKind) int {
	for i, x := range domain.RecceKinds {
		if x == k {
			return i
		}
	}
	return 0
}

// premRand is a source of randomness fixed by the premises, so every
// recce of the same premises describes the same entrances, layout and
// surroundings (REC-5).
func premRand(p premises) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(p.name + "|" + p.address + "|" + string(p.postcode)))
	return rand.New(rand.NewPCG(h.Sum64(), 0x7265636365))
}

// street is the premises' street, for a recce's wording.
func street(p premises) string {
	a := p.address
	if i := strings.Index(a, ", "); i >= 0 {
		a = a[:i]
	}
	if i := strings.IndexByte(a, ' '); i > 0 && a[0] >= '0' && a[0] <= '9' {
		a = a[i+1:]
	}
	return a
}

// doPolice records one ONF, phone check or recce act.
func (g *generator) doPolice(v *domain.Visit, d *draft, a *act, in map[string]string) (domain.Change, error) {
	r := g.r
	loc := g.now.Location()
	typed := func(t time.Time) string { return t.In(loc).Format(domain.DateTimeLayout) }
	// A typed time cannot tell the two 01:30s apart on the night the
	// clocks go back: parse as of an hour later, then keep the instant meant.
	parseNow := a.at
	if clockChange(a.done) {
		parseNow = a.at.Add(time.Hour)
	}
	switch a.kind {
	case actMet:
		in[domain.FieldONFMet] = "yes"
		in[domain.FieldONFForce] = metForce
		in[domain.FieldONFMetNote] = strings.Replace(pick(r, metNotes), "{town}", districtOf(d.prem.postcode).town, 1)
		o, err := domain.ParseONF(in, d.start, a.at)
		if err != nil {
			return domain.Change{}, err
		}
		return v.SetONF(o, *a.by, a.at)

	case actONFSend:
		in[domain.FieldONFForce] = a.force.force
		in[domain.FieldONFSentAt] = typed(a.done)
		if d.priority == 4 && chance(r, 0.7) || chance(r, 0.04) {
			in[domain.FieldONFAssistance] = "yes"
		}
		o, err := domain.ParseONF(in, d.start, parseNow)
		if err != nil {
			return domain.Change{}, err
		}
		o.SentAt = a.done
		return v.SetONF(o, *a.by, a.at)

	case actONFReturn:
		for k, x := range v.Plan.ONF.Values(loc) {
			in[k] = x
		}
		in[domain.FieldONFReturnedAt] = typed(a.done)
		if a.variant != returnUnsigned {
			in[domain.FieldONFSignedBy] = string(initials[r.IntN(len(initials))]) + ". " + pick(r, officerSurname)
			in[domain.FieldONFSignedRank] = pick(r, signRanks)
		}
		if a.variant == returnIncomplete {
			i := r.IntN(len(incompleteSections))
			s := incompleteSections[i]
			if chance(r, 0.3) {
				s += ", " + incompleteSections[(i+1)%len(incompleteSections)]
			}
			in[domain.FieldONFIncomplete] = s
		}
		year := strconv.Itoa(a.done.Year() - between(r, 1, 6))
		if chance(r, markerShare) {
			in[domain.FieldONFMarkers] = strings.Replace(pick(r, onfMarkers), "{year}", year, 1)
		}
		if chance(r, tensionShare) {
			in[domain.FieldONFTensions] = pick(r, onfTensions)
		}
		o, err := domain.ParseONF(in, d.start, parseNow)
		if err != nil {
			return domain.Change{}, err
		}
		o.SentAt, o.ReturnedAt = v.Plan.ONF.SentAt, a.done
		return v.SetONF(o, *a.by, a.at)

	case actPhone:
		dist := districtOf(d.prem.postcode)
		in[domain.FieldPhoneAt] = typed(a.done)
		in[domain.FieldPhoneContact] = fmt.Sprintf("%s %s, %s %s", pick(r, phoneRanks), pick(r, officerSurname), dist.town, pick(r, units))
		out := strings.Replace(pick(r, phoneOutcomes), "{year}", strconv.Itoa(a.done.Year()-between(r, 1, 5)), 1)
		if why := pick(r, phoneWhy[a.note]); why != "" {
			out = why + strings.ToLower(out[:1]) + out[1:]
		}
		in[domain.FieldPhoneOutcome] = out
		p, err := domain.ParsePhoneCheck(in, parseNow)
		if err != nil {
			return domain.Change{}, err
		}
		p.At = a.done
		return v.RecordPhoneCheck(p, *a.by, a.at)

	case actRecce:
		kind := domain.RecceKinds[a.variant]
		in[domain.FieldRecceKind] = string(kind)
		in[domain.FieldRecceBy] = string(a.maker.StaffNo)
		in[domain.FieldRecceAt] = typed(a.done)
		for i, s := range a.sources {
			in[domain.FieldSource(i+1)], in[domain.FieldSourceDate(i+1)] = s.Source, s.Date.UK()
		}
		g.recceText(in, d, kind)
		if kind.Physical() {
			in[domain.FieldRIPACovert], in[domain.FieldRIPAPrivate] = "no", "no"
			if chance(r, 0.02) {
				in[domain.FieldRIPACovert] = "yes"
				in[domain.FieldRIPAAuthRef] = fmt.Sprintf("RIPA/DS/%s/%d/%03d", v.Basics.Team, a.done.Year(), between(r, 1, 120))
			} else {
				in[domain.FieldRIPANoAuthWhy] = pick(r, ripaNoAuth)
			}
		}
		rc, err := domain.ParseRecce(in, g.lookup, d.start, parseNow)
		if err != nil {
			return domain.Change{}, err
		}
		rc.At = a.done
		return v.AddRecce(rc, *a.by, a.at)
	}
	return domain.Change{}, fmt.Errorf("demo: unknown police act %d", a.kind)
}

// recceText fills what the recce saw. The entrances, layout and
// surroundings are the premises' own, the same at every visit (REC-5);
// the number of workers and the risks seen vary.
func (g *generator) recceText(in map[string]string, d *draft, kind domain.RecceKind) {
	r := g.r
	t := textFor(&sectors[d.prem.sector])
	pr := premRand(d.prem)
	st := strings.NewReplacer("{street}", street(d.prem))
	in[domain.FieldRecceEntrances] = st.Replace(pick(pr, t.entrances))
	in[domain.FieldRecceLayout] = pick(pr, t.layouts)
	in[domain.FieldRecceGeography] = pick(pr, t.geography)
	if d.revisit && chance(r, 0.7) {
		in[domain.FieldRecceLayout] += " " + pick(r, revisitNotes)
	}
	lo, hi := t.staff[0], t.staff[1]
	n := between(r, lo, hi)
	switch {
	case kind == domain.RecceVirtual:
		in[domain.FieldRecceOccupants] = fmt.Sprintf("Intelligence suggests %d-%d workers on shift; not seen (virtual recce).", max(1, n-2), n+2)
	case kind == domain.RecceDrivePast && chance(r, 0.3):
		in[domain.FieldRecceOccupants] = fmt.Sprintf("At least %d %s.", max(1, n/2), pick(r, t.seen))
	default:
		in[domain.FieldRecceOccupants] = fmt.Sprintf("%d %s.", n, pick(r, t.seen))
	}
	in[domain.FieldRecceRisks] = pick(r, t.risks)
	if kind == domain.RecceVirtual && chance(r, 0.15) {
		// An OIC sometimes leaves the surroundings to the briefing (REC-3).
		in[domain.FieldRecceGeography] = ""
	}
}
