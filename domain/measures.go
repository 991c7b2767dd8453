package domain

import (
	"context"
	"slices"
	"time"
)

// Measures of effect (MOE-1; ICIBI 7.8-7.34): what visits achieved and
// how well they were recorded, by team and period. Counting them from
// whole visits means decoding every record; the store keeps instead the
// small VisitMeasures of each visit, made at every save, and the figures
// are tallied from those.

// MeasuresVersion numbers how MeasuresOf counts. A store holding records
// made by another version makes them again when it opens, so a figure is
// never tallied from records counted two ways.
//
//  1. outcomes of the live record, referrals by kind, the eight flags
//  2. employer decisions (OUT-1), custody (CUS-1), interviews and
//     biometrics, partner agencies and joint operations (JNT-1), and
//     referrals by type (ReferralTypes, NRM and social services among
//     them), as Visit.Outcomes counts them
//  3. a visit recorded before employer decisions existed counts the
//     notices its referral entries record (legacyNotices)
const MeasuresVersion = 3

// Quality is one of the eight failures of the record ICIBI found
// (7.8-7.34), as a flag a visit meets or not.
type Quality int

const (
	QualityEPARated Quality = iota // EPA-1: a risk rating recorded
	QualityChecks                  // CHK-1: every mandatory check recorded
	QualityONF                     // ONF-1 to ONF-5: sent on time, returned valid before the visit
	QualityRecce                   // REC-1, REC-2: a recce with imagery within its age
	QualityBriefing                // BRF-1: every rostered officer accepted the briefing
	QualityDebrief                 // DBF-1: every section of the debrief complete
	QualityClosed                  // DBF-3: closed within the hours allowed (48)
	QualityAssured                 // ASR-1: assured
	NumQualities
)

// QualityInfo names a flag for a column, a heading and its rule.
type QualityInfo struct {
	Column, Label, Rule string
}

// Qualities are the flags' names, in the order of Quality.
var Qualities = [NumQualities]QualityInfo{
	{"epa_rated", "EPA rated", "EPA-1"},
	{"checks_recorded", "mandatory checks recorded", "CHK-1"},
	{"onf_on_time_valid", "ONF on time and valid", "ONF-2"},
	{"recce_current", "recce current", "REC-2"},
	{"briefing_accepted", "briefing accepted by all", "BRF-1"},
	{"debrief_complete", "debrief complete", "DBF-1"},
	{"closed_in_time", "closed within 48 h", "DBF-3"},
	{"assured", "assured", "ASR-1"},
}

// VisitMeasures is what the measures count of one visit. Counts are of
// the live record as it stands (Effective): each entry as its latest
// correction says, voided entries left out. Kinds are counted by their
// place in the domain's lists (Outcomes, SafeguardingKinds,
// ReferralTypes); one not in the list is counted in the total only.
type VisitMeasures struct {
	Ref    Ref       `json:"ref"`
	State  State     `json:"state"`
	Team   TeamCode  `json:"team"`
	Sector string    `json:"sector,omitempty"`
	Start  time.Time `json:"start"` // the planned start: its month is the visit's period
	Rating Rating    `json:"rating,omitempty"`
	// Deployed: the team went out (the history passes through deployed),
	// so the visit is an operation whose planning and conduct count.
	Deployed bool `json:"deployed,omitempty"`
	// Closed: the visit was closed (closed, follow-up or assured).
	Closed bool `json:"closed,omitempty"`
	// Power is the power of entry used, as the first entry made records.
	Power PowerKind `json:"power,omitempty"`

	Encountered  int                  `json:"encountered,omitempty"`
	Outcomes     [numOutcomes]int     `json:"outcomes"`
	Safeguarding [numSafeguarding]int `json:"safeguarding"`
	// Referrals counts referrals by type, in the order of ReferralTypes.
	Referrals [numReferrals]int `json:"referrals"`
	Incidents int               `json:"incidents,omitempty"`
	// Employer decisions (OUT-1), custody (CUS-1), interviews and
	// biometrics, as Visit.Outcomes counts them.
	IllegalWorkers int `json:"illegal_workers,omitempty"`
	CPRNs          int `json:"cprns,omitempty"`
	NoAction       int `json:"no_action,omitempty"`
	WorkersCovered int `json:"workers_covered,omitempty"`
	InCustody      int `json:"in_custody,omitempty"`
	Interpreters   int `json:"interpreters,omitempty"`
	Interviews     int `json:"interviews,omitempty"`
	Biometrics     int `json:"biometrics,omitempty"`
	// Agencies are the partner agencies present (JNT-1), a bit each in
	// the order of Agencies: any makes the visit a joint operation.
	Agencies uint16 `json:"agencies,omitempty"`

	// Applies and Met are the flags of Quality, one bit each, that do
	// not depend on configuration; QualityRecce's imagery age and
	// QualityClosed's hours do, and are judged from Imagery and
	// ClosedAfter by Quality, under the configuration of the day.
	Applies uint16 `json:"applies"`
	Met     uint16 `json:"met"`
	// Imagery is the date of the oldest imagery of the recces (zero:
	// none); ClosedAfter how long after DBF-3's clock started the visit
	// was closed.
	Imagery     Date          `json:"imagery,omitzero"`
	ClosedAfter time.Duration `json:"closed_after,omitempty"`
}

const (
	numOutcomes     = 5
	numSafeguarding = 4
	numReferrals    = 12
	numAgencies     = 6
)

// The arrays above are sized by Outcomes, SafeguardingKinds,
// ReferralTypes and Agencies: a list that grows without its array stops oic at start
// rather than miscount.
func init() {
	if len(Outcomes) != numOutcomes || len(SafeguardingKinds) != numSafeguarding || len(ReferralTypes) != numReferrals || len(Agencies) != numAgencies {
		panic("domain: VisitMeasures' arrays no longer match Outcomes, SafeguardingKinds, ReferralTypes and Agencies")
	}
}

// MeasuresOf is what the measures count of v. It reads nothing but v:
// no clock, no configuration (what depends on one is judged by Quality).
func MeasuresOf(v *Visit) VisitMeasures {
	m := VisitMeasures{
		Ref: v.Ref, State: v.State, Team: v.Basics.Team, Sector: v.Basics.Premises.Sector,
		Start: v.Basics.PlannedStart, Rating: v.Plan.EPA.Rating,
	}
	for _, h := range v.History {
		if h.To == Deployed {
			m.Deployed = true
		}
	}
	m.Closed = v.closedRecord()
	for _, e := range v.Effective() {
		switch e.Kind {
		case EntryEntry:
			if m.Power == "" {
				m.Power = e.Power
			}
		case EntryEncounter:
			m.Encountered++
			if e.Person != nil {
				if i := slices.Index(Outcomes, e.Person.Outcome); i >= 0 {
					m.Outcomes[i]++
				}
			}
		case EntrySafeguarding:
			if i := slices.Index(SafeguardingKinds, e.Subtype); i >= 0 {
				m.Safeguarding[i]++
			}
		case EntryIncident:
			m.Incidents++
		}
	}
	c := v.Outcomes()
	for t, n := range c.Referrals {
		if i := slices.Index(ReferralTypes, t); i >= 0 {
			m.Referrals[i] = n
		}
	}
	m.IllegalWorkers, m.CPRNs, m.NoAction, m.WorkersCovered = c.IllegalWorkers, c.CPRNs, c.NoActionNotices, c.WorkersCovered
	if len(v.Decisions()) == 0 {
		m.CPRNs, m.NoAction = legacyNotices(v)
	}
	m.InCustody, m.Interpreters, m.Interviews, m.Biometrics = c.ArrestsInCustody, c.Interpreters, c.Interviews, c.Biometrics
	for _, a := range c.Agencies {
		if i := slices.Index(Agencies, a.Agency); i >= 0 {
			m.Agencies |= 1 << i
		}
	}
	m.quality(v)
	return m
}

func (m *VisitMeasures) set(q Quality, applies, met bool) {
	if applies {
		m.Applies |= 1 << q
		if met {
			m.Met |= 1 << q
		}
	}
}

// quality judges the flags. Planning and the briefing count for every
// operation (a visit deployed); the debrief, the closure and the
// assurance for every visit closed. A visit still being planned, or
// called off before it went out, fails nothing yet.
func (m *VisitMeasures) quality(v *Visit) {
	op := m.Deployed
	m.set(QualityEPARated, op, v.Plan.EPA.Recorded())
	var f findings
	chk1(&f, v, Config{}, time.Time{})
	m.set(QualityChecks, op, len(f) == 0)
	m.set(QualityONF, op, onfOnTimeValid(v))
	recce := false
	for _, r := range v.Plan.Recces {
		recce = recce || r.Withdrawn == ""
	}
	if src, ok := v.Plan.OldestImagery(); ok {
		m.Imagery = src.Date
	}
	m.set(QualityRecce, op, recce)
	m.set(QualityBriefing, op, briefingAccepted(v))
	m.set(QualityDebrief, m.Closed, len(v.DebriefMissing()) == 0)
	if at, ok := v.ClosedAt(); ok && m.Closed {
		m.ClosedAfter = at.Sub(v.ClockStart())
		m.set(QualityClosed, true, true)
	}
	m.set(QualityAssured, m.Closed, v.State == Assured)
}

// onfOnTimeValid: the Met's arrangement recorded (ONF-1), or an ONF sent
// 3 days before (ONF-2) and back, signed and complete, before the visit,
// and still valid on its day (ONF-3 to ONF-5). Going ahead on a phone
// check is allowed, but is not an ONF returned valid.
func onfOnTimeValid(v *Visit) bool {
	o, start := v.Plan.ONF, v.Basics.PlannedStart
	if o.Met {
		return true
	}
	if start.IsZero() || o.SentAt.IsZero() || o.ReturnedAt.IsZero() || o.ReturnedAt.After(start) {
		return false
	}
	s := o.Status(start, start, Config{}.Location())
	return !s.Late && s.State == ONFValid
}

// briefingAccepted: a briefing issued, and every rostered officer
// accepted its current version themselves; an override (BRF-1) lets a
// visit deploy but is not an acceptance.
func briefingAccepted(v *Visit) bool {
	if _, ok := v.Briefing.Current(); !ok || len(v.Roster) == 0 {
		return false
	}
	return len(v.Outstanding()) == 0
}

// Quality says, under cfg, whether flag q applies to the visit and
// whether it is met: a recce is current if its imagery is within
// cfg's age at the visit (REC-2), a visit closed in time if within
// cfg's hours of DBF-3's clock.
func (m VisitMeasures) Quality(cfg Config, q Quality) (applies, met bool) {
	applies, met = m.Applies&(1<<q) != 0, m.Met&(1<<q) != 0
	switch q {
	case QualityRecce:
		if met && !m.Imagery.IsZero() && !m.Start.IsZero() {
			met = !addMonths(m.Imagery, cfg.ImageryMaxMonths()).Before(cfg.LocalDate(m.Start))
		}
	case QualityClosed:
		met = applies && m.ClosedAfter <= cfg.CloseWithin()
	}
	return applies, met
}

// legacyNotices counts the notices of a visit that records no employer
// decision (OUT-1): those a visit recorded before decisions existed, as
// referral entries of those kinds, and those recorded as follow-ups once
// it closed. Its notices were served all the same, and leaving them out
// would show every such visit as serving none. A visit with a decision
// is counted by its decisions alone (a follow-up notice then being the
// sending of one decided), so no notice is counted twice.
func legacyNotices(v *Visit) (cprns, noAction int) {
	count := func(kind string) {
		switch Notice(kind) {
		case NoticeCPRN:
			cprns++
		case NoticeNoAction:
			noAction++
		}
	}
	for _, e := range v.Effective() {
		if e.Kind == EntryReferral {
			count(e.Subtype)
		}
	}
	for _, f := range v.FollowUps {
		count(f.Kind)
	}
	return cprns, noAction
}

// Joint reports whether a partner agency was present (JNT-1).
func (m VisitMeasures) Joint() bool { return m.Agencies != 0 }

// MeasuresReader reads every visit's measures, as the store keeps them
// beside each visit (MOE-1).
type MeasuresReader interface {
	// ScanMeasures calls fn with batches of every visit's measures, in
	// order of reference, until all are sent, fn returns an error, or ctx
	// ends.
	ScanMeasures(ctx context.Context, batch int, fn func([]VisitMeasures) error) error
}
