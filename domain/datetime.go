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
	return time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, now.Location()), nil
}

// parseClock reads 06:00, 6:00, 0600 or 06.00 on the 24-hour clock.
func parseClock(s string) (int, int, error) {
	bad := fmt.Errorf("%q is not a time; use the 24-hour clock, as 06:00", s)
	s = strings.NewReplacer(":", "", ".", "").Replace(s)
	if len(s) == 3 {
		s = "0" + s
	}
	if len(s) != 4 {
		return 0, 0, bad
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, 0, bad
	}
	hh, mm := n/100, n%100
	if hh > 23 || mm > 59 {
		return 0, 0, bad
	}
	return hh, mm, nil
}
