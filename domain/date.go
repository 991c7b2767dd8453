package domain

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time of day and no zone: a date of birth,
// the day intelligence was received, the day of an arrest refresher. Keeping
// it apart from time.Time stops a midnight in one zone becoming the previous
// day in another.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight at the start of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String is the ISO form, 2006-01-02, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// UK is the form officers write and read: 25/11/2026.
func (d Date) UK() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// ParseDate reads a date as an officer would type it: 25/11/2026, 25-11-2026,
// 25.11.2026 or 2026-11-25. Day-first is the UK convention; a year-first form
// is accepted only with four digits first, so 01/02/2026 is always 1 February.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("enter a date, for example 25/11/2026")
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 {
		return Date{}, fmt.Errorf("%q is not a date; write it as 25/11/2026", s)
	}
	n := [3]int{}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Date{}, fmt.Errorf("%q is not a date; write it as 25/11/2026", s)
		}
		n[i] = v
	}
	var d Date
	if len(parts[0]) == 4 {
		d = Date{n[0], time.Month(n[1]), n[2]}
	} else {
		if len(parts[2]) != 4 {
			return Date{}, fmt.Errorf("%q: give the year in full, as 25/11/2026", s)
		}
		d = Date{n[2], time.Month(n[1]), n[0]}
	}
	if !d.valid() {
		return Date{}, fmt.Errorf("%q is not a real date", s)
	}
	return d, nil
}

func (d Date) valid() bool {
	if d.Year < 1000 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// daysIn returns the number of days in the month: day 0 of the next month is
// the last day of this one.
func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// MarshalJSON writes the ISO form, or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads the ISO form or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := time.Parse("2006-01-02", *s)
	if err != nil {
		return fmt.Errorf("date %q: %w", *s, err)
	}
	*d = DateOf(v)
	return nil
}
