package domain

import (
	"fmt"
	"strings"
	"time"
)

// REC-1: a recce for every arrest visit: one with named subjects, or one
// planned with a power of entry that exists to arrest (a warrant, an
// Assistant Director's letter). Any other visit is only warned.
func rec1(f *findings, v *Visit, _ Config, _ time.Time) {
	for _, r := range v.Plan.Recces {
		if r.Withdrawn == "" {
			return
		}
	}
	switch {
	case len(v.CheckTargets()) > 1:
		f.blocks("REC-1", "no reconnaissance recorded for an arrest visit (it names subjects)", "")
	case v.Plan.Power.Kind.Arrests():
		f.blocks("REC-1", fmt.Sprintf("no reconnaissance recorded for an arrest visit (planned with %s)", article(string(v.Plan.Power.Kind))), "")
	default:
		f.warns("REC-1", "no reconnaissance recorded", "")
	}
}

// REC-2: imagery older than the configured age at the visit is flagged.
func rec2(f *findings, v *Visit, cfg Config, _ time.Time) {
	src, ok := v.Plan.OldestImagery()
	if !ok || v.Basics.PlannedStart.IsZero() {
		return
	}
	visit := cfg.LocalDate(v.Basics.PlannedStart)
	if addMonths(src.Date, cfg.ImageryMaxMonths()).Before(visit) {
		f.warns("REC-2", fmt.Sprintf("%s: imagery dated %s, %s before the visit (over the %d-month limit); entrances and extensions may have changed",
			src.Source, src.Date.UK(), plural(MonthsBetween(src.Date, visit), "month"), cfg.ImageryMaxMonths()),
			"Do a walk-by or drive-past, or find newer imagery.")
	}
}

// addMonths adds n calendar months as AddCalendarMonth adds one.
func addMonths(d Date, n int) Date {
	for range n {
		d = AddCalendarMonth(d)
	}
	return d
}

// MonthsBetween counts whole calendar months from a to b.
func MonthsBetween(a, b Date) int {
	m := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if b.Day < a.Day {
		m--
	}
	return m
}

// REC-3: the recce records occupants, entrances and exits, layout and
// geography.
func rec3(f *findings, v *Visit, _ Config, _ time.Time) {
	for _, r := range v.Plan.Recces {
		if r.Withdrawn != "" {
			continue
		}
		var missing []string
		for _, p := range []struct{ name, v string }{{"occupants", r.Occupants}, {"entrances and exits", r.Entrances}, {"layout", r.Layout}, {"geographic factors", r.Geography}} {
			if p.v == "" {
				missing = append(missing, p.name)
			}
		}
		if len(missing) > 0 {
			f.warns("REC-3", fmt.Sprintf("recce %s does not record: %s", r.ID, strings.Join(missing, ", ")), "")
		}
	}
}

// REC-4: a physical recce records the RIPA consideration; a covert one,
// or one likely to obtain private information, needs the RIPA
// authorisation's reference: without it the recce is unlawful (ICIBI 5.21),
// and no reason for having none will do.
func rec4(f *findings, v *Visit, _ Config, _ time.Time) {
	for _, r := range v.Plan.Recces {
		if r.Withdrawn != "" || !r.Kind.Physical() {
			continue
		}
		switch {
		case r.RIPA.Covert == "" || r.RIPA.PrivateInfo == "" || r.RIPA.AuthRef == "" && r.RIPA.NoAuthWhy == "":
			f.blocks("REC-4", fmt.Sprintf("%s recce %s has no RIPA consideration recorded", r.Kind, r.ID), "")
		case r.RIPA.NeedsAuthorisation() && r.RIPA.AuthRef == "":
			f.blocks("REC-4", fmt.Sprintf("%s recce %s was %s with no RIPA authorisation reference", r.Kind, r.ID, r.RIPA.why()),
				"Record the RIPA authorisation's reference on the recce; if there was none, withdraw the recce (w) and do not rely on it.")
		}
	}
}
