package domain

import (
	"fmt"
	"slices"
	"time"
)

// State is where a visit stands in its lifecycle (DOMAIN.md, "Lifecycle of a
// visit"; ICIBI 3.14-3.15, 6.32).
type State string

const (
	Tasked     State = "tasked"     // intelligence received, tasking decision pending or recorded
	Planning   State = "planning"   // adopted at tasking; checks, EPA, ONF, recce under way
	Authorised State = "authorised" // EPA authorised at the right grade
	Briefed    State = "briefed"    // briefing issued and accepted
	Deployed   State = "deployed"   // live on the ground
	Closed     State = "closed"     // debriefed and closed
	FollowUp   State = "follow-up"  // referrals and police feedback after closure
	Assured    State = "assured"    // exported and assured
	Cancelled  State = "cancelled"  // called off before deployment, with a reason
	StoodDown  State = "stood down" // stood down after resources were committed, with a reason
)

// States lists every state in lifecycle order, for filters and pickers.
var States = []State{Tasked, Planning, Authorised, Briefed, Deployed, Closed, FollowUp, Assured, Cancelled, StoodDown}

// Terminal reports whether no further transition is possible.
func (s State) Terminal() bool { return s == Cancelled || s == StoodDown || s == Assured }

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Active reports whether the visit is still being planned or run: it is not
// closed or later, and not called off.
func (s State) Active() bool {
	switch s {
	case Tasked, Planning, Authorised, Briefed, Deployed:
		return true
	}
	return false
}

// verbs name the step into each state, for messages ("cannot cancel ...").
var verbs = map[State]string{
	Tasked: "reopen", Planning: "start planning", Authorised: "authorise", Briefed: "mark briefed",
	Deployed: "deploy", Closed: "close", FollowUp: "move to follow-up", Assured: "mark assured",
	Cancelled: "cancel", StoodDown: "stand down",
}

// forward is the normal path; each state's one next state.
var forward = map[State]State{
	Tasked:     Planning,
	Planning:   Authorised,
	Authorised: Briefed,
	Briefed:    Deployed,
	Deployed:   Closed,
	Closed:     FollowUp,
	FollowUp:   Assured,
}

// StateChange is one entry of a visit's state history.
type StateChange struct {
	From   State     `json:"from"`
	To     State     `json:"to"`
	At     time.Time `json:"at"`
	By     StaffNo   `json:"by"`
	ByName string    `json:"by_name" text:"line"`
	Reason string    `json:"reason,omitempty" text:"prose"`
}

// CanTransition says whether v may move to `to` now, and if not, why, in
// words an officer can act on. It checks the lifecycle shape and the
// conditions the visit itself holds (TSK-1); later rules (readiness) add
// their own gates.
func (v *Visit) CanTransition(to State) error {
	from := v.State
	fail := func(format string, a ...any) error {
		return &TransitionError{Ref: v.Ref, From: from, To: to, Reason: fmt.Sprintf(format, a...)}
	}
	if from == to {
		return fail("it is already %s", to)
	}
	switch to {
	case Cancelled:
		switch from {
		case Tasked, Planning, Authorised, Briefed:
			return nil
		case Deployed:
			return fail("officers are deployed; stand it down instead")
		}
		return fail("it is %s; a record of what happened cannot be cancelled", from)
	case StoodDown:
		if from.Active() {
			return nil
		}
		if !from.Terminal() {
			// Closed and follow-up visits still move on, so "final" was untrue.
			return fail("it is %s; only a visit still being planned or run can be stood down", from)
		}
		return fail("it is %s; its record is final", from)
	}
	if from.Terminal() {
		return fail("it is %s; its record is final", from)
	}
	if forward[from] != to && !(from == Closed && to == Assured) {
		// A closed visit with nothing to follow up may be assured at once.
		if next, ok := forward[from]; ok {
			return fail("the next step from %s is %s", from, next)
		}
		return fail("no step leads there")
	}
	if to == Planning && v.Basics.Tasking.Decision != Adopted {
		return fail("TSK-1: record the tasking decision as adopted first (now %s)", v.Basics.Tasking.Decision.Label())
	}
	return nil
}

// Transition moves v to `to`, recording who and when in its history. Cancel
// and stand down need a reason; so that the record explains itself, any
// reason given for another step is kept too.
func (v *Visit) Transition(to State, reason string, actor Officer, now time.Time) (Change, error) {
	if err := v.CanTransition(to); err != nil {
		return Change{}, err
	}
	if to == Authorised {
		// An authorisation names its officer and grade (EPA-2); a bare
		// state change would record neither.
		return Change{}, &TransitionError{Ref: v.Ref, From: v.State, To: to, Reason: "EPA-2: record the authorisation with the authorising officer (A on the planning tab)"}
	}
	switch to {
	case Briefed:
		return Change{}, &TransitionError{Ref: v.Ref, From: v.State, To: to, Reason: "BRF-1: issue the briefing to the team (b on the briefing tab)"}
	case Deployed:
		// Deploying is gated on readiness and the briefing (BRF-1, BRF-4);
		// Visit.Deploy checks them.
		return Change{}, &TransitionError{Ref: v.Ref, From: v.State, To: to, Reason: "deploy from the briefing tab (D), which checks the briefing first"}
	case Closed:
		// Closing is gated on the debrief and the live record (DBF-1,
		// DBF-2); Visit.Close checks them.
		return Change{}, &TransitionError{Ref: v.Ref, From: v.State, To: to, Reason: "DBF-1: close from the debrief tab (C), which checks the debrief first"}
	case Assured:
		// Assuring is gated on the assurer's grade and independence and
		// on the checklist (ASR-1, ASR-2, IDN-1), which need the grade
		// table; Visit.Assure checks them.
		return Change{}, &TransitionError{Ref: v.Ref, From: v.State, To: to, Reason: "ASR-2: mark it assured from the assurance tab (A), which checks the assurer and the checklist first"}
	}
	r, err := cleanText(reason, MaxLong, true)
	if err != nil {
		return Change{}, ValidationError{{Field: FieldReason, Msg: err.Error()}}
	}
	if r == "" && (to == Cancelled || to == StoodDown) {
		return Change{}, ValidationError{{Field: FieldReason, Msg: fmt.Sprintf("say why the visit is %s", to)}}
	}
	from := v.State
	v.State = to
	v.History = append(v.History, StateChange{From: from, To: to, At: now, By: actor.StaffNo, ByName: actor.Name, Reason: r})
	v.touch(actor, now)
	return Change{
		Action: "state: " + string(from) + " → " + string(to), Actor: actor.StaffNo, ActorName: actor.Name, At: now,
		Fields: []FieldChange{{Field: "state", Old: string(from), New: string(to)}}, Reason: r,
	}, nil
}

// FieldReason is the field name of the reason asked for on cancel and stand down.
const FieldReason = "reason"

// Next returns the forward step from the visit's state, if any.
func (v *Visit) Next() (State, bool) {
	s, ok := forward[v.State]
	return s, ok
}
