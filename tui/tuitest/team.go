package tuitest

import (
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// The team of the briefing tests: the visit's OIC (CIO) and four more
// from the register of officers.
var BriefTeam = []struct {
	O             domain.Officer
	Filter        string // what the OIC types in the picker
	Role, Command string // what the OIC types in the roster form
}{
	{CIO, "Okafor", "", "OIC, bronze"},
	{domaintest.Authoriser, "Marsh", "off", "gold"},
	{domaintest.Silver, "Ravi", "off", "silver"},
	{domaintest.Arrest, "Grant", "arr", ""},
	{domaintest.Driver, "Silva", "dri", ""},
}

// AuthorisedVisit is a green visit at 06:00, its plan authorised, with the
// officers of BriefTeam on the register and nobody rostered yet.
func AuthorisedVisit(t testing.TB, s domain.Store) *domain.Visit {
	t.Helper()
	var auth domain.Change
	v := PlannedVisit(t, s, PlanSetup{Rating: domain.Green, Edit: func(v *domain.Visit) {
		var err error
		if auth, err = domaintest.Authorise(v, domaintest.Authoriser, Now.Add(-2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}})
	_ = auth
	for _, m := range BriefTeam {
		SaveOfficer(t, s, m.O)
	}
	if v.State != domain.Authorised {
		t.Fatalf("visit is %s", v.State)
	}
	return v
}
