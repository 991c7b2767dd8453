package domain

import (
	"strings"
	"testing"
	"time"
)

func TestONFRules(t *testing.T) {
	sent := start.Add(-5 * 24 * time.Hour)
	for _, tc := range []struct {
		name string
		onf  ONF
		now  time.Time
		want string // "RULE sev: message part", or "" for no finding
	}{
		{"not sent, time to send", ONF{Force: "Surrey Police"}, start.Add(-4 * 24 * time.Hour), "ONF-1 warns: no ONF sent to the police; send it by 23/11/2026 06:00"},
		{"not sent, too late", ONF{Force: "Surrey Police"}, start.Add(-2 * 24 * time.Hour), "ONF-1 blocks: no ONF sent to the police, and it is now under 3 days"},
		{"sent the day before", ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour)}, start.Add(-19 * time.Hour), "ONF-2 blocks: ONF sent late, 25/11/2026 10:00"},
		{"awaiting", ONF{SentAt: sent}, sent.Add(time.Hour), "ONF-3 warns: awaiting the ONF from the police; due back 24/11/2026 06:00"},
		{"overdue", ONF{SentAt: sent}, sent.Add(ONFReturnTime + time.Minute), "ONF-3 blocks: ONF not back: it was due 24/11/2026 06:00"},
		{"unsigned", ONF{SentAt: sent, ReturnedAt: sent.Add(time.Hour)}, start.Add(-time.Hour), "ONF-4 blocks: ONF returned unsigned"},
		{"incomplete", ONF{SentAt: sent, ReturnedAt: sent.Add(time.Hour), SignedBy: "J. Carter", Incomplete: []string{"warning markers"}}, start.Add(-time.Hour), "ONF-4 blocks: ONF returned incomplete: warning markers not filled in"},
		{"valid", ONF{SentAt: sent, ReturnedAt: sent.Add(time.Hour), SignedBy: "J. Carter"}, start.Add(-time.Hour), ""},
		{"Met", ONF{Met: true, MetNote: "MPS CIU emailed"}, start.Add(-time.Hour), ""},
		{"expired", ONF{SentAt: sent.AddDate(0, -2, 0), ReturnedAt: sent.AddDate(0, -2, 1), SignedBy: "J. Carter"}, start.Add(-time.Hour), "ONF-5 blocks: ONF expired: returned 22/09/2026, valid to 22/10/2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := onfFindings(withONF(t, tc.onf), tc.now)
			if tc.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want none; got %v", fs)
				}
				return
			}
			if len(fs) != 1 || !strings.HasPrefix(fs[0].String(), tc.want) {
				t.Fatalf("got %v\nwant %s…", fs, tc.want)
			}
		})
	}
}

// TestONF2_LatenessStays (issue 15, point 3): an ONF sent under 3 days
// before the visit stays an ONF-2 finding once it is back or a phone check
// is made, and after the visit closes, so that it can be counted; one sent
// exactly 3 days before is in time.
func TestONF2_LatenessStays(t *testing.T) {
	phone := &PhoneCheck{At: start.Add(-3 * time.Hour), Contact: "PC Hale, Croydon PIU", Outcome: "no markers"}
	returned := func(sent time.Time) ONF {
		return ONF{Force: "Surrey Police", SentAt: sent, ReturnedAt: sent.Add(2 * time.Hour), SignedBy: "J. Carter", SignedRank: "DS"}
	}
	late := "ONF-2 warns: ONF sent late: 25/11/2026 10:00, 20 hours before the visit, under the 3 days ONF-2 asks"
	for _, tc := range []struct {
		name  string
		onf   ONF
		state State
		want  []string
	}{
		{"sent 20 hours before, returned signed", returned(start.Add(-20 * time.Hour)), Planning, []string{late}},
		{"sent exactly 3 days before, returned", returned(start.Add(-ONFLeadTime)), Planning, nil},
		{"sent 3 days less a minute before, returned", returned(start.Add(-ONFLeadTime + time.Minute)), Planning,
			[]string{"ONF-2 warns: ONF sent late: 23/11/2026 06:01, 71 hours and 59 minutes before the visit"}},
		{"sent late, phone check", ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour), Phone: phone}, Planning,
			[]string{late, "ONF-3 warns: ONF sent late; going ahead on a phone check at 26/11/2026 03:00 with PC Hale"}},
		{"sent late, returned, visit closed", returned(start.Add(-20 * time.Hour)), Closed, []string{late}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := withONF(t, tc.onf)
			v.State = tc.state
			var got []string
			for _, f := range onfFindings(v, start.Add(-time.Hour)) {
				if f.Rule == "ONF-2" || f.Rule == "ONF-3" {
					got = append(got, f.String())
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q\nwant %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("got %q\nwant %s…", got[i], tc.want[i])
				}
			}
		})
	}
}

func TestONF6_RatingBeforeMarkers(t *testing.T) {
	sent := start.Add(-5 * 24 * time.Hour)
	v := withONF(t, ONF{SentAt: sent, ReturnedAt: start.Add(-3 * time.Hour), SignedBy: "J. Carter", Markers: "S1: violence marker"})
	fs := onfFindings(v, start.Add(-time.Hour))
	if len(fs) != 1 || !strings.HasPrefix(fs[0].String(), "ONF-6 warns: the risk rating (green) was set before") {
		t.Fatalf("rating set before the markers: %v", fs)
	}
	v.Plan.EPA.Stamp.At = start.Add(-2 * time.Hour) // reviewed since
	if fs := onfFindings(v, start.Add(-time.Hour)); len(fs) != 0 {
		t.Errorf("rating reviewed after the markers: %v", fs)
	}
}
