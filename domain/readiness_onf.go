package domain

import (
	"fmt"
	"strings"
	"time"
)

// The police notification and reconnaissance rules (ONF-1 to ONF-6, REC-1 to
// REC-4), one small function each, in catalogue order.
var onfRules = []rule{onf1to5, onf6, onf7, rec1, rec2, rec3, rec4}

// ONFFindings lists the police notification and reconnaissance findings
// alone, blocking first: the part of Readiness the demo checks at a
// visit's deployment.
func (cfg Config) ONFFindings(v *Visit, now time.Time) []Finding { return cfg.run(onfRules, v, now) }

// onf1to5 speaks for the ONF's derived status: each status is one rule's
// finding, so the officer reads one line about the ONF, not five.
func onf1to5(f *findings, v *Visit, _ Config, now time.Time) {
	start := v.Basics.PlannedStart
	if start.IsZero() {
		return
	}
	o := v.Plan.ONF
	s := o.Status(start, now)
	loc := start.Location()
	switch s.State {
	case ONFNotSent:
		msg := fmt.Sprintf("no ONF sent to the police; send it by %s (3 days before the visit)", when(s.SendBy.In(loc)))
		if now.After(s.SendBy) {
			f.blocks("ONF-1", "no ONF sent to the police, and it is now under 3 days to the visit",
				"Send the ONF now and phone the police intelligence unit before deploying (ONF-3).")
		} else {
			f.warns("ONF-1", msg, "")
		}
	case ONFSentLate:
		f.blocks("ONF-2", fmt.Sprintf("ONF sent late, %s, under 3 days before the visit; not back yet (due %s)", when(o.SentAt.In(loc)), when(s.DueBack.In(loc))),
			"The visit may go ahead only when the ONF is back, or after a phone check with the police intelligence unit (ONF-3).")
	case ONFAwaiting:
		f.warns("ONF-3", fmt.Sprintf("awaiting the ONF from %s; due back %s", forceName(o), when(s.DueBack.In(loc))), "Chase the police if it is not back by then; after that a phone check is needed.")
	case ONFOverdue:
		f.blocks("ONF-3", fmt.Sprintf("ONF not back: it was due %s (72 hours after sending)", when(s.DueBack.In(loc))), "")
	case ONFPhoneCheck:
		why := "not back in time"
		switch {
		case !o.ReturnedAt.IsZero():
			why = "returned unusable"
		case s.Late:
			why = "sent late"
		}
		f.warns("ONF-3", fmt.Sprintf("ONF %s; going ahead on a phone check at %s with %s", why, when(o.Phone.At.In(loc)), o.Phone.Contact),
			"Keep chasing the returned ONF; record it when it arrives.")
	case ONFUnsigned:
		f.blocks("ONF-4", "ONF returned unsigned by the police", "")
	case ONFIncomplete:
		f.blocks("ONF-4", "ONF returned incomplete: "+strings.Join(o.Incomplete, ", ")+" not filled in", "")
	case ONFExpired:
		f.blocks("ONF-5", fmt.Sprintf("ONF expired: returned %s, valid to %s, the visit is %s", o.ReturnedAt.In(loc).Format("02/01/2006"), s.ValidTill.UK(), start.Format("02/01/2006")),
			"Send a new ONF for the new date.")
	}
}

func forceName(o ONF) string {
	if o.Force == "" {
		return "the police"
	}
	return o.Force
}

// ONF-6: warning markers and tensions from the ONF feed the risk rating; a
// rating set before they arrived may not reflect them.
func onf6(f *findings, v *Visit, _ Config, _ time.Time) {
	o, e := v.Plan.ONF, v.Plan.EPA
	if o.Markers == "" && o.Tensions == "" {
		return
	}
	arrived := o.ReturnedAt
	if arrived.IsZero() && o.Phone != nil {
		arrived = o.Phone.At
	}
	if e.Recorded() && !arrived.IsZero() && e.Stamp.At.Before(arrived) {
		f.warns("ONF-6", fmt.Sprintf("the risk rating (%s) was set before the ONF's warning markers or tensions arrived", e.Rating),
			"Review the EPA: record the markers as risks with mitigations, and change the rating if needed.")
	}
}

// ONF-7: after the visit, the outcome is fed back to the force that had
// the ONF.
func onf7(f *findings, v *Visit, _ Config, _ time.Time) {
	o := v.Plan.ONF
	switch v.State {
	case Closed, FollowUp, Assured:
	default:
		return
	}
	if !o.Met && !o.SentAt.IsZero() && o.FeedbackAt.IsZero() {
		f.warns("ONF-7", fmt.Sprintf("no feedback report to %s recorded since the visit", forceName(o)), "")
	}
}

// REC-1: a recce for every arrest visit: one with named subjects.
func rec1(f *findings, v *Visit, _ Config, _ time.Time) {
	for _, r := range v.Plan.Recces {
		if r.Withdrawn == "" {
			return
		}
	}
	named := len(v.CheckTargets()) > 1
	if named {
		f.blocks("REC-1", "no reconnaissance recorded for an arrest visit", "")
	} else {
		f.warns("REC-1", "no reconnaissance recorded", "")
	}
}

// REC-2: imagery older than the configured age at the visit is flagged.
func rec2(f *findings, v *Visit, cfg Config, _ time.Time) {
	src, ok := v.Plan.OldestImagery()
	if !ok || v.Basics.PlannedStart.IsZero() {
		return
	}
	visit := DateOf(v.Basics.PlannedStart)
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

// REC-4: a physical recce records the RIPA consideration.
func rec4(f *findings, v *Visit, _ Config, _ time.Time) {
	for _, r := range v.Plan.Recces {
		if r.Withdrawn == "" && r.Kind.Physical() && (r.RIPA.Covert == "" || r.RIPA.PrivateInfo == "" || r.RIPA.AuthRef == "" && r.RIPA.NoAuthWhy == "") {
			f.blocks("REC-4", fmt.Sprintf("%s recce %s has no RIPA consideration recorded", r.Kind, r.ID), "")
		}
	}
}
