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
	if err := DefaultConfig().MayPush(cio, v, nil, nil); err != nil {
		t.Errorf("the OIC pushing their own new visit: %v", err)
	}
	if err := DefaultConfig().MayPush(io, v, nil, nil); err == nil || !strings.Contains(err.Error(), "SLN-2026-0042: Sam Patel (IO0042) is neither its OIC nor on its roster in the version pushed") {
		t.Errorf("an officer not on the visit: %v", err)
	}
	mine := v.Clone()
	mine.Roster = append(mine.Roster, RosterEntry{StaffNo: io.StaffNo, Name: io.Name})
	if err := DefaultConfig().MayPush(io, mine, mine, nil); err != nil {
		t.Errorf("an officer on the roster: %v", err)
	}
	// Added to the roster on the laptop only: the server's version does
	// not have them.
	if err := DefaultConfig().MayPush(io, mine, v, nil); err == nil || !strings.Contains(err.Error(), "in the server's version") {
		t.Errorf("an officer who added themselves: %v", err)
	}
}

// An officer off the visit's team who pulled it to sign it off pushes
// back their own authorisation (EPA-2) or first-line assurance (ASR-1,
// ASR-2) and nothing else: any other change, an entry by anyone else, or
// a sign-off they may not give is refused as any other outsider's push.
func TestMayPush_SignOffOnly(t *testing.T) {
	cfg := DefaultConfig()
	entries := func(by Officer, n int) []AuditEntry {
		out := make([]AuditEntry, n)
		for i := range out {
			out[i].Change.Actor = by.StaffNo
		}
		return out
	}
	held := planned(t) // Dana Okafor's; the HMI is not on it
	signed := held.Clone()
	must(t)(signed.Authorise("", cfg, hmi, inWindow))
	if err := cfg.MayPush(hmi, signed, held, entries(hmi, 1)); err != nil {
		t.Errorf("the HMI pushing their authorisation: %v", err)
	}
	outsiders := func(name string, v, held *Visit, by Officer, added []AuditEntry) {
		t.Helper()
		if err := cfg.MayPush(by, v, held, added); err == nil || !strings.Contains(err.Error(), "is neither its OIC nor on its roster") {
			t.Errorf("%s: %v", name, err)
		}
	}
	more := signed.Clone()
	more.Basics.Premises.Name = "Moon Takeaway"
	outsiders("the authorisation with the premises renamed", more, held, hmi, entries(hmi, 1))
	outsiders("an entry by another officer with it", signed, held, hmi, append(entries(hmi, 1), entries(cio, 1)...))
	outsiders("nothing added", signed, held, hmi, nil)
	outsiders("a new visit", signed, nil, hmi, entries(hmi, 1))
	byOther := held.Clone()
	must(t)(byOther.Authorise("", cfg, outsider, inWindow))
	outsiders("another's authorisation", byOther, held, hmi, entries(hmi, 1))
	// An IO's authorisation, made on their laptop by editing the record:
	// their grade may not authorise even green.
	forged := signed.Clone()
	forged.Plan.Auth.By, forged.UpdatedBy = io.StaffNo, io.StaffNo
	forged.History[len(forged.History)-1].By = io.StaffNo
	outsiders("an authorisation above the pusher's grade", forged, held, io, entries(io, 1))

	closed := closedVisit(t)
	assured := closed.Clone()
	must(t)(assured.SetAssurance(cfg, answered(AnswerMet), outsider, assureAt))
	must(t)(assured.Assure(cfg, outsider, assureAt))
	if err := cfg.MayPush(outsider, assured, closed, entries(outsider, 2)); err != nil {
		t.Errorf("the assurer pushing their assurance: %v", err)
	}
	byOIC := closed.Clone()
	must(t)(byOIC.SetAssurance(cfg, answered(AnswerMet), outsider, assureAt))
	byOIC.Assurance.Feedback = "A well-run visit."
	byOIC.Roster[0].Role = RoleOffSite
	outsiders("the assurance with the roster changed", byOIC, closed, outsider, entries(outsider, 1))
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
