package tuitest

import (
	"context"
	"slices"
	"testing"
	"time"

	"oic/domain"
)

// HMI is a Her Majesty's Inspector (SEO), who may authorise amber.
var HMI = domain.Officer{StaffNo: "HMI001", Name: "Jo Patel", Grade: "SEO", Team: "SLN", ArrestTrained: true,
	RefresherOn: domain.Date{Year: 2026, Month: 2, Day: 9}}

// PlanSetup says how far a test visit's plan has got.
type PlanSetup struct {
	Rating domain.Rating // "" leaves the EPA unrecorded
	Start  time.Time     // planned start; 06:00 today if zero
	Skip   []string      // "S1 PNC", "address PRONTO": checks not made
	Trace  bool          // S1's PNC check found a trace
	Bare   bool          // nothing planned beyond the subject
	// NoONFOrRecce leaves out the Met ONF arrangement and the walk-by
	// recce that a planned visit otherwise has.
	NoONFOrRecce bool
	Edit         func(v *domain.Visit)
}

// PlannedVisit stores the officers and one visit planned as a careful OIC
// would: one subject with a photograph ref, every mandatory check two days
// ago, the final status check an hour ago, an EPA with a risk, PLAN,
// community impact, the power of entry, and the full order for amber and
// red (and the ECIA for red). Only the authorisation is missing.
func PlannedVisit(t testing.TB, s domain.Store, p PlanSetup) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	Seed(t, s, 0)
	SaveOfficer(t, s, HMI)
	if p.Start.IsZero() {
		p.Start = Now.Add(30 * time.Minute)
	}
	created := Now.AddDate(0, 0, -7)
	b := domain.Basics{
		Team:         "SLN",
		Premises:     domain.Premises{Name: "Golden Dragon Takeaway", Address: "12 High Street, Croydon", Postcode: "CR0 1AB", Sector: "Restaurant / takeaway"},
		Intel:        domain.Intelligence{Ref: "INT-2026-004801", Received: domain.Date{Year: 2026, Month: 11, Day: 2}, Priority: 3, Summary: "Three males said to be working in the kitchen without permission."},
		Tasking:      domain.Tasking{Decision: domain.Adopted, Forum: "Regional Tasking Board", DecidedAt: created.Add(-time.Hour), Rationale: "Credible, recent, local priority."},
		PlannedStart: p.Start,
		OIC:          CIO.StaffNo, OICName: CIO.Name,
	}
	v, c, err := domain.NewVisit(b, CIO, created)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	must := func(_ domain.Change, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := Now.Add(-time.Hour)
	must(v.AddSubject(domain.Subject{Name: "Arben Hoxha", Nationality: "Albanian", Offence: "Working in breach of conditions", PhotoRef: "PNC-PH-1182"}, CIO, at))
	if !p.Bare {
		checkAt := Now.Add(-48 * time.Hour)
		for _, tg := range v.CheckTargets() {
			required := domain.SubjectChecks
			if tg == domain.TargetAddress {
				required = domain.AddressChecks
			}
			for _, sys := range required {
				if slices.Contains(p.Skip, tg+" "+string(sys)) {
					continue
				}
				c := domain.Check{System: sys, Target: tg, Result: domain.NoTrace, DoneBy: IO.StaffNo, DoneByName: IO.Name, DoneAt: checkAt}
				if p.Trace && tg == "S1" && sys == domain.SysPNC {
					c.Result, c.Detail = domain.TraceFound, "Caution for theft, 2019; no warning markers"
				}
				must(v.AddCheck(c, IO, at))
			}
		}
		if !slices.Contains(p.Skip, "S1 final status") {
			must(v.AddCheck(domain.Check{System: domain.SysFinalStatus, Target: "S1", Result: domain.NoTrace, DoneBy: IO.StaffNo, DoneByName: IO.Name, DoneAt: at}, IO, at))
		}
		if p.Rating != "" {
			must(v.SetEPA(domain.EPA{Rating: p.Rating, AssessedBy: IO.StaffNo, AssessedByName: IO.Name,
				Risks: []domain.Risk{{Risk: "Kitchen has a rear exit to an alley", Mitigation: "Two officers on rear cover"}}}, CIO, at))
		}
		must(v.SetPLAN(domain.PLAN{Proportionate: "Two workers; short visit", Legal: "Consent; power of arrest s.28A",
			Accountable: "Recorded here and authorised", Necessary: "Corroborated intelligence"}, CIO, at))
		must(v.SetCommunity(domain.Community{Impact: "Busy high street by a mosque; Friday prayers", Mitigation: "Visit on a weekday at 06:00"}, CIO, at))
		must(v.SetPower(domain.Power{Kind: domain.PowerConsent}, CIO, at))
		if !p.NoONFOrRecce {
			must(v.SetONF(domain.ONF{Met: true, MetNote: "MPS central intelligence unit notified"}, CIO, at))
			must(v.AddRecce(domain.Recce{Kind: domain.RecceWalkBy, By: IO.StaffNo, ByName: IO.Name, At: at.Add(-time.Hour),
				Occupants: "Four to six staff", Entrances: "Front door; rear gate to the alley", Layout: "Kitchen behind the counter",
				Geography: "Alley behind", RIPA: domain.RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "Overt, from the street"}}, IO, at))
		}
		if p.Rating == domain.Amber || p.Rating == domain.Red {
			must(v.SetOrder(domain.Order{Information: "Three males working in the kitchen", Intention: "Establish right to work", Method: "Front entry by consent; rear cover in the alley",
				Administration: "Two vans; Croydon custody suite", Risk: "See EPA", Communications: "Channel 3; duty CIO on 07700 900123", HumanRights: "Article 8 considered; consent explained"}, CIO, at))
		}
		if p.Rating == domain.Red {
			must(v.SetECIA(domain.ECIA{Reference: "ECIA-2026-17", CompletedBy: "Jo Patel", CompletedOn: domain.Date{Year: 2026, Month: 11, Day: 20}, Conclusion: "Proceed at 06:00"}, CIO, at))
		}
	}
	if p.Edit != nil {
		p.Edit(v)
	}
	v, err = s.SaveVisit(ctx, v, domain.Change{Action: "planned for the test", Actor: CIO.StaffNo, ActorName: CIO.Name, At: at})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Stored is visit ref as s holds it now.
func Stored(t testing.TB, s domain.Store, ref domain.Ref) *domain.Visit {
	t.Helper()
	v, err := s.Visit(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
