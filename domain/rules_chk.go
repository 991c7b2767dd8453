package domain

import (
	"fmt"
	"strings"
	"time"
)

// CHK-1: every mandatory check of every subject and the address, none dated
// after the visit.
func chk1(f *findings, v *Visit, cfg Config, _ time.Time) {
	for _, t := range v.CheckTargets() {
		var missing []string
		for _, sys := range mandatoryFor(t) {
			if _, ok := v.Plan.LatestCheck(t, sys); !ok {
				missing = append(missing, string(sys))
			}
		}
		if len(missing) > 0 {
			f.blocks("CHK-1", fmt.Sprintf("%s: no %s check recorded", v.TargetLabel(t), strings.Join(missing, ", ")), "")
		}
	}
	start := v.Basics.PlannedStart
	for _, c := range v.Plan.Checks {
		if c.Withdrawn == "" && !start.IsZero() && c.DoneAt.After(start) {
			f.blocks("CHK-1", fmt.Sprintf("check %s (%s of %s) is dated %s, after the visit's planned start", c.ID, c.System, v.TargetLabel(c.Target), when(c.DoneAt.In(cfg.Location()))),
				"Withdraw the check if its date is wrong, or correct the planned start.")
		}
	}
}

// CHK-2: a final status check within the window before the visit, for each
// subject, or the address when nobody is named.
func chk2(f *findings, v *Visit, cfg Config, now time.Time) {
	start := v.Basics.PlannedStart
	if start.IsZero() {
		return
	}
	loc := cfg.Location()
	win := cfg.FinalCheckWindow()
	from := start.Add(-win)
	hours := int(win.Hours())
	targets := v.CheckTargets()
	if len(targets) > 1 {
		targets = targets[:len(targets)-1] // subjects only
	}
	for _, t := range targets {
		c, ok := v.Plan.LatestCheck(t, SysFinalStatus)
		if ok && !c.DoneAt.Before(from) && !c.DoneAt.After(start) {
			continue
		}
		who := v.TargetLabel(t)
		var msg string
		if ok && c.DoneAt.Before(from) {
			msg = fmt.Sprintf("%s: final status check made %s, %s before the visit; it must be within %d hours", who,
				when(c.DoneAt.In(loc)), hoursText(start.Sub(c.DoneAt)), hours)
		} else {
			msg = fmt.Sprintf("%s: no final status check within %d hours before the visit", who, hours)
		}
		if now.Before(from) {
			f.warns("CHK-2", fmt.Sprintf("%s; due between %s and %s", msg, when(from.In(loc)), when(start.In(loc))), "")
		} else {
			f.blocks("CHK-2", msg, "")
		}
	}
}
