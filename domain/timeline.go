package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// EntryKind is the type of a live timeline entry.
type EntryKind string

const (
	EntryArrival      EntryKind = "arrival"
	EntryDeparture    EntryKind = "departure"
	EntryEntry        EntryKind = "entry made"
	EntryEncounter    EntryKind = "encounter"
	EntrySeizure      EntryKind = "seizure"
	EntrySafeguarding EntryKind = "safeguarding"
	EntryReferral     EntryKind = "referral"
	EntryDecision     EntryKind = "employer decision"   // OUT-1
	EntryCustody      EntryKind = "booked into custody" // CUS-1
	EntryAgency       EntryKind = "partner agency"      // JNT-1
	EntryIncident     EntryKind = "critical incident declared"
	EntryIncidentOver EntryKind = "critical incident stood down"
	EntryNote         EntryKind = "note"
	// EntryIncidentAck is a CIO or above acknowledging the incident
	// declared (INC-2): made on the board (incident.go), never on the
	// live tab's forms.
	EntryIncidentAck EntryKind = "critical incident acknowledged"
)

// EntryKinds lists every kind: those the live tab offers, in its order,
// then the acknowledgement, which is made on the board.
var EntryKinds = []EntryKind{EntryArrival, EntryDeparture, EntryEntry, EntryEncounter, EntrySeizure, EntrySafeguarding, EntryReferral,
	EntryDecision, EntryCustody, EntryAgency, EntryIncident, EntryIncidentOver, EntryNote, EntryIncidentAck}

// Outcome is what happened to a person encountered (ICIBI 6.46-6.52).
type Outcome string

const (
	OutcomeCleared  Outcome = "cleared (right to work)"
	OutcomeArrested Outcome = "arrested"
	OutcomeDetained Outcome = "detained"
	OutcomeServed   Outcome = "papers served"
	OutcomeReferred Outcome = "referred"
)

// Outcomes lists the outcomes an officer picks from.
var Outcomes = []Outcome{OutcomeCleared, OutcomeArrested, OutcomeDetained, OutcomeServed, OutcomeReferred}

// Excuse is whether the employer showed a statutory excuse for a worker
// without the right to work: it decides a civil penalty referral notice or a
// no action notice (Enforcing the deal 2008, D5).
type Excuse string

const (
	ExcuseShown    Excuse = "shown"
	ExcuseNotShown Excuse = "not shown"
	ExcuseUnknown  Excuse = "not yet known"
	ExcuseNA       Excuse = "not applicable"
)

// Excuses lists the answers an officer picks from.
var Excuses = []Excuse{ExcuseShown, ExcuseNotShown, ExcuseUnknown, ExcuseNA}

// SafeguardingKinds are the safeguarding steps of DOMAIN.md (ICIBI figure 8).
var SafeguardingKinds = []string{"vulnerability identified", "NRM referral", "social services referral", "section 55 (children)"}

// ReferralKinds are the referrals that may follow a visit (DOMAIN.md; Enforcing
// the deal 2008 D5-D6; ICIBI figure 8). The civil penalty referral notice
// and the no action notice are not among them: each is an employer
// decision (OUT-1), one per worker, so it is never counted twice. NRM and
// social services referrals are safeguarding steps (ReferralTypes counts
// them with these).
var ReferralKinds = []string{
	"licensing review", "closure notice", "HMRC", "HSE", "GLAA",
	"Employment Agency Standards", "DWP", "local authority", "UKVI sponsor licence compliance", "NCA",
}

// Person is someone encountered on the visit: a name, or "unknown male" /
// "unknown female" when they would not give one.
type Person struct {
	Name        string  `json:"name" text:"line"`
	Nationality string  `json:"nationality,omitempty" text:"line"`
	DOB         Date    `json:"dob,omitzero"`
	DocNo       string  `json:"document,omitempty" text:"line"`
	Outcome     Outcome `json:"outcome"`
	Excuse      Excuse  `json:"excuse"`
	// Whether they were interviewed and their biometrics checked (ICIBI
	// figure 8; ASR-1's "interviews recorded, examinations recorded").
	Interviewed bool `json:"interviewed,omitempty"`
	Biometrics  bool `json:"biometrics,omitempty"`
}

// Seizure is an item seized, its exhibit reference and its sealed bag
// number (PWR-3).
type Seizure struct {
	Item    string `json:"item" text:"line"`
	Exhibit string `json:"exhibit" text:"line"`
	Seal    string `json:"seal" text:"line"`
}

// TimelineEntry is one line of the live record, as in a pocket notebook:
// what happened, when it happened, and who wrote it down when. A mistake is
// corrected by a later entry naming the one it corrects and why; nothing is
// edited or removed (AppendOnly).
type TimelineEntry struct {
	Seq      int       `json:"seq"`
	Kind     EntryKind `json:"kind"`
	At       time.Time `json:"at"`
	Recorded Stamp     `json:"recorded"`
	// Officers are who arrived or departed.
	Officers []StaffNo `json:"officers,omitempty"`
	Text     string    `json:"text,omitempty" text:"prose"`
	// Entry made (PWR-2).
	Power     PowerKind `json:"power,omitempty"`
	ConsentBy string    `json:"consent_by,omitempty" text:"line"`
	Warrant   string    `json:"warrant,omitempty" text:"line"`
	// Encounter, and the person a safeguarding step concerns.
	Person *Person `json:"person,omitempty"`
	// Seizure (PWR-3).
	Seizure *Seizure `json:"seizure,omitempty"`
	// Kind of safeguarding step or referral.
	Subtype string `json:"subtype,omitempty" text:"line"`
	// The outcomes central records count (outcomes.go): the decision on
	// the employer (OUT-1), a booking into custody, whose At is when they
	// were booked in (CUS-1), a partner agency present (JNT-1).
	Decision *EmployerDecision `json:"decision,omitempty"`
	Custody  *Custody          `json:"custody,omitempty"`
	Agency   *AgencyPresence   `json:"agency,omitempty"`
	// Corrects names the entry this one corrects; Reason says why. Void
	// means the corrected entry should not have been made at all.
	Corrects int    `json:"corrects,omitempty"`
	Reason   string `json:"reason,omitempty" text:"prose"`
	Void     bool   `json:"void,omitempty"`
	// AckBy is who acknowledged a critical incident (INC-2): the CIO
	// signed in, or the duty CIO the OIC informed by phone (Subtype
	// AckByPhone), as the OIC gave their name.
	AckBy string `json:"ack_by,omitempty" text:"line"`
}

// Field names of the live forms.
const (
	FieldEntryAt       = "entry.at"
	FieldEntryOfficers = "entry.officers"
	FieldEntryText     = "entry.text"
	FieldEntryPower    = "entry.power"
	FieldEntryConsent  = "entry.consent_by"
	FieldEntryWarrant  = "entry.warrant"
	FieldPersonName    = "person.name"
	FieldPersonNat     = "person.nationality"
	FieldPersonDOB     = "person.dob"
	FieldPersonDoc     = "person.document"
	FieldPersonOutcome = "person.outcome"
	FieldPersonExcuse  = "person.excuse"
	FieldSeizureItem   = "seizure.item"
	FieldSeizureExhib  = "seizure.exhibit"
	FieldSeizureSeal   = "seizure.seal"
	FieldSubtype       = "entry.subtype"
	FieldCorrectReason = "correction.reason"
)

// Summary is the entry in one line: "entry made: informed consent of the
// occupier, given by Mr A Shah (manager)".
func (e TimelineEntry) Summary() string {
	var s string
	switch e.Kind {
	case EntryArrival, EntryDeparture:
		names := make([]string, len(e.Officers))
		for i, sn := range e.Officers {
			names[i] = string(sn)
		}
		s = strings.Join(names, ", ")
	case EntryEntry:
		s = PowerHint(e.Power)
		switch {
		case e.ConsentBy != "":
			s += ", given by " + e.ConsentBy
		case e.Warrant != "":
			s += ", " + e.Warrant
		}
	case EntryEncounter:
		if p := e.Person; p != nil {
			s = p.Name
			if p.Nationality != "" {
				s += " (" + p.Nationality + ")"
			}
			s += ": " + string(p.Outcome)
			if p.Excuse != ExcuseNA && p.Excuse != "" {
				s += "; employer's statutory excuse " + string(p.Excuse)
			}
			switch {
			case p.Interviewed && p.Biometrics:
				s += "; interviewed, biometrics checked"
			case p.Interviewed:
				s += "; interviewed"
			case p.Biometrics:
				s += "; biometrics checked"
			}
		}
	case EntrySeizure:
		if z := e.Seizure; z != nil {
			s = fmt.Sprintf("%s, exhibit %s, sealed bag %s", z.Item, z.Exhibit, z.Seal)
		}
	case EntrySafeguarding, EntryReferral:
		s = e.Subtype
		if e.Person != nil && e.Person.Name != "" {
			s += " for " + e.Person.Name
		}
	case EntryIncidentAck:
		s = "by " + e.AckBy
		if e.Subtype == AckByPhone {
			s = "duty CIO " + e.AckBy + " informed by phone"
		}
	case EntryDecision, EntryCustody, EntryAgency:
		s = e.outcomeSummary()
	}
	if e.Text != "" {
		if s != "" {
			s += ": "
		}
		s += oneLine(e.Text)
	}
	if e.Void {
		s = "entered in error"
	}
	return s
}

// ParseWhen reads when something happened, as typed under pressure: empty
// or "now" is now; "06:42" is today at 06:42; a full date and time as
// ParseDateTime reads it. It is never in the future.
func ParseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" || s == "now" {
		return now, nil
	}
	var t time.Time
	if !strings.Contains(s, " ") {
		hh, mm, err := parseClock(s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s, or leave it empty for now", err)
		}
		t = time.Date(now.Year(), now.Month(), now.Day(), hh, mm, 0, 0, now.Location())
	} else {
		var err error
		if t, err = ParseDateTime(s, now); err != nil {
			return time.Time{}, err
		}
	}
	if t.After(now.Add(time.Minute)) {
		return time.Time{}, fmt.Errorf("%s is in the future; record what has happened", t.Format(DateTimeLayout))
	}
	return t, nil
}

// EntryInput is a live entry's form as typed. A kind reads only its own
// fields: every kind At and Text; an arrival or departure Officers; the
// entry made Power, ConsentBy and Warrant (PWR-2); an encounter Person; a
// seizure Seizure (PWR-3); a safeguarding step or a referral Subtype and,
// if given, Person.Name. A problem is reported under the field's name
// (FieldEntryAt for At, FieldPersonName for Person.Name, and so on), so a
// form shows it beside the field.
type EntryInput struct {
	At       string // empty or "now", a time today, or a date and time (ParseWhen)
	Officers string // staff numbers, separated by commas, spaces or semicolons
	Text     string
	// Entry made (PWR-2): the power used, who consented, the warrant's or
	// letter's reference.
	Power, ConsentBy, Warrant string
	Person                    PersonInput
	Seizure                   SeizureInput
	Subtype                   string // kind of safeguarding step or referral
	// The outcomes (outcomes.go): an employer decision (OUT-1), a
	// booking into custody (CUS-1), a partner agency present (JNT-1).
	Decision DecisionInput
	Custody  CustodyInput
	Agency   AgencyInput
}

// PersonInput is a person encountered, as typed: an Outcome of "cleared"
// is read as cleared (right to work).
type PersonInput struct {
	Name, Nationality, DOB, DocNo, Outcome, Excuse string
	// Interviewed and Biometrics are yes or no (empty is no).
	Interviewed, Biometrics string
}

// SeizureInput is an item seized, as typed (PWR-3).
type SeizureInput struct {
	Item, Exhibit, Seal string
}

// ParseEntry reads a live entry of kind from form input. Rules that need
// the rest of the record (who is on site, what a correction names) are
// checked by Record.
func (v *Visit) ParseEntry(kind EntryKind, in EntryInput, now time.Time) (TimelineEntry, error) {
	var p problems
	e := TimelineEntry{Kind: kind}
	if p.short(FieldEntryAt, in.At) {
		if t, err := ParseWhen(in.At, now); err != nil {
			p.add(FieldEntryAt, err.Error())
		} else if s := v.Basics.PlannedStart; !s.IsZero() && t.Before(s.Add(-12*time.Hour)) {
			p.add(FieldEntryAt, fmt.Sprintf("%s is long before the visit (%s); check the time", t.Format(DateTimeLayout), s.Format(DateTimeLayout)))
		} else {
			e.At = t
		}
	}
	textRequired := kind == EntryNote || kind == EntryIncident || kind == EntryIncidentOver
	e.Text = p.text(FieldEntryText, in.Text, MaxLong, false)
	if textRequired && e.Text == "" && !p.has(FieldEntryText) {
		switch kind {
		case EntryIncident:
			p.add(FieldEntryText, "say what happened: the reason is kept for the post-incident review")
		case EntryIncidentOver:
			p.add(FieldEntryText, "say why the incident is over")
		default:
			p.add(FieldEntryText, "write the note")
		}
	}
	switch kind {
	case EntryArrival, EntryDeparture:
		for _, w := range strings.FieldsFunc(in.Officers, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			sn, err := ParseStaffNo(w)
			if err != nil {
				p.add(FieldEntryOfficers, fmt.Sprintf("%q: %v", w, err))
				break
			}
			if !slices.Contains(e.Officers, sn) {
				e.Officers = append(e.Officers, sn)
			}
		}
		if len(e.Officers) == 0 && !p.has(FieldEntryOfficers) {
			p.add(FieldEntryOfficers, "choose who "+map[EntryKind]string{EntryArrival: "arrived", EntryDeparture: "left"}[kind])
		}
	case EntryEntry:
		e.parsePower(&p, in)
	case EntryEncounter:
		e.Person = parsePerson(&p, in.Person, now)
	case EntrySeizure:
		z := &Seizure{
			Item:    p.text(FieldSeizureItem, in.Seizure.Item, MaxShort, false),
			Exhibit: p.text(FieldSeizureExhib, in.Seizure.Exhibit, MaxShort, false),
			Seal:    p.text(FieldSeizureSeal, in.Seizure.Seal, MaxShort, false),
		}
		for _, f := range []struct{ field, val, what string }{
			{FieldSeizureItem, z.Item, "say what was seized"},
			{FieldSeizureExhib, z.Exhibit, "give the exhibit reference"},
			{FieldSeizureSeal, z.Seal, "give the sealed bag number: unsealed property invites allegations of theft"},
		} {
			if f.val == "" && !p.has(f.field) {
				p.rule(f.field, "PWR-3", f.what)
			}
		}
		e.Seizure = z
	case EntrySafeguarding, EntryReferral:
		kinds := SafeguardingKinds
		if kind == EntryReferral {
			kinds = ReferralKinds
		}
		e.Subtype = pickOne(&p, FieldSubtype, in.Subtype, kinds)
		if name := p.text(FieldPersonName, in.Person.Name, MaxShort, false); name != "" {
			e.Person = &Person{Name: name}
		}
	case EntryDecision:
		e.Decision = parseDecision(&p, in.Decision)
	case EntryCustody:
		e.Custody = parseCustody(&p, in.Custody)
	case EntryAgency:
		e.Agency = parseAgency(&p, in.Agency)
	case EntryIncident, EntryIncidentOver, EntryNote:
	default:
		p.add(FieldEntryText, fmt.Sprintf("%q is not a kind of timeline entry", kind))
	}
	return e, p.err()
}

// pickOne matches s, in any case, against choices.
func pickOne(p *problems, field, s string, choices []string) string {
	s = strings.TrimSpace(s)
	for _, c := range choices {
		if strings.EqualFold(c, s) {
			return c
		}
	}
	if !p.short(field, s) {
		return ""
	}
	if s == "" {
		p.add(field, "choose one: "+strings.Join(choices, ", "))
	} else {
		p.add(field, fmt.Sprintf("%q is not one of: %s", s, strings.Join(choices, ", ")))
	}
	return ""
}

// parsePower reads the power of entry used (PWR-2): consent names who
// consented, a warrant its reference, another power what it was.
func (e *TimelineEntry) parsePower(p *problems, in EntryInput) {
	names := make([]string, len(Powers))
	for i, pw := range Powers {
		names[i] = string(pw.Kind)
	}
	e.Power = PowerKind(pickOne(p, FieldEntryPower, in.Power, names))
	e.ConsentBy = p.text(FieldEntryConsent, in.ConsentBy, MaxShort, false)
	e.Warrant = p.text(FieldEntryWarrant, in.Warrant, MaxShort, false)
	switch e.Power {
	case PowerConsent:
		if e.ConsentBy == "" && !p.has(FieldEntryConsent) {
			p.rule(FieldEntryConsent, "PWR-2", "informed consent records who consented: their name and who they are (occupier, manager)")
		}
		e.Warrant = ""
	case PowerWarrant, PowerADLetter:
		if e.Warrant == "" && !p.has(FieldEntryWarrant) {
			p.rule(FieldEntryWarrant, "PWR-2", "give the "+map[PowerKind]string{PowerWarrant: "warrant", PowerADLetter: "letter"}[e.Power]+"'s reference")
		}
		e.ConsentBy = ""
	case PowerS179:
		e.ConsentBy = ""
	case PowerOther:
		if e.Text == "" && !p.has(FieldEntryText) {
			p.rule(FieldEntryText, "PWR-2", "say which power was used")
		}
	}
}

// parsePerson reads an encounter's person.
func parsePerson(p *problems, in PersonInput, now time.Time) *Person {
	pr := &Person{
		Name:        p.text(FieldPersonName, in.Name, MaxShort, false),
		Nationality: p.text(FieldPersonNat, in.Nationality, MaxShort, false),
		DocNo:       p.text(FieldPersonDoc, in.DocNo, MaxShort, false),
	}
	if pr.Name == "" && !p.has(FieldPersonName) {
		p.add(FieldPersonName, `give their name, or "unknown male" / "unknown female"`)
	}
	if s := strings.TrimSpace(in.DOB); s != "" && p.short(FieldPersonDOB, s) {
		if d, err := ParseDate(s); err != nil {
			p.add(FieldPersonDOB, err.Error())
		} else if d.After(DateOf(now)) {
			p.add(FieldPersonDOB, "cannot be in the future")
		} else {
			pr.DOB = d
		}
	}
	outcomes := make([]string, len(Outcomes))
	for i, o := range Outcomes {
		outcomes[i] = string(o)
	}
	raw := strings.TrimSpace(in.Outcome)
	if strings.EqualFold(raw, "cleared") {
		raw = string(OutcomeCleared)
	}
	pr.Outcome = Outcome(pickOne(p, FieldPersonOutcome, raw, outcomes))
	excuses := make([]string, len(Excuses))
	for i, x := range Excuses {
		excuses[i] = string(x)
	}
	if strings.TrimSpace(in.Excuse) == "" && pr.Outcome == OutcomeCleared {
		pr.Excuse = ExcuseNA
	} else {
		pr.Excuse = Excuse(pickOne(p, FieldPersonExcuse, in.Excuse, excuses))
	}
	if pr.Outcome != "" && pr.Outcome != OutcomeCleared && pr.Excuse == ExcuseNA {
		p.add(FieldPersonExcuse, "for someone without the right to work, say whether the employer showed a statutory excuse (or not yet known)")
	}
	pr.Interviewed = answerYesNo(p, FieldPersonInterview, in.Interviewed, "yes", "no", false)
	pr.Biometrics = answerYesNo(p, FieldPersonBiometrics, in.Biometrics, "yes", "no", false)
	return pr
}

// LiveEditable says whether the live record takes entries: only while the
// visit is deployed, and only from an officer on the team.
func (v *Visit) LiveEditable(actor Officer) error {
	if v.State != Deployed {
		switch v.State {
		case Tasked, Planning:
			return fmt.Errorf("%s is in %s: the live record opens when the team deploys", v.Ref, v.State)
		case Authorised, Briefed:
			return fmt.Errorf("%s is %s: the live record opens when the team deploys", v.Ref, v.State)
		}
		return fmt.Errorf("%s is %s: the live record is closed", v.Ref, v.State)
	}
	if _, on := v.Rostered(actor.StaffNo); !on {
		return fmt.Errorf("%s is not on the team for %s; the live record is kept by the team", actor.Label(), v.Ref)
	}
	return nil
}

// Record appends e to the timeline, numbered next. A correction (e.Corrects
// set) needs a reason and names an earlier original entry of the same kind
// (or voids it). The whole record must still make sense after it: nobody
// departs before arriving or arrives twice, only rostered officers come
// and go, and a critical incident is stood down only once declared.
func (v *Visit) Record(e TimelineEntry, actor Officer, now time.Time) (Change, error) {
	if err := v.LiveEditable(actor); err != nil {
		return Change{}, err
	}
	if e.At.IsZero() {
		e.At = now
	}
	e.Seq = len(v.Timeline) + 1
	e.Recorded = stamp(actor, now)
	var p problems
	if e.Corrects != 0 {
		r, err := cleanText(e.Reason, MaxLong, true)
		e.Reason = r
		switch {
		case err != nil:
			p.add(FieldCorrectReason, err.Error())
		case r == "":
			p.add(FieldCorrectReason, "say why the entry is corrected: the correction stays beside it for good")
		}
		if e.Corrects < 1 || e.Corrects > len(v.Timeline) {
			p.add(FieldCorrectReason, fmt.Sprintf("there is no entry #%d to correct", e.Corrects))
		} else if orig := v.Timeline[e.Corrects-1]; orig.Kind == EntryIncidentAck {
			p.add(FieldCorrectReason, fmt.Sprintf("#%d is %s's acknowledgement of the incident (INC-2): it is theirs, and stays as they made it", orig.Seq, orig.AckBy))
		} else if orig.Corrects != 0 {
			p.add(FieldCorrectReason, fmt.Sprintf("#%d is itself a correction of #%d; correct #%d again instead", orig.Seq, orig.Corrects, orig.Corrects))
		} else if orig.Kind != e.Kind && !e.Void {
			p.add(FieldCorrectReason, fmt.Sprintf("#%d is %s, not %s", orig.Seq, article(string(orig.Kind)), e.Kind))
		} else if e.Void {
			e.Kind = orig.Kind
		}
	} else if e.Void || e.Reason != "" {
		p.add(FieldCorrectReason, "only a correction is voided or gives a reason")
	}
	if len(p) > 0 {
		return Change{}, p.err()
	}
	try := append(slices.Clip(v.Timeline), e)
	if err := v.checkTimeline(try); err != nil {
		return Change{}, err
	}
	if err := checkOutcome(try); err != nil {
		return Change{}, err
	}
	v.Timeline = try
	v.touch(actor, now)
	action := fmt.Sprintf("timeline #%d: %s", e.Seq, e.Kind)
	if e.Corrects != 0 {
		action = fmt.Sprintf("timeline #%d corrects #%d", e.Seq, e.Corrects)
	}
	return Change{Action: action, Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: e.Reason,
		Fields: []FieldChange{{Field: fmt.Sprintf("timeline.%d", e.Seq), New: e.At.Format("15:04") + " " + e.Summary()}}}, nil
}

// Effective is the timeline as it now stands: each original entry replaced
// by its latest correction (keeping the original's number), voided entries
// left out, in order of number.
func (v *Visit) Effective() []TimelineEntry {
	return effective(v.Timeline)
}

func effective(tl []TimelineEntry) []TimelineEntry {
	// Most timelines have no correction: a copy is then the answer, and
	// the map of corrections, made on every look at a visit, is not needed.
	if !slices.ContainsFunc(tl, func(e TimelineEntry) bool { return e.Corrects != 0 }) {
		return append(make([]TimelineEntry, 0, len(tl)), tl...)
	}
	latest := map[int]TimelineEntry{}
	for _, e := range tl {
		if e.Corrects != 0 {
			latest[e.Corrects] = e
		}
	}
	out := make([]TimelineEntry, 0, len(tl))
	for _, e := range tl {
		if e.Corrects != 0 {
			continue
		}
		if c, ok := latest[e.Seq]; ok {
			if c.Void {
				continue
			}
			c.Seq, c.Corrects, c.Reason = e.Seq, 0, ""
			e = c
		}
		out = append(out, e)
	}
	return out
}

// CorrectedBy returns the entries correcting entry seq, oldest first.
func (v *Visit) CorrectedBy(seq int) []TimelineEntry {
	var out []TimelineEntry
	for _, e := range v.Timeline {
		if e.Corrects == seq {
			out = append(out, e)
		}
	}
	return out
}

// Presence is one rostered officer's time on site.
type Presence struct {
	Officer  RosterEntry
	Arrived  time.Time // latest arrival; zero if never arrived
	Departed time.Time // latest departure, if after the latest arrival
	OnSite   bool
	Total    time.Duration // over every arrival and departure, up to now while on site
}

// Presence accounts for every rostered officer at now (ICIBI 6.32), in
// roster order.
func (v *Visit) Presence(now time.Time) []Presence { return presence(v.Roster, v.Effective(), now) }

// presence is Presence over the effective timeline eff, which it leaves
// as it was.
func presence(roster []RosterEntry, eff []TimelineEntry, now time.Time) []Presence {
	out := make([]Presence, len(roster))
	idx := make(map[StaffNo]int, len(roster))
	for i, r := range roster {
		out[i].Officer = r
		idx[r.StaffNo] = i
	}
	if !slices.IsSortedFunc(eff, entryTimeOrder) {
		eff = byTime(slices.Clone(eff))
	}
	for _, e := range eff {
		for _, sn := range e.Officers {
			i, ok := idx[sn]
			if !ok {
				continue
			}
			pr := &out[i]
			switch e.Kind {
			case EntryArrival:
				pr.Arrived, pr.Departed, pr.OnSite = e.At, time.Time{}, true
			case EntryDeparture:
				if pr.OnSite {
					pr.Total += e.At.Sub(pr.Arrived)
				}
				pr.Departed, pr.OnSite = e.At, false
			}
		}
	}
	for i := range out {
		if out[i].OnSite && now.After(out[i].Arrived) {
			out[i].Total += now.Sub(out[i].Arrived)
		}
	}
	return out
}

// byTime orders entries by when they happened, then by number: an arrival
// written down late still counts from when it happened.
func byTime(es []TimelineEntry) []TimelineEntry {
	slices.SortStableFunc(es, entryTimeOrder)
	return es
}

func entryTimeOrder(a, b TimelineEntry) int { return a.At.Compare(b.At) }

// ActiveIncident returns the critical incident declared and not yet stood
// down, if there is one.
func (v *Visit) ActiveIncident() (TimelineEntry, bool) {
	var cur TimelineEntry
	active := false
	for _, e := range byTime(v.Effective()) {
		switch e.Kind {
		case EntryIncident:
			cur, active = e, true
		case EntryIncidentOver:
			active = false
		}
	}
	return cur, active
}

// checkTimeline refuses a timeline that does not make sense as a whole:
// someone not on the team coming or going, a departure before an arrival,
// an arrival while already on site, an incident stood down that was never
// declared or declared twice.
func (v *Visit) checkTimeline(tl []TimelineEntry) error {
	on := map[StaffNo]bool{}
	incident := false
	for _, e := range byTime(effective(tl)) {
		switch e.Kind {
		case EntryArrival, EntryDeparture:
			for _, sn := range e.Officers {
				r, ok := v.Rostered(sn)
				if !ok {
					return ValidationError{{Field: FieldEntryOfficers, Msg: fmt.Sprintf("%s is not on the team; roster them before the visit", sn)}}
				}
				if e.Kind == EntryArrival && on[sn] {
					return ValidationError{{Field: FieldEntryOfficers, Msg: fmt.Sprintf("%s is already on site (arrived earlier); record their departure first", r.Label())}}
				}
				if e.Kind == EntryDeparture && !on[sn] {
					return ValidationError{{Field: FieldEntryOfficers, Msg: fmt.Sprintf("%s has no arrival before %s: a departure comes after an arrival", r.Label(), e.At.Format("15:04"))}}
				}
				on[sn] = e.Kind == EntryArrival
			}
		case EntryIncident:
			if incident {
				return ValidationError{{Field: FieldEntryText, Msg: "a critical incident is already declared; stand it down first"}}
			}
			incident = true
		case EntryIncidentOver:
			if !incident {
				return ValidationError{{Field: FieldEntryText, Msg: "no critical incident is declared at that time"}}
			}
			incident = false
		}
	}
	return nil
}
