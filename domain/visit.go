package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Ref is a visit's human-readable reference: team code, year, sequence
// ("SLN-2026-0042"). The store allocates the sequence; it is never reused.
type Ref string

// FormatRef builds a reference from its parts.
func FormatRef(team TeamCode, year int, seq uint32) Ref {
	return Ref(fmt.Sprintf("%s-%04d-%04d", team, year, seq))
}

// ParseRef normalises a typed reference ("sln-2026-42" -> "SLN-2026-0042").
func ParseRef(s string) (Ref, error) {
	team, y, n, ok := Ref(strings.ToUpper(strings.TrimSpace(s))).Parts()
	if !ok {
		return "", fmt.Errorf("%q is not a visit reference (like SLN-2026-0042)", s)
	}
	if _, known := TeamByCode(team); !known {
		return "", fmt.Errorf("%q: %s is not an ICE team code", s, team)
	}
	return FormatRef(team, y, n), nil
}

// Parts are the team code, year and sequence of a reference in the form
// TEAM-YEAR-SEQ; ok is false if r is not in that form. The team code is
// not checked against the teams.
func (r Ref) Parts() (team TeamCode, year int, seq uint32, ok bool) {
	parts := strings.Split(string(r), "-")
	if len(parts) != 3 {
		return "", 0, 0, false
	}
	y, err1 := strconv.Atoi(parts[1])
	n, err2 := strconv.ParseUint(parts[2], 10, 32)
	if err1 != nil || err2 != nil || y < 2000 || y > 9999 || n == 0 {
		return "", 0, 0, false
	}
	return TeamCode(parts[0]), y, uint32(n), true
}

// Visit is the aggregate for one enforcement visit. Its methods keep it
// valid; the store only persists what they produce.
type Visit struct {
	Ref      Ref            `json:"ref"`
	Version  uint64         `json:"version"` // set by the store; a save from an older version is refused
	State    State          `json:"state"`
	Basics   Basics         `json:"basics"`
	Subjects []Subject      `json:"subjects,omitempty"`
	Roster   []RosterEntry  `json:"roster,omitempty"`
	Plan     PlanningRecord `json:"planning"`
	Briefing Briefing       `json:"briefing,omitzero"`
	// Timeline is the live record: append-only, corrected by later
	// entries, never edited (see AppendOnly).
	Timeline []TimelineEntry `json:"timeline,omitempty"`
	// Debrief is what the OIC adds after the visit (DBF-1); FollowUps
	// are what is done once it is closed (referrals made). Both are
	// final once the visit closes, the follow-ups append-only.
	Debrief   Debrief         `json:"debrief,omitzero"`
	FollowUps []FollowUpEntry `json:"follow_ups,omitempty"`
	History   []StateChange   `json:"history"`
	// The duty CIO's board (issue 16): when first-line assurance is due,
	// set as the visit closes (Config.AssuranceWithin after). A visit
	// closed by an oic from before the board has none, and the board
	// does not list it as overdue: its closing made it no promise.
	AssuranceDue time.Time `json:"assurance_due,omitzero"`

	// Assurance is the first-line assurance of the closed visit (ASR-1,
	// ASR-2): the checklist, rating and feedback, who assured it, and the
	// OIC's acknowledgement of the feedback.
	Assurance Assurance `json:"assurance,omitzero"`

	CreatedAt     time.Time `json:"created_at"`
	CreatedBy     StaffNo   `json:"created_by"`
	UpdatedAt     time.Time `json:"updated_at"`
	UpdatedBy     StaffNo   `json:"updated_by"`
	UpdatedByName string    `json:"updated_by_name" text:"line"`
}

func (v *Visit) touch(actor Officer, now time.Time) {
	v.UpdatedAt, v.UpdatedBy, v.UpdatedByName = now, actor.StaffNo, actor.Name
}

// NewVisit opens a visit from validated basics. The reference is left empty
// for the store to allocate. A visit starts at tasking; if the tasking
// decision is already recorded as adopted it goes straight to planning, and
// the history shows both steps.
func NewVisit(b Basics, actor Officer, now time.Time) (*Visit, Change, error) {
	if !b.PlannedStart.After(now) {
		return nil, Change{}, ValidationError{{Field: FieldPlannedStart, Msg: "a new visit must be planned for a time still to come"}}
	}
	v := &Visit{
		State: Tasked, Basics: b, CreatedAt: now, CreatedBy: actor.StaffNo,
		History: []StateChange{{To: Tasked, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: "visit opened"}},
	}
	v.touch(actor, now)
	c := Change{Action: "created", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: diffFields(Basics{}, b)}
	if b.Tasking.Decision == Adopted {
		v.State = Planning
		v.History = append(v.History, StateChange{From: Tasked, To: Planning, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: "adopted at tasking"})
		c.Fields = append(c.Fields, FieldChange{Field: "state", Old: string(Tasked), New: string(Planning)})
	}
	return v, c, nil
}

// Editable says whether the visit's basics may still change, and if not why.
func (v *Visit) Editable() error {
	if v.State.Active() {
		return nil
	}
	return fmt.Errorf("%s is %s: its record is closed to edits", v.Ref, v.State)
}

// EditBasics replaces the basics, returning a change that lists each field
// altered with its old and new value. A planned start may not be moved into
// the past, but an unchanged one may already be past (a visit under way).
//
// Moving the planned start of an authorised visit re-runs the rules that
// depend on the time under cfg; if the checks or the ONF no
// longer cover the new start, the authorisation is void (EPA-2).
func (v *Visit) EditBasicsUnder(cfg Config, b Basics, actor Officer, now time.Time) (Change, error) {
	if err := v.Editable(); err != nil {
		return Change{}, err
	}
	if !b.PlannedStart.Equal(v.Basics.PlannedStart) && !b.PlannedStart.After(now) {
		return Change{}, ValidationError{{Field: FieldPlannedStart, Msg: "cannot move the planned start into the past"}}
	}
	if v.State != Tasked && b.Tasking.Decision != Adopted {
		// Past tasking the visit exists because it was adopted; a reversed
		// decision is a cancellation, with its reason, not a quiet edit.
		return Change{}, ValidationError{{Field: FieldDecision, Rule: "TSK-1",
			Msg: fmt.Sprintf("the visit is in %s because it was adopted; if the decision was reversed, cancel the visit with that reason", v.State)}}
	}
	fields := diffFields(v.Basics, b)
	if len(fields) == 0 {
		return Change{}, ErrNoChange
	}
	old := v.Basics
	v.Basics = b
	v.touch(actor, now)
	c := Change{Action: "basics edited", Actor: actor.StaffNo, ActorName: actor.Name, At: now, Fields: fields}
	if why := v.startNoLongerCovered(cfg, old.PlannedStart); why != "" {
		v.voidAuthorisation(&c, "planned start moved", why, actor, now)
	}
	return c, nil
}

// timeRules are the planning rules whose answer depends on when the visit
// is: the checks (CHK-1, CHK-2) and the ONF (ONF-1 to ONF-5). A recce is
// always made before a start that can only move into the future; what
// time changes of it is the age of its imagery (REC-2), a warning.
var timeRules = []rule{chk1, chk2, onf1to5}

// startNoLongerCovered says why the authorisation no longer holds after
// the planned start moved from old, or "" if it still does: a rule of the
// checks or the ONF that did not block at the old start and
// blocks at the new one, each judged as it will stand at its start (a
// final status check made for Monday does not cover Friday). EPA-2.
func (v *Visit) startNoLongerCovered(cfg Config, old time.Time) string {
	start := v.Basics.PlannedStart
	if v.Plan.Auth == nil || (v.State != Authorised && v.State != Briefed) || start.Equal(old) || old.IsZero() {
		return ""
	}
	was := v.Clone()
	was.Basics.PlannedStart = old
	held := map[string]bool{}
	for _, f := range Blocking(cfg.run(timeRules, was, old)) {
		held[f.Rule] = true
	}
	var now []string
	for _, f := range Blocking(cfg.run(timeRules, v, start)) {
		if !held[f.Rule] {
			now = append(now, f.String())
		}
	}
	if len(now) == 0 {
		return ""
	}
	loc := cfg.Location()
	return fmt.Sprintf("the planned start moved from %s to %s after authorisation, and no longer covered: %s",
		old.In(loc).Format(DateTimeLayout), start.In(loc).Format(DateTimeLayout), strings.Join(now, "; "))
}

// EditBasics is EditBasicsUnder the default configuration.
func (v *Visit) EditBasics(b Basics, actor Officer, now time.Time) (Change, error) {
	return v.EditBasicsUnder(DefaultConfig(), b, actor, now)
}

// ErrNoChange is returned when an edit changes nothing, so nothing is saved
// and the audit trail holds no empty entries.
var ErrNoChange = fmt.Errorf("nothing changed")

// Summary is the compact form of a visit kept for lists: just what the
// register shows and filters on, and what the store indexes a visit by.
type Summary struct {
	Ref          Ref
	PlannedStart time.Time
	Premises     string
	Postcode     Postcode
	Team         TeamCode
	State        State
	OIC          string
	// Place is the premises' identity (Premises.Key), which the store
	// files the visit under for its premises' history (REC-5). A list
	// does not keep it: a summary read back from one has none.
	Place PremisesKey
	// Parts are the staff numbers of the officers taking part in the
	// visit (Visit.Parts), each once, in order, separated by spaces: the
	// store files the visit under each, so an officer of another team on
	// its roster finds it in their register (who sees what, issue 17).
	// A list does not keep them either.
	Parts string
	// Ended is when the visit's record ended (EndedAt: its closure, or
	// its cancellation or stand-down), zero while it has not or where no
	// time is recorded: the register marks the visits past retention
	// (RET-1) from it, reading no record. A list entry an earlier oic
	// wrote has none (store/summary.go).
	Ended time.Time
	// Feedback says, of a visit whose record has ended, whether its
	// assurance feedback waits for its OIC to acknowledge it (ASR-2):
	// each officer's look for feedback waiting for them then reads only
	// the records it finds (tui/feedback), where it read every assured
	// visit they were OIC of. FeedbackUnknown for a visit not ended, and
	// in a list entry an earlier oic wrote: the record says.
	Feedback FeedbackMark
}

// FeedbackMark is a list entry's note of a visit's assurance feedback.
type FeedbackMark uint8

const (
	FeedbackUnknown FeedbackMark = iota // not noted: read the record
	FeedbackNone                        // none waits for acknowledgement
	FeedbackWaits                       // feedback waits for the OIC to acknowledge it
)

// Summary returns the visit's list entry.
func (v *Visit) Summary() Summary {
	s := Summary{
		Ref: v.Ref, PlannedStart: v.Basics.PlannedStart, Premises: v.Basics.Premises.Name,
		Postcode: v.Basics.Premises.Postcode, Team: v.Basics.Team, State: v.State, OIC: v.Basics.OICName,
		Place: v.Basics.Premises.Key(), Parts: joinParts(v.Parts()),
	}
	s.Ended, _ = v.EndedAt()
	s.Feedback = v.FeedbackMark()
	return s
}

// FeedbackMark is the mark of the visit's list entry (Summary.Feedback):
// none or waits once its record has ended, unknown before.
func (v *Visit) FeedbackMark() FeedbackMark {
	switch {
	case !v.State.Ended():
		return FeedbackUnknown
	case v.Assurance.FeedbackPending():
		return FeedbackWaits
	}
	return FeedbackNone
}

// TakesPart says whether the summary names sn among the officers taking
// part. A summary read back from a list names none.
func (s Summary) TakesPart(sn StaffNo) bool {
	if sn == "" {
		return false
	}
	// Searched for, not split: a register filters thousands of these.
	for p := s.Parts; ; {
		i := strings.Index(p, string(sn))
		if i < 0 {
			return false
		}
		end := i + len(sn)
		if (i == 0 || p[i-1] == ' ') && (end == len(p) || p[end] == ' ') {
			return true
		}
		p = p[i+1:]
	}
}

func joinParts(sns []StaffNo) string {
	var b strings.Builder
	for i, sn := range sns {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(sn))
	}
	return b.String()
}
