package domain

import (
	"fmt"
	"strings"
	"time"
)

// onf1to5 speaks for the ONF's derived status: each status is one rule's
// finding, so the officer reads one line about the ONF, not five.
func onf1to5(f *findings, v *Visit, cfg Config, now time.Time) {
	start := v.Basics.PlannedStart
	if start.IsZero() {
		return
	}
	o := v.Plan.ONF
	loc := cfg.Location()
	s := o.Status(start, now, loc)
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
		f.blocks("ONF-5", fmt.Sprintf("ONF expired: returned %s, valid to %s, the visit is %s", o.ReturnedAt.In(loc).Format("02/01/2006"), s.ValidTill.UK(), start.In(loc).Format("02/01/2006")),
			"Send a new ONF for the new date.")
	}
	// ONF-2: a late sending stays a finding once the form is back or a
	// phone check made, so it is seen and counted (MOE-1's ONF
	// timeliness); only while it is not back does it block, above.
	if s.Late && s.State != ONFSentLate {
		f.warns("ONF-2", fmt.Sprintf("ONF sent late: %s, %s before the visit, under the 3 days ONF-2 asks", when(o.SentAt.In(loc)), hoursText(start.Sub(o.SentAt))),
			"Nothing to undo: the lateness stays on the record and counts in the ONF timeliness measure. Send the next ONF 3 days before.")
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
