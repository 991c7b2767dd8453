package domain

import (
	"strings"
	"time"
)

// PLAN-1: each PLAN element has its rationale.
func plan1(f *findings, v *Visit, _ Config, _ time.Time) {
	pl := v.Plan.PLAN
	var blank []string
	for _, e := range []struct{ name, v string }{{"proportionate", pl.Proportionate}, {"legal", pl.Legal}, {"accountable", pl.Accountable}, {"necessary", pl.Necessary}} {
		if e.v == "" {
			blank = append(blank, e.name)
		}
	}
	switch {
	case len(blank) == 4:
		f.blocks("PLAN-1", "no PLAN assessment recorded", "")
	case len(blank) > 0:
		f.blocks("PLAN-1", "PLAN assessment incomplete; no rationale for: "+strings.Join(blank, ", "), "")
	}
}
