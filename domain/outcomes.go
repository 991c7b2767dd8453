package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The outcomes central records count (ICIBI 7.26, figure 8): the decision
// on the employer for each person found working illegally (OUT-1), the
// partner agencies present (JNT-1), the custody each arrest went to
// (CUS-1), and referrals by type. Each is a live timeline entry, so it is
// corrected and voided as every other entry is, and it names the people
// it concerns by the number of their encounter entry: a correction keeps
// the original's number (Effective), so the link survives corrections.

// Notice is the decision on the employer of a person found working
// illegally (Enforcing the deal 2008, D5; ICIBI 7.26).
type Notice string

const (
	NoticeCPRN     Notice = "civil penalty referral notice"
	NoticeNoAction Notice = "no action notice"
)

// Notices lists the decisions an officer picks from.
var Notices = []Notice{NoticeCPRN, NoticeNoAction}

// Employer is who the decision is served on.
type Employer struct {
	Name    string `json:"name" text:"line"`
	Address string `json:"address" text:"line"`
}

// EmployerDecision is one notice served on an employer (OUT-1). It covers
// the workers it names, each an encounter entry of someone found working
// illegally; a worker is covered by exactly one decision, so a notice
// covering three workers is counted once, and each worker once.
type EmployerDecision struct {
	Notice   Notice   `json:"notice"`
	Employer Employer `json:"employer"`
	// Workers are the encounter entries the notice covers, by number.
	Workers []int `json:"workers"`
	// ExcuseShown is whether the employer showed a statutory excuse.
	ExcuseShown bool `json:"excuse_shown"`
}

// Covers is the number of workers the notice covers.
func (d EmployerDecision) Covers() int { return len(d.Workers) }

// Custody is where an arrested person was taken (CUS-1; MPS/UKBA 2010,
// 22). The entry's At is when they were booked in.
type Custody struct {
	// Person is the arrest's encounter entry, by number.
	Person      int    `json:"person"`
	Suite       string `json:"suite" text:"line"`
	Interpreter bool   `json:"interpreter"`
}

// Agency is a partner agency present on a visit (JNT-1; ICIBI 5.39,
// 6.57-6.62).
type Agency string

const (
	AgencyPolice    Agency = "police"
	AgencyHMRC      Agency = "HMRC"
	AgencyLicensing Agency = "local authority licensing"
	AgencyGLAA      Agency = "GLAA"
	AgencyDWP       Agency = "DWP"
	AgencyOther     Agency = "other"
)

// Agencies lists the partner agencies an officer picks from.
var Agencies = []Agency{AgencyPolice, AgencyHMRC, AgencyLicensing, AgencyGLAA, AgencyDWP, AgencyOther}

// AgencyPresence is one partner agency present; Name is the agency's name
// when it is another one (and may name who came for the others).
type AgencyPresence struct {
	Agency Agency `json:"agency"`
	Name   string `json:"name,omitempty" text:"line"`
}

// Label is the agency as it is read: its name for another agency.
func (a AgencyPresence) Label() string {
	if a.Agency == AgencyOther && a.Name != "" {
		return a.Name
	}
	if a.Name != "" {
		return string(a.Agency) + " (" + a.Name + ")"
	}
	return string(a.Agency)
}

// Referral types, as referrals are counted (ICIBI figure 8). NRM and
// social services (section 55 for children) are recorded as safeguarding
// steps and counted here too; the others are referral entries. A civil
// penalty referral notice or a no action notice is an employer decision
// (OUT-1), counted as one, never as a referral.
const (
	ReferralNRM    = "NRM"
	ReferralSocial = "social services / section 55"
)

// ReferralTypes lists every type referrals are counted by, in order.
var ReferralTypes = append([]string{ReferralNRM, ReferralSocial}, ReferralKinds...)

// ReferralType is the type entry e counts as, or "" if it is not a
// referral: a referral entry its kind (an old entry recording a civil
// penalty referral or no action notice counts as neither, the notice
// being an employer decision); a safeguarding step its referral, if it
// is one.
func (e TimelineEntry) ReferralType() string {
	switch e.Kind {
	case EntryReferral:
		if slices.Contains(ReferralKinds, e.Subtype) {
			return e.Subtype
		}
	case EntrySafeguarding:
		switch e.Subtype {
		case "NRM referral":
			return ReferralNRM
		case "social services referral", "section 55 (children)":
			return ReferralSocial
		}
	}
	return ""
}

// IllegalWorker reports whether the person was found without the right
// to work: every outcome but cleared.
func (p *Person) IllegalWorker() bool {
	return p != nil && p.Outcome != "" && p.Outcome != OutcomeCleared
}

// Field names of the outcome forms.
const (
	FieldPersonInterview   = "person.interviewed"
	FieldPersonBiometrics  = "person.biometrics"
	FieldDecisionNotice    = "decision.notice"
	FieldDecisionEmployer  = "decision.employer.name"
	FieldDecisionAddress   = "decision.employer.address"
	FieldDecisionWorkers   = "decision.workers"
	FieldDecisionExcuse    = "decision.excuse_shown"
	FieldCustodyPerson     = "custody.person"
	FieldCustodySuite      = "custody.suite"
	FieldCustodyInterprete = "custody.interpreter"
	FieldAgency            = "agency.agency"
	FieldAgencyName        = "agency.name"
)

// DecisionInput is an employer decision as typed: Workers the encounter
// entries' numbers ("3, 5" or "#3 #5"), ExcuseShown "shown" or "not
// shown" (or yes / no).
type DecisionInput struct {
	Notice, EmployerName, EmployerAddress, Workers, ExcuseShown string
}

// CustodyInput is a booking into custody as typed: Person the arrest's
// entry number, Interpreter yes or no.
type CustodyInput struct {
	Person, Suite, Interpreter string
}

// AgencyInput is a partner agency present, as typed.
type AgencyInput struct {
	Agency, Name string
}

// answerYesNo reads a yes / no answer; empty is no unless required.
func answerYesNo(p *problems, field, s, yes, no string, required bool) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", yes:
		return true
	case "no", "n", no:
		return false
	case "":
		if required {
			p.add(field, fmt.Sprintf("choose %s or %s", yes, no))
		}
		return false
	}
	if p.short(field, s) {
		p.add(field, fmt.Sprintf("%q is neither %s nor %s", s, yes, no))
	}
	return false
}

// entryNumbers reads entry numbers separated by commas, spaces or
// semicolons, each with or without a #.
func entryNumbers(p *problems, field, s string) []int {
	if !p.short(field, s) {
		return nil
	}
	var out []int
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(strings.TrimPrefix(w, "#"))
		if err != nil || n < 1 {
			p.add(field, fmt.Sprintf("%q is not an entry number (like #3)", w))
			return nil
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// parseDecision reads an employer decision (OUT-1). Which workers it may
// cover is for Record to check, against the record.
func parseDecision(p *problems, in DecisionInput) *EmployerDecision {
	names := make([]string, len(Notices))
	for i, n := range Notices {
		names[i] = string(n)
	}
	d := &EmployerDecision{
		Notice:   Notice(pickOne(p, FieldDecisionNotice, in.Notice, names)),
		Employer: Employer{Name: p.text(FieldDecisionEmployer, in.EmployerName, MaxShort, false), Address: p.text(FieldDecisionAddress, in.EmployerAddress, MaxShort, false)},
		Workers:  entryNumbers(p, FieldDecisionWorkers, in.Workers),
	}
	if d.Employer.Name == "" && !p.has(FieldDecisionEmployer) {
		p.rule(FieldDecisionEmployer, "OUT-1", "give the employer's name, as the notice names them (the business, or the person who employs)")
	}
	if d.Employer.Address == "" && !p.has(FieldDecisionAddress) {
		p.rule(FieldDecisionAddress, "OUT-1", "give the employer's address the notice is served at")
	}
	if len(d.Workers) == 0 && !p.has(FieldDecisionWorkers) {
		p.rule(FieldDecisionWorkers, "OUT-1", "choose the workers the notice covers: each person found working illegally it concerns")
	}
	d.ExcuseShown = answerYesNo(p, FieldDecisionExcuse, in.ExcuseShown, "shown", "not shown", true)
	return d
}

// parseCustody reads a booking into custody (CUS-1).
func parseCustody(p *problems, in CustodyInput) *Custody {
	c := &Custody{Suite: p.text(FieldCustodySuite, in.Suite, MaxShort, false)}
	if ns := entryNumbers(p, FieldCustodyPerson, in.Person); len(ns) > 1 {
		p.rule(FieldCustodyPerson, "CUS-1", "one person per booking: record each arrest's custody on its own")
	} else if len(ns) == 1 {
		c.Person = ns[0]
	} else if !p.has(FieldCustodyPerson) {
		p.rule(FieldCustodyPerson, "CUS-1", "choose who was arrested and booked in")
	}
	if c.Suite == "" && !p.has(FieldCustodySuite) {
		p.rule(FieldCustodySuite, "CUS-1", "give the custody suite, e.g. Croydon police station")
	}
	c.Interpreter = answerYesNo(p, FieldCustodyInterprete, in.Interpreter, "yes", "no", true)
	return c
}

// parseAgency reads a partner agency present (JNT-1).
func parseAgency(p *problems, in AgencyInput) *AgencyPresence {
	names := make([]string, len(Agencies))
	for i, a := range Agencies {
		names[i] = string(a)
	}
	a := &AgencyPresence{Agency: Agency(pickOne(p, FieldAgency, in.Agency, names)), Name: p.text(FieldAgencyName, in.Name, MaxShort, false)}
	if a.Agency == AgencyOther && a.Name == "" && !p.has(FieldAgencyName) {
		p.rule(FieldAgencyName, "JNT-1", "name the other agency, e.g. Home Office Immigration Enforcement Criminal Investigations")
	}
	return a
}

// encounterBySeq finds the effective encounter numbered seq.
func encounterBySeq(eff []TimelineEntry, seq int) (TimelineEntry, bool) {
	for _, e := range eff {
		if e.Seq == seq && e.Kind == EntryEncounter && e.Person != nil {
			return e, true
		}
	}
	return TimelineEntry{}, false
}

// personLabel is "#3 Arben Hoxha".
func personLabel(e TimelineEntry) string { return fmt.Sprintf("#%d %s", e.Seq, e.Person.Name) }

// checkOutcome refuses an employer decision or a custody booking that the
// record does not bear out: a worker who was not met, was cleared or is
// covered by another decision (OUT-1); a booking for someone not arrested
// or detained, booked twice, or booked in before the arrest (CUS-1). It
// judges e, the last entry of tl, against the timeline as it would stand.
func checkOutcome(tl []TimelineEntry) error {
	e := tl[len(tl)-1]
	if e.Void || (e.Decision == nil && e.Custody == nil) {
		return nil
	}
	self := e.Seq
	if e.Corrects != 0 {
		self = e.Corrects
	}
	eff := effective(tl)
	var p problems
	if d := e.Decision; d != nil {
		for _, w := range d.Workers {
			enc, ok := encounterBySeq(eff, w)
			switch {
			case !ok:
				p.rule(FieldDecisionWorkers, "OUT-1", fmt.Sprintf("#%d is not a person met on this visit: choose from the people found working illegally", w))
			case !enc.Person.IllegalWorker():
				p.rule(FieldDecisionWorkers, "OUT-1", fmt.Sprintf("%s was %s: a notice covers only people found working illegally", personLabel(enc), enc.Person.Outcome))
			default:
				for _, o := range eff {
					if o.Kind == EntryDecision && o.Seq != self && o.Decision != nil && slices.Contains(o.Decision.Workers, w) {
						p.rule(FieldDecisionWorkers, "OUT-1", fmt.Sprintf("%s is already covered by the %s of #%d: one decision per worker; correct #%d instead", personLabel(enc), o.Decision.Notice, o.Seq, o.Seq))
					}
				}
			}
			if len(p) > 0 {
				break
			}
		}
	}
	if c := e.Custody; c != nil {
		enc, ok := encounterBySeq(eff, c.Person)
		switch {
		case !ok:
			p.rule(FieldCustodyPerson, "CUS-1", fmt.Sprintf("#%d is not a person met on this visit: choose who was arrested", c.Person))
		case enc.Person.Outcome != OutcomeArrested && enc.Person.Outcome != OutcomeDetained:
			p.rule(FieldCustodyPerson, "CUS-1", fmt.Sprintf("%s was %s, not arrested: correct their encounter first if they were", personLabel(enc), enc.Person.Outcome))
		case e.At.Before(enc.At):
			p.rule(FieldEntryAt, "CUS-1", fmt.Sprintf("booked in at %s, before the arrest of %s at %s: check the time booked in", e.At.Format("15:04"), personLabel(enc), enc.At.Format("15:04")))
		default:
			for _, o := range eff {
				if o.Kind == EntryCustody && o.Seq != self && o.Custody != nil && o.Custody.Person == c.Person {
					p.rule(FieldCustodyPerson, "CUS-1", fmt.Sprintf("%s is already booked in (#%d, %s): correct #%d instead", personLabel(enc), o.Seq, o.Custody.Suite, o.Seq))
				}
			}
		}
	}
	if len(p) > 0 {
		return p.err()
	}
	return nil
}

// Decisions are the employer decisions in effect (OUT-1), in order.
func (v *Visit) Decisions() []TimelineEntry { return entriesOf(v.Effective(), EntryDecision) }

// PartnerAgencies are the partner agencies recorded present (JNT-1),
// each once, in the order first recorded.
func (v *Visit) PartnerAgencies() []AgencyPresence {
	var out []AgencyPresence
	for _, e := range entriesOf(v.Effective(), EntryAgency) {
		if e.Agency != nil && !slices.Contains(out, *e.Agency) {
			out = append(out, *e.Agency)
		}
	}
	return out
}

// JointOperation reports whether a partner agency was present: the visit
// counts as a joint operation (JNT-1; ICIBI 6.57-6.62, 15% nationally).
func (v *Visit) JointOperation() bool { return len(v.PartnerAgencies()) > 0 }

// OutcomeCounts are a visit's outcomes as central records count them
// (ICIBI figure 8), from the timeline as it now stands: corrections
// counted as they read, voided entries left out.
type OutcomeCounts struct {
	IllegalWorkers   int // people found working illegally
	CPRNs            int // civil penalty referral notices
	NoActionNotices  int
	WorkersCovered   int // by those notices
	ExcusesShown     int // notices where the employer showed a statutory excuse
	Arrests          int
	ArrestsInCustody int // arrests with a custody booking recorded (CUS-1)
	Interpreters     int // bookings where an interpreter was needed
	Interviews       int // people interviewed
	Biometrics       int // people whose biometrics were checked
	// Referrals counts referrals by type (ReferralTypes); types with none
	// are absent.
	Referrals map[string]int
	Agencies  []AgencyPresence
	Joint     bool
}

// Outcomes counts the visit's outcomes.
func (v *Visit) Outcomes() OutcomeCounts {
	var c OutcomeCounts
	eff := v.Effective()
	booked := map[int]bool{}
	for _, e := range eff {
		if e.Kind == EntryCustody && e.Custody != nil {
			booked[e.Custody.Person] = true
		}
	}
	for _, e := range eff {
		switch e.Kind {
		case EntryEncounter:
			if e.Person == nil {
				continue
			}
			if e.Person.IllegalWorker() {
				c.IllegalWorkers++
			}
			if e.Person.Outcome == OutcomeArrested {
				c.Arrests++
				if booked[e.Seq] {
					c.ArrestsInCustody++
				}
			}
			if e.Person.Interviewed {
				c.Interviews++
			}
			if e.Person.Biometrics {
				c.Biometrics++
			}
		case EntryDecision:
			if d := e.Decision; d != nil {
				if d.Notice == NoticeCPRN {
					c.CPRNs++
				} else {
					c.NoActionNotices++
				}
				c.WorkersCovered += d.Covers()
				if d.ExcuseShown {
					c.ExcusesShown++
				}
			}
		case EntryCustody:
			if e.Custody != nil && e.Custody.Interpreter {
				c.Interpreters++
			}
		}
		if t := e.ReferralType(); t != "" {
			if c.Referrals == nil {
				c.Referrals = map[string]int{}
			}
			c.Referrals[t]++
		}
	}
	c.Agencies = v.PartnerAgencies()
	c.Joint = len(c.Agencies) > 0
	return c
}

// outcomeSummary is the one line of an outcome entry.
func (e TimelineEntry) outcomeSummary() string {
	names := func(seq int) string { return "#" + strconv.Itoa(seq) }
	switch {
	case e.Decision != nil:
		d := e.Decision
		s := fmt.Sprintf("%s to %s, %s, covering %s", d.Notice, d.Employer.Name, d.Employer.Address, counted(d.Covers(), "worker", "workers"))
		var ws []string
		for _, w := range d.Workers {
			ws = append(ws, names(w))
		}
		s += " (" + strings.Join(ws, ", ") + ")"
		return s + "; statutory excuse " + map[bool]string{true: "shown", false: "not shown"}[d.ExcuseShown]
	case e.Custody != nil:
		c := e.Custody
		return fmt.Sprintf("%s booked into %s; interpreter %s", names(c.Person), c.Suite, map[bool]string{true: "needed", false: "not needed"}[c.Interpreter])
	case e.Agency != nil:
		return e.Agency.Label()
	}
	return ""
}
