package domain

import (
	"strings"
	"testing"
	"time"
)

// domainIDs are the rule IDs of shared/DOMAIN.md. The guide must explain
// every one of them.
var domainIDs = []string{
	"TSK-1", "TSK-2", "EPA-1", "EPA-2", "EPA-3", "EPA-4", "EPA-5", "PLAN-1", "COMM-1", "CHK-1", "CHK-2", "PWR-1",
	"ONF-1", "ONF-2", "ONF-3", "ONF-4", "ONF-5", "ONF-6", "ONF-7", "REC-1", "REC-2", "REC-3", "REC-4", "REC-5",
	"BRF-1", "BRF-2", "BRF-3", "BRF-4", "BRF-5", "PWR-2", "PWR-3", "DBF-1", "OUT-1", "JNT-1", "CUS-1",
	// DOMAIN.md states these in prose without an ID: the command roles and
	// the arrest refresher (People, grades and roles) and the critical
	// incident (The live visit). The findings need IDs to name them.
	"CMD-1", "CMD-2", "INC-1", "DBF-2", "DBF-3", "DBF-4", "ASR-1", "MOE-1",
}

func TestCatalogue_EveryRuleHasGuidance(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Catalogue {
		if seen[r.ID] {
			t.Errorf("%s is listed twice", r.ID)
		}
		seen[r.ID] = true
		for what, s := range map[string]string{"area": r.Area, "title": r.Title, "says": r.Says, "why": r.Why, "do": r.Do, "source": r.Source} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s has no %s", r.ID, what)
			}
		}
	}
	for _, id := range domainIDs {
		if _, ok := RuleByID(id); !ok {
			t.Errorf("DOMAIN.md rule %s is not in the catalogue", id)
		}
	}
	if len(Catalogue) != len(domainIDs) {
		t.Errorf("catalogue has %d rules, DOMAIN.md %d", len(Catalogue), len(domainIDs))
	}
}

// TestCatalogue_FindingsNameCatalogueRules: every finding Readiness can
// produce names a rule the guide explains. An empty visit and a badly
// planned one between them raise every planning rule.
func TestCatalogue_FindingsNameCatalogueRules(t *testing.T) {
	bad := planned(t)
	bad.Basics.Tasking.Decision = NotAdopted
	bad.Basics.Intel.Received = Date{2025, 1, 1}
	bad.Plan.EPA.Rating, bad.Plan.EPA.Risks = Red, nil
	bad.Plan.Checks[0].DoneAt = start.Add(-60 * 24 * time.Hour)
	bad.Plan.Auth = &Authorisation{By: cio.StaffNo, Name: cio.Name, Grade: "HEO", Rating: Red}
	bad.Plan.PLAN, bad.Plan.Community, bad.Plan.Power = PLAN{}, Community{}, Power{}
	bad.Plan.Checks = bad.Plan.Checks[:len(bad.Plan.Checks)-2]
	bad.Plan.ONF.SignedBy, bad.Plan.ONF.Markers, bad.Plan.ONF.ReturnedAt = "", "S1: violence", start.Add(-3*time.Hour)
	bad.Plan.Recces[0].RIPA, bad.Plan.Recces[0].Layout = RIPA{}, ""
	bad.Plan.Recces[0].Sources = []ImagerySource{{Source: "Street imagery", Date: Date{2019, 6, 1}}}
	raised := map[string]bool{}
	for _, f := range Readiness(bad, inWindow) {
		if _, ok := RuleByID(f.Rule); !ok {
			t.Errorf("finding %q names no catalogue rule", f)
		}
		raised[f.Rule] = true
	}
	for _, id := range []string{"TSK-1", "TSK-2", "EPA-2", "EPA-3", "EPA-4", "EPA-5", "PLAN-1", "COMM-1", "CHK-1", "CHK-2", "PWR-1", "ONF-4", "ONF-6", "REC-2", "REC-3", "REC-4"} {
		if !raised[id] {
			t.Errorf("the bad visit did not raise %s", id)
		}
	}
	if len(readinessRules) != 34 {
		t.Errorf("%d readiness rules; update this test when adding one", len(readinessRules))
	}
}

func TestSearchRules(t *testing.T) {
	ids := func(rs []Rule) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return strings.Join(out, " ")
	}
	for q, want := range map[string]string{
		"ONF":               "ONF-1 ONF-2 ONF-3 ONF-4 ONF-5 ONF-6 ONF-7",
		"onf-3":             "ONF-3",
		"telephone check":   "ONF-3",
		"final status":      "CHK-2",
		"nothing like this": "",
	} {
		got := ids(SearchRules(q))
		if q == "ONF" {
			// The ONF rules, and others that mention the ONF.
			if !strings.HasPrefix(got, want) || strings.Contains(got, "TSK-2") {
				t.Errorf("search %q = %s", q, got)
			}
			continue
		}
		if got != want {
			t.Errorf("search %q = %q, want %q", q, got, want)
		}
	}
	if len(SearchRules("")) != len(Catalogue) {
		t.Error("an empty search should list every rule")
	}
	if r, ok := RuleByID(" epa-2 "); !ok || r.Title != "Authorised at the right grade" {
		t.Errorf("RuleByID: %+v %v", r, ok)
	}
}
