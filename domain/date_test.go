package domain

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate_Valid(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
	}{
		{"25/11/2026", Date{2026, time.November, 25}},
		{"25-11-2026", Date{2026, time.November, 25}},
		{"25.11.2026", Date{2026, time.November, 25}},
		{"2026-11-25", Date{2026, time.November, 25}},
		{"2026/11/25", Date{2026, time.November, 25}},
		{" 25/11/2026 ", Date{2026, time.November, 25}},
		{"1/2/2026", Date{2026, time.February, 1}}, // day first, always
		{"01/02/2026", Date{2026, time.February, 1}},
		{"2026-2-1", Date{2026, time.February, 1}},
		{"29/02/2024", Date{2024, time.February, 29}}, // leap year
		{"29/02/2000", Date{2000, time.February, 29}}, // divisible by 400
		{"31/12/2026", Date{2026, time.December, 31}},
		{"01/01/1000", Date{1000, time.January, 1}},
		{"31/12/9999", Date{9999, time.December, 31}},
	} {
		got, err := ParseDate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDate_Invalid(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"", "enter a date, for example 25/11/2026"},
		{"   ", "enter a date"},
		{"31/02/2026", "not a real date"},
		{"29/02/2025", "not a real date"}, // not a leap year
		{"29/02/1900", "not a real date"}, // century, not divisible by 400
		{"31/04/2026", "not a real date"},
		{"00/01/2026", "not a real date"},
		{"01/00/2026", "not a real date"},
		{"01/13/2026", "not a real date"},
		{"2026-13-01", "not a real date"},
		{"2026-02-30", "not a real date"},
		{"01/01/0999", "not a real date"}, // year before 1000
		{"0999-01-01", "not a real date"},
		{"25/11/26", "give the year in full"},
		{"26-11-25", "give the year in full"},
		{"1/2/026", "give the year in full"},
		{"25/11/20266", "give the year in full"},
		{"25/11", "not a date; write it as 25/11/2026"},
		{"25/11/2026/1", "not a date"},
		{"tomorrow", "not a date"},
		{"25 Nov 2026", "not a date"},
		{"25/xi/2026", "not a date"},
		{"25/11/２０２６", "not a date"},
	} {
		got, err := ParseDate(tc.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", tc.in, got)
			continue
		}
		wantContains(t, "ParseDate("+tc.in+") error", err.Error(), tc.msg)
	}
}

func TestDate_Forms(t *testing.T) {
	d := Date{2026, time.November, 5}
	if d.UK() != "05/11/2026" || d.String() != "2026-11-05" {
		t.Errorf("UK() = %q, String() = %q", d.UK(), d.String())
	}
	if (Date{}).UK() != "" || (Date{}).String() != "" || !(Date{}).IsZero() || d.IsZero() {
		t.Error("the zero date must show as empty and be IsZero; a real one must not")
	}
	for _, s := range []string{d.UK(), d.String()} {
		if got, err := ParseDate(s); err != nil || got != d {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, d)
		}
	}
	if got := d.In(london); !got.Equal(time.Date(2026, 11, 5, 0, 0, 0, 0, london)) {
		t.Errorf("In(london) = %v", got)
	}
}

// TestDateOf: the date of an instant is the date where it happens, so half
// past midnight in a London summer is that day, not the day before in UTC.
func TestDateOf(t *testing.T) {
	at := time.Date(2026, 6, 1, 0, 30, 0, 0, london)
	if got := DateOf(at); got != (Date{2026, time.June, 1}) {
		t.Errorf("DateOf(%v) = %v", at, got)
	}
	if got := DateOf(at.UTC()); got != (Date{2026, time.May, 31}) {
		t.Errorf("DateOf(%v) = %v", at.UTC(), got)
	}
}

func TestDate_Compare(t *testing.T) {
	for _, tc := range []struct {
		a, b Date
		want int
	}{
		{Date{2026, 11, 25}, Date{2026, 11, 25}, 0},
		{Date{2026, 11, 24}, Date{2026, 11, 25}, -1},
		{Date{2026, 10, 31}, Date{2026, 11, 1}, -1},
		{Date{2025, 12, 31}, Date{2026, 1, 1}, -1},
		{Date{2026, 1, 1}, Date{2025, 12, 31}, 1},
		{Date{2026, 12, 1}, Date{2026, 11, 30}, 1},
		{Date{}, Date{2026, 1, 1}, -1},
	} {
		if got := tc.a.Compare(tc.b); got != tc.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := tc.b.Compare(tc.a); got != -tc.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
		if tc.a.Before(tc.b) != (tc.want < 0) || tc.a.After(tc.b) != (tc.want > 0) {
			t.Errorf("%v Before/After %v disagree with Compare = %d", tc.a, tc.b, tc.want)
		}
	}
}

func TestDate_JSON(t *testing.T) {
	type rec struct {
		DOB      Date `json:"dob"`
		Received Date `json:"received"`
	}
	in := rec{DOB: Date{1990, time.February, 28}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"dob":"1990-02-28","received":null}` {
		t.Errorf("Marshal = %s", b)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip = %+v, %v; want %+v", out, err, in)
	}

	for _, tc := range []struct {
		js   string
		want Date
		ok   bool
	}{
		{`null`, Date{}, true},
		{`""`, Date{}, true},
		{`"2024-02-29"`, Date{2024, time.February, 29}, true},
		{`"2025-02-29"`, Date{}, false},
		{`"25/11/2026"`, Date{}, false},
		{`20261125`, Date{}, false},
		{`{}`, Date{}, false},
	} {
		d := Date{2000, 1, 1} // null and "" must clear it, not leave it
		err := json.Unmarshal([]byte(tc.js), &d)
		if (err == nil) != tc.ok || (tc.ok && d != tc.want) {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v, ok %v", tc.js, d, err, tc.want, tc.ok)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	at := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, london) }
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"25/11/2026 06:00", at(2026, 11, 25, 6, 0)},
		{"2026-11-25 0600", at(2026, 11, 25, 6, 0)},
		{"26/11/2026 6:00", at(2026, 11, 26, 6, 0)},
		{"26/11/2026 06.00", at(2026, 11, 26, 6, 0)},
		{"26/11/2026 600", at(2026, 11, 26, 6, 0)},
		{"26/11/2026 00:00", at(2026, 11, 26, 0, 0)},
		{"26/11/2026 23:59", at(2026, 11, 26, 23, 59)},
		{"26/11/2026 13:05", at(2026, 11, 26, 13, 5)},
		{"today 14:30", at(2026, 11, 25, 14, 30)},
		{"Today 14:30", at(2026, 11, 25, 14, 30)},
		{"tomorrow 06:00", at(2026, 11, 26, 6, 0)},
		{"TOMORROW 06:00", at(2026, 11, 26, 6, 0)},
		{"tmrw 0600", at(2026, 11, 26, 6, 0)},
		{"yesterday 16:00", at(2026, 11, 24, 16, 0)},
		{"  tomorrow   06:00  ", at(2026, 11, 26, 6, 0)},
	} {
		got, err := ParseDateTime(tc.in, t0)
		if err != nil || !got.Equal(tc.want) || got.Location() != london {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v in London", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDateTime_Invalid(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"", "enter a date and a time, for example 25/11/2026 06:00 or tomorrow 06:00"},
		{"26/11/2026", "enter a date and a time"},
		{"tomorrow", "enter a date and a time"},
		{"26/11/2026 06:00 BST", "enter a date and a time"},
		{"26/11/2026 24:00", `"24:00" is not a time; use the 24-hour clock, as 06:00`},
		{"26/11/2026 12:60", `"12:60" is not a time`},
		{"26/11/2026 6", `"6" is not a time`},
		{"26/11/2026 06", `"06" is not a time`},
		{"26/11/2026 6:", `"6:" is not a time`},
		{"26/11/2026 :30", `":30" is not a time`},
		{"26/11/2026 6am", `"6am" is not a time`},
		{"26/11/2026 -6:00", `"-6:00" is not a time`},
		{"26/11/2026 +600", `"+600" is not a time`},
		{"26/11/2026 06:00:00", `"06:00:00" is not a time`},
		{"26/11/2026 06000", `"06000" is not a time`},
		{"26/11/2026 123:00", `"123:00" is not a time`},
		// A separator with one minute digit was read as a run of digits:
		// "13:0" became 01:30 and "12:3" 01:23.
		{"26/11/2026 13:0", `"13:0" is not a time`},
		{"26/11/2026 12:3", `"12:3" is not a time`},
		{"31/02/2026 06:00", "not a real date"},
		{"26/11/26 06:00", "give the year in full"},
		{"someday 06:00", "not a date"},
	} {
		got, err := ParseDateTime(tc.in, t0)
		if err == nil {
			t.Errorf("ParseDateTime(%q) = %v, want an error", tc.in, got)
			continue
		}
		wantContains(t, "ParseDateTime("+tc.in+") error", err.Error(), tc.msg)
	}
}

// TestParseDateTime_DST: "tomorrow 06:00" means 06:00 on the wall clock
// tomorrow, whatever the clocks did overnight.
func TestParseDateTime_DST(t *testing.T) {
	for _, tc := range []struct {
		name    string
		now     time.Time
		in      string
		wantUTC time.Time
		zone    string
	}{
		{"spring forward", time.Date(2026, 3, 28, 12, 0, 0, 0, london), "tomorrow 06:00", time.Date(2026, 3, 29, 5, 0, 0, 0, time.UTC), "BST"},
		{"today before the change", time.Date(2026, 3, 28, 12, 0, 0, 0, london), "today 23:00", time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), "GMT"},
		{"just before the gap", time.Date(2026, 3, 28, 12, 0, 0, 0, london), "tomorrow 00:59", time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "GMT"},
		{"just after the gap", time.Date(2026, 3, 28, 12, 0, 0, 0, london), "tomorrow 02:00", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "BST"},
		{"fall back", time.Date(2026, 10, 24, 12, 0, 0, 0, london), "tomorrow 06:00", time.Date(2026, 10, 25, 6, 0, 0, 0, time.UTC), "GMT"},
		{"summer", time.Date(2026, 10, 24, 12, 0, 0, 0, london), "today 18:00", time.Date(2026, 10, 24, 17, 0, 0, 0, time.UTC), "BST"},
		{"new year", time.Date(2026, 12, 31, 23, 30, 0, 0, london), "tomorrow 06:00", time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC), "GMT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDateTime(tc.in, tc.now)
			if err != nil || !got.Equal(tc.wantUTC) {
				t.Fatalf("ParseDateTime(%q) at %v = %v, %v; want %v", tc.in, tc.now, got, err, tc.wantUTC)
			}
			if z, _ := got.Zone(); z != tc.zone {
				t.Errorf("zone = %s, want %s", z, tc.zone)
			}
		})
	}
}

// TestParseDateTime_SpringGap: 01:00-01:59 do not exist in London on the
// night the clocks go forward; such a time is refused rather than moved an
// hour without a word.
func TestParseDateTime_SpringGap(t *testing.T) {
	now := time.Date(2026, 3, 28, 12, 0, 0, 0, london)
	for _, in := range []string{"29/03/2026 01:30", "tomorrow 01:00", "29/03/2026 01:59"} {
		got, err := ParseDateTime(in, now)
		if err == nil {
			t.Errorf("ParseDateTime(%q) = %v, want an error", in, got)
			continue
		}
		wantContains(t, "error", err.Error(), "does not exist on 29/03/2026: the clocks go forward")
	}
}
