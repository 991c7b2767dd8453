package domain

import (
	"strings"
	"testing"
	"time"
)

func TestINC1_CriticalIncident(t *testing.T) {
	v := deployed(t)
	now := start.Add(20 * time.Minute)
	record(t, v, EntryIncident, EntryInput{Text: "Officer injured in a fall on the rear stairs"}, cio, now)
	got := of(Readiness(v, now.Add(90*time.Minute)), "INC-1")
	if len(got) != 1 || got[0].Severity != Blocks || got[0].Message != "critical incident declared at 06:20 by Dana Okafor (1 hour and 30 minutes ago): Officer injured in a fall on the rear stairs" {
		t.Fatalf("INC-1 findings %v", got)
	}
	if err := refused(v, EntryIncident, EntryInput{Text: "again"}, cio, now); err == nil || !strings.Contains(err.Error(), "already declared") {
		t.Errorf("declaring a second incident: %v", err)
	}
	record(t, v, EntryIncidentOver, EntryInput{Text: "Officer taken to hospital; duty CIO informed"}, cio, now.Add(time.Hour))
	if _, ok := v.ActiveIncident(); ok {
		t.Error("the incident is still active after it was stood down")
	}
	if got := of(Readiness(v, now.Add(2*time.Hour)), "INC-1"); len(got) != 0 {
		t.Errorf("INC-1 after stand-down: %v", got)
	}
}
