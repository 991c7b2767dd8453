package domain

import (
	"fmt"
	"strings"
	"time"
)

// ONF deadlines (ICIBI 5.15-5.16).
const (
	ONFLeadTime   = 72 * time.Hour // ONF-2: sent no fewer than 3 days before the visit
	ONFReturnTime = 72 * time.Hour // ONF-3: the police have 72 hours to return it
)

// ONF is the Operational Notification Form sent to the local police force
// before a visit (ONF-1 to ONF-7), or the record that the Metropolitan
// Police's alternative arrangement was used instead.
type ONF struct {
	Force      string      `json:"force,omitempty" text:"line"`
	Met        bool        `json:"met,omitempty"` // Metropolitan Police alternative arrangement (ONF-1)
	MetNote    string      `json:"met_note,omitempty" text:"prose"`
	SentAt     time.Time   `json:"sent_at,omitzero"`
	Assistance bool        `json:"assistance,omitempty"` // police assistance requested
	ReturnedAt time.Time   `json:"returned_at,omitzero"`
	SignedBy   string      `json:"signed_by,omitempty" text:"line"`   // ONF-4: the police officer's name
	SignedRank string      `json:"signed_rank,omitempty" text:"line"` // and rank
	Incomplete []string    `json:"incomplete,omitempty" text:"prose"` // sections returned blank (ONF-4)
	Markers    string      `json:"markers,omitempty" text:"prose"`    // warning markers (ONF-6)
	Tensions   string      `json:"tensions,omitempty" text:"prose"`   // community tensions (ONF-6)
	Phone      *PhoneCheck `json:"phone_check,omitempty"`
	FeedbackAt time.Time   `json:"feedback_at,omitzero"`            // ONF-7: intelligence feedback report sent
	Feedback   string      `json:"feedback,omitempty" text:"prose"` // what it told the police
	Stamp      Stamp       `json:"recorded,omitzero"`
}

// PhoneCheck is the telephone check with the police intelligence unit made
// when the ONF is not back in time (ONF-3; ICIBI 5.16).
type PhoneCheck struct {
	At      time.Time `json:"at"`
	Contact string    `json:"contact" text:"line"`  // who was spoken to, and where
	Outcome string    `json:"outcome" text:"prose"` // warning markers, adverse information, community tensions
}

// ONFState is the derived status of an ONF, in DOMAIN.md's words.
type ONFState string

const (
	ONFNotSent    ONFState = "not sent"
	ONFSentLate   ONFState = "sent late"
	ONFAwaiting   ONFState = "awaiting"
	ONFOverdue    ONFState = "overdue"
	ONFPhoneCheck ONFState = "phone check recorded"
	ONFIncomplete ONFState = "returned incomplete"
	ONFUnsigned   ONFState = "returned unsigned"
	ONFValid      ONFState = "valid"
	ONFExpired    ONFState = "expired"
	ONFMet        ONFState = "Met arrangement"
)

// ONFStatus is an ONF's state with the times that matter, computed from the
// record, the visit's planned start and now.
type ONFStatus struct {
	State     ONFState
	SendBy    time.Time // latest send time that meets ONF-2
	DueBack   time.Time // SentAt + 72 hours (ONF-3); zero if not sent
	ValidTill Date      // last day a returned ONF is valid (ONF-5); zero if not returned
	Late      bool      // sent fewer than 3 days before the visit (ONF-2)
	// ReturnedLate: back after its 72 hours (ONF-3); the visit needed a
	// phone check in the meantime.
	ReturnedLate bool
}

// SentBefore is how long before the visit planned at start the ONF was
// sent, and whether it was sent at all (not for a Met arrangement): ONF-2's
// measure, kept in the exports.
func (o ONF) SentBefore(start time.Time) (time.Duration, bool) {
	if o.Met || o.SentAt.IsZero() || start.IsZero() {
		return 0, false
	}
	return start.Sub(o.SentAt), true
}

// Label is the status as shown everywhere an ONF appears: "awaiting (due
// back 27/11/2026 09:00)", "valid (until 28/02/2026)".
func (s ONFStatus) Label(loc *time.Location) string {
	switch s.State {
	case ONFAwaiting:
		return fmt.Sprintf("awaiting (due back %s)", s.DueBack.In(loc).Format(DateTimeLayout))
	case ONFOverdue:
		return "overdue (phone check needed)"
	case ONFValid:
		return fmt.Sprintf("valid (until %s)", s.ValidTill.UK())
	case ONFExpired:
		return fmt.Sprintf("expired (%s)", s.ValidTill.UK())
	}
	return string(s.State)
}

// AddCalendarMonth returns the same day of the next month or, where that
// month is shorter, its last day: 31 January gives 28 February (29 in a
// leap year), 30 April gives 30 May. "Valid for one calendar month" (ONF-5)
// is read as valid up to and including that day, so an ONF returned on 31
// January covers a visit on 28 February but not one on 1 March. Adding 30
// days instead would end it on 2 March in a common year.
func AddCalendarMonth(d Date) Date {
	y, m := d.Year, d.Month+1
	if m > time.December {
		y, m = y+1, time.January
	}
	return Date{y, m, min(d.Day, daysIn(y, m))}
}

// Status derives the ONF's state for a visit planned to start at start,
// as of now, counting calendar days in loc (the rules' zone, Config.Location:
// the day an ONF came back is its UK date, whatever offset it was stored
// with). The order of the checks is the order an OIC would ask: is it
// the Met; was it sent; is it back, and is what came back usable; if not
// back, is it late and was the phone check made.
func (o ONF) Status(start, now time.Time, loc *time.Location) ONFStatus {
	s := ONFStatus{SendBy: start.Add(-ONFLeadTime)}
	if o.Met {
		s.State = ONFMet
		return s
	}
	if o.SentAt.IsZero() {
		s.State = ONFNotSent
		return s
	}
	s.DueBack = o.SentAt.Add(ONFReturnTime)
	s.Late = o.SentAt.After(s.SendBy)
	if !o.ReturnedAt.IsZero() {
		s.ReturnedLate = o.ReturnedAt.After(s.DueBack)
		ret := DateOf(o.ReturnedAt.In(loc))
		s.ValidTill = AddCalendarMonth(ret)
		switch {
		case o.SignedBy == "":
			s.State = ONFUnsigned
		case len(o.Incomplete) > 0:
			s.State = ONFIncomplete
		case DateOf(start.In(loc)).After(s.ValidTill):
			s.State = ONFExpired
		default:
			s.State = ONFValid
		}
		if (s.State == ONFUnsigned || s.State == ONFIncomplete) && o.Phone != nil {
			// An unusable return is covered by a phone check, as a late one
			// is (ONF-3, ONF-4). An expired one is not: it needs a new ONF
			// for the new date (ONF-5).
			s.State = ONFPhoneCheck
		}
		return s
	}
	switch {
	case o.Phone != nil:
		s.State = ONFPhoneCheck
	case now.After(s.DueBack):
		s.State = ONFOverdue
	case s.Late:
		// Sent too late to be back in time for the visit: only its return
		// or a phone check lets the visit go ahead.
		s.State = ONFSentLate
	default:
		s.State = ONFAwaiting
	}
	return s
}

// ONF form field names.
const (
	FieldONFForce      = "onf.force"
	FieldONFMet        = "onf.met"
	FieldONFMetNote    = "onf.met_note"
	FieldONFSentAt     = "onf.sent_at"
	FieldONFAssistance = "onf.assistance"
	FieldONFReturnedAt = "onf.returned_at"
	FieldONFSignedBy   = "onf.signed_by"
	FieldONFSignedRank = "onf.signed_rank"
	FieldONFIncomplete = "onf.incomplete"
	FieldONFMarkers    = "onf.markers"
	FieldONFTensions   = "onf.tensions"
	FieldPhoneAt       = "phone.at"
	FieldPhoneContact  = "phone.contact"
	FieldPhoneOutcome  = "phone.outcome"
)

// when parses an optional date and time field that cannot be in the future.
func (p *problems) when(field, s string, now time.Time) time.Time {
	if strings.TrimSpace(s) == "" || !p.short(field, s) {
		return time.Time{}
	}
	t, err := ParseDateTime(s, now)
	switch {
	case err != nil:
		p.add(field, err.Error())
	case t.After(now):
		p.add(field, "cannot be in the future")
	default:
		return t
	}
	return time.Time{}
}

// ParseONF validates the ONF form for a visit starting at start. It
// refuses what cannot be true: a return before the sending, an ONF sent
// after the visit (ONF-2), times in the future, a signature on a form not
// yet returned. A Met visit records the arrangement instead (ONF-1).
func ParseONF(in map[string]string, start, now time.Time) (ONF, error) {
	var p problems
	o := ONF{
		Force:      p.text(FieldONFForce, in[FieldONFForce], MaxShort, false),
		Met:        in[FieldONFMet] == "yes",
		MetNote:    p.text(FieldONFMetNote, in[FieldONFMetNote], MaxLong, false),
		Assistance: in[FieldONFAssistance] == "yes",
		SignedBy:   p.text(FieldONFSignedBy, in[FieldONFSignedBy], MaxShort, false),
		SignedRank: p.text(FieldONFSignedRank, in[FieldONFSignedRank], MaxShort, false),
		Markers:    p.text(FieldONFMarkers, in[FieldONFMarkers], MaxLong, false),
		Tensions:   p.text(FieldONFTensions, in[FieldONFTensions], MaxLong, false),
	}
	o.SentAt = p.when(FieldONFSentAt, in[FieldONFSentAt], now)
	o.ReturnedAt = p.when(FieldONFReturnedAt, in[FieldONFReturnedAt], now)
	if inc := p.text(FieldONFIncomplete, in[FieldONFIncomplete], MaxLong, false); inc != "" {
		for _, part := range strings.Split(inc, ",") {
			if s := strings.TrimSpace(part); s != "" {
				o.Incomplete = append(o.Incomplete, s)
			}
		}
	}
	switch {
	case o.Met:
		if o.MetNote == "" && p.ok(FieldONFMetNote) {
			p.rule(FieldONFMetNote, "ONF-1", "record the alternative arrangement used with the Metropolitan Police")
		}
	case o.Force == "" && p.ok(FieldONFForce):
		p.rule(FieldONFForce, "ONF-1", "name the police force the ONF goes to")
	}
	if !o.SentAt.IsZero() && !start.IsZero() && o.SentAt.After(start) {
		p.rule(FieldONFSentAt, "ONF-2", fmt.Sprintf("sent after the visit's planned start (%s); check the date", start.In(now.Location()).Format(DateTimeLayout)))
	}
	if !o.ReturnedAt.IsZero() {
		switch {
		case o.SentAt.IsZero() && p.ok(FieldONFSentAt):
			p.rule(FieldONFSentAt, "ONF-3", "a returned ONF was sent first: say when")
		case !o.SentAt.IsZero() && o.ReturnedAt.Before(o.SentAt):
			p.rule(FieldONFReturnedAt, "ONF-3", "returned before it was sent; check both times")
		}
	} else if (o.SignedBy != "" || o.SignedRank != "") && p.ok(FieldONFReturnedAt) {
		p.rule(FieldONFReturnedAt, "ONF-4", "a signature comes with the returned form: say when it came back")
	}
	if o.SignedBy != "" && o.SignedRank == "" && p.ok(FieldONFSignedRank) {
		p.rule(FieldONFSignedRank, "ONF-4", "give the signing officer's rank")
	}
	return o, p.err()
}

func (o ONF) fields() [][2]string {
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return ""
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return [][2]string{
		{FieldONFForce, o.Force}, {FieldONFMet, yn(o.Met)}, {FieldONFMetNote, o.MetNote}, {FieldONFSentAt, at(o.SentAt)},
		{FieldONFAssistance, yn(o.Assistance)}, {FieldONFReturnedAt, at(o.ReturnedAt)}, {FieldONFSignedBy, o.SignedBy},
		{FieldONFSignedRank, o.SignedRank}, {FieldONFIncomplete, strings.Join(o.Incomplete, ", ")},
		{FieldONFMarkers, o.Markers}, {FieldONFTensions, o.Tensions},
	}
}

// Values returns the ONF as form values, times in loc.
func (o ONF) Values(loc *time.Location) map[string]string {
	m := pairsMap(o.fields())
	for k, t := range map[string]time.Time{FieldONFSentAt: o.SentAt, FieldONFReturnedAt: o.ReturnedAt} {
		m[k] = ""
		if !t.IsZero() {
			m[k] = t.In(loc).Format(DateTimeLayout)
		}
	}
	return m
}

// SetONF records the ONF. A phone check already recorded stays: it is
// recorded on its own (RecordPhoneCheck).
func (v *Visit) SetONF(o ONF, actor Officer, now time.Time) (Change, error) {
	o.FeedbackAt, o.Feedback = v.Plan.ONF.FeedbackAt, v.Plan.ONF.Feedback
	// A phone check covers the form it was made about: an ONF sent again
	// (a new sending time) needs its own.
	if o.SentAt.Equal(v.Plan.ONF.SentAt) {
		o.Phone = v.Plan.ONF.Phone
	}
	return v.setPart("ONF recorded", v.Plan.ONF.fields(), o.fields(), func(s Stamp) {
		o.Stamp = s
		v.Plan.ONF = o
	}, actor, now)
}

// ParsePhoneCheck validates the phone check form (ONF-3): when, who was
// spoken to, and what they said.
func ParsePhoneCheck(in map[string]string, now time.Time) (PhoneCheck, error) {
	var p problems
	pc := PhoneCheck{
		Contact: p.text(FieldPhoneContact, in[FieldPhoneContact], MaxShort, false),
		Outcome: p.text(FieldPhoneOutcome, in[FieldPhoneOutcome], MaxLong, false),
	}
	pc.At = p.when(FieldPhoneAt, in[FieldPhoneAt], now)
	if pc.At.IsZero() && p.ok(FieldPhoneAt) {
		p.rule(FieldPhoneAt, "ONF-3", "say when the call was made")
	}
	if pc.Contact == "" && p.ok(FieldPhoneContact) {
		p.rule(FieldPhoneContact, "ONF-3", "name who you spoke to at the police intelligence unit")
	}
	if pc.Outcome == "" && p.ok(FieldPhoneOutcome) {
		p.rule(FieldPhoneOutcome, "ONF-3", "record what they said about warning markers, adverse information and community tensions")
	}
	return pc, p.err()
}

// CanRecordPhoneCheck says whether a phone check may be recorded now, and
// if not why, so a screen can say so before asking for one.
func (v *Visit) CanRecordPhoneCheck() error {
	if err := v.PlanningEditable(); err != nil {
		return err
	}
	if v.Plan.ONF.Met {
		return fmt.Errorf("ONF-1: %s uses the Metropolitan Police arrangement; no phone check is needed", v.Ref)
	}
	if v.Plan.ONF.SentAt.IsZero() {
		return fmt.Errorf("ONF-3: record the ONF as sent first; the phone check covers a form not back in time")
	}
	return nil
}

// RecordPhoneCheck records the telephone check with the police intelligence
// unit (ONF-3). It needs an ONF sent, or a returned one that cannot be
// relied on.
func (v *Visit) RecordPhoneCheck(pc PhoneCheck, actor Officer, now time.Time) (Change, error) {
	if err := v.CanRecordPhoneCheck(); err != nil {
		return Change{}, err
	}
	old := v.Plan.ONF.Phone
	v.Plan.ONF.Phone = &pc
	v.touch(actor, now)
	c := Change{Action: "ONF phone check recorded", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: []FieldChange{
		{Field: FieldPhoneAt, New: pc.At.UTC().Format(time.RFC3339)}, {Field: FieldPhoneContact, New: pc.Contact}, {Field: FieldPhoneOutcome, New: pc.Outcome},
	}}
	if old != nil {
		c.Fields[0].Old, c.Fields[1].Old, c.Fields[2].Old = old.At.UTC().Format(time.RFC3339), old.Contact, old.Outcome
	}
	return c, nil
}

// CanRecordONFFeedback says whether the feedback report may be recorded
// now (ONF-7), and if not why.
func (v *Visit) CanRecordONFFeedback() error {
	switch v.State {
	case Deployed, Closed, FollowUp:
	default:
		return fmt.Errorf("ONF-7: feedback to the police follows the visit; %s is %s", v.Ref, v.State)
	}
	if v.Plan.ONF.Met || v.Plan.ONF.SentAt.IsZero() {
		return fmt.Errorf("ONF-7: %s sent no ONF to a police force to report back to", v.Ref)
	}
	return nil
}

// RecordONFFeedback records the intelligence feedback report sent to the
// police force after the visit (ONF-7). It is a follow-up entry: allowed
// once the visit has taken place, closed or not.
func (v *Visit) RecordONFFeedback(feedback string, actor Officer, now time.Time) (Change, error) {
	if err := v.CanRecordONFFeedback(); err != nil {
		return Change{}, err
	}
	o := v.Plan.ONF
	text, err := requireReason(feedback, "say what the feedback report told the police")
	if err != nil {
		return Change{}, err
	}
	v.Plan.ONF.FeedbackAt, v.Plan.ONF.Feedback = now, text
	v.touch(actor, now)
	return Change{Action: "ONF feedback report recorded (ONF-7)", Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "onf.feedback", Old: o.Feedback, New: text}}}, nil
}
