package domain

import (
	"fmt"
	"strings"
	"time"
)

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
// One recorded on another day, as when the planned start moved after it,
// is not the day's briefing.
func brf3(f *findings, v *Visit, cfg Config, _ time.Time) {
	if v.State != Briefed {
		return
	}
	do := "After briefing the team, press v on the briefing tab: the time, the salient risks discussed, and the questions asked."
	switch vb := v.Briefing.Verbal; {
	case vb == nil:
		f.blocks("BRF-3", "no verbal briefing is recorded for the day", do)
	case v.verbalOffDay(vb.At, cfg) != "":
		f.blocks("BRF-3", v.verbalOffDay(vb.At, cfg), "Brief the team on the day and record it again (v on the briefing tab).")
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
