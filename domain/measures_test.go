package domain_test

import (
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// measuresFixture is domaintest.MeasuresFixture, or the test stops.
func measuresFixture(t *testing.T) []*domain.Visit {
	t.Helper()
	vs, err := domaintest.MeasuresFixture()
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestMOE1CountsByHand: every figure of the fixture's tally is the one
// counted by hand from its description (domaintest.MeasuresFixture),
// each entry as its latest correction says and voided ones left out.
func TestMOE1CountsByHand(t *testing.T) {
	vs := measuresFixture(t)
	cfg := domain.DefaultConfig()
	tl := cfg.NewTally(domain.MeasuresFilter{}, domain.GroupAll)
	for _, v := range vs {
		tl.Add(domain.MeasuresOf(v))
	}
	g := tl.Total
	state := func(s domain.State) int {
		for i, st := range domain.States {
			if st == s {
				return g.States[i]
			}
		}
		return -1
	}
	sector := func(s string) int {
		for i, st := range domain.Sectors {
			if st == s {
				return g.Sectors[i]
			}
		}
		return -1
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"visits", g.Visits, 5},
		{"closed", state(domain.Closed), 2},
		{"deployed", state(domain.Deployed), 1},
		{"planning", state(domain.Planning), 1},
		{"cancelled", state(domain.Cancelled), 1},
		{"construction", sector("Construction"), 2},
		{"car wash", sector("Hand car wash"), 1},
		{"encountered", g.Encountered, 7},
		{"arrested (one corrected from detained)", g.Arrests(), 4},
		{"detained (corrected away)", g.Outcome(domain.OutcomeDetained), 0},
		{"served (voided)", g.Outcome(domain.OutcomeServed), 0},
		{"cleared", g.Outcome(domain.OutcomeCleared), 3},
		{"CPRNs (one a worker: the first visit's two, one each after)", g.CPRNs(), 4},
		{"no action notices", g.NoAction, 0},
		{"illegal workers", g.IllegalWorkers, 4},
		{"workers covered by notices", g.WorkersCovered, 4},
		{"arrests booked into custody", g.InCustody, 3},
		{"interpreters", g.Interpreters, 3},
		{"NRM referrals", g.Referral(domain.ReferralNRM), 1},
		{"licensing reviews (voided)", g.Referral("licensing review"), 0},
		{"joint operations", g.Joint, 1},
		{"police present", g.Agencies[0], 1},
		{"safeguarding", g.SafeguardingReferrals(), 1},
		{"critical incidents", g.Incidents, 1},
		{"operations", g.Operations, 3},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, counted by hand %d", c.what, c.got, c.want)
		}
	}
	if share, ok := g.JointShare(); !ok || share != 1.0/3 {
		t.Errorf("joint operations: a share of %v (%v), counted by hand 1 of 3", share, ok)
	}
	want := [domain.NumQualities][2]int{
		domain.QualityEPARated: {3, 3},
		domain.QualityChecks:   {3, 3},
		domain.QualityONF:      {2, 3}, // the third sent late
		domain.QualityRecce:    {2, 3}, // the third has none
		domain.QualityBriefing: {3, 3},
		domain.QualityDebrief:  {2, 2},
		domain.QualityClosed:   {1, 2}, // the second closed 60 h after
		domain.QualityAssured:  {0, 2},
	}
	for q, w := range want {
		if g.Met[q] != w[0] || g.Applies[q] != w[1] {
			t.Errorf("%s: %d of %d, counted by hand %d of %d", domain.Qualities[q].Label, g.Met[q], g.Applies[q], w[0], w[1])
		}
	}
}

// TestMOE1Groups: by team, month and quarter of the planned start, and
// filtered by team and period, each group holds the visits it should.
func TestMOE1Groups(t *testing.T) {
	vs := measuresFixture(t)
	cfg := domain.DefaultConfig()
	groups := func(f domain.MeasuresFilter, by domain.MeasuresBy) map[string]int {
		tl := cfg.NewTally(f, by)
		for _, v := range vs {
			tl.Add(domain.MeasuresOf(v))
		}
		out := map[string]int{}
		for _, g := range tl.Groups() {
			out[g.Key] = g.Visits
		}
		return out
	}
	april := domain.MeasuresFilter{From: domain.Date{Year: 2026, Month: 4, Day: 1}, To: domain.Date{Year: 2026, Month: 4, Day: 30}}
	for _, c := range []struct {
		name string
		f    domain.MeasuresFilter
		by   domain.MeasuresBy
		want map[string]int
	}{
		{"team", domain.MeasuresFilter{}, domain.GroupTeam, map[string]int{"SLN": 3, "NWE": 2}},
		{"month", domain.MeasuresFilter{}, domain.GroupMonth, map[string]int{"2026-03": 1, "2026-04": 2, "2026-05": 2}},
		{"quarter", domain.MeasuresFilter{}, domain.GroupQuarter, map[string]int{"2026-Q1": 1, "2026-Q2": 4}},
		{"April by team", april, domain.GroupTeam, map[string]int{"SLN": 1, "NWE": 1}},
		{"NWE", domain.MeasuresFilter{Team: "NWE"}, domain.GroupAll, map[string]int{"all": 2}},
	} {
		got := groups(c.f, c.by)
		if len(got) != len(c.want) {
			t.Errorf("%s: groups %v, want %v", c.name, got, c.want)
			continue
		}
		for k, n := range c.want {
			if got[k] != n {
				t.Errorf("%s: groups %v, want %v", c.name, got, c.want)
			}
		}
	}
}

// TestMOE1QualityUnderConfig: the hours to close and the age of recce
// imagery are judged under the folder's configuration, not when the
// record was made.
func TestMOE1QualityUnderConfig(t *testing.T) {
	vs := measuresFixture(t)
	cfg := domain.DefaultConfig()
	cfg.CloseWithinHours = 72
	cfg.ImageryMaxAgeMonths = 2
	var g domain.MeasuresGroup
	for _, v := range vs {
		g.Add(cfg, domain.MeasuresOf(v))
	}
	if g.Met[domain.QualityClosed] != 2 {
		t.Errorf("closed within 72 h: %d of %d, want both", g.Met[domain.QualityClosed], g.Applies[domain.QualityClosed])
	}
	if g.Met[domain.QualityRecce] != 0 {
		t.Errorf("recce imagery within 2 months: %d of %d, want none (3 months old)", g.Met[domain.QualityRecce], g.Applies[domain.QualityRecce])
	}
}

// TestMeasuresOfAVisitInPlanning: nothing of the record is judged before
// the visit goes out.
func TestMeasuresOfAVisitInPlanning(t *testing.T) {
	vs := measuresFixture(t)
	m := domain.MeasuresOf(vs[3])
	if m.Applies != 0 || m.Deployed || m.Closed || m.State != domain.Planning {
		t.Fatalf("%+v", m)
	}
	if got := m.Start; !got.Equal(time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("start %s", got)
	}
}

// TestMOE1CountsNoticesRecordedBeforeOUT1: a visit recorded before
// employer decisions existed holds its notices as referral entries
// (ICIBI figure 8 counts them all the same): they are counted, a voided
// one left out; a visit with a decision is counted by its decisions
// alone.
func TestMOE1CountsNoticesRecordedBeforeOUT1(t *testing.T) {
	vs := measuresFixture(t)
	old := vs[0].Clone()
	var tl []domain.TimelineEntry
	for _, e := range old.Timeline {
		// The live record as an oic before OUT-1 kept it: no decision,
		// booking or agency (and, renumbered, no correction).
		if e.Corrects == 0 && e.Kind != domain.EntryDecision && e.Kind != domain.EntryCustody && e.Kind != domain.EntryAgency {
			e.Seq = len(tl) + 1
			tl = append(tl, e)
		}
	}
	at := old.Basics.PlannedStart.Add(2 * time.Hour)
	for _, kind := range []string{"civil penalty referral notice", "civil penalty referral notice", "no action notice"} {
		tl = append(tl, domain.TimelineEntry{Seq: len(tl) + 1, Kind: domain.EntryReferral, Subtype: kind, At: at})
	}
	tl = append(tl, domain.TimelineEntry{Seq: len(tl) + 1, Kind: domain.EntryReferral, Corrects: len(tl) - 1, Void: true, Reason: "served twice in error", At: at})
	old.Timeline = tl
	m := domain.MeasuresOf(old)
	if m.CPRNs != 1 || m.NoAction != 1 {
		t.Errorf("notices recorded as referrals: %d CPRNs and %d no action notices, want 1 and 1 (one voided)", m.CPRNs, m.NoAction)
	}
	// A notice sent after closing, recorded as a follow-up, is counted
	// where no decision is: it was served all the same.
	old.FollowUps = append(old.FollowUps, domain.FollowUpEntry{Seq: len(old.FollowUps) + 1, Kind: "civil penalty referral notice", Text: "CPRN sent once the excuse was settled"})
	if m := domain.MeasuresOf(old); m.CPRNs != 2 || m.NoAction != 1 {
		t.Errorf("with a notice as a follow-up: %d CPRNs and %d no action notices, want 2 and 1", m.CPRNs, m.NoAction)
	}
	withDecision := vs[0].Clone()
	withDecision.FollowUps = append(withDecision.FollowUps, domain.FollowUpEntry{Seq: len(withDecision.FollowUps) + 1, Kind: "civil penalty referral notice", Text: "the CPRN decided on site, sent"})
	withDecision.Timeline = append(withDecision.Timeline, domain.TimelineEntry{Seq: len(withDecision.Timeline) + 1, Kind: domain.EntryReferral,
		Subtype: "civil penalty referral notice", At: at})
	if m := domain.MeasuresOf(withDecision); m.CPRNs != 2 {
		t.Errorf("a visit with decisions: %d CPRNs, want its 2 decisions alone", m.CPRNs)
	}
}
