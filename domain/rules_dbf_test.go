package domain

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDBF1_OneLineDebriefCannotClose(t *testing.T) {
	v := afterVisit(t)
	if _, err := v.SetDebriefSection(SecStandDown, map[string]string{FieldDbfSummary: "no offenders encountered"}, cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	_, err := v.Close(DefaultConfig(), cio, debriefAt)
	var be *BlockedError
	if !errors.As(err, &be) {
		t.Fatalf("closed a one-line debrief: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"DBF-1", "debrief incomplete", "feedback on the intelligence", "premises notes for next time", "team feedback", "DBF-4"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal lacks %q: %s", want, msg)
		}
	}
	if v.State != Deployed {
		t.Errorf("state %s", v.State)
	}
}

func TestDBF2_OfficersOnSiteBlockClosing(t *testing.T) {
	v := deployed(t)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001 IO0043 IO0044"}, cio, start.Add(5*time.Minute))
	record(t, v, EntryEntry, EntryInput{Power: "informed consent", ConsentBy: "Mr A Shah, manager"}, cio, start.Add(6*time.Minute))
	record(t, v, EntryDeparture, EntryInput{Officers: "CIO001 IO0044"}, cio, start.Add(time.Hour))
	debriefAll(t, v)
	_, err := v.Close(DefaultConfig(), cio, debriefAt)
	if err == nil || !strings.Contains(err.Error(), "DBF-2") || !strings.Contains(err.Error(), "Lee Grant (IO0043)") {
		t.Fatalf("closed with an officer on site: %v", err)
	}
}

func TestDBF3_Overdue(t *testing.T) {
	v := afterVisit(t)
	due := start.Add(90*time.Minute + 48*time.Hour)
	if !v.CloseBy(DefaultConfig()).Equal(due) {
		t.Fatalf("close by %s, want %s", v.CloseBy(DefaultConfig()), due)
	}
	has := func(fs []Finding) bool {
		return slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == "DBF-3" })
	}
	if has(Readiness(v, due.Add(-time.Minute))) {
		t.Error("DBF-3 before the limit")
	}
	if fs := Readiness(v, due.Add(3*time.Hour)); !has(fs) {
		t.Errorf("no DBF-3 three hours after the limit: %v", fs)
	}
	debriefAll(t, v)
	if _, err := v.Close(DefaultConfig(), cio, due.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if h := v.History[len(v.History)-1]; !strings.Contains(h.Reason, "closed 3 hours after the 48-hour limit (DBF-3)") {
		t.Errorf("history reason %q", h.Reason)
	}
	if !has(Readiness(v, due.Add(100*time.Hour))) {
		t.Error("a late closure is not a finding")
	}
}
