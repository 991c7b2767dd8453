package domain

import (
	"strings"
	"testing"
	"time"
)

func TestIDN1ParsePIN(t *testing.T) {
	for _, tc := range []struct {
		in, want, msg string
	}{
		{in: "2468", want: "2468"},
		{in: " 123456789012 ", want: "123456789012"},
		{in: "", msg: "4 to 12 digits"},
		{in: "123", msg: "this one has 3"},
		{in: "1234567890123", msg: "this one has 13"},
		{in: "12a4", msg: "digits only"},
		{in: "12 34", msg: "digits only"},
		{in: "١٢٣٤", msg: "digits only"}, // Arabic-Indic digits are not 0-9
	} {
		got, err := ParsePIN(tc.in)
		switch {
		case tc.msg == "" && (err != nil || got != tc.want):
			t.Errorf("ParsePIN(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
		case tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg)):
			t.Errorf("ParsePIN(%q) = %q, %v, want an error saying %q", tc.in, got, err, tc.msg)
		case tc.msg != "" && len(tc.in) >= 4 && strings.Contains(err.Error(), strings.TrimSpace(tc.in)):
			t.Errorf("ParsePIN(%q): the message quotes what was typed: %v", tc.in, err)
		}
	}
}

func TestIDN1PINLockout(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	locked := PINTries{LockedAt: t0}
	for _, tc := range []struct {
		name      string
		tries     PINTries
		now       time.Time
		wrong     bool // a wrong PIN typed at now
		want      PINStatus
		wantTries PINTries
	}{
		{name: "no tries yet", now: t0,
			want: PINStatus{Set: true, TriesLeft: 5}},
		{name: "first wrong PIN", now: t0, wrong: true,
			want: PINStatus{Set: true, TriesLeft: 4}, wantTries: PINTries{Failed: 1}},
		{name: "fourth wrong PIN leaves one", tries: PINTries{Failed: 3}, now: t0, wrong: true,
			want: PINStatus{Set: true, TriesLeft: 1}, wantTries: PINTries{Failed: 4}},
		{name: "fifth wrong PIN locks for five minutes", tries: PINTries{Failed: 4}, now: t0, wrong: true,
			want: PINStatus{Set: true, Locked: true, Until: t0.Add(5 * time.Minute)}, wantTries: locked},
		{name: "locked a second before the end", tries: locked, now: t0.Add(5*time.Minute - time.Second),
			want: PINStatus{Set: true, Locked: true, Until: t0.Add(5 * time.Minute)}, wantTries: locked},
		{name: "five minutes on, unlocked with five tries", tries: locked, now: t0.Add(5 * time.Minute),
			want: PINStatus{Set: true, TriesLeft: 5}},
		{name: "a day on, unlocked", tries: locked, now: t0.Add(24 * time.Hour),
			want: PINStatus{Set: true, TriesLeft: 5}},
		{name: "clock set back an hour: still locked, five minutes from then", tries: locked, now: t0.Add(-time.Hour),
			want:      PINStatus{Set: true, Locked: true, Until: t0.Add(-time.Hour + 5*time.Minute)},
			wantTries: PINTries{LockedAt: t0.Add(-time.Hour)}},
		{name: "clock wrong by a year when locked, then put right: five minutes, not a year", tries: PINTries{LockedAt: t0.AddDate(1, 0, 0)}, now: t0,
			want: PINStatus{Set: true, Locked: true, Until: t0.Add(5 * time.Minute)}, wantTries: locked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tries, st := PINState(tc.tries, tc.now)
			if tc.wrong {
				tries, st = PINWrong(tries, tc.now)
			}
			if st != tc.want || !tries.LockedAt.Equal(tc.wantTries.LockedAt) || tries.Failed != tc.wantTries.Failed {
				t.Errorf("got %+v, tries %+v; want %+v, tries %+v", st, tries, tc.want, tc.wantTries)
			}
		})
	}
}

func TestIDN1PINError(t *testing.T) {
	until := time.Date(2026, 3, 2, 9, 5, 0, 0, time.FixedZone("GMT", 0))
	for _, tc := range []struct {
		err  PINError
		want string
	}{
		{PINError{Officer: "IO0042", TriesLeft: 3}, "wrong PIN for IO0042: 3 tries left before IO0042 is locked for 5 minutes"},
		{PINError{Officer: "IO0042", TriesLeft: 1}, "1 try left"},
		{PINError{Officer: "IO0042", Locked: true, Until: until}, "IO0042 is locked after 5 wrong PINs, until 09:05:00 GMT on 2 Mar: nothing was recorded"},
	} {
		if got := tc.err.Error(); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: %q, want it to say %q", tc.err, got, tc.want)
		}
	}
}
