package domain

import (
	"fmt"
	"slices"
	"time"
)

// Closing a visit (DBF-2, DBF-3) and what may still follow it.

// closedRecord reports whether the visit is closed or later: its debrief
// and live record are final.
func (v *Visit) closedRecord() bool {
	switch v.State {
	case Closed, FollowUp, Assured:
		return true
	}
	return false
}

// afterClosure rewrites what to do about the findings of a closed visit
// (closed, follow-up, assured). A finding of the planning, the ONF, the
// recce, the briefing or the live record can no longer be put right on
// the visit: it stays for the assurer to weigh (ASR-1 covers the planning
// too), and what is left is the follow-ups and the assurance. Advice to
// "keep chasing the returned ONF" or "do a walk-by" after the visit is
// over misleads. The police feedback (ONF-7) and the closure's own rules
// (DBF) keep theirs: they are what is left.
func afterClosure(fs []Finding, v *Visit) {
	if !v.closedRecord() {
		return
	}
	for i := range fs {
		r, _ := RuleByID(fs[i].Rule)
		switch {
		case fs[i].Rule == "ONF-7":
		case r.Area == AreaDebrief || r.Area == AreaAssure:
		default:
			fs[i].Do = ClosedAdvice
		}
	}
}

// ClosedAdvice is what to do about a finding from before or during a
// visit once it is closed.
const ClosedAdvice = "The visit is closed: this can no longer be put right on it and stays on the record for assurance (ASR-1). " +
	"What is left is the follow-ups (f on the debrief tab) and the feedback to the police (f on the ONF tab)."

// liveClosingRules are the live record's rules that stand between a
// deployed visit and its closure, beside the debrief complete (DBF-1) and
// everyone departed (DBF-2): its own forms complete (PWR-2, PWR-3) and no
// critical incident still open (INC-1). Only these run: the planning and
// briefing rules were met before deployment, and the order would be
// rebuilt and hashed for nothing.
var liveClosingRules = []rule{pwr2, pwr3, inc1}

// ClosingFindings are the findings that block closing the visit now,
// whether or not the debrief has been started: those of closingGates,
// and a decision on the employer for every worker (OUT-1).
func (cfg Config) ClosingFindings(v *Visit, now time.Time) []Finding {
	f := findings(cfg.closingGates(v, now))
	out1Check(&f, v, true)
	f = Blocking(f)
	sortFindings(f)
	return f
}

// closingGates are the gates of closing that a visit closed before OUT-1
// was asked for met too: the debrief, the departures, the live record's
// forms (HistorylessFindings holds an old export's visits to these).
func (cfg Config) closingGates(v *Visit, now time.Time) []Finding {
	var f findings
	dbf1Check(&f, v)
	dbf2Check(&f, v)
	f = append(f, Blocking(cfg.run(liveClosingRules, v, now))...)
	sortFindings(f)
	return f
}

// Close closes the deployed visit once nothing blocks it: the debrief is
// complete, every officer has departed and the live record's forms are
// complete. Only the OIC closes. Closed late (DBF-3), the history says by
// how much.
func (v *Visit) Close(cfg Config, actor Officer, now time.Time) (Change, error) {
	if err := v.CanTransition(Closed); err != nil {
		return Change{}, err
	}
	if oic, ok := v.Commander(CommandOIC); !ok || oic.StaffNo != actor.StaffNo {
		return Change{}, fmt.Errorf("only the OIC%s closes the visit; %s is signed in", oicName(v), actor.Label())
	}
	if b := Blocking(cfg.ClosingFindings(v, now)); len(b) > 0 {
		return Change{}, &BlockedError{Ref: v.Ref, To: Closed, Findings: b}
	}
	reason := "debrief complete"
	if due := v.CloseBy(cfg); now.After(due) {
		reason += fmt.Sprintf("; closed %s after the 48-hour limit (DBF-3)", hoursText(now.Sub(due)))
	}
	from := v.State
	v.State = Closed
	v.History = append(v.History, StateChange{From: from, To: Closed, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: reason})
	v.AssuranceDue = now.Add(cfg.AssuranceWithin())
	v.touch(actor, now)
	return Change{Action: "state: " + string(from) + " → " + string(Closed), Actor: actor.StaffNo, ActorName: actor.Name, At: now, Reason: reason,
		Fields: []FieldChange{{Field: "state", Old: string(from), New: string(Closed)},
			{Field: "assurance_due", New: v.AssuranceDue.In(cfg.Location()).Format(DateTimeLayout)}}}, nil
}

// CloseBy is when the visit must be closed (DBF-3): the configured hours
// after ClockStart.
func (v *Visit) CloseBy(cfg Config) time.Time { return v.ClockStart().Add(cfg.CloseWithin()) }

// ClockStart is when DBF-3's clock starts: the last departure recorded on
// the live tab, or the planned start while no one has departed. Never the
// stand-down the OIC types in the debrief: a time typed days after the
// departures would hide a late closure.
func (v *Visit) ClockStart() time.Time {
	if last, _ := v.lastDeparture(); !last.IsZero() {
		return last
	}
	return v.Basics.PlannedStart
}

// StandDownSlack is how long after the last departure a typed stand-down
// may be before DBF-3 asks about it (practice: the team's drive back and
// its debrief).
const StandDownSlack = 3 * time.Hour

// checkStandDown refuses a stand-down before the first arrival: the team
// cannot stand down before it got there (DBF-3).
func (v *Visit) checkStandDown(p *problems, t time.Time) {
	first := v.firstArrival()
	if !first.IsZero() && t.Before(first) {
		p.rule(FieldDbfStandDown, "DBF-3", fmt.Sprintf("%s is before the first arrival on site, %s: the team stands down after it arrived; check the date and time",
			t.Format(DateTimeLayout), first.Format(DateTimeLayout)))
	}
}

// firstArrival is the earliest arrival recorded on the live tab, or zero.
func (v *Visit) firstArrival() time.Time {
	var first time.Time
	for _, p := range v.Presence(time.Time{}) {
		if !p.Arrived.IsZero() && (first.IsZero() || p.Arrived.Before(first)) {
			first = p.Arrived
		}
	}
	return first
}

// ClosedAt is when the visit was closed, if it was.
func (v *Visit) ClosedAt() (time.Time, bool) {
	for i := len(v.History) - 1; i >= 0; i-- {
		if v.History[i].To == Closed {
			return v.History[i].At, true
		}
	}
	return time.Time{}, false
}

// FollowUpEntry is something done after the visit closed: a referral made,
// a sanction issued (DOMAIN.md lifecycle: follow-up). Follow-ups are only
// ever added to, like the live record.
type FollowUpEntry struct {
	Seq   int    `json:"seq"`
	Kind  string `json:"kind" text:"line"`
	Text  string `json:"text" text:"prose"`
	Stamp Stamp  `json:"recorded"`
}

// FollowUpKinds are what may follow a closed visit.
var FollowUpKinds = slices.Concat([]string{string(NoticeCPRN), string(NoticeNoAction)}, ReferralKinds, []string{"safeguarding referral", "other"})

// Field names of the follow-up form.
const (
	FieldFollowKind = "followup.kind"
	FieldFollowText = "followup.text"
)

// FollowUpEditable says whether follow-ups may be recorded: once the visit
// is closed and until it is assured, by an officer of the team.
func (v *Visit) FollowUpEditable(actor Officer) error {
	switch v.State {
	case Closed, FollowUp:
	case Assured:
		return fmt.Errorf("%s is assured: its record is final", v.Ref)
	default:
		return fmt.Errorf("%s is %s: follow-ups are recorded once it is closed (during the visit, use the live tab)", v.Ref, v.State)
	}
	if _, on := v.Rostered(actor.StaffNo); !on {
		return fmt.Errorf("%s is not on the team for %s", actor.Label(), v.Ref)
	}
	return nil
}

// RecordFollowUp adds a follow-up to a closed visit.
func (v *Visit) RecordFollowUp(kind, text string, actor Officer, now time.Time) (Change, error) {
	if err := v.FollowUpEditable(actor); err != nil {
		return Change{}, err
	}
	var p problems
	k := pickOne(&p, FieldFollowKind, kind, FollowUpKinds)
	t := p.text(FieldFollowText, text, MaxLong, true)
	if len(p) == 0 && !longEnough(t, minNote) {
		p.add(FieldFollowText, "say what was done, with any reference")
	}
	if len(p) > 0 {
		return Change{}, p.err()
	}
	e := FollowUpEntry{Seq: len(v.FollowUps) + 1, Kind: k, Text: t, Stamp: stamp(actor, now)}
	v.FollowUps = append(v.FollowUps, e)
	v.touch(actor, now)
	return Change{Action: fmt.Sprintf("follow-up #%d: %s", e.Seq, k), Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: fmt.Sprintf("followup.%d", e.Seq), New: k + ": " + t}}}, nil
}
