package domain

import (
	"fmt"
	"strings"
	"time"
)

// debriefDue is when the debrief is asked for: the visit is deployed and
// either over (arrivals recorded and everyone departed) or the OIC has
// started writing it.
func debriefDue(v *Visit) bool {
	if v.State != Deployed {
		return false
	}
	if !v.Debrief.Updated.At.IsZero() {
		return true
	}
	last, on := v.lastDeparture()
	return !last.IsZero() && on == 0
}

// DBF-1: the debrief is complete, section by section.
func dbf1(f *findings, v *Visit, _ Config, _ time.Time) {
	if debriefDue(v) {
		dbf1Check(f, v)
	}
}

func dbf1Check(f *findings, v *Visit) {
	var missing []string
	var dbf4 bool
	secs := v.debriefSections(false)
	for _, s := range secs {
		if s.Complete() {
			continue
		}
		missing = append(missing, strings.ToLower(s.Title))
		dbf4 = dbf4 || s.Rule == "DBF-4"
	}
	if len(missing) == 0 {
		return
	}
	f.blocks("DBF-1", fmt.Sprintf("debrief incomplete: %d of %d sections: %s", len(missing), len(secs), joinAnd(missing)),
		"Open the debrief tab: each section says what it still needs.")
	if dbf4 {
		f.blocks("DBF-4", "the process problems met are not recorded (or none)", "On the debrief tab, list the problems met, or none.")
	}
}

// DBF-2: every officer departed before closing. While the visit runs it is
// only asked once the debrief is started, or half a day after the start.
func dbf2(f *findings, v *Visit, _ Config, now time.Time) {
	if v.State != Deployed {
		return
	}
	if v.Debrief.Updated.At.IsZero() && now.Before(v.Basics.PlannedStart.Add(12*time.Hour)) {
		return
	}
	dbf2Check(f, v)
}

func dbf2Check(f *findings, v *Visit) {
	var on []string
	for _, p := range v.Presence(time.Time{}) {
		if p.OnSite {
			on = append(on, p.Officer.Label())
		}
	}
	if len(on) > 0 {
		f.blocks("DBF-2", fmt.Sprintf("%s still on site: %s", counted(len(on), "officer is", "officers are"), joinAnd(on)),
			"Record each departure on the live tab (d) before closing.")
	}
}

// DBF-3: closed within 48 hours of the visit, counted from the last
// departure; overdue is a finding, and so is a closure that came late. A
// stand-down typed long after the last departure is asked about: it does
// not move the clock.
func dbf3(f *findings, v *Visit, cfg Config, now time.Time) {
	if sd := v.Debrief.StandDown; !sd.IsZero() {
		if last, on := v.lastDeparture(); !last.IsZero() && on == 0 && sd.Sub(last) > StandDownSlack {
			f.warns("DBF-3", fmt.Sprintf("stand-down recorded as %s, %s after the last departure (%s); the 48-hour clock runs from the last departure",
				when(sd.In(cfg.Location())), hoursText(sd.Sub(last)), when(last.In(cfg.Location()))),
				"Check the stand-down time in the debrief (the day as well as the hour).")
		}
	}
	due := v.CloseBy(cfg)
	switch {
	case v.State == Deployed && now.After(due):
		f.warns("DBF-3", fmt.Sprintf("closure overdue by %s: the visit was to be closed by %s", hoursText(now.Sub(due)), when(due)), "")
	case v.closedRecord():
		if at, ok := v.ClosedAt(); ok && at.After(due) {
			f.warns("DBF-3", fmt.Sprintf("closed %s late, at %s (due by %s)", hoursText(at.Sub(due)), when(at), when(due)), "Nothing to do now; it counts in the time-to-closure measure.")
		}
	}
}
