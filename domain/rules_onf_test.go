package domain

import (
	"strings"
	"testing"
	"time"
)

func TestONFRules(t *testing.T) {
	sent := start.Add(-5 * 24 * time.Hour)
	phone := &PhoneCheck{At: start.Add(-3 * time.Hour), Contact: "PC Hale, Croydon PIU", Outcome: "no markers"}
	for _, tc := range []struct {
		name string
		onf  ONF
		now  time.Time
		want string // "RULE sev: message part", or "" for no finding
	}{
		{"not sent, time to send", ONF{Force: "Surrey Police"}, start.Add(-4 * 24 * time.Hour), "ONF-1 warns: no ONF sent to the police; send it by 23/11/2026 06:00"},
		{"not sent, too late", ONF{Force: "Surrey Police"}, start.Add(-2 * 24 * time.Hour), "ONF-1 blocks: no ONF sent to the police, and it is now under 3 days"},
		{"sent the day before", ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour)}, start.Add(-19 * time.Hour), "ONF-2 blocks: ONF sent late, 25/11/2026 10:00"},
		{"sent late, phone check", ONF{Force: "Surrey Police", SentAt: start.Add(-20 * time.Hour), Phone: phone}, start.Add(-2 * time.Hour), "ONF-3 warns: ONF sent late; going ahead on a phone check at 26/11/2026 03:00 with PC Hale"},
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
