package domain

import (
	"strings"
	"testing"
	"time"
)

// onfFindings runs only the ONF and recce rules.
func onfFindings(v *Visit, now time.Time) []Finding { return DefaultConfig().ONFFindings(v, now) }

// withONF is a planned visit with a good walk-by recce and the given ONF.
func withONF(t testing.TB, o ONF) *Visit {
	v := planned(t)
	v.Plan.ONF = o
	v.Plan.Recces = []Recce{{ID: "R1", Kind: RecceWalkBy, By: io.StaffNo, At: t0, Occupants: "4-6 staff", Entrances: "front; rear gate",
		Layout: "kitchen behind counter", Geography: "alley to the rear", RIPA: RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "overt, public street"}}}
	return v
}

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

func TestRecceRules(t *testing.T) {
	ok := ONF{Met: true, MetNote: "MPS"}
	for _, tc := range []struct {
		name string
		edit func(v *Visit)
		want string
	}{
		{"good walk-by", nil, ""},
		{"no recce, arrest visit", func(v *Visit) { v.Plan.Recces = nil }, "REC-1 blocks: no reconnaissance recorded for an arrest visit"},
		{"no recce, nobody named", func(v *Visit) { v.Plan.Recces, v.Subjects = nil, nil }, "REC-1 warns: no reconnaissance recorded"},
		{"withdrawn recce", func(v *Visit) { v.Plan.Recces[0].Withdrawn = "wrong address" }, "REC-1 blocks"},
		{"imagery 12 months old", func(v *Visit) {
			v.Plan.Recces[0].Sources = []ImagerySource{{Source: "Street imagery", Date: Date{2025, 11, 26}}}
		}, ""},
		{"imagery 12 months and a day old", func(v *Visit) {
			v.Plan.Recces[0].Sources = []ImagerySource{{Source: "Street imagery", Date: Date{2025, 11, 25}}}
		},
			"REC-2 warns: Street imagery: imagery dated 25/11/2025, 12 months before the visit (over the 12-month limit)"},
		{"imagery 13 months old", func(v *Visit) {
			v.Plan.Recces[0].Sources = []ImagerySource{{Source: "Street imagery", Date: Date{2025, 10, 1}}}
		},
			"REC-2 warns: Street imagery: imagery dated 01/10/2025, 13 months before the visit"},
		{"layout missing", func(v *Visit) { v.Plan.Recces[0].Layout = "" }, "REC-3 warns: recce R1 does not record: layout"},
		{"physical, no RIPA", func(v *Visit) { v.Plan.Recces[0].RIPA = RIPA{} }, "REC-4 blocks: walk-by recce R1 has no RIPA consideration recorded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := withONF(t, ok)
			if tc.edit != nil {
				tc.edit(v)
			}
			fs := onfFindings(v, start.Add(-time.Hour))
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
