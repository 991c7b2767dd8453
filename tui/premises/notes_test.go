package premises

import (
	"fmt"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/tuitest"
)

func TestOutcomeNotes(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 6, 10, h, 0, 0, 0, tuitest.London) }
	v := &domain.Visit{State: domain.Cancelled, History: []domain.StateChange{
		{To: domain.Tasked, At: at(1), ByName: "A", Reason: "visit opened"},
		{From: domain.Tasked, To: domain.Planning, At: at(2), ByName: "A", Reason: "adopted at tasking"},
		{From: domain.Planning, To: domain.Authorised, At: at(3), ByName: "B", Reason: "authorised with a note"},
		{From: domain.Authorised, To: domain.Cancelled, At: at(4), ByName: "C", Reason: "premises closed down"},
	}}
	// An authorisation's note is not an outcome.
	got := fmt.Sprint(outcomeNotes(v, tuitest.London))
	want := "[{Outcome cancelled 10/06/2026 04:00 by C: premises closed down}]"
	if got != want {
		t.Errorf("outcome\n got %s\nwant %s", got, want)
	}
	// A closing note stays when the visit moves on to follow-up.
	v = &domain.Visit{State: domain.FollowUp, History: append(v.History[:3:3],
		domain.StateChange{From: domain.Deployed, To: domain.Closed, At: at(5), ByName: "D", Reason: "3 arrested"},
		domain.StateChange{From: domain.Closed, To: domain.FollowUp, At: at(6), ByName: "D"})}
	got = fmt.Sprint(outcomeNotes(v, tuitest.London))
	want = "[{Outcome follow-up 10/06/2026 06:00 by D} { closed 10/06/2026 05:00 by D: 3 arrested}]"
	if got != want {
		t.Errorf("outcome\n got %s\nwant %s", got, want)
	}
	v = &domain.Visit{State: domain.Planning, History: v.History[:2]}
	if v.History[1].To != domain.Planning {
		t.Fatal("fixture")
	}
	if got := fmt.Sprint(outcomeNotes(v, tuitest.London)); got != "[{Outcome still planning (since 10/06/2026 02:00, A)}]" {
		t.Errorf("active visit: %s", got)
	}
	v = &domain.Visit{State: domain.Tasked, History: v.History[:1]}
	if got := fmt.Sprint(outcomeNotes(v, tuitest.London)); got != "[{Outcome still tasked (since 10/06/2026 01:00, A)}]" {
		t.Errorf("new visit: %s", got)
	}
}

// A withdrawn check is not knowledge of the premises.
func TestPremisesNotes_LeaveOutWithdrawnChecks(t *testing.T) {
	v := &domain.Visit{Plan: domain.PlanningRecord{Checks: []domain.Check{
		{System: domain.SysPNC, Target: "address", Result: domain.TraceFound, Detail: "made in error", Withdrawn: "wrong address searched"},
		{System: domain.SysCID, Target: "S9", Result: domain.TraceFound, Detail: "overstayer"},
	}}}
	got := fmt.Sprint(premisesNotes(v))
	if got != "[{Trace found CID/Atlas on S9: overstayer}]" {
		t.Errorf("notes %s", got)
	}
}

// REC-5 with DBF-1: what a debrief wrote for the next team comes first in
// the premises history, with the judgement of the intelligence and what
// was seen of the employer's records.
func TestPremisesNotes_DebriefFirst(t *testing.T) {
	v := &domain.Visit{
		Debrief: domain.Debrief{PremisesNotes: "Rear gate padlocked; manager holds the keys",
			Intel:    domain.IntelFeedback{Rating: "out of date", Comment: "the named worker left in October"},
			Employer: domain.EmployerCompliance{Records: "no right-to-work records kept"}},
		Plan: domain.PlanningRecord{Recces: []domain.Recce{{ID: "R1", Kind: domain.RecceWalkBy, Entrances: "front door only"}}},
	}
	got := premisesNotes(v)
	if len(got) < 4 || got[0] != (note{"Debrief", "Rear gate padlocked; manager holds the keys"}) ||
		got[1].text != "judged out of date: the named worker left in October" || got[2] != (note{"Employer", "no right-to-work records kept"}) || got[3].label != "Recce R1" {
		t.Errorf("notes %v", got)
	}
}
