package domain

import (
	"fmt"
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
	Force      string      `json:"force,omitempty"`
	Met        bool        `json:"met,omitempty"` // Metropolitan Police alternative arrangement (ONF-1)
	MetNote    string      `json:"met_note,omitempty"`
	SentAt     time.Time   `json:"sent_at,omitzero"`
	Assistance bool        `json:"assistance,omitempty"` // police assistance requested
	ReturnedAt time.Time   `json:"returned_at,omitzero"`
	SignedBy   string      `json:"signed_by,omitempty"`   // ONF-4: the police officer's name
	SignedRank string      `json:"signed_rank,omitempty"` // and rank
	Incomplete []string    `json:"incomplete,omitempty"`  // sections returned blank (ONF-4)
	Markers    string      `json:"markers,omitempty"`     // warning markers (ONF-6)
	Tensions   string      `json:"tensions,omitempty"`    // community tensions (ONF-6)
	Phone      *PhoneCheck `json:"phone_check,omitempty"`
	FeedbackAt time.Time   `json:"feedback_at,omitzero"` // ONF-7: intelligence feedback report sent
	Stamp      Stamp       `json:"recorded,omitzero"`
}

// PhoneCheck is the telephone check with the police intelligence unit made
// when the ONF is not back in time (ONF-3; ICIBI 5.16).
type PhoneCheck struct {
	At      time.Time `json:"at"`
	Contact string    `json:"contact"` // who was spoken to, and where
	Outcome string    `json:"outcome"` // warning markers, adverse information, community tensions
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
// as of now. The order of the checks is the order an OIC would ask: is it
// the Met; was it sent; is it back, and is what came back usable; if not
// back, is it late and was the phone check made.
func (o ONF) Status(start, now time.Time) ONFStatus {
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
		ret := DateOf(o.ReturnedAt.In(start.Location()))
		s.ValidTill = AddCalendarMonth(ret)
		switch {
		case o.SignedBy == "":
			s.State = ONFUnsigned
		case len(o.Incomplete) > 0:
			s.State = ONFIncomplete
		case DateOf(start).After(s.ValidTill):
			s.State = ONFExpired
		default:
			s.State = ONFValid
		}
		if s.State != ONFValid && o.Phone != nil {
			// An unusable return is covered by a phone check, as a late one
			// is (ONF-3, ONF-4).
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
