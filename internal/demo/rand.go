package demo

import (
	"math/rand/v2"
	"time"
)

// Every random choice goes through one *rand.Rand seeded from Options.Seed,
// drawn in a fixed order, so the same options give the same data on any
// machine. Nothing here reads the clock or ranges over a map.

// newRand returns a PCG stream. stream separates the officers' draws from the
// visits' draws, so asking for more visits never changes the officers.
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x6f6963646d6f0000|stream))
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// weighted picks an index with probability proportional to its weight.
type weighted struct {
	cum   []int
	total int
}

func newWeighted(ws ...int) weighted {
	w := weighted{cum: make([]int, len(ws))}
	for i, x := range ws {
		w.total += x
		w.cum[i] = w.total
	}
	return w
}

func (w weighted) pick(r *rand.Rand) int {
	n := r.IntN(w.total)
	for i, c := range w.cum {
		if n < c {
			return i
		}
	}
	return len(w.cum) - 1
}

// instant returns a moment in [lo, hi] on a whole minute, or lo when the
// range is empty. Whole minutes because that is how an officer types a time:
// a decision time re-read from the form must come back unchanged.
func instant(r *rand.Rand, lo, hi time.Time) time.Time {
	lo = ceilMinute(lo)
	if !hi.After(lo) {
		return lo
	}
	mins := int64(hi.Sub(lo) / time.Minute)
	return lo.Add(time.Duration(r.Int64N(mins+1)) * time.Minute)
}

// workInstant is like instant but prefers office hours (08:00-17:59) on a
// day between lo and hi: tasking boards, authorisations and assurance
// reviews happen at desks, not at 3 a.m. It keeps to [lo, hi] whatever the
// hours allow.
func workInstant(r *rand.Rand, lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return ceilMinute(lo)
	}
	loc := lo.Location()
	d0 := midnight(lo)
	days := int(midnight(hi).Sub(d0).Hours()/24 + 0.5) // DST days are 23 or 25 hours
	d := d0.AddDate(0, 0, r.IntN(days+1))
	t := time.Date(d.Year(), d.Month(), d.Day(), between(r, 8, 17), r.IntN(60), 0, 0, loc)
	switch {
	case t.After(hi) && days > 0:
		t = addDays(t, -1) // the last day's office hours had not come yet
	case t.Before(lo) && days > 0:
		t = addDays(t, 1) // the first day's had passed
	}
	if t.Before(lo) || t.After(hi) {
		return instant(r, lo, hi)
	}
	return t
}

func ceilMinute(t time.Time) time.Time {
	if f := t.Truncate(time.Minute); !f.Equal(t) {
		return f.Add(time.Minute)
	}
	return t
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// midnight is the start of t's day in t's location.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// at is the given clock time on t's day. Noon arithmetic elsewhere keeps
// AddDate away from the hour that DST skips.
func at(t time.Time, hh, mm int) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, hh, mm, 0, 0, t.Location())
}

// addDays moves t's date by n days, keeping the clock time (not 24n hours,
// which would drift an hour across a clock change).
func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }
