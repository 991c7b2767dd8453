package domain

import (
	"testing"
	"time"
)

// TestPLANRules is the table of PLAN-1 (see testRules).
func TestPLANRules(t *testing.T) {
	testRules(t, []ruleCase{
		{"PLAN complete", "PLAN-1", nil, time.Time{}, "", ""},
		{"PLAN blank element", "PLAN-1", func(v *Visit) { v.Plan.PLAN.Legal = "" }, time.Time{}, Blocks, "no rationale for: legal"},
		{"no PLAN", "PLAN-1", func(v *Visit) { v.Plan.PLAN = PLAN{} }, time.Time{}, Blocks, "no PLAN assessment recorded"},
	})
}
