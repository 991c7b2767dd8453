package domain

import (
	"slices"
	"testing"
	"time"
)

// TestPWRRules is the table of PWR-1 (see testRules); PWR-2 and PWR-3
// need a visit on site, below.
func TestPWRRules(t *testing.T) {
	testRules(t, []ruleCase{
		{"power recorded", "PWR-1", nil, time.Time{}, "", ""},
		{"no power", "PWR-1", func(v *Visit) { v.Plan.Power = Power{} }, time.Time{}, Blocks, "no intended power of entry recorded"},
	})
}

func TestPWR2_EntryFindings(t *testing.T) {
	v := deployed(t)
	now := start.Add(5 * time.Minute)
	if got := of(Readiness(v, now), "PWR-2"); len(got) != 0 {
		t.Errorf("PWR-2 before anyone arrived: %v", got)
	}
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001"}, cio, now)
	if got := of(Readiness(v, now), "PWR-2"); len(got) != 1 || got[0].Message != "officers are on site but no entry is recorded" {
		t.Errorf("PWR-2 with officers on site and no entry: %v", got)
	}
	record(t, v, EntryEntry, EntryInput{Power: "warrant", Warrant: "W/2026/1182"}, cio, now)
	if got := of(Readiness(v, now), "PWR-2"); len(got) != 1 || got[0].Message != "entry was by warrant; the plan was informed consent" {
		t.Errorf("PWR-2 with a power other than planned: %v", got)
	}
	// A record that reached the store some other way is still checked.
	v.Timeline = append(v.Timeline, TimelineEntry{Seq: len(v.Timeline) + 1, Kind: EntrySeizure, Seizure: &Seizure{Item: "Phone", Exhibit: "AG/3"}})
	if got := of(Readiness(v, now), "PWR-3"); len(got) != 1 || got[0].Severity != Blocks {
		t.Errorf("PWR-3 for an unsealed seizure: %v", got)
	}
}

// PWR-2 asks for the entry while nobody has said why there was none; the
// debrief's reason answers it (ICIBI figure 7: consent refused by phone).
func TestPWR2_NoEntryExplainedInTheDebrief(t *testing.T) {
	v := deployed(t)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001 IO0043"}, cio, start.Add(5*time.Minute))
	has := func() bool {
		return slices.ContainsFunc(Readiness(v, start.Add(time.Hour)), func(f Finding) bool { return f.Rule == "PWR-2" })
	}
	if !has() {
		t.Fatal("no PWR-2 with officers on site and no entry")
	}
	if _, err := v.SetDebriefSection(SecEntry, map[string]string{FieldDbfNoEntry: "consent refused by the owner by phone; no warrant held"}, cio, start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if has() {
		t.Error("PWR-2 still asks for an entry the debrief says was never made")
	}
}
