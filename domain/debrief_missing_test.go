package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// sameMissing fails unless what is missing from v's debrief, worked out
// alone (debriefSections without facts: DBF-1, DebriefMissing and the
// measures), is what the whole debrief says, section by section.
func sameMissing(t *testing.T, what string, v *Visit) {
	t.Helper()
	full, bare := v.DebriefSections(), v.debriefSections(false)
	if len(full) != len(bare) {
		t.Fatalf("%s: %d sections, %d worked out alone", what, len(full), len(bare))
	}
	var names []string
	for i, f := range full {
		b := bare[i]
		if b.ID != f.ID || b.Title != f.Title || b.Rule != f.Rule || !slices.Equal(b.Missing, f.Missing) {
			t.Errorf("%s: section %s:\n whole %+v\n alone %+v", what, f.ID, f, b)
		}
		if len(b.Facts)+len(b.Recorded) > 0 {
			t.Errorf("%s: section %s worked out alone rendered its facts", what, f.ID)
		}
		if !f.Complete() {
			names = append(names, f.Title)
		}
		// The two sections whose rule was once read off what they show:
		// nothing shown for safeguarding, nothing recorded from the team.
		switch f.ID {
		case SecSafeguarding:
			none := slices.Contains(f.Missing, "no safeguarding step or referral is recorded: record them on the live tab, or confirm none was needed")
			if none != (len(f.Facts) == 0 && !v.Debrief.NoSafeguarding) {
				t.Errorf("%s: safeguarding %+v", what, f)
			}
		case SecTeam:
			nobody := slices.Contains(f.Missing, "nobody's arrival is recorded, so nobody's feedback can be asked for")
			asked := slices.ContainsFunc(f.Missing, func(m string) bool { return strings.HasPrefix(m, "no feedback from ") })
			if nobody != (len(f.Recorded) == 0 && !asked) {
				t.Errorf("%s: team feedback %+v", what, f)
			}
		}
	}
	if got := v.DebriefMissing(); len(got) != len(names) {
		t.Errorf("%s: DebriefMissing %q, the sections miss %q", what, got, names)
	}
}

// What is missing, worked out without rendering the facts, at every step
// of a debrief written section by section, and on the records that make
// a section's facts: no arrival, an incident still open, a corrected
// entry, safeguarding steps and referrals, follow-ups.
func TestDebriefMissingWithoutFacts(t *testing.T) {
	sameMissing(t, "deployed, nothing recorded", deployed(t))

	v := afterVisit(t)
	sameMissing(t, "after the visit", v)
	for _, id := range SectionIDs {
		if in, ok := fullDebrief[id]; ok {
			if _, err := v.SetDebriefSection(id, in, cio, debriefAt); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			sameMissing(t, "written up to "+string(id), v)
		}
	}
	for _, o := range []Officer{cio, arrestIO, driverIO} {
		if _, err := v.SetTeamFeedback(o.StaffNo, map[string]string{FieldDbfWentWell: "rear cover in place early", FieldDbfImprove: "bring a second van"}, cio, debriefAt); err != nil {
			t.Fatalf("feedback %s: %v", o.StaffNo, err)
		}
		sameMissing(t, "feedback from "+string(o.StaffNo), v)
	}
	if m := v.DebriefMissing(); len(m) != 0 {
		t.Fatalf("the whole debrief written, still missing %q", m)
	}
	if _, err := v.Close(DefaultConfig(), cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	v.Debrief.NoSafeguarding = false
	sameMissing(t, "closed, safeguarding not confirmed", v)
	if _, err := v.RecordFollowUp("safeguarding referral", "Referred to the local authority for housing", cio, debriefAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	sameMissing(t, "a follow-up", v)

	// Safeguarding: none confirmed is taken back, so the section rests on
	// the entries alone.
	v = afterVisit(t)
	debriefAll(t, v)
	v.Debrief.NoSafeguarding = false
	sameMissing(t, "safeguarding not confirmed, nothing recorded", v)
	sg := record(t, v, EntrySafeguarding, EntryInput{Subtype: "vulnerability identified"}, cio, start.Add(30*time.Minute))
	sameMissing(t, "a safeguarding step", v)
	if _, err := v.Record(TimelineEntry{Kind: EntrySafeguarding, Corrects: sg.Seq, Void: true, Reason: "recorded on the wrong visit"}, cio, start.Add(31*time.Minute)); err != nil {
		t.Fatal(err)
	}
	sameMissing(t, "the safeguarding step voided", v)
	record(t, v, EntryReferral, EntryInput{Subtype: "HMRC"}, cio, start.Add(32*time.Minute))
	sameMissing(t, "a referral", v)

	// The entry voided; an incident declared and left open; an arrival
	// with nobody departed.
	v = afterVisit(t)
	debriefAll(t, v)
	if _, err := v.Record(TimelineEntry{Kind: EntryEntry, Corrects: 2, Void: true, Reason: "entered by the wrong door"}, cio, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sameMissing(t, "the entry voided", v)
	record(t, v, EntryIncident, EntryInput{Text: "Officer injured in a fall on the rear stairs"}, cio, start.Add(30*time.Minute))
	sameMissing(t, "an incident open", v)

	v = deployed(t)
	record(t, v, EntryArrival, EntryInput{Officers: "CIO001 IO0043"}, cio, start.Add(5*time.Minute))
	sameMissing(t, "on site", v)
	record(t, v, EntryDeparture, EntryInput{Officers: "IO0043", At: "07:00"}, cio, start.Add(70*time.Minute))
	sameMissing(t, "one departed", v)
}
