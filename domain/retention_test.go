package domain

import (
	"strings"
	"testing"
	"time"
)

// ended is a visit whose history ends in state to at at (zero: a step
// recorded with no time), by way of deployed where it was closed.
func ended(to State, at time.Time) *Visit {
	v := &Visit{Ref: "SLN-2019-0001", State: to}
	v.History = []StateChange{{From: Tasked, To: Planning, At: at.AddDate(0, -1, 0)}}
	switch to {
	case Closed, FollowUp, Assured:
		v.History = append(v.History, StateChange{From: Briefed, To: Deployed, At: at.Add(-48 * time.Hour)}, StateChange{From: Deployed, To: Closed, At: at})
		if to != Closed {
			// Follow-up and assurance come later: the clock runs from the closure.
			v.History = append(v.History, StateChange{From: Closed, To: to, At: at.AddDate(1, 0, 0)})
		}
	case Cancelled, StoodDown:
		v.History = append(v.History, StateChange{From: Planning, To: to, At: at})
	}
	return v
}

func TestRET1_PastRetention(t *testing.T) {
	closed := time.Date(2019, 3, 3, 10, 0, 0, 0, london)
	cfg := DefaultConfig()
	tests := []struct {
		name  string
		v     *Visit
		now   time.Time
		cfg   Config
		want  RetentionState
		until time.Time
		by    string
	}{
		{"open: never past", &Visit{State: Deployed, History: []StateChange{{To: Deployed, At: closed}}}, closed.AddDate(20, 0, 0), cfg, RetentionOpen, time.Time{}, ""},
		{"closed within six years", ended(Closed, closed), closed.AddDate(6, 0, 0).Add(-time.Minute), cfg, RetentionKept, closed.AddDate(6, 0, 0), ""},
		{"closed six years ago to the minute: not yet past", ended(Closed, closed), closed.AddDate(6, 0, 0), cfg, RetentionKept, closed.AddDate(6, 0, 0), ""},
		{"closed six years and a day ago", ended(Closed, closed), closed.AddDate(6, 0, 1), cfg, RetentionPast, closed.AddDate(6, 0, 0), "1 day"},
		{"follow-up: counted from the closure, not the follow-up", ended(FollowUp, closed), closed.AddDate(6, 2, 0), cfg, RetentionPast, closed.AddDate(6, 0, 0), "2 months"},
		{"assured: from the closure", ended(Assured, closed), closed.AddDate(8, 3, 0), cfg, RetentionPast, closed.AddDate(6, 0, 0), "2 years and 3 months"},
		{"cancelled: from the cancellation", ended(Cancelled, closed), closed.AddDate(7, 0, 0), cfg, RetentionPast, closed.AddDate(6, 0, 0), "1 year"},
		{"stood down: from the stand-down", ended(StoodDown, closed), closed.AddDate(5, 0, 0), cfg, RetentionKept, closed.AddDate(6, 0, 0), ""},
		{"a shorter period in config.json", ended(Closed, closed), closed.AddDate(2, 0, 0), Config{RetentionYears: 1}, RetentionPast, closed.AddDate(1, 0, 0), "1 year"},
		{"a clock that jumped back: a closure to come is kept", ended(Closed, closed.AddDate(30, 0, 0)), closed, cfg, RetentionKept, closed.AddDate(36, 0, 0), ""},
		{"closed with no time recorded: kept, and says so", ended(Closed, time.Time{}), closed.AddDate(20, 0, 0), cfg, RetentionUnknown, time.Time{}, ""},
		{"closed with no closure in its history", &Visit{State: Assured}, closed.AddDate(20, 0, 0), cfg, RetentionUnknown, time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.cfg.RetentionOfVisit(tt.v, tt.now)
			if r.State != tt.want || !r.Until.Equal(tt.until) || r.PastBy() != tt.by {
				t.Errorf("state %d until %v past by %q; want %d, %v, %q", r.State, r.Until, r.PastBy(), tt.want, tt.until, tt.by)
			}
			if r.Past() != (tt.want == RetentionPast) {
				t.Errorf("Past() = %v", r.Past())
			}
			// The register judges the list entry: it must agree.
			if s := tt.cfg.RetentionOfSummary(tt.v.Summary(), tt.now); s.State != r.State || !s.Until.Equal(r.Until) {
				t.Errorf("from the summary: %d until %v; from the record: %d until %v", s.State, s.Until, r.State, r.Until)
			}
		})
	}
}

// TestRET1_CalendarYearsInLondon: the period ends on the same date and
// hour in London, whatever the clocks did meanwhile.
func TestRET1_CalendarYearsInLondon(t *testing.T) {
	closed := time.Date(2020, 7, 1, 9, 0, 0, 0, time.UTC) // 10:00 BST
	r := DefaultConfig().RetentionOf(Closed, closed, closed.AddDate(7, 0, 0))
	if got := r.Until.In(london).Format(DateTimeLayout); got != "01/07/2026 10:00" {
		t.Errorf("until %s, want 01/07/2026 10:00", got)
	}
	leap := time.Date(2020, 2, 29, 12, 0, 0, 0, london)
	if got := DefaultConfig().RetentionOf(Closed, leap, leap).Until.Format("02/01/2006"); got != "01/03/2026" {
		t.Errorf("closed on 29 February: until %s, want 01/03/2026", got)
	}
}

func TestRET1_Message(t *testing.T) {
	closed := time.Date(2019, 3, 3, 10, 0, 0, 0, london)
	r := DefaultConfig().RetentionOf(Closed, closed, closed.AddDate(6, 1, 0))
	for _, want := range []string{"RET-1", "past retention by 1 month", "ended 03/03/2019 10:00", "kept 6 years", "until 03/03/2025 10:00", "Nothing is deleted"} {
		wantContains(t, "message", r.Message(6), want)
	}
	if m := DefaultConfig().RetentionOf(Closed, time.Time{}, closed).Message(6); !strings.Contains(m, "records no time") {
		t.Errorf("unknown: %s", m)
	}
	if m := DefaultConfig().RetentionOf(Planning, time.Time{}, closed).Message(6); m != "" {
		t.Errorf("open: %q", m)
	}
	if m := DefaultConfig().RetentionOf(Closed, closed, closed.AddDate(1, 0, 0)).Message(6); m != "" {
		t.Errorf("within: %q", m)
	}
}

func TestRET1_ConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		years int
		ok    bool
	}{{0, true}, {1, true}, {6, true}, {100, true}, {-1, false}, {101, false}, {600, false}} {
		c := DefaultConfig()
		c.RetentionYears = tt.years
		err := c.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("retention_years %d: %v", tt.years, err)
		}
		if err != nil && !strings.Contains(err.Error(), "retention_years") {
			t.Errorf("the refusal does not name the field: %v", err)
		}
	}
	if p := (Config{}).RetentionPeriod(); p != 6 {
		t.Errorf("left out: %d years, want 6", p)
	}
}
