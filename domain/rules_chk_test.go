package domain

import (
	"testing"
	"time"
)

// TestCHKRules is the table of CHK-1 and CHK-2 (see testRules).
func TestCHKRules(t *testing.T) {
	final := func(at time.Time) ruleEdit {
		return func(v *Visit) {
			v.Plan.Checks[len(v.Plan.Checks)-1].DoneAt = at
		}
	}
	testRules(t, []ruleCase{
		{"every check", "CHK-1", nil, time.Time{}, "", ""},
		{"a check missing", "CHK-1", func(v *Visit) { v.Plan.Checks = v.Plan.Checks[1:] }, time.Time{}, Blocks, "S1 Arben Hoxha: no CID/Atlas check recorded"},
		{"a check withdrawn", "CHK-1", func(v *Visit) { v.Plan.Checks[4].Withdrawn = "wrong address" }, time.Time{}, Blocks, "the address: no CID/Atlas check recorded"},
		{"withdrawn subject needs none", "CHK-1", func(v *Visit) {
			v.Subjects = append(v.Subjects, Subject{ID: "S2", Name: "Named in error", Withdrawn: "not at this address"})
		}, time.Time{}, "", ""},
		{"a check dated after the visit", "CHK-1", func(v *Visit) { v.Plan.Checks[0].DoneAt = start.Add(time.Minute) }, time.Time{}, Blocks, "check C1 (CID/Atlas of S1 Arben Hoxha) is dated 26/11/2026 06:01, after the visit's planned start"},

		{"final check exactly 24 hours before", "CHK-2", final(start.Add(-24 * time.Hour)), time.Time{}, "", ""},
		{"final check at the start", "CHK-2", final(start), time.Time{}, "", ""},
		{"final check 24 hours and a minute before", "CHK-2", final(start.Add(-24*time.Hour - time.Minute)), time.Time{}, Blocks, "final status check made 25/11/2026 05:59, 24 hours and 1 minute before the visit; it must be within 24 hours"},
		{"final check 30 hours before", "CHK-2", final(start.Add(-30 * time.Hour)), time.Time{}, Blocks, "30 hours before the visit"},
		{"no final check, window open", "CHK-2", func(v *Visit) { v.Plan.Checks[len(v.Plan.Checks)-1].Withdrawn = "wrong subject" }, time.Time{}, Blocks, "S1 Arben Hoxha: no final status check within 24 hours before the visit"},
		{"no final check, window not yet open", "CHK-2", func(v *Visit) { v.Plan.Checks[len(v.Plan.Checks)-1].Withdrawn = "wrong subject" }, start.Add(-25 * time.Hour), Warns, "due between 25/11/2026 06:00 and 26/11/2026 06:00"},
		{"nobody named: the address", "CHK-2", func(v *Visit) { v.Subjects[0].Withdrawn = "left the UK" }, time.Time{}, Blocks, "the address: no final status check"},
	})
}
