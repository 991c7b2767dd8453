package domain

import (
	"testing"
	"time"
)

// TestTSKRules is the table of TSK-1 and TSK-2 (see testRules).
func TestTSKRules(t *testing.T) {
	ageChecks := func(age time.Duration) ruleEdit {
		return func(v *Visit) {
			for i := range v.Plan.Checks {
				if v.Plan.Checks[i].System != SysFinalStatus && v.Plan.Checks[i].Target == "S1" {
					v.Plan.Checks[i].DoneAt = start.Add(-age)
				}
			}
		}
	}
	testRules(t, []ruleCase{
		{"tasking adopted", "TSK-1", nil, time.Time{}, "", ""},
		{"tasking pending", "TSK-1", func(v *Visit) { v.Basics.Tasking.Decision = Pending }, time.Time{}, Blocks, "no tasking decision is recorded"},
		{"tasking not adopted", "TSK-1", func(v *Visit) { v.Basics.Tasking.Decision = NotAdopted }, time.Time{}, Blocks, "not to adopt"},

		{"checks exactly 28 days old", "TSK-2", ageChecks(28 * 24 * time.Hour), time.Time{}, "", ""},
		{"checks 28 days and a minute old", "TSK-2", ageChecks(28*24*time.Hour + time.Minute), time.Time{}, Warns, "S1 Arben Hoxha: CID/Atlas (29/10/2026), CRS (29/10/2026)"},
		{"intelligence 90 days old", "TSK-2", func(v *Visit) { v.Basics.Intel.Received = DateOf(start.AddDate(0, 0, -90)) }, time.Time{}, "", ""},
		{"intelligence 91 days old", "TSK-2", func(v *Visit) { v.Basics.Intel.Received = DateOf(start.AddDate(0, 0, -91)) }, time.Time{}, Warns, "received 27/08/2026, 91 days before the visit"},
	})
}
