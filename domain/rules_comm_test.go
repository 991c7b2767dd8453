package domain

import (
	"testing"
	"time"
)

// TestCOMMRules is the table of COMM-1 (see testRules).
func TestCOMMRules(t *testing.T) {
	testRules(t, []ruleCase{
		{"community considered", "COMM-1", nil, time.Time{}, "", ""},
		{"community not considered", "COMM-1", func(v *Visit) { v.Plan.Community = Community{} }, time.Time{}, Blocks, "community impact not considered"},
	})
}
