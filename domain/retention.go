package domain

import (
	"fmt"
	"time"
)

// Retention: how long a visit's record is kept once it has ended.
//
// DOMAIN.md has no rule on it and the ICIBI report is silent: the period
// comes from issue 18, section 4 ("a retention period in config.json, six
// years from closure by default, overridable; no deletion without an
// export that central records acknowledged"). It is proposed here as
// RET-1, a family of its own beside the closure's (DBF), for DOMAIN.md to
// take up with its source once the Home Office's schedule is known; until
// then the six years are the issue's, not a cited rule's.
//
// RET-1 A visit is past retention once its record has ended longer ago
// than the period (Config.RetentionYears, by default six years). The
// record ends when the visit is closed (its closure, whatever follows:
// follow-up and assurance do not restart the clock), or when it is
// cancelled or stood down (nothing more can happen to it, and it holds
// the intelligence's people as a closed one does). A visit still being
// planned or run has not ended and is never past retention. Nothing is
// deleted: oic only says which records are due for review.

// DefaultRetentionYears is RET-1's period where config.json sets none.
const DefaultRetentionYears = 6

// RetentionPeriod is RET-1's period, in years.
func (c Config) RetentionPeriod() int { return orDefault(c.RetentionYears, DefaultRetentionYears) }

// Ended reports whether a visit in state s has ended (RET-1): closed or
// later, cancelled or stood down.
func (s State) Ended() bool { return s.Valid() && !s.Active() }

// EndedAt is when the visit's record ended (RET-1): its closure, or its
// cancellation or stand-down; false while it has not ended, or where its
// history records no time for it (a record imported without one).
func (v *Visit) EndedAt() (time.Time, bool) {
	if !v.State.Ended() {
		return time.Time{}, false
	}
	end := Closed
	if v.State == Cancelled || v.State == StoodDown {
		end = v.State
	}
	for i := len(v.History) - 1; i >= 0; i-- {
		if h := v.History[i]; h.To == end {
			return h.At, !h.At.IsZero()
		}
	}
	return time.Time{}, false
}

// RetentionState is where a visit stands under RET-1.
type RetentionState int

const (
	// RetentionOpen: the visit has not ended; its clock has not started.
	RetentionOpen RetentionState = iota
	// RetentionUnknown: it has ended but no time is recorded for it, so
	// when its period ends cannot be told. It is never called past
	// retention: a record is kept rather than put up for disposal on a
	// guess.
	RetentionUnknown
	// RetentionKept: ended, within the period (or ended at a time still
	// to come, by a clock that jumped).
	RetentionKept
	// RetentionPast: ended longer ago than the period.
	RetentionPast
)

// Retention is a visit's standing under RET-1 at a moment.
type Retention struct {
	State RetentionState
	// Ended is when the record ended, Until when its period ends (zero
	// unless Kept or Past).
	Ended, Until time.Time
	now          time.Time
	loc          *time.Location
}

// RetentionOf judges a visit in state s whose record ended at ended
// (zero: no time recorded) at now. The period is counted in calendar
// years in the rules' zone: closed at 10:00 on 3 March 2020, a six-year
// period ends at 10:00 on 3 March 2026. A closure later than now (a
// clock that jumped) is kept, never past.
func (c Config) RetentionOf(s State, ended, now time.Time) Retention {
	loc := c.Location()
	r := Retention{now: now, loc: loc}
	switch {
	case !s.Ended():
		return r
	case ended.IsZero():
		r.State = RetentionUnknown
		return r
	}
	r.Ended = ended
	r.Until = ended.In(loc).AddDate(c.RetentionPeriod(), 0, 0)
	r.State = RetentionKept
	if now.After(r.Until) && !ended.After(now) {
		r.State = RetentionPast
	}
	return r
}

// RetentionOfVisit is RetentionOf for a whole record.
func (c Config) RetentionOfVisit(v *Visit, now time.Time) Retention {
	at, _ := v.EndedAt()
	return c.RetentionOf(v.State, at, now)
}

// RetentionOfSummary is RetentionOf for a list entry, as the register
// and oic retention read them: its Ended is the record's.
func (c Config) RetentionOfSummary(s Summary, now time.Time) Retention {
	return c.RetentionOf(s.State, s.Ended, now)
}

// Past reports whether the record is past retention (RET-1).
func (r Retention) Past() bool { return r.State == RetentionPast }

// PastBy says how long the record has been past retention, in calendar
// terms: "3 days", "5 months", "2 years and 1 month". Empty unless Past.
func (r Retention) PastBy() string {
	if !r.Past() {
		return ""
	}
	return calendarSpan(r.Until.In(r.loc), r.now.In(r.loc))
}

// DaysPast is how many whole days the record has been past retention.
func (r Retention) DaysPast() int {
	if !r.Past() {
		return 0
	}
	return int(r.now.Sub(r.Until) / (24 * time.Hour))
}

// Message says in a line why a record is past retention, or why when it
// will be cannot be told, for oic check; "" for one open or within it.
func (r Retention) Message(years int) string {
	period := plural(years, "year")
	switch r.State {
	case RetentionUnknown:
		return "RET-1: its history records no time for its closure, so when its " + period + " of retention end cannot be told; it is kept"
	case RetentionPast:
		return fmt.Sprintf("RET-1: past retention by %s: ended %s, kept %s, until %s. Nothing is deleted: disposal needs an export that central records have acknowledged",
			r.PastBy(), r.Ended.In(r.loc).Format(DateTimeLayout), period, r.Until.Format(DateTimeLayout))
	}
	return ""
}

// calendarSpan is the calendar time from a to b (a before b): whole
// years and months, or days under a month.
func calendarSpan(a, b time.Time) string {
	months := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if a.AddDate(0, months, 0).After(b) {
		months--
	}
	if months < 1 {
		days := int(b.Sub(a) / (24 * time.Hour))
		if days < 1 {
			return "less than a day"
		}
		return plural(days, "day")
	}
	y, m := months/12, months%12
	switch {
	case y == 0:
		return plural(m, "month")
	case m == 0:
		return plural(y, "year")
	}
	return plural(y, "year") + " and " + plural(m, "month")
}

// MaxRetentionYears bounds RET-1's period: a longer one is a slip of the
// keyboard (600 for 6), not a schedule.
const MaxRetentionYears = 100

// validRetention refuses a period of fewer than no years, or of more
// than MaxRetentionYears. Left out of config.json (or 0, as every
// threshold there), the period is six years.
func (c Config) validRetention() error {
	if c.RetentionYears < 0 || c.RetentionYears > MaxRetentionYears {
		return fmt.Errorf("config: retention_years must be a whole number of years from 1 to %d (RET-1; leave it out for %d), not %d",
			MaxRetentionYears, DefaultRetentionYears, c.RetentionYears)
	}
	return nil
}
