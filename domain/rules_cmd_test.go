package domain

import (
	"testing"
	"time"
)

// TestCMDRules is the table of CMD-1 and CMD-2 (see testTeamRules).
func TestCMDRules(t *testing.T) {
	drop := func(sn StaffNo) teamEdit {
		return func(t *testing.T, v *Visit) {
			if _, err := v.RemoveFromRoster(sn, "reassigned", cio, inWindow); err != nil {
				t.Fatal(err)
			}
		}
	}
	refresher := func(d Date) teamEdit {
		return func(t *testing.T, v *Visit) {
			for i := range v.Roster {
				if v.Roster[i].StaffNo == arrestIO.StaffNo {
					v.Roster[i].RefresherOn = d
				}
			}
		}
	}
	testTeamRules(t, []teamCase{
		{"CMD-1 holds with the full structure", rostered, nil, "CMD-1", Blocks, "", ""},
		{"CMD-1 no silver", rostered, drop(silver.StaffNo), "CMD-1", Blocks, "no silver named on the roster", ""},
		{"CMD-1 empty roster", func(t testing.TB) *Visit { return authorisedPlanned(t) }, nil, "CMD-1", Blocks, "no OIC, gold, silver and bronze named on the roster", ""},
		{"CMD-1 training lapsed from the profile copy", rostered, func(t *testing.T, v *Visit) { v.Roster[0].ArrestTrained = false }, "CMD-1", Blocks, "the OIC and bronze must be arrest-trained; Dana Okafor (CIO001) is not", ""},
		{"CMD-1 roster OIC is not the visit's OIC", rostered, func(t *testing.T, v *Visit) { v.Basics.OIC, v.Basics.OICName = "IO0043", "Lee Grant" }, "CMD-1", Warns, "the roster's OIC is Dana Okafor (CIO001) but the visit names Lee Grant (IO0043)", ""},
		{"CMD-1 not due in planning", func(t testing.TB) *Visit { return planned(t) }, nil, "CMD-1", Blocks, "", ""},
		{"CMD-2 refresher a year old on the day holds", rostered, refresher(Date{2025, time.November, 26}), "CMD-2", Warns, "", ""},
		{"CMD-2 refresher a year and a day old warns", rostered, refresher(Date{2025, time.November, 25}), "CMD-2", Warns, "Lee Grant (IO0043) has an arrest role but their refresher is over a year old (last 25/11/2025)", ""},
		{"CMD-2 no refresher recorded warns", rostered, refresher(Date{}), "CMD-2", Warns, "(none recorded)", ""},
		{"CMD-2 arrest team but not arrest-trained", rostered, func(t *testing.T, v *Visit) { v.Roster[3].ArrestTrained = false }, "CMD-2", Warns, "on the arrest team but not arrest-trained", ""},
	})
}
