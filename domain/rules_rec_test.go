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
