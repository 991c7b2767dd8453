package domain

import (
	"strings"
	"testing"
)

// A visit is pushed by its OIC or an officer on its roster, in the
// version pushed and in the one the server holds; anyone else is refused
// by name.
func TestMayPush(t *testing.T) {
	v := newVisit(t, goodInput()) // Dana Okafor's
	if err := MayPush(cio, v, nil); err != nil {
		t.Errorf("the OIC pushing their own new visit: %v", err)
	}
	if err := MayPush(io, v, nil); err == nil || !strings.Contains(err.Error(), "SLN-2026-0042: Sam Patel (IO0042) is neither its OIC nor on its roster in the version pushed") {
		t.Errorf("an officer not on the visit: %v", err)
	}
	mine := v.Clone()
	mine.Roster = append(mine.Roster, RosterEntry{StaffNo: io.StaffNo, Name: io.Name})
	if err := MayPush(io, mine, mine); err != nil {
		t.Errorf("an officer on the roster: %v", err)
	}
	// Added to the roster on the laptop only: the server's version does
	// not have them.
	if err := MayPush(io, mine, v); err == nil || !strings.Contains(err.Error(), "in the server's version") {
		t.Errorf("an officer who added themselves: %v", err)
	}
}

// A pull brings down what the officer takes part in, and what waits for
// their authorisation or assurance in a team they see; nothing of
// another team's, and nothing finished.
func TestPulls(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Administered = true
	v := newVisit(t, goodInput())
	if !cfg.Pulls(cio, v) {
		t.Error("the OIC does not pull their visit")
	}
	if cfg.Pulls(io, v) {
		t.Error("an IO of the team pulls a visit they have no part in")
	}
	hmi := Officer{StaffNo: "HMI002", Name: "Kim Lowe", Grade: "SEO", Team: "SLN"}
	v.Plan.EPA.Rating = Amber
	if !cfg.Pulls(hmi, v) {
		t.Error("an HMI of the team does not pull an amber visit awaiting authorisation")
	}
	if cfg.Pulls(cio, &Visit{Ref: "WLN-2026-0001", Basics: Basics{Team: "WLN"}, State: Planning, Plan: PlanningRecord{EPA: EPA{Rating: Green}}}) {
		t.Error("a CIO pulls another team's visit")
	}
	hmi.Team = "WLN"
	if cfg.Pulls(hmi, v) {
		t.Error("an HMI of another team pulls the visit")
	}
	v.State = Cancelled
	if cfg.Pulls(cio, v) {
		t.Error("a cancelled visit is pulled")
	}
}
