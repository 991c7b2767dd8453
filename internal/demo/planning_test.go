package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// checkAuthorisation: a visit that was ever authorised holds its
// authorisation, given by a known officer whose grade may authorise its
// rating (EPA-2): a CIO or HMI of the team for green, an HMI of the team for
// amber, a Grade 7 of any team for red; never the OIC, who assessed it. It
// was recorded by the authoriser or by the OIC, after every planning record
// Authorise needed.
func checkAuthorisation(v *domain.Visit, byNo map[domain.StaffNo]domain.Officer, fail func(*domain.Visit, string, ...any)) {
	was := slices.ContainsFunc(v.History, func(h domain.StateChange) bool { return h.To == domain.Authorised })
	a := v.Plan.Auth
	if !was && a == nil {
		return
	}
	if was != (a != nil) {
		fail(v, "authorised in its history: %v; holds an authorisation: %v", was, a != nil)
		return
	}
	cfg := domain.DefaultConfig()
	rating := v.Plan.EPA.Rating
	o, ok := byNo[a.By]
	if !ok || o.Name != a.Name || o.Grade != a.Grade || a.Rating != rating || !cfg.MayAuthorise(a.Grade, rating) {
		fail(v, "%s visit authorised by %s (%s, %s) at %s", rating, a.Name, a.By, a.Grade, a.Rating)
	}
	want := map[domain.Rating][]string{domain.Green: {"HEO", "SEO"}, domain.Amber: {"SEO"}, domain.Red: {"G7"}}[rating]
	if !slices.Contains(want, o.Grade) || o.Team != v.Basics.Team && rating != domain.Red {
		fail(v, "%s visit authorised by %s, %s of %s: want a %v of the team", rating, a.Name, o.Grade, o.Team, want)
	}
	if a.By == v.Basics.OIC || a.By == v.Plan.EPA.AssessedBy {
		fail(v, "authorised by %s, who is the OIC or the assessor", a.Name)
	}
	if a.Recorded.By != a.By && a.Recorded.By != v.Basics.OIC {
		fail(v, "authorisation recorded by %s, neither the authoriser nor the OIC", a.Recorded.By)
	}
	// What Authorise needed was on the record by then.
	p := v.Plan
	stamps := map[string]time.Time{"EPA": p.EPA.Stamp.At, "PLAN": p.PLAN.Stamp.At, "community impact": p.Community.Stamp.At, "power of entry": p.Power.Stamp.At}
	if rating != domain.Green {
		stamps["order"] = p.Order.Stamp.At
	}
	if rating == domain.Red {
		stamps["ECIA"] = p.ECIA.Stamp.At
	}
	for what, at := range stamps {
		if at.IsZero() || at.After(a.At) {
			fail(v, "%s recorded at %v, not before the authorisation at %v", what, at, a.At)
		}
	}
	for _, tg := range v.CheckTargets() {
		for _, sys := range mandatoryFor(tg) {
			if !slices.ContainsFunc(p.Checks, func(c domain.Check) bool {
				return c.Target == tg && c.System == sys && !c.Recorded.At.After(a.At)
			}) {
				fail(v, "no %s check of %s before the authorisation", sys, tg)
			}
		}
	}
}

// TestPlanning checks the planning records over a run: rating and power of
// entry proportions, photographs, the records each rating needs, visits
// that went ahead meeting every rule, and visits still in planning showing
// the findings a real register would.
func TestPlanning(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	_, recs := collect(t, Options{Visits: 2000, Seed: 5, Now: now})
	cfg := domain.DefaultConfig()
	ratings := map[domain.Rating]int{}
	powers := map[domain.PowerKind]int{}
	found := map[string]int{} // "RULE severity": visits in planning with such a finding
	subjects, photos, planning, readyButUnauthorised, errs := 0, 0, 0, 0, 0
	fail := func(v *domain.Visit, format string, a ...any) {
		t.Helper()
		if errs++; errs <= 20 {
			t.Errorf("%s (%s, %s): "+format, append([]any{v.Ref, v.State, v.Plan.EPA.Rating}, a...)...)
		}
	}
	for _, rec := range recs {
		v := rec.Visit
		p := v.Plan
		start := v.Basics.PlannedStart
		if v.State == domain.Tasked {
			if p.EPA.Recorded() || len(p.Checks) > 0 {
				fail(v, "planning records before the tasking decision")
			}
			continue
		}
		for _, s := range v.Subjects {
			subjects++
			if s.PhotoRef != "" {
				photos++
			}
		}
		if p.EPA.Recorded() {
			ratings[p.EPA.Rating]++
			if n := len(p.EPA.Risks); n < 1 || n > 3 || p.EPA.AssessedBy != v.Basics.OIC {
				fail(v, "EPA with %d risks assessed by %s", n, p.EPA.AssessedBy)
			}
		}
		if p.Power.Kind != "" {
			powers[p.Power.Kind]++
			if p.Power.Kind == domain.PowerWarrant && p.Power.Detail == "" {
				fail(v, "a warrant without its reference")
			}
		}
		for _, c := range p.Checks {
			if c.DoneAt.After(start) || c.DoneAt.After(now) || c.Recorded.At.Before(c.DoneAt) {
				fail(v, "check %s done %v, recorded %v", c.ID, c.DoneAt, c.Recorded.At)
			}
		}
		if p.Auth != nil {
			if b := p.Order.Blank(); p.EPA.Rating != domain.Green && len(b) > 0 {
				fail(v, "authorised without a full order: %v", b)
			}
			if p.EPA.Rating == domain.Red && !p.ECIA.Complete() {
				fail(v, "red, authorised without an ECIA")
			}
		}

		fs := cfg.Readiness(v, now)
		wentAhead := slices.ContainsFunc(v.History, func(h domain.StateChange) bool { return h.To == domain.Deployed })
		switch {
		case wentAhead:
			if b := blocksAfter(v, fs); len(b) > 0 {
				fail(v, "went ahead, yet blocks: %v", b)
			}
		case v.State == domain.Planning:
			planning++
			seen := map[string]bool{}
			for _, f := range fs {
				k := f.Rule + " " + string(f.Severity)
				if !seen[k] {
					found[k]++
				}
				seen[k] = true
			}
			if b := domain.Blocking(fs); len(b) == 1 && b[0].Rule == "EPA-2" {
				readyButUnauthorised++
			}
		}
	}

	rated := float64(ratings[domain.Green] + ratings[domain.Amber] + ratings[domain.Red])
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.4f, want %.4f-%.4f", what, got, lo, hi)
		}
	}
	// ICIBI 5.27: 35 amber of 3,347 rated; red rarer still.
	within("green", float64(ratings[domain.Green])/rated, 0.975, 0.998)
	within("amber", float64(ratings[domain.Amber])/rated, 0.003, 0.025)
	within("red", float64(ratings[domain.Red])/rated, 0, 0.005)
	// ICIBI figure 6: consent 59%, s.179 22.6%, warrant 16.9%.
	powered := 0.0
	for _, n := range powers {
		powered += float64(n)
	}
	within("informed consent", float64(powers[domain.PowerConsent])/powered, 0.52, 0.68)
	within("s.179", float64(powers[domain.PowerS179])/powered, 0.17, 0.28)
	within("warrant", float64(powers[domain.PowerWarrant])/powered, 0.12, 0.22)
	within("subjects with a photograph", float64(photos)/float64(subjects), 0.82, 0.94)

	if planning < 50 {
		t.Fatalf("%d visits in planning, want more to judge", planning)
	}
	t.Logf("%d in planning, %d only awaiting authorisation; findings: %v", planning, readyButUnauthorised, found)
	for _, k := range []string{"EPA-2 blocks", "CHK-1 blocks", "TSK-2 warns", "PLAN-1 blocks", "COMM-1 blocks", "PWR-1 blocks", "EPA-4 warns"} {
		if found[k] == 0 || found[k] == planning && k != "EPA-2 blocks" {
			t.Errorf("%d of %d visits in planning have a %s finding; want some, not all", found[k], planning, k)
		}
	}
	if readyButUnauthorised == 0 {
		t.Error("no visit in planning is ready for authorisation")
	}
}

// TestStaleChecks: some authorised visits still to come have checks that
// will be over the age limit at the visit (TSK-2), and a visit that went
// ahead with stale checks is rare.
func TestStaleChecks(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 14, 10, 37, 0, 0, london(t))
	_, recs := collect(t, Options{Visits: 3000, Seed: 8, Now: now})
	cfg := domain.DefaultConfig()
	staleAhead, wentAhead, staleBehind := 0, 0, 0
	for _, rec := range recs {
		v := rec.Visit
		stale := slices.ContainsFunc(cfg.Readiness(v, now), func(f domain.Finding) bool {
			return f.Rule == "TSK-2" && !strings.HasPrefix(f.Message, "intelligence ") // checks, not the intelligence
		})
		switch {
		case v.State == domain.Authorised || v.State == domain.Briefed:
			if stale {
				staleAhead++
			}
		case slices.ContainsFunc(v.History, func(h domain.StateChange) bool { return h.To == domain.Deployed }):
			wentAhead++
			if stale {
				staleBehind++
			}
		}
	}
	if staleAhead == 0 {
		t.Error("no authorised visit still to come has stale checks")
	}
	if f := float64(staleBehind) / float64(wentAhead); f > 0.05 {
		t.Errorf("%d of %d visits went ahead on stale checks, want few", staleBehind, wentAhead)
	}
}
