package domain

import (
	"fmt"
	"slices"
	"time"
)

// What the duty CIO's board shows (issue 16), decided here so the screen
// only draws: which visits it needs, what of them is overdue, which
// deployed visit has gone silent.

// BoardNeed is how soon the board needs a visit's record, judged from its
// summary alone, so 100,000 visits are not decoded to draw it.
type BoardNeed int

const (
	// NeedNone: nothing of the visit can be on the board.
	NeedNone BoardNeed = iota
	// NeedNow: what the board's first frame shows: a deployed visit,
	// one planned for today and not yet closed, and one still in
	// planning inside AuthorisationLead of its start (overdue EPA-2).
	NeedNow
	// NeedLater: a visit whose record alone says whether it is overdue,
	// read after the first frame, as the overdue section fills in: one
	// still being planned (its ONF may be overdue, ONF-3), and a closed
	// one (closed or in follow-up) whose assurance may be past its
	// deadline (ASR-1).
	NeedLater
)

// BoardNeeds says whether and how soon the board needs the record of the
// visit summarised by s, at now. A tasked visit (its tasking decision not
// yet made) is needed only on its day. A closed visit is needed only once
// its assurance could be due: it closed after its team deployed, which is
// no more than a day before its planned start.
func (cfg Config) BoardNeeds(s Summary, now time.Time) BoardNeed {
	today := cfg.LocalDate(s.PlannedStart) == cfg.LocalDate(now)
	switch s.State {
	case Deployed:
		return NeedNow
	case Planning, Authorised, Briefed:
		if today || (s.State == Planning && now.After(s.PlannedStart.Add(-cfg.AuthorisationLead()))) {
			return NeedNow
		}
		return NeedLater
	case Tasked:
		if today {
			return NeedNow
		}
	case Closed, FollowUp:
		if now.After(s.PlannedStart.Add(-24 * time.Hour).Add(cfg.AssuranceWithin())) {
			return NeedLater
		}
	}
	return NeedNone
}

// PlannedToday says whether the visit is planned for now's date in the
// rules' calendar.
func (cfg Config) PlannedToday(v *Visit, now time.Time) bool {
	return cfg.LocalDate(v.Basics.PlannedStart) == cfg.LocalDate(now)
}

// Overdue is one thing on a visit past its time: a row of the board, not
// an alert.
type Overdue struct {
	Rule string    // the rule whose time has passed: DBF-3, ONF-3, EPA-2, ASR-1
	What string    // "closure", "ONF", "authorisation", "assurance"
	Due  time.Time // when it fell due
	Text string    // what is late and by how much, in a line
}

// AuthorisationLead is how long before its planned start a visit is
// expected to be authorised: the final status check's window (CHK-2)
// opens then, and it checks an authorised plan.
func (cfg Config) AuthorisationLead() time.Duration { return cfg.FinalCheckWindow() }

// Overdue lists what is past its time on v at now, soonest due first. A
// time exactly reached is not yet past:
//   - DBF-3: a deployed visit not closed within 48 hours of its last
//     departure (CloseBy);
//   - ONF-3: an ONF sent and not back within its 72 hours, with no phone
//     check recorded, on a visit not yet deployed;
//   - EPA-2: a visit still in planning inside AuthorisationLead of its
//     start, or past it;
//   - ASR-1: a closed visit (closed or in follow-up) not assured by its
//     AssuranceDue; visits closed before oic set one are not listed.
func (cfg Config) Overdue(v *Visit, now time.Time) []Overdue {
	var out []Overdue
	loc := cfg.Location()
	at := func(t time.Time) string { return t.In(loc).Format(DateTimeLayout) }
	switch v.State {
	case Deployed:
		if due := v.CloseBy(cfg); now.After(due) {
			out = append(out, Overdue{Rule: "DBF-3", What: "closure", Due: due,
				Text: fmt.Sprintf("closure overdue by %s (due by %s)", daysText(now.Sub(due)), at(due))})
		}
	case Tasked, Planning, Authorised, Briefed:
		st := v.Plan.ONF.Status(v.Basics.PlannedStart, now, loc)
		if st.State == ONFOverdue {
			out = append(out, Overdue{Rule: "ONF-3", What: "ONF", Due: st.DueBack,
				Text: fmt.Sprintf("ONF not back %s after it was due (%s); phone the police intelligence unit", daysText(now.Sub(st.DueBack)), at(st.DueBack))})
		}
		if v.State == Planning {
			start := v.Basics.PlannedStart
			if due := start.Add(-cfg.AuthorisationLead()); now.After(due) {
				text := fmt.Sprintf("not authorised; it starts in %s (%s)", daysText(start.Sub(now)), at(start))
				if !now.Before(start) {
					text = fmt.Sprintf("not authorised; its planned start passed %s ago (%s)", daysText(now.Sub(start)), at(start))
				}
				out = append(out, Overdue{Rule: "EPA-2", What: "authorisation", Due: due, Text: text})
			}
		}
	case Closed, FollowUp:
		if due := v.AssuranceDue; !due.IsZero() && now.After(due) {
			out = append(out, Overdue{Rule: "ASR-1", What: "assurance", Due: due,
				Text: fmt.Sprintf("not assured %s after it was due (%s)", daysText(now.Sub(due)), at(due))})
		}
	}
	slices.SortStableFunc(out, func(a, b Overdue) int { return a.Due.Compare(b.Due) })
	return out
}

// daysText is a long lateness in days, a short one in hours.
func daysText(d time.Duration) string {
	if d < 48*time.Hour {
		return hoursText(d)
	}
	return plural(int(d/(24*time.Hour)), "day")
}

// LastEntry is when the team last wrote on the live record of a deployed
// visit: the latest entry written down (a correction counts), or the
// deployment if nothing has been written since.
func (v *Visit) LastEntry() time.Time {
	var last time.Time
	for i := len(v.History) - 1; i >= 0; i-- {
		if v.History[i].To == Deployed {
			last = v.History[i].At
			break
		}
	}
	for _, e := range v.Timeline {
		if e.Recorded.At.After(last) {
			last = e.Recorded.At
		}
	}
	return last
}

// Silent says whether a deployed visit has gone longer than SilentAfter
// without a timeline entry at now (a board alert, not a bell), and for
// how long it has been quiet. Exactly SilentAfter is not yet silent. A
// team that has left owes its debrief (DBF-3, on the board's overdue
// list when late), not entries: its visit is not silent.
func (cfg Config) Silent(v *Visit, now time.Time) (time.Duration, bool) {
	if v.State != Deployed || debriefDue(v) {
		return 0, false
	}
	quiet := now.Sub(v.LastEntry())
	return quiet, quiet > cfg.SilentAfter()
}

// Acceptances counts the rostered officers who have accepted the current
// briefing (BRF-1), of those rostered: "4 of 6".
func (v *Visit) Acceptances() (accepted, rostered int) {
	return len(v.Roster) - len(v.Outstanding()), len(v.Roster)
}

// OnSite counts the rostered officers on site at now, of those rostered,
// and when the first of those on site arrived (zero if none is).
func (v *Visit) OnSite(now time.Time) (on, rostered int, since time.Time) {
	for _, p := range v.Presence(now) {
		if p.OnSite {
			on++
			if since.IsZero() || p.Arrived.Before(since) {
				since = p.Arrived
			}
		}
	}
	return on, len(v.Roster), since
}
