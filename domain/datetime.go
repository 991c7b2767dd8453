package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateTimeLayout is how the tool shows a moment to an officer.
const DateTimeLayout = "02/01/2006 15:04"

// ParseDateTime reads a planned time as typed at 6 a.m.: "25/11/2026 06:00",
// "2026-11-25 0600", "tomorrow 06:00", "today 14:30" or "yesterday 16:00". now anchors the words
// today and tomorrow, and the result is in now's location. The clock is
// passed in, never read, so a test can stand on any day.
func ParseDateTime(s string, now time.Time) (time.Time, error) {
	f := strings.Fields(strings.ToLower(strings.TrimSpace(s)))
	if len(f) != 2 {
		return time.Time{}, fmt.Errorf("enter a date and a time, for example 25/11/2026 06:00 or tomorrow 06:00")
	}
	var d Date
	switch f[0] {
	case "today":
		d = DateOf(now)
	case "tomorrow", "tmrw":
		d = DateOf(now.AddDate(0, 0, 1))
	case "yesterday":
		d = DateOf(now.AddDate(0, 0, -1))
	default:
		var err error
		if d, err = ParseDate(f[0]); err != nil {
			return time.Time{}, err
		}
	}
	hh, mm, err := parseClock(f[1])
	if err != nil {
		return time.Time{}, err
	}
	t := time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, now.Location())
	// time.Date silently moves a clock time that does not exist (the hour
	// skipped when the clocks go forward) by an hour; an officer who typed
	// 01:30 must not be planned for 02:30 without being told.
	if t.Hour() != hh || t.Minute() != mm {
		return time.Time{}, fmt.Errorf("%02d:%02d does not exist on %s: the clocks go forward that night", hh, mm, d.UK())
	}
	return t, nil
}

// parseClock reads 06:00, 6:00, 0600 or 06.00 on the 24-hour clock.
func parseClock(s string) (int, int, error) {
	bad := fmt.Errorf("%q is not a time; use the 24-hour clock, as 06:00", s)
	// With a separator, the hour is before it and two minute digits after.
	// Stripping the separator and reading the digits as one number made
	// "13:0" half past one and "12:3" 01:23.
	var h, m string
	if i := strings.IndexAny(s, ":."); i >= 0 {
		h, m = s[:i], s[i+1:]
	} else if len(s) == 3 || len(s) == 4 {
		h, m = s[:len(s)-2], s[len(s)-2:]
	}
	if len(h) < 1 || len(h) > 2 || len(m) != 2 || !allDigits(h) || !allDigits(m) {
		return 0, 0, bad
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 23 || mm > 59 {
		return 0, 0, bad
	}
	return hh, mm, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
