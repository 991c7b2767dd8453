package domain

import (
	"fmt"
	"strings"
	"time"
)

// briefingRules check the team and its briefing (CMD-1, CMD-2, BRF-1 to
// BRF-5), from authorisation until deployment. liveRules check the live
// record (PWR-2, PWR-3, INC-1) once the team has deployed.
var (
	briefingRules = []rule{cmd1, cmd2, brf1, brf2, brf3, brf4, brf5}
	liveRules     = []rule{pwr2, pwr3, inc1}
)

// briefingDue reports whether the team and briefing rules apply: from
// authorisation until the team deploys. Before then they are not yet due;
// after, what was missing is history for assurance, not a block.
func briefingDue(v *Visit) bool { return v.State == Authorised || v.State == Briefed }

// CMD-1: one OIC and a named gold, silver and bronze; the OIC and bronze
// arrest-trained and at least IO grade (ICIBI 6.1). The roster form refuses
// a second holder; this finds the ones missing, and a profile that no
// longer qualifies.
func cmd1(f *findings, v *Visit, cfg Config, _ time.Time) {
	if !briefingDue(v) {
		return
	}
	var missing []string
	for _, c := range CommandRoles {
		if _, ok := v.Commander(c); !ok {
			missing = append(missing, string(c))
		}
	}
	// One finding per officer: the OIC who is also bronze is one problem.
	for _, r := range v.Roster {
		var held []string
		for _, c := range r.Command {
			if c.onSite() {
				held = append(held, string(c))
			}
		}
		if len(held) == 0 {
			continue
		}
		o := Officer{StaffNo: r.StaffNo, Name: r.Name, Grade: r.Grade, ArrestTrained: r.ArrestTrained}
		if msg := onSiteCommandProblem(o, CommandRole(joinAnd(held)), cfg); msg != "" {
			f.blocks("CMD-1", msg, "Give the role to an arrest-trained officer of IO grade or above.")
		}
	}
	if len(missing) > 0 {
		f.blocks("CMD-1", "no "+joinAnd(missing)+" named on the roster", "")
	}
	if oic, ok := v.Commander(CommandOIC); ok && v.Basics.OIC != "" && oic.StaffNo != v.Basics.OIC {
		f.warns("CMD-1", fmt.Sprintf("the roster's OIC is %s but the visit names %s (%s)", oic.Label(), v.Basics.OICName, v.Basics.OIC),
			"Edit the visit (e) so its OIC is the one rostered, or change the roster.")
	}
	var none []string
	for _, r := range v.Roster {
		if r.Role == "" && len(r.Command) == 0 {
			none = append(none, r.Label())
		}
	}
	if len(none) > 0 {
		f.blocks("CMD-1", "no role allocated to "+joinAnd(none), "Give every officer a role on the roster tab.")
	}
}

// CMD-2: an arrest role given to an officer whose yearly refresher is over
// a year old warns (Home Office response to ICIBI, 2015, 5.4).
func cmd2(f *findings, v *Visit, _ Config, _ time.Time) {
	if !briefingDue(v) {
		return
	}
	day := DateOf(v.Basics.PlannedStart)
	for _, r := range v.Roster {
		arrest := r.Role == RoleArrest || r.Holds(CommandOIC) || r.Holds(CommandBronze)
		if !arrest {
			continue
		}
		o := Officer{ArrestTrained: r.ArrestTrained, RefresherOn: r.RefresherOn}
		if !r.ArrestTrained && r.Role == RoleArrest {
			f.warns("CMD-2", fmt.Sprintf("%s is on the arrest team but not arrest-trained", r.Label()), "Give them another role, or record their training on their profile.")
		} else if o.RefresherLapsed(day) {
			last := "none recorded"
			if !r.RefresherOn.IsZero() {
				last = "last " + r.RefresherOn.UK()
			}
			f.warns("CMD-2", fmt.Sprintf("%s has an arrest role but their refresher is over a year old (%s)", r.Label(), last), "")
		}
	}
}

// BRF-1: every rostered officer accepts the current version, unless the OIC
// overrode the missing acceptances with a reason; the override is shown
// from then on.
func brf1(f *findings, v *Visit, _ Config, _ time.Time) {
	if !briefingDue(v) || len(v.Roster) == 0 {
		return
	}
	cur, ok := v.Briefing.Current()
	if !ok {
		f.blocks("BRF-1", "the briefing has not been issued to the team", "Press b on the briefing tab to issue the order as it stands.")
		return
	}
	out := v.Outstanding()
	if o, ok := v.Briefing.OverrideFor(cur.N); ok {
		f.warns("BRF-1", fmt.Sprintf("acceptances of version %d overridden by %s at %s: %s (not accepted: %s)",
			cur.N, o.Stamp.ByName, when(o.Stamp.At), o.Reason, strings.Join(o.Names, "; ")), "The override stays on the record; officers may still accept.")
		return
	}
	if len(out) > 0 {
		names := make([]string, len(out))
		for i, r := range out {
			names[i] = r.Label()
		}
		f.blocks("BRF-1", fmt.Sprintf("%s of %d not accepted version %d: %s", plural(len(out), "officer"), len(v.Roster), cur.N, strings.Join(names, ", ")),
			"Each officer signs in as themselves (u on the briefing tab) and accepts (a); or the OIC overrides with a reason (O).")
	}
}

// BRF-2: a change to the order after it was issued voids what was accepted:
// the OIC issues a new version.
func brf2(f *findings, v *Visit, _ Config, _ time.Time) {
	if !briefingDue(v) {
		return
	}
	if cur, ok := v.Briefing.Current(); ok && v.BriefingStale() {
		f.blocks("BRF-2", fmt.Sprintf("the order has changed since version %d was issued; officers have not seen the change", cur.N),
			"Press b on the briefing tab to issue a new version, saying what changed; earlier acceptances are void.")
	}
}

// BRF-3: the verbal briefing on the day is recorded, with the risks
// discussed. It is due once the visit is briefed.
func brf3(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.State != Briefed {
		return
	}
	if v.Briefing.Verbal == nil {
		f.blocks("BRF-3", "no verbal briefing is recorded for the day", "After briefing the team, press v on the briefing tab: the time, the salient risks discussed, and the questions asked.")
	}
}

// BRF-4: the OIC's pre-deployment confirmation, of the current version.
func brf4(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.State != Briefed {
		return
	}
	cur, _ := v.Briefing.Current()
	switch c := v.Briefing.Confirm; {
	case c == nil:
		f.blocks("BRF-4", "the OIC has not confirmed the visit is ready to deploy", "Press c on the briefing tab and confirm each item.")
	case c.Version != cur.N:
		f.blocks("BRF-4", fmt.Sprintf("the confirmation was for version %d; the order is now version %d", c.Version, cur.N), "Confirm again (c) for the new version.")
	}
}

// BRF-5: the questions asked at the briefing, and their answers, or that
// none were asked.
func brf5(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.State != Briefed {
		return
	}
	if vb := v.Briefing.Verbal; vb != nil && len(vb.Questions) == 0 && !vb.NoQuestions {
		f.warns("BRF-5", "the verbal briefing lists no questions and does not say none were asked", "")
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

// INC-1: a critical incident declared and not stood down stands out on every
// screen of the visit and is reported to the duty CIO.
func inc1(f *findings, v *Visit, _ Config, now time.Time) {
	if e, ok := v.ActiveIncident(); ok {
		f.blocks("INC-1", fmt.Sprintf("critical incident declared at %s by %s (%s ago): %s", e.At.Format("15:04"), e.Recorded.ByName, hoursText(now.Sub(e.At)), oneLine(e.Text)),
			"Follow the critical incident procedure with the duty CIO; stand it down on the live tab (!) when it is over.")
	}
}

// joinAnd reads "gold, silver and bronze".
func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
