package domain

import (
	"strings"
	"testing"
	"time"
)

func TestRECRules(t *testing.T) {
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
		// REC-4 (issue 15): covert, or private information likely, needs
		// the authorisation's reference; a reason for having none is not
		// enough. Overt with no private information may give a reason.
		{"REC-4 overt, no private information, a reason", func(v *Visit) {
			v.Plan.Recces[0].RIPA = RIPA{Covert: "no", PrivateInfo: "no", NoAuthWhy: "overt, public street"}
		}, ""},
		{"REC-4 covert, a reason but no reference", func(v *Visit) {
			v.Plan.Recces[0].RIPA = RIPA{Covert: "yes", PrivateInfo: "no", NoAuthWhy: "only a quick look"}
		}, "REC-4 blocks: walk-by recce R1 was covert with no RIPA authorisation reference"},
		{"REC-4 private information likely, a reason but no reference", func(v *Visit) {
			v.Plan.Recces[0].RIPA = RIPA{Covert: "no", PrivateInfo: "yes", NoAuthWhy: "from the street"}
		}, "REC-4 blocks: walk-by recce R1 was likely to obtain private information with no RIPA authorisation reference"},
		{"REC-4 covert and private, no reference", func(v *Visit) {
			v.Plan.Recces[0].Kind = RecceDrivePast
			v.Plan.Recces[0].RIPA = RIPA{Covert: "yes", PrivateInfo: "yes", NoAuthWhy: "none sought"}
		}, "REC-4 blocks: drive-past recce R1 was covert and likely to obtain private information with no RIPA authorisation reference"},
		{"REC-4 covert, with the reference", func(v *Visit) {
			v.Plan.Recces[0].RIPA = RIPA{Covert: "yes", PrivateInfo: "yes", AuthRef: "RIPA/DS/2026/0113"}
		}, ""},
		{"REC-4 withdrawn covert recce, another standing", func(v *Visit) {
			bad := v.Plan.Recces[0]
			bad.ID, bad.RIPA, bad.Withdrawn = "R2", RIPA{Covert: "yes", PrivateInfo: "no", NoAuthWhy: "x"}, "no authorisation"
			v.Plan.Recces = append(v.Plan.Recces, bad)
		}, ""},
		// REC-1 (issue 15): a visit planned with a power to arrest is an
		// arrest visit, named subjects or not.
		{"REC-1 nobody named, consent", func(v *Visit) { v.Plan.Recces, v.Subjects = nil, nil }, "REC-1 warns: no reconnaissance recorded"},
		{"REC-1 nobody named, warrant", func(v *Visit) {
			v.Plan.Recces, v.Subjects, v.Plan.Power = nil, nil, Power{Kind: PowerWarrant, Detail: "W/2026/118"}
		}, "REC-1 blocks: no reconnaissance recorded for an arrest visit (planned with a warrant)"},
		{"REC-1 nobody named, AD's letter", func(v *Visit) {
			v.Plan.Recces, v.Subjects, v.Plan.Power = nil, nil, Power{Kind: PowerADLetter, Detail: "ADL-44"}
		}, "REC-1 blocks: no reconnaissance recorded for an arrest visit (planned with an Assistant Director's letter)"},
		{"REC-1 nobody named, s.179", func(v *Visit) {
			v.Plan.Recces, v.Subjects, v.Plan.Power = nil, nil, Power{Kind: PowerS179}
		}, "REC-1 warns: no reconnaissance recorded"},
		{"REC-1 warrant, a recce recorded", func(v *Visit) { v.Subjects, v.Plan.Power = nil, Power{Kind: PowerWarrant, Detail: "W/2026/118"} }, ""},
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
