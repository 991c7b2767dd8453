package domain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func overdueRules(os []Overdue) string {
	var out []string
	for _, o := range os {
		out = append(out, o.Rule+" "+o.What)
	}
	return strings.Join(out, ", ")
}

// TestOverdue_AtTheBoundary: each overdue item of the board appears once
// its time has passed, and not at the very moment it falls due.
func TestOverdue_AtTheBoundary(t *testing.T) {
	cfg := DefaultConfig()
	dep := deployed(t) // no departure yet: DBF-3's clock runs from the planned start
	closeBy := start.Add(48 * time.Hour)

	onf := planned(t)
	onf.Plan.ONF.ReturnedAt, onf.Plan.ONF.SignedBy, onf.Plan.ONF.SignedRank = time.Time{}, "", ""
	dueBack := onf.Plan.ONF.SentAt.Add(ONFReturnTime)

	unauth := planned(t) // in planning: authorisation expected 24 hours before the start
	authBy := start.Add(-24 * time.Hour)

	closed := deployed(t)
	closed.State = Closed
	closed.AssuranceDue = start.Add(28 * 24 * time.Hour)
	old := closed.Clone()
	old.AssuranceDue = time.Time{} // closed by an oic from before the board
	followUp := closed.Clone()
	followUp.State = FollowUp
	assured := closed.Clone()
	assured.State = Assured

	for _, c := range []struct {
		name string
		v    *Visit
		now  time.Time
		want string
	}{
		{"DBF-3 at 48 hours", dep, closeBy, ""},
		{"DBF-3 a minute after", dep, closeBy.Add(time.Minute), "DBF-3 closure"},
		{"ONF-3 at its 72 hours", onf, dueBack, ""},
		{"ONF-3 a minute after", onf, dueBack.Add(time.Minute), "ONF-3 ONF"},
		{"EPA-2 24 hours before the start", unauth, authBy, ""},
		{"EPA-2 a minute inside", unauth, authBy.Add(time.Minute), "EPA-2 authorisation"},
		{"EPA-2 after the start", unauth, start.Add(time.Hour), "EPA-2 authorisation"},
		{"ASR-1 on the day it is due", closed, closed.AssuranceDue, ""},
		{"ASR-1 a minute after", closed, closed.AssuranceDue.Add(time.Minute), "ASR-1 assurance"},
		{"ASR-1 in follow-up", followUp, closed.AssuranceDue.Add(time.Minute), "ASR-1 assurance"},
		{"ASR-1 assured", assured, closed.AssuranceDue.Add(time.Hour), ""},
		{"ASR-1 closed before the board: not listed", old, closed.AssuranceDue.Add(365 * 24 * time.Hour), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := cfg.Overdue(c.v, c.now)
			if g := overdueRules(got); g != c.want {
				t.Fatalf("overdue %q, want %q (%+v)", g, c.want, got)
			}
		})
	}
	if got := cfg.Overdue(dep, closeBy.Add(90*time.Minute)); got[0].Text != "closure overdue by 1 hour and 30 minutes (due by 28/11/2026 06:00)" {
		t.Errorf("DBF-3 text %q", got[0].Text)
	}
	if got := cfg.Overdue(closed, closed.AssuranceDue.Add(3*24*time.Hour)); got[0].Text != "not assured 3 days after it was due (24/12/2026 06:00)" {
		t.Errorf("ASR-1 text %q", got[0].Text)
	}
}

// TestOverdue_AssuranceDays: closing sets the deadline assurance_days on.
func TestOverdue_AssuranceDays(t *testing.T) {
	cfg := DefaultConfig()
	cfg.AssuranceDays = 14
	v := afterVisit(t)
	debriefAll(t, v)
	if _, err := v.Close(cfg, cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	if want := debriefAt.Add(14 * 24 * time.Hour); !v.AssuranceDue.Equal(want) {
		t.Fatalf("assurance due %v, want %v", v.AssuranceDue, want)
	}
	if d := DefaultConfig().AssuranceWithin(); d != 28*24*time.Hour {
		t.Errorf("default %v", d)
	}
}

// TestSilent: a deployed visit is silent once the configured time has
// passed since its last entry, or its deployment if it has none, until
// its team has left.
func TestSilent(t *testing.T) {
	cfg := DefaultConfig()
	v := deployed(t)
	if _, silent := cfg.Silent(v, deployedAt.Add(60*time.Minute)); silent {
		t.Error("silent at exactly 60 minutes")
	}
	if q, silent := cfg.Silent(v, deployedAt.Add(61*time.Minute)); !silent || q != 61*time.Minute {
		t.Errorf("not silent after 61 minutes: %v", q)
	}
	record(t, v, EntryNote, EntryInput{Text: "All quiet at the front"}, cio, start.Add(30*time.Minute))
	if _, silent := cfg.Silent(v, deployedAt.Add(61*time.Minute)); silent {
		t.Error("silent right after an entry")
	}
	cfg.SilentMinutes = 20
	if _, silent := cfg.Silent(v, start.Add(51*time.Minute)); !silent {
		t.Error("silent_minutes 20 not taken")
	}
	if _, silent := cfg.Silent(ready(t), start.Add(24*time.Hour)); silent {
		t.Error("a visit not deployed is silent")
	}
	// Once the team has left, the debrief is due, not entries: a quiet
	// visit then is not one whose team has gone silent on site.
	left := onSite(t)
	if _, silent := cfg.Silent(left, start.Add(80*time.Minute)); !silent {
		t.Error("a team on site that records nothing is not silent")
	}
	leave(t, left)
	if _, silent := cfg.Silent(left, start.Add(48*time.Hour)); silent {
		t.Error("a visit whose team has left is silent")
	}
}

// TestBoardNeeds: the board reads deployed visits, today's and those
// late for authorisation at once; the other open ones, and closed ones
// once their assurance could be due, after; no others.
func TestBoardNeeds(t *testing.T) {
	cfg := DefaultConfig()
	now := start.Add(-3 * time.Hour) // 03:00 on the day of start
	for _, c := range []struct {
		state State
		at    time.Time
		want  BoardNeed
	}{
		{Planning, now.Add(30 * 24 * time.Hour), NeedLater},
		{Authorised, now.Add(5 * 24 * time.Hour), NeedLater},
		{Briefed, start, NeedNow},
		{Planning, now.Add(23 * time.Hour), NeedNow},
		{Deployed, now.Add(-5 * 24 * time.Hour), NeedNow},
		{Tasked, start, NeedNow},
		{Tasked, start.Add(24 * time.Hour), NeedNone},
		{Closed, now.Add(-3 * 24 * time.Hour), NeedNone},
		{FollowUp, now.Add(-40 * 24 * time.Hour), NeedLater},
		{Assured, now.Add(-40 * 24 * time.Hour), NeedNone},
		{Cancelled, start, NeedNone},
	} {
		if got := cfg.BoardNeeds(Summary{State: c.state, PlannedStart: c.at}, now); got != c.want {
			t.Errorf("%s at %v: %v, want %v", c.state, c.at, got, c.want)
		}
	}
}

func TestBoardCounts(t *testing.T) {
	v := deployed(t)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001"}, cio, start.Add(5*time.Minute))
	on, of, since := v.OnSite(start.Add(time.Hour))
	if on != 1 || of != len(v.Roster) || !since.Equal(start.Add(5*time.Minute)) {
		t.Errorf("on site %d of %d since %v", on, of, since)
	}
	if a, r := v.Acceptances(); a != r || r == 0 {
		t.Errorf("acceptances %d of %d", a, r)
	}
}

// TestConfig_BoardSettings: assurance_days and silent_minutes left out
// take their defaults, are read from config.json's names, and a negative
// one is refused with its name.
func TestConfig_BoardSettings(t *testing.T) {
	var c Config
	if err := json.Unmarshal([]byte(`{"assurance_days": 14, "silent_minutes": 30}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.AssuranceWithin() != 14*24*time.Hour || c.SilentAfter() != 30*time.Minute {
		t.Errorf("configured: %v %v", c.AssuranceWithin(), c.SilentAfter())
	}
	if d := DefaultConfig(); d.AssuranceWithin() != 28*24*time.Hour || d.SilentAfter() != time.Hour {
		t.Errorf("defaults: %v %v", d.AssuranceWithin(), d.SilentAfter())
	}
	for _, name := range []string{"assurance_days", "silent_minutes"} {
		c := DefaultConfig()
		if name == "assurance_days" {
			c.AssuranceDays = -1
		} else {
			c.SilentMinutes = -5
		}
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), name+" must be a positive number") {
			t.Errorf("%s negative: %v", name, err)
		}
	}
}
