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

// TestDBF3_ClockFromLastDeparture (issue 15, point 4): the 48-hour clock
// starts at the last departure (07:30 on 26/11), whatever stand-down is
// typed; a stand-down before the first arrival (06:05) is refused, and one
// more than StandDownSlack after the last departure is asked about.
func TestDBF3_ClockFromLastDeparture(t *testing.T) {
	last := start.Add(90 * time.Minute)
	due := last.Add(48 * time.Hour)
	for _, tc := range []struct {
		name, standDown string
		refused         string // the field's message, if refused
		warns           string // DBF-3's warning about the stand-down, if any
	}{
		{"none typed", "", "", ""},
		{"at the last departure", "26/11/2026 07:30", "", ""},
		{"exactly 3 hours after", "26/11/2026 10:30", "", ""},
		{"3 hours and a minute after", "26/11/2026 10:31", "", "stand-down recorded as 26/11/2026 10:31, 3 hours and 1 minute after the last departure (26/11/2026 07:30)"},
		{"two days after the departures", "28/11/2026 07:30", "", "stand-down recorded as 28/11/2026 07:30, 48 hours after the last departure (26/11/2026 07:30); the 48-hour clock runs from the last departure"},
		{"at the first arrival", "26/11/2026 06:05", "", ""},
		{"a minute before the first arrival", "26/11/2026 06:04", "DBF-3: 26/11/2026 06:04 is before the first arrival on site, 26/11/2026 06:05", ""},
		{"the evening before", "25/11/2026 21:00", "DBF-3: 25/11/2026 21:00 is before the first arrival on site", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := afterVisit(t)
			debriefAll(t, v)
			now := due.Add(time.Hour) // an hour late
			_, err := v.SetDebriefSection(SecStandDown, map[string]string{FieldDbfStandDown: tc.standDown, FieldDbfHeld: "Croydon office, in person"}, cio, now)
			if tc.refused != "" {
				if err == nil || !strings.Contains(validation(t, err).For(FieldDbfStandDown), tc.refused) {
					t.Fatalf("want %q; got %v", tc.refused, err)
				}
				if !v.Debrief.StandDown.IsZero() {
					t.Errorf("the refused stand-down was kept: %v", v.Debrief.StandDown)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := v.CloseBy(DefaultConfig()); !got.Equal(due) {
				t.Errorf("close by %s, want %s (48 hours after the last departure)", got, due)
			}
			var warned []string
			for _, f := range of(Readiness(v, now), "DBF-3") {
				if strings.HasPrefix(f.Message, "stand-down") {
					warned = append(warned, f.Message)
				}
			}
			switch {
			case tc.warns == "" && len(warned) > 0:
				t.Errorf("unexpected: %q", warned)
			case tc.warns != "" && (len(warned) != 1 || !strings.HasPrefix(warned[0], tc.warns)):
				t.Errorf("got %q\nwant %s…", warned, tc.warns)
			}
			if _, err := v.Close(DefaultConfig(), cio, now); err != nil {
				t.Fatal(err)
			}
			if h := v.History[len(v.History)-1]; !strings.Contains(h.Reason, "closed 1 hour after the 48-hour limit (DBF-3)") {
				t.Errorf("closed an hour after the limit: history says %q", h.Reason)
			}
		})
	}
}
