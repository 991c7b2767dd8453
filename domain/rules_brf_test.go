package domain

import "testing"

// TestBRFRules is the table of BRF-1 to BRF-5 (see testTeamRules).
func TestBRFRules(t *testing.T) {
	accept := func(os ...Officer) teamEdit {
		return func(t *testing.T, v *Visit) {
			for _, o := range os {
				must(t)(v.AcceptBriefing(1, o, inWindow))
			}
		}
	}
	testTeamRules(t, []teamCase{
		{"BRF-1 not issued", rostered, nil, "BRF-1", Blocks, "the briefing has not been issued to the team", ""},
		{"BRF-1 all outstanding", briefed, nil, "BRF-1", Blocks, "5 officers of 5 not accepted version 1", ""},
		{"BRF-1 two outstanding, named", briefed, accept(cio, hmi, silver), "BRF-1", Blocks, "2 officers of 5 not accepted version 1: Lee Grant (IO0043), Ana Silva (IO0044)", ""},
		{"BRF-1 all accepted", briefed, accept(cio, hmi, silver, arrestIO, driverIO), "BRF-1", Blocks, "", ""},
		{"BRF-1 overridden warns with the reason", briefed, func(t *testing.T, v *Visit) {
			accept(cio, hmi, silver)(t, v)
			must(t)(v.OverrideAcceptances("Both briefed in person at 05:00; PRONTO down", cio, inWindow))
		}, "BRF-1", Warns, "overridden by Dana Okafor at 26/11/2026 04:00: Both briefed in person at 05:00; PRONTO down (not accepted: Lee Grant (IO0043); Ana Silva (IO0044))", ""},
		{"BRF-2 stale after a roster change", briefed, func(t *testing.T, v *Visit) {
			roster(t, v, Officer{StaffNo: "IO0050", Name: "Jo Bell", Grade: "EO"}, "rear cover", "")
		}, "BRF-2", Blocks, "the order has changed since version 1 was issued", ""},
		{"BRF-2 stale after a new risk", briefed, func(t *testing.T, v *Visit) {
			v.Plan.EPA.Risks = append(v.Plan.EPA.Risks, Risk{Risk: "Dog", Mitigation: "Handler"})
		}, "BRF-2", Blocks, "the order has changed since version 1 was issued", ""},
		{"BRF-2 holds when unchanged", briefed, nil, "BRF-2", Blocks, "", ""},
		{"BRF-3 no verbal briefing", briefed, nil, "BRF-3", Blocks, "no verbal briefing is recorded for the day", ""},
		{"BRF-3 recorded", ready, nil, "BRF-3", Blocks, "", ""},
		// A briefing recorded on the day, then the start moved to the next
		// day: it is no longer the day's briefing (issue 15).
		{"BRF-3 given the day before the moved start", ready, func(t *testing.T, v *Visit) {
			v.Basics.PlannedStart = v.Basics.PlannedStart.AddDate(0, 0, 1)
		}, "BRF-3", Blocks, "the verbal briefing is given on the day of the visit, 27/11/2026; 26/11/2026 05:15 is the day before", ""},
		{"BRF-4 not confirmed", briefed, nil, "BRF-4", Blocks, "the OIC has not confirmed the visit is ready to deploy", ""},
		{"BRF-4 confirmed an older version", ready, func(t *testing.T, v *Visit) {
			roster(t, v, Officer{StaffNo: "IO0050", Name: "Jo Bell", Grade: "EO"}, "rear cover", "")
			must(t)(v.IssueBriefing("Jo Bell joins on rear cover", cio, inWindow))
		}, "BRF-4", Blocks, "the confirmation was for version 1; the order is now version 2", ""},
		{"BRF-5 no questions and not none", ready, func(t *testing.T, v *Visit) { v.Briefing.Verbal.Questions = nil }, "BRF-5", Warns, "lists no questions and does not say none were asked", ""},
		{"BRF rules are history once deployed", briefed, func(t *testing.T, v *Visit) { v.State = Deployed }, "BRF-1", Blocks, "", ""},
	})
}
