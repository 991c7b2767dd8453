package domain

import (
	"fmt"
	"time"
)

// PWR-1: the intended power of entry is recorded.
func pwr1(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.Plan.Power.Kind == "" {
		f.blocks("PWR-1", "no intended power of entry recorded", "")
	}
}

// liveDue: the live rules apply once the team has deployed.
func liveDue(v *Visit) bool {
	switch v.State {
	case Deployed, Closed, FollowUp, Assured:
		return true
	}
	return false
}

// PWR-2: once officers are on site, the power of entry used is recorded,
// with who consented or the warrant reference. A power other than the one
// planned warns, for assurance to see (ICIBI 6.41-6.42).
func pwr2(f *findings, v *Visit, _ Config, _ time.Time) {
	if !liveDue(v) {
		return
	}
	var entry *TimelineEntry
	arrived := false
	eff := v.Effective()
	for i, e := range eff {
		switch e.Kind {
		case EntryEntry:
			entry = &eff[i]
		case EntryArrival:
			arrived = true
		}
	}
	switch {
	case entry == nil && arrived && v.Debrief.NoEntry != "":
		// No entry was made, and the debrief says why (ICIBI figure 7:
		// consent refused by phone).
	case entry == nil && arrived:
		f.warns("PWR-2", "officers are on site but no entry is recorded", "Press e on the live tab: the power used, and who consented or the warrant reference.")
	case entry == nil:
	case entry.Power == PowerConsent && entry.ConsentBy == "", (entry.Power == PowerWarrant || entry.Power == PowerADLetter) && entry.Warrant == "":
		f.blocks("PWR-2", fmt.Sprintf("entry #%d by %s does not say %s", entry.Seq, entry.Power, map[bool]string{true: "who consented", false: "the reference"}[entry.Power == PowerConsent]), "Correct the entry on the live tab.")
	case v.Plan.Power.Kind != "" && entry.Power != v.Plan.Power.Kind:
		f.warns("PWR-2", fmt.Sprintf("entry was by %s; the plan was %s", entry.Power, v.Plan.Power.Kind), "Say why in a note or the debrief: assurance compares the power planned with the power used.")
	}
}

// PWR-3: every seizure has its item, exhibit reference and sealed bag
// number. The form refuses one without; this catches a record that came in
// another way.
func pwr3(f *findings, v *Visit, _ Config, _ time.Time) {
	if !liveDue(v) {
		return
	}
	for _, e := range v.Effective() {
		if z := e.Seizure; e.Kind == EntrySeizure && (z == nil || z.Item == "" || z.Exhibit == "" || z.Seal == "") {
			f.blocks("PWR-3", fmt.Sprintf("seizure #%d lacks its item, exhibit reference or sealed bag number", e.Seq), "Correct the seizure on the live tab with the missing numbers.")
		}
	}
}
