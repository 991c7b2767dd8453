package domain

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// legal is the lifecycle of DOMAIN.md written out by hand: the forward
// path, cancel before deployment, stand down from any active state, and
// nothing out of a terminal state.
func legal(from, to State) bool {
	path := []State{Tasked, Planning, Authorised, Briefed, Deployed, Closed, FollowUp, Assured}
	for i := 0; i+1 < len(path); i++ {
		if from == path[i] && to == path[i+1] {
			return true
		}
	}
	switch to {
	case Assured:
		return from == Closed // nothing followed up: assured at once
	case Cancelled:
		return from == Tasked || from == Planning || from == Authorised || from == Briefed
	case StoodDown:
		return from == Tasked || from == Planning || from == Authorised || from == Briefed || from == Deployed
	}
	return false
}

// TestLifecycle_EveryPair tries every from/to pair over States.
func TestLifecycle_EveryPair(t *testing.T) {
	for _, from := range States {
		for _, to := range States {
			v := newVisit(t, goodInput()) // adopted, so TSK-1 does not interfere
			v.State = from
			err := v.CanTransition(to)
			if legal(from, to) {
				if err != nil {
					t.Errorf("%s -> %s refused: %v", from, to, err)
				}
				continue
			}
			var te *TransitionError
			if !errors.As(err, &te) {
				t.Errorf("%s -> %s: err = %v (%T), want *TransitionError", from, to, err, err)
				continue
			}
			if te.From != from || te.To != to || te.Ref != v.Ref {
				t.Errorf("%s -> %s: error names %s -> %s on %s", from, to, te.From, te.To, te.Ref)
			}
			want := "cannot " + verbs[to] + " SLN-2026-0042: "
			if msg := te.Error(); !strings.HasPrefix(msg, want) || te.Reason == "" {
				t.Errorf("%s -> %s: %q, want it to start %q and give a reason", from, to, msg, want)
			}
			// The reason fits the case.
			var why string
			switch {
			case from == to:
				why = "it is already " + string(to)
			case to == Cancelled && from == Deployed:
				why = "officers are deployed; stand it down instead"
			case to == Cancelled:
				why = "it is " + string(from) + "; a record of what happened cannot be cancelled"
			case from.Terminal():
				why = "it is " + string(from) + "; its record is final"
			case to == StoodDown:
				why = "only a visit still being planned or run can be stood down"
			default:
				why = "the next step from " + string(from) + " is " + string(forward[from])
			}
			wantContains(t, string(from)+" -> "+string(to), te.Reason, why)

			// Transition refuses it the same way and leaves the visit alone.
			before := v.Clone()
			if _, err := v.Transition(to, "a reason", cio, t0); err == nil {
				t.Errorf("%s -> %s: Transition succeeded where CanTransition refused", from, to)
			}
			if !reflect.DeepEqual(v, before) {
				t.Errorf("%s -> %s: a refused transition changed the visit", from, to)
			}
		}
	}
}

func TestLifecycle_States(t *testing.T) {
	for _, s := range States {
		if !s.Valid() || verbs[s] == "" {
			t.Errorf("%s: valid %v, verb %q", s, s.Valid(), verbs[s])
		}
		if s.Active() && s.Terminal() {
			t.Errorf("%s is both active and terminal", s)
		}
		next, ok := forward[s]
		if ok == s.Terminal() || ok && !next.Valid() { // every state but a terminal one has a next step
			t.Errorf("%s: next %q, %v", s, next, ok)
		}
	}
	if State("archived").Valid() || State("").Valid() {
		t.Error("unknown states are not valid")
	}
	for s, want := range map[State]bool{Tasked: true, Deployed: true, Closed: false, FollowUp: false, Cancelled: false} {
		if s.Active() != want {
			t.Errorf("%s.Active() = %v", s, !want)
		}
	}
}

// TestTSK1_PlanningNeedsAdoption: a visit leaves tasking for planning only
// once the tasking decision is recorded as adopted.
func TestTSK1_PlanningNeedsAdoption(t *testing.T) {
	for _, tc := range []struct {
		decision Decision
		msg      string
	}{
		{Pending, "cannot start planning SLN-2026-0042: TSK-1: record the tasking decision as adopted first (now pending)"},
		{NotAdopted, "cannot start planning SLN-2026-0042: TSK-1: record the tasking decision as adopted first (now not adopted)"},
		{Adopted, ""},
	} {
		v := newVisit(t, goodInput())
		v.State, v.Basics.Tasking.Decision = Tasked, tc.decision
		_, err := v.Transition(Planning, "", cio, t0)
		if tc.msg == "" {
			if err != nil || v.State != Planning {
				t.Errorf("%s: %v, state %s", tc.decision.Label(), err, v.State)
			}
			continue
		}
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%s: err = %v, want %q", tc.decision.Label(), err, tc.msg)
		}
		if v.State != Tasked {
			t.Errorf("%s: state %s", tc.decision.Label(), v.State)
		}
	}
}

// TestLifecycle_CallOffNeedsReason: a visit is cancelled or stood down only
// with a reason, asked for beside the reason field.
func TestLifecycle_CallOffNeedsReason(t *testing.T) {
	for _, to := range []State{Cancelled, StoodDown} {
		for _, tc := range []struct{ reason, msg string }{
			{"", "say why the visit is " + string(to)},
			{"  \n ", "say why the visit is " + string(to)},
			{"subject left\x1b[2J", "control character"},
			{strings.Repeat("x", MaxLong+1), "too long"},
		} {
			v := newVisit(t, goodInput())
			n := len(v.History)
			_, err := v.Transition(to, tc.reason, cio, t0)
			ve := validation(t, err)
			if len(ve) != 1 || ve[0].Field != FieldReason {
				t.Errorf("%s %q: errors on %v, want %s", to, tc.reason, fields(ve), FieldReason)
				continue
			}
			wantContains(t, string(to), ve.For(FieldReason), tc.msg)
			if v.State != Planning || len(v.History) != n {
				t.Errorf("%s %q: visit moved to %s", to, tc.reason, v.State)
			}
		}
	}
}

// TestLifecycle_Recorded: every transition records who, when, from, to and
// why, in the history and in the audit change (ICIBI 3.14-3.15, 6.32).
func TestLifecycle_Recorded(t *testing.T) {
	v := newVisit(t, goodInput())
	at := t0.Add(90 * time.Minute)
	c, err := v.Transition(StoodDown, "  Police intelligence unit reports a firearms marker.\r\nStood down by duty CIO. ", io, at)
	if err != nil {
		t.Fatal(err)
	}
	reason := "Police intelligence unit reports a firearms marker.\nStood down by duty CIO."
	wantSC := StateChange{From: Planning, To: StoodDown, At: at, By: io.StaffNo, ByName: io.Name, Reason: reason}
	if got := v.History[len(v.History)-1]; got != wantSC {
		t.Errorf("history = %+v, want %+v", got, wantSC)
	}
	wantC := Change{Action: "state: planning → stood down", Actor: io.StaffNo, ActorName: io.Name, At: at,
		Fields: []FieldChange{{Field: "state", Old: "planning", New: "stood down"}}, Reason: reason}
	if !reflect.DeepEqual(c, wantC) {
		t.Errorf("change = %+v, want %+v", c, wantC)
	}
	if v.State != StoodDown || v.UpdatedAt != at || v.UpdatedBy != io.StaffNo || v.UpdatedByName != io.Name {
		t.Errorf("visit = %s, updated %v by %s %s", v.State, v.UpdatedAt, v.UpdatedBy, v.UpdatedByName)
	}
}

// TestLifecycle_WalkForward walks a visit from tasking to assured; a reason
// given on an ordinary step is kept. Authorising is its own action (EPA-2).
func TestLifecycle_WalkForward(t *testing.T) {
	v := planned(t)
	v.State, v.History = Tasked, v.History[:1]
	at := inWindow
	for _, to := range []State{Planning, Authorised, Briefed, Deployed, Closed, FollowUp, Assured} {
		if next, ok := v.Next(); !ok || next != to {
			t.Fatalf("Next from %s = %s, %v; want %s", v.State, next, ok, to)
		}
		at = at.Add(time.Minute)
		reason := ""
		var c Change
		var err error
		switch to {
		case Authorised:
			reason = "EPA signed off by HMI"
			c, err = v.Authorise(reason, DefaultConfig(), hmi, at)
			reason = "authorised green by Jo Marsh (HMI001): " + reason
		case Briefed:
			roster(t, v, cio, "", "OIC, bronze")
			roster(t, v, hmi, RoleOffSite, "gold")
			roster(t, v, silver, RoleOffSite, "silver")
			c, err = v.IssueBriefing("", cio, at)
			reason = "briefing version 1 issued"
			c.Reason = reason
		case Deployed:
			for _, o := range []Officer{cio, hmi, silver} {
				must(t)(v.AcceptBriefing(1, o, at))
			}
			must(t)(v.RecordVerbal(VerbalBriefing{At: at, Risks: "Rear exit", NoQuestions: true}, cio, at))
			must(t)(v.Confirm(allTicked(), "", DefaultConfig(), cio, at))
			c, err = v.Deploy(DefaultConfig(), cio, at)
			reason = "deployed"
		case Closed:
			record(t, v, EntryArrival, EntryInput{Officers: "CIO001"}, cio, at)
			record(t, v, EntryEntry, EntryInput{Power: "informed consent", ConsentBy: "the manager"}, cio, at)
			record(t, v, EntryDeparture, EntryInput{Officers: "CIO001"}, cio, at)
			for id, in := range fullDebrief {
				must(t)(v.SetDebriefSection(id, in, cio, at))
			}
			must(t)(v.SetDebriefSection(SecEncounters, map[string]string{FieldDbfOthers: "kitchen empty; the manager alone on site"}, cio, at))
			// Nobody was found working: nothing was served.
			must(t)(v.SetDebriefSection(SecSanctions, map[string]string{FieldDbfSanctions: "none", FieldDbfSanctionNote: "nobody found working, so nothing to serve"}, cio, at))
			must(t)(v.SetTeamFeedback(cio.StaffNo, map[string]string{FieldDbfNone: "worked alone; nothing to add"}, cio, at))
			c, err = v.Close(DefaultConfig(), cio, at)
			reason = "debrief complete"
		case Assured:
			// Marked assured by an assurer from outside the team (ASR-2),
			// once the checklist is answered (ASR-1); never a bare step.
			if _, err := v.Transition(Assured, "", outsider, at); err == nil {
				t.Fatal("Transition(Assured) moved the visit without the assurance's checks")
			}
			must(t)(v.SetAssurance(DefaultConfig(), answered(AnswerMet), outsider, at))
			c, err = v.Assure(DefaultConfig(), outsider, at)
			reason = "first-line assurance: green by Chris Doyle (CIO009)"
		default:
			c, err = v.Transition(to, reason, cio, at)
		}
		if err != nil {
			t.Fatalf("-> %s: %v", to, err)
		}
		if h := v.History[len(v.History)-1]; h.Reason != reason || h.To != to {
			t.Errorf("-> %s: history %+v", to, h)
		}
		if to != Authorised && c.Reason != reason {
			t.Errorf("-> %s: change reason %q", to, c.Reason)
		}
	}
	if _, ok := v.Next(); ok {
		t.Error("an assured visit has a next step")
	}
	if len(v.History) != 8 {
		t.Errorf("%d history entries, want 8", len(v.History))
	}
	for i := 1; i < len(v.History); i++ {
		if v.History[i].From != v.History[i-1].To {
			t.Errorf("history %d starts from %s after %s", i, v.History[i].From, v.History[i-1].To)
		}
	}
}
