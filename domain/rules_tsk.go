package domain

import (
	"fmt"
	"strings"
	"time"
)

func day(t time.Time) string { return t.Format("02/01/2006") }

// TSK-1: the tasking decision is recorded and adopted.
func tsk1(f *findings, v *Visit, _ Config, _ time.Time) {
	switch v.Basics.Tasking.Decision {
	case Pending:
		f.blocks("TSK-1", "no tasking decision is recorded", "")
	case NotAdopted:
		f.blocks("TSK-1", "the tasking decision was not to adopt this visit", "If it was reversed, record the new decision; otherwise cancel the visit with the reason.")
	}
}

// TSK-2: intelligence and checks older than the configured ages at the visit.
func tsk2(f *findings, v *Visit, cfg Config, now time.Time) {
	start := v.Basics.PlannedStart
	if start.IsZero() {
		return
	}
	loc := cfg.Location()
	if rec := v.Basics.Intel.Received; !rec.IsZero() {
		// Whole days between the dates: intelligence is dated, not timed.
		days := int(cfg.LocalDate(start).In(time.UTC).Sub(rec.In(time.UTC)).Hours() / 24)
		if days > int(cfg.IntelMaxAge().Hours()/24) {
			f.warns("TSK-2", fmt.Sprintf("intelligence %s was received %s, %d days before the visit; it may be out of date",
				v.Basics.Intel.Ref, rec.UK(), days), "Re-confirm the intelligence (a fresh check or source contact) before deploying.")
		}
	}
	for _, t := range v.CheckTargets() {
		var stale []string
		for _, sys := range mandatoryFor(t) {
			if c, ok := v.Plan.LatestCheck(t, sys); ok && start.Sub(c.DoneAt) > cfg.CheckMaxAge() {
				stale = append(stale, fmt.Sprintf("%s (%s)", sys, day(c.DoneAt.In(loc))))
			}
		}
		if len(stale) > 0 {
			f.warns("TSK-2", fmt.Sprintf("%s: %s over %d days old at the visit", v.TargetLabel(t), strings.Join(stale, ", "), int(cfg.CheckMaxAge().Hours()/24)),
				"Re-run the stale checks and record the new results.")
		}
	}
}
