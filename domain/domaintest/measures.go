package domaintest

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"oic/domain"
)

// MeasuresOIC is the OIC of the visits of MeasuresFixture.
var MeasuresOIC = domain.Officer{StaffNo: "CIO0901", Name: "Sam Okafor", Grade: "HEO", Team: "SLN", ArrestTrained: true}

// MeasuresFixture makes, through the domain, the visits the measures of
// effect are counted over by hand in their tests (MOE-1), with no
// reference yet:
//
//  1. SLN, 10/03/2026: deployed and visited as RecordVisit records it
//     (one worker arrested, served a civil penalty referral notice and
//     booked into custody with an interpreter, one person cleared),
//     then a third person encountered detained and corrected to
//     arrested, a fourth served papers and voided as entered in error,
//     a civil penalty referral notice on the third, an NRM referral,
//     and the police present (a joint operation); the Met's
//     arrangement for the ONF; closed 3 hours after the start.
//  2. SLN, 14/04/2026: visited likewise, then a critical incident
//     declared and stood down, a licensing review referral voided, and
//     an ONF sent 5 days before and returned signed 3 days before;
//     closed 60 hours after the last departure (over DBF-3's 48).
//  3. NWE, 20/04/2026: deployed and visited, not closed; its ONF sent 2
//     days before (late, ONF-2) though returned valid, and no recce.
//  4. NWE, 05/05/2026: still in planning, with no rating.
//  5. SLN, 22/05/2026: cancelled in planning.
func MeasuresFixture() ([]*domain.Visit, error) {
	oic := MeasuresOIC
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 7, 0, 0, 0, time.UTC) }
	var out []*domain.Visit
	add := func(team domain.TeamCode, start time.Time, sector string, steps func(v *domain.Visit) error) error {
		v, _, err := domain.NewVisit(measuresBasics(team, start, sector), oic, start.Add(-14*24*time.Hour))
		if err != nil {
			return err
		}
		if err := steps(v); err != nil {
			return fmt.Errorf("fixture visit %d (%s): %w", len(out)+1, team, err)
		}
		out = append(out, v)
		return nil
	}
	visited := func(v *domain.Visit) error {
		if err := Deploy(v, oic, v.Basics.PlannedStart.Add(-30*time.Minute)); err != nil {
			return err
		}
		return RecordVisit(v, oic)
	}
	steps := []struct {
		team   domain.TeamCode
		start  time.Time
		sector string
		do     func(v *domain.Visit) error
	}{
		{"SLN", day(time.March, 10), "Restaurant / takeaway", func(v *domain.Visit) error {
			if err := visited(v); err != nil {
				return err
			}
			at := v.Basics.PlannedStart.Add(100 * time.Minute)
			n := len(v.Timeline) // the entries below are n+1 on
			if err := recordLive(v, oic, at, []liveStep{
				{kind: domain.EntryEncounter, in: domain.EntryInput{Person: domain.PersonInput{Name: "unknown male", Outcome: "detained", Excuse: "not yet known"}}},
				{kind: domain.EntryEncounter, corrects: n + 1, reason: "he was arrested, not detained", in: domain.EntryInput{Person: domain.PersonInput{Name: "unknown male", Outcome: "arrested", Excuse: "not shown"}}},
				{kind: domain.EntryEncounter, in: domain.EntryInput{Person: domain.PersonInput{Name: "Jon Roe", Outcome: "papers served", Excuse: "not shown"}}},
				{kind: domain.EntryEncounter, corrects: n + 3, void: true, reason: "entered on the wrong visit"},
				{kind: domain.EntryDecision, in: domain.EntryInput{Decision: domain.DecisionInput{Notice: "civil penalty referral notice",
					EmployerName: "Market Foods Ltd", EmployerAddress: v.Basics.Premises.Address, Workers: strconv.Itoa(n + 1), ExcuseShown: "not shown"}}},
				{kind: domain.EntrySafeguarding, in: domain.EntryInput{Subtype: "NRM referral", Person: domain.PersonInput{Name: "Mei Chen"}}},
				{kind: domain.EntryAgency, in: domain.EntryInput{Agency: domain.AgencyInput{Agency: "police"}}},
			}); err != nil {
				return err
			}
			return DebriefAndClose(v, oic, v.Basics.PlannedStart.Add(3*time.Hour))
		}},
		{"SLN", day(time.April, 14), "Hand car wash", func(v *domain.Visit) error {
			if err := visited(v); err != nil {
				return err
			}
			start := v.Basics.PlannedStart
			v.Plan.ONF = domain.ONF{Force: "Metropolitan Police", SentAt: start.Add(-5 * 24 * time.Hour), ReturnedAt: start.Add(-3 * 24 * time.Hour),
				SignedBy: "DS K Patel", SignedRank: "DS"}
			n := len(v.Timeline)
			if err := recordLive(v, oic, start.Add(100*time.Minute), []liveStep{
				{kind: domain.EntryIncident, in: domain.EntryInput{Text: "a worker fell from the rear wall while running"}},
				{kind: domain.EntryIncidentOver, in: domain.EntryInput{Text: "ambulance took him to hospital; area safe"}},
				{kind: domain.EntryReferral, in: domain.EntryInput{Subtype: "licensing review"}},
				{kind: domain.EntryReferral, corrects: n + 3, void: true, reason: "the premises holds no licence"},
			}); err != nil {
				return err
			}
			return DebriefAndClose(v, oic, start.Add(time.Hour+60*time.Hour))
		}},
		{"NWE", day(time.April, 20), "Construction", func(v *domain.Visit) error {
			if err := visited(v); err != nil {
				return err
			}
			start := v.Basics.PlannedStart
			v.Plan.ONF = domain.ONF{Force: "Greater Manchester Police", SentAt: start.Add(-2 * 24 * time.Hour), ReturnedAt: start.Add(-24 * time.Hour),
				SignedBy: "DC L Moss", SignedRank: "DC"}
			v.Plan.Recces = nil
			return nil
		}},
		{"NWE", day(time.May, 5), "Construction", func(v *domain.Visit) error { return nil }},
		{"SLN", day(time.May, 22), "Nail bar / beauty", func(v *domain.Visit) error {
			_, err := v.Transition(domain.Cancelled, "the premises closed down", oic, v.Basics.PlannedStart.Add(-48*time.Hour))
			return err
		}},
	}
	for _, s := range steps {
		if err := add(s.team, s.start, s.sector, s.do); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// liveStep is one entry for recordLive: an original, a correction of entry
// corrects, or (void) a voiding of it.
type liveStep struct {
	kind     domain.EntryKind
	in       domain.EntryInput
	corrects int
	void     bool
	reason   string
}

// recordLive records steps on v's timeline as oic, a minute apart from at.
func recordLive(v *domain.Visit, oic domain.Officer, at time.Time, steps []liveStep) error {
	for i, s := range steps {
		now := at.Add(time.Duration(i) * time.Minute)
		var e domain.TimelineEntry
		if s.void {
			e = domain.TimelineEntry{Kind: s.kind, At: now}
		} else {
			var err error
			if e, err = v.ParseEntry(s.kind, s.in, now); err != nil {
				return fmt.Errorf("%s: %w", s.kind, err)
			}
		}
		e.Corrects, e.Void, e.Reason = s.corrects, s.void, s.reason
		if _, err := v.Record(e, oic, now); err != nil {
			return fmt.Errorf("%s: %w", s.kind, err)
		}
	}
	return nil
}

func measuresBasics(team domain.TeamCode, start time.Time, sector string) domain.Basics {
	return domain.Basics{
		Team:     team,
		Premises: domain.Premises{Name: "Fixture premises " + string(team), Address: "1 Market Street, Anytown", Postcode: "SW1A 1AA", Sector: sector},
		Intel: domain.Intelligence{Ref: "INT-MOE", Received: domain.DateOf(start.AddDate(0, -1, 0)), Priority: 3,
			Summary: "Workers seen arriving before opening"},
		Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Local tasking meeting",
			DecidedAt: start.AddDate(0, 0, -20), Rationale: "Credible, recent, specific"},
		PlannedStart: start, OIC: MeasuresOIC.StaffNo, OICName: MeasuresOIC.Name,
	}
}

// StoreMeasuresFixture stores the visits of MeasuresFixture in s, each
// created as it stands, and returns them as stored.
func StoreMeasuresFixture(ctx context.Context, s domain.Visits) ([]*domain.Visit, error) {
	vs, err := MeasuresFixture()
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Visit, 0, len(vs))
	for _, v := range vs {
		nv, err := s.CreateVisit(ctx, v, domain.Change{Action: "fixture", Actor: MeasuresOIC.StaffNo, ActorName: MeasuresOIC.Name, At: v.UpdatedAt})
		if err != nil {
			return nil, err
		}
		out = append(out, nv)
	}
	return out, nil
}
