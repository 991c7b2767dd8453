package domain

import (
	"testing"
	"time"
)

// TestEPARules is the table of EPA-1 to EPA-5 (see testRules).
func TestEPARules(t *testing.T) {
	rate := func(r Rating) ruleEdit {
		return func(v *Visit) { v.Plan.EPA.Rating = r }
	}
	fullOrder := Order{Information: "i", Intention: "i", Method: "m", Administration: "a", Risk: "r", Communications: "c", HumanRights: "h"}
	both := func(es ...ruleEdit) ruleEdit {
		return func(v *Visit) {
			for _, e := range es {
				e(v)
			}
		}
	}
	testRules(t, []ruleCase{
		{"rated", "EPA-1", nil, time.Time{}, "", ""},
		{"no rating", "EPA-1", rate(""), time.Time{}, Blocks, "no risk rating"},

		{"green by a CIO", "EPA-2", both(auth(cio)), time.Time{}, "", ""},
		// Issue 15, point 6: until the authorising officer records it, the
		// visit says what it waits for.
		{"not authorised", "EPA-2", nil, time.Time{}, Blocks, "awaiting authorisation by a grade that may authorise green (a CIO or above, signed in as themselves)"},
		{"amber, not authorised", "EPA-2", rate(Amber), time.Time{}, Blocks, "awaiting authorisation by a grade that may authorise amber (an HMI or above, signed in as themselves)"},
		{"red, not authorised", "EPA-2", rate(Red), time.Time{}, Blocks, "awaiting authorisation by a grade that may authorise red (a Grade 7 / AD or above, signed in as themselves)"},
		{"green by an IO", "EPA-2", both(auth(io), func(v *Visit) { v.Plan.EPA.AssessedBy = cio.StaffNo }), time.Time{}, Blocks, "green needs a CIO or above to authorise; Sam Patel is an IO"},
		{"amber by a CIO", "EPA-2", both(rate(Amber), auth(cio)), time.Time{}, Blocks, "amber needs an HMI or above to authorise; Dana Okafor is a CIO"},
		{"amber by an HMI", "EPA-2", both(rate(Amber), auth(hmi)), time.Time{}, "", ""},
		{"red by an HMI", "EPA-2", both(rate(Red), auth(hmi)), time.Time{}, Blocks, "red needs a Grade 7 / AD or above to authorise; Jo Marsh is an HMI"},
		{"red by a Grade 7", "EPA-2", both(rate(Red), auth(ad)), time.Time{}, "", ""},
		{"assessor authorised", "EPA-2", both(auth(cio), func(v *Visit) { v.Plan.EPA.AssessedBy = cio.StaffNo }), time.Time{}, Warns, "Dana Okafor both assessed and authorised"},
		{"grade no longer in the table", "EPA-2", auth(Officer{StaffNo: "X1", Name: "Lee Old", Grade: "AD"}), time.Time{}, Blocks, "Lee Old is an AD, a grade not in the grade table"},

		{"amber without ECIA", "EPA-3", rate(Amber), time.Time{}, "", ""},
		{"red without ECIA", "EPA-3", rate(Red), time.Time{}, Blocks, "red needs a completed ECIA; missing: reference, who completed it, date, conclusion"},
		{"red, ECIA without conclusion", "EPA-3", both(rate(Red), func(v *Visit) {
			v.Plan.ECIA = ECIA{Reference: "ECIA-22", CompletedBy: "K. Adeyemi", CompletedOn: Date{2026, 11, 20}}
		}), time.Time{}, Blocks, "missing: conclusion"},
		{"red with ECIA", "EPA-3", both(rate(Red), func(v *Visit) {
			v.Plan.ECIA = ECIA{Reference: "ECIA-22", CompletedBy: "K. Adeyemi", CompletedOn: Date{2026, 11, 20}, Conclusion: "Proceed"}
		}), time.Time{}, "", ""},

		{"green needs no IIMARCH", "EPA-4", nil, time.Time{}, "", ""},
		{"amber, blank order", "EPA-4", rate(Amber), time.Time{}, Blocks, "amber needs a full IIMARCH order; not written: Information, Intention, Method, Administration, Risk assessment, Communications, Human rights and other legal issues"},
		{"amber, one section blank", "EPA-4", both(rate(Amber), func(v *Visit) { v.Plan.Order = fullOrder; v.Plan.Order.Method = "" }), time.Time{}, Blocks, "not written: Method"},
		{"amber, full order", "EPA-4", both(rate(Amber), func(v *Visit) { v.Plan.Order = fullOrder }), time.Time{}, "", ""},
		{"green, subject without photograph", "EPA-4", func(v *Visit) { v.Subjects[0].PhotoRef = "" }, time.Time{}, Warns, "no photograph reference for S1 Arben Hoxha"},

		{"risks recorded", "EPA-5", nil, time.Time{}, "", ""},
		{"green without risks", "EPA-5", func(v *Visit) { v.Plan.EPA.Risks = nil }, time.Time{}, Blocks, "no risks or mitigations recorded; green visits need them too"},
	})
}
