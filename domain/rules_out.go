package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// OUT-1: every person found working illegally is covered by exactly one
// decision on the employer (a civil penalty referral notice or a no
// action notice), and no decision covers someone who was not. A worker
// without a decision warns while the visit runs, so the OIC is reminded
// on site and while writing the debrief (the notice may be sent once the
// employer's excuse is settled); it blocks closing (ClosingFindings): the
// live record is final once closed, and a notice missing from it is
// missing from every count central records make. A decision that covers
// someone cleared, voided or covered twice (after a correction) always
// blocks: it would be counted wrongly.
func out1(f *findings, v *Visit, _ Config, _ time.Time) {
	if v.State != Deployed {
		return
	}
	out1Check(f, v, false)
}

// out1Check adds OUT-1's findings; closing makes a worker without a
// decision block.
func out1Check(f *findings, v *Visit, closing bool) {
	eff := v.Effective()
	covered := map[int][]int{} // worker -> decisions covering them
	for _, e := range entriesOf(eff, EntryDecision) {
		if e.Decision == nil {
			continue
		}
		var wrong []string
		for _, w := range e.Decision.Workers {
			covered[w] = append(covered[w], e.Seq)
			enc, ok := encounterBySeq(eff, w)
			switch {
			case !ok:
				wrong = append(wrong, fmt.Sprintf("#%d is no longer a person met", w))
			case !enc.Person.IllegalWorker():
				wrong = append(wrong, fmt.Sprintf("%s is %s", personLabel(enc), enc.Person.Outcome))
			}
		}
		if len(wrong) > 0 {
			f.blocks("OUT-1", fmt.Sprintf("the %s of #%d covers %s, more than were found working illegally: %s", e.Decision.Notice, e.Seq,
				counted(e.Decision.Covers(), "worker", "workers"), joinAnd(wrong)),
				fmt.Sprintf("Correct #%d on the live tab so it covers only the people found working illegally.", e.Seq))
		}
	}
	sanctionsAgree(f, v, eff, closing)
	var missing []string
	for _, e := range entriesOf(eff, EntryEncounter) {
		if !e.Person.IllegalWorker() {
			continue
		}
		switch ds := covered[e.Seq]; {
		case len(ds) == 0:
			missing = append(missing, personLabel(e))
		case len(ds) > 1:
			f.blocks("OUT-1", fmt.Sprintf("%s is covered by %d decisions (%s): one decision per worker", personLabel(e), len(ds), entryList(ds)),
				"Correct all but one of them on the live tab.")
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("%s found working illegally without a decision on the employer: %s", counted(len(missing), "person", "people"), someOf(missing))
	if closing {
		f.blocks("OUT-1", msg, "")
	} else {
		f.warns("OUT-1", msg, "")
	}
}

// sanctionsAgree: the sanctions the debrief chooses agree with the
// live record, whose notices are the ones counted: "none" while a
// sanction is on record, or a notice chosen that no entry records, says
// otherwise than the record. It warns while the visit runs and blocks
// closing, as the rest of OUT-1 does. A visit closed before employer
// decisions were recorded, whose debrief alone named its notices, is
// held to the gates it met (closingGates), not to this.
func sanctionsAgree(f *findings, v *Visit, eff []TimelineEntry, closing bool) {
	chosen := v.Debrief.Sanctions
	if len(chosen) == 0 {
		return
	}
	sanctioned := 0
	served := map[Notice]int{}
	for _, e := range eff {
		if kind, ok := sanctionOf(e); ok {
			sanctioned++
			served[Notice(kind)]++
		}
	}
	add := f.warns
	if closing {
		add = f.blocks
	}
	if sanctioned > 0 && slices.Contains(chosen, SanctionNone) {
		add("OUT-1", fmt.Sprintf("the debrief's sanctions say \"none\", but the live record holds %s", counted(sanctioned, "sanction", "sanctions")),
			"Choose on the debrief tab what was served.")
	}
	for _, n := range Notices {
		if slices.Contains(chosen, string(n)) && served[n] == 0 {
			add("OUT-1", fmt.Sprintf("the debrief's sanctions name a %s, but the live record holds none", n),
				"Record the employer decision on the live tab, or take it off the debrief's sanctions.")
		}
	}
}

// sanctionOf is the sanction the live entry e puts on record, if any:
// an employer decision's notice (OUT-1), or a referral of a sanction's
// kind (an older record's notice, a licensing referral, a closure
// notice). The debrief's sanctions section and OUT-1 count the same.
func sanctionOf(e TimelineEntry) (kind string, ok bool) {
	switch {
	case e.Kind == EntryDecision:
		if e.Decision != nil {
			kind = string(e.Decision.Notice)
		}
		return kind, true
	case e.Kind == EntryReferral && slices.Contains(SanctionKinds, e.Subtype):
		return e.Subtype, true
	}
	return "", false
}

// someOf names the first three and counts the rest: "#3 A, #5 B, #7 C
// and 4 more", so a finding stays a few lines on a busy visit.
func someOf(s []string) string {
	if len(s) <= 3 {
		return joinAnd(s)
	}
	return fmt.Sprintf("%s and %d more", strings.Join(s[:3], ", "), len(s)-3)
}

// entryList reads "#3, #5".
func entryList(seqs []int) string {
	s := ""
	for i, n := range seqs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("#%d", n)
	}
	return s
}

// CUS-1: each arrest records its custody suite, when they were booked in
// and whether an interpreter was needed. Asked once the team has left
// (the booking comes after the arrest), and only as a warning: someone
// arrested may be de-arrested, or taken straight to immigration
// detention, and the OIC says so in a note; the warning stays for
// assurance to weigh, once the visit is closed too. A booking the record
// now shows as before its arrest (after a correction) warns too.
func cus1(f *findings, v *Visit, _ Config, _ time.Time) {
	if !debriefDue(v) && !v.closedRecord() {
		return
	}
	eff := v.Effective()
	booked := map[int]TimelineEntry{}
	for _, e := range entriesOf(eff, EntryCustody) {
		if e.Custody != nil {
			booked[e.Custody.Person] = e
		}
	}
	var none []string
	for _, e := range entriesOf(eff, EntryEncounter) {
		if e.Person.Outcome != OutcomeArrested {
			continue
		}
		b, ok := booked[e.Seq]
		switch {
		case !ok:
			none = append(none, personLabel(e))
		case b.At.Before(e.At):
			f.warns("CUS-1", fmt.Sprintf("%s is booked in at %s (#%d), before the arrest at %s", personLabel(e), b.At.Format("15:04"), b.Seq, e.At.Format("15:04")),
				fmt.Sprintf("Correct the time of #%d or of #%d on the live tab.", b.Seq, e.Seq))
		}
	}
	if len(none) > 0 {
		f.warns("CUS-1", fmt.Sprintf("no custody recorded for %s arrested: %s", counted(len(none), "person", "people"), someOf(none)), "")
	}
}

// IllegalWorkers are the effective encounters of people found working
// illegally, for forms that pick from them.
func (v *Visit) IllegalWorkers() []TimelineEntry {
	return slices.DeleteFunc(entriesOf(v.Effective(), EntryEncounter), func(e TimelineEntry) bool { return !e.Person.IllegalWorker() })
}

// Arrests are the effective encounters of people arrested or detained,
// for the custody form to pick from.
func (v *Visit) Arrests() []TimelineEntry {
	return slices.DeleteFunc(entriesOf(v.Effective(), EntryEncounter), func(e TimelineEntry) bool {
		return e.Person == nil || (e.Person.Outcome != OutcomeArrested && e.Person.Outcome != OutcomeDetained)
	})
}
