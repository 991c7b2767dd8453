// Package domaintest builds domain values for other packages' tests: a
// visit planned as a careful OIC would plan it, so that a test about
// storage or screens can authorise it without restating every rule.
package domaintest

import (
	"strconv"
	"time"

	"oic/domain"
)

// Authoriser is an HMI (SEO), who may authorise green and amber visits.
var Authoriser = domain.Officer{StaffNo: "HMI0001", Name: "Jo Marsh", Grade: "SEO", Team: "SLN", ArrestTrained: true}

// CompletePlan fills v's planning records directly (no audit entries) so
// that nothing blocks authorisation at now: every mandatory check of every
// subject and the address, a green EPA with its risks, PLAN, community
// impact, the power of entry, the Met's ONF arrangement and a virtual
// recce. Checks are dated now, or an hour before the planned start if that
// has passed, so they also serve as the final status checks of CHK-2.
func CompletePlan(v *domain.Visit, by domain.Officer, now time.Time) {
	at := now
	if start := v.Basics.PlannedStart; !start.IsZero() && start.Before(now) {
		at = start.Add(-time.Hour)
	}
	stamp := domain.Stamp{By: by.StaffNo, ByName: by.Name, At: now}
	p := &v.Plan
	p.Checks = nil
	for _, t := range v.CheckTargets() {
		systems := domain.SubjectChecks
		if t == domain.TargetAddress {
			systems = domain.AddressChecks
		}
		for _, sys := range append(append([]domain.CheckSystem{}, systems...), domain.SysFinalStatus) {
			p.Checks = append(p.Checks, domain.Check{ID: "C" + strconv.Itoa(len(p.Checks)+1), System: sys, Target: t, Result: domain.NoTrace,
				DoneBy: by.StaffNo, DoneByName: by.Name, DoneAt: at, Recorded: stamp})
		}
	}
	for i := range v.Subjects {
		if v.Subjects[i].PhotoRef == "" {
			v.Subjects[i].PhotoRef = "PH-" + v.Subjects[i].ID
		}
	}
	p.EPA = domain.EPA{Rating: domain.Green, AssessedBy: by.StaffNo, AssessedByName: by.Name, AssessedAt: now, Stamp: stamp,
		Risks: []domain.Risk{{Risk: "Subjects may run from the rear", Mitigation: "Rear cover of two officers"}}}
	p.PLAN = domain.PLAN{Proportionate: "Two named workers; a short visit.", Legal: "Informed consent sought.",
		Accountable: "Recorded here and on PRONTO.", Necessary: "Corroborated intelligence of illegal working.", Stamp: stamp}
	p.Community = domain.Community{Impact: "Quiet high street; no known tensions.", Mitigation: "Early start, unmarked vans.", Stamp: stamp}
	p.Power = domain.Power{Kind: domain.PowerConsent, Stamp: stamp}
	p.ONF = domain.ONF{Met: true, MetNote: "MPS central intelligence unit notified by email", Stamp: stamp}
	p.Recces = []domain.Recce{{ID: "R1", Kind: domain.RecceVirtual, By: by.StaffNo, ByName: by.Name, At: at, Recorded: stamp,
		Sources:   []domain.ImagerySource{{Source: "Street-level imagery", Date: domain.DateOf(at.AddDate(0, -3, 0))}},
		Occupants: "Four to six staff", Entrances: "Front door; rear door to a yard", Layout: "Shop floor, kitchen behind",
		Geography: "Corner plot on a through road"}}
}

// Authorise completes v's plan, as by at now, and records Authoriser's
// authorisation, Authoriser signed in as themselves (EPA-2).
func Authorise(v *domain.Visit, by domain.Officer, now time.Time) (domain.Change, error) {
	CompletePlan(v, by, now)
	return v.Authorise("", domain.DefaultConfig(), Authoriser, now)
}
