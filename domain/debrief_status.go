package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// DebriefSection is one section of the debrief as it stands: the facts the
// visit's record already holds (filled in, not typed again), what the OIC
// has added, and what still keeps it from being complete, each in words an
// officer can act on. A section is complete when nothing is missing.
type DebriefSection struct {
	ID       SectionID `json:"id"`
	Title    string    `json:"title"`
	Rule     string    `json:"rule"`               // DBF-1, or DBF-4 for process problems
	Facts    []string  `json:"facts,omitempty"`    // from the record
	Recorded []string  `json:"recorded,omitempty"` // what the OIC wrote, "label: value"
	Missing  []string  `json:"missing,omitempty"`
}

// Complete reports whether nothing is missing from the section.
func (s DebriefSection) Complete() bool { return len(s.Missing) == 0 }

// Minimum lengths, in characters, of the sections people write: long
// enough that "n/a" or "fine" does not pass for a note (ICIBI 7.4).
const (
	minNote    = 10 // a reason or a comment
	minPremise = 20 // notes for the next team at the premises
)

func longEnough(s string, n int) bool { return utf8.RuneCountInString(strings.TrimSpace(s)) >= n }

// DebriefSections is the debrief, section by section, in the order of the
// template (DBF-1, DBF-4; ICIBI figure 7). Times are in the location of
// the times stored.
func (v *Visit) DebriefSections() []DebriefSection { return v.debriefSections(true) }

// debriefSections fills every section; without facts it leaves out the
// facts and what was recorded and works out only what is missing, which
// is all DBF-1, DebriefMissing and the measures ask: rendering every
// fact of the record was most of their cost, on every save and every
// closed visit counted (BENCHMARKS.md, issue 15's demo). What is missing
// is worked out by the same code either way.
func (v *Visit) debriefSections(facts bool) []DebriefSection {
	eff := v.Effective()
	ids := sectionIDs(eff)
	out := make([]DebriefSection, 0, len(ids))
	// Presence without a time: who arrived and departed when, as the
	// resources, the team's feedback and the stand-down each need.
	pres := presence(v.Roster, eff, time.Time{})
	for _, id := range ids {
		s := DebriefSection{ID: id, Title: id.Title(), Rule: "DBF-1"}
		v.fillSection(&s, eff, pres, facts)
		out = append(out, s)
	}
	return out
}

// DebriefMissing names the incomplete sections, for messages.
func (v *Visit) DebriefMissing() []string {
	var out []string
	for _, s := range v.debriefSections(false) {
		if !s.Complete() {
			out = append(out, strings.ToLower(s.Title[:1])+s.Title[1:])
		}
	}
	return out
}

// entriesOf returns the effective entries of kind k.
func entriesOf(eff []TimelineEntry, k EntryKind) []TimelineEntry {
	var out []TimelineEntry
	for _, e := range eff {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// fillSection fills section s from the effective timeline eff and the
// officers' presence pres. Without facts, only Missing is filled: every
// condition below that decides what is missing reads the record, never
// the facts or what was recorded.
func (v *Visit) fillSection(s *DebriefSection, eff []TimelineEntry, pres []Presence, facts bool) {
	d := v.Debrief
	rec := func(label, val string) {
		if facts && strings.TrimSpace(val) != "" {
			s.Recorded = append(s.Recorded, label+": "+val)
		}
	}
	miss := func(format string, a ...any) { s.Missing = append(s.Missing, fmt.Sprintf(format, a...)) }
	switch s.ID {
	case SecResources:
		arrived := 0
		for _, p := range pres {
			if p.Arrived.IsZero() {
				if !facts {
					continue
				}
				if p.Officer.OnSite() {
					s.Facts = append(s.Facts, p.Officer.Label()+", "+p.Officer.Roles()+": did not arrive")
				} else {
					s.Facts = append(s.Facts, p.Officer.Label()+", "+p.Officer.Roles())
				}
				continue
			}
			arrived++
			if !facts {
				continue
			}
			line := fmt.Sprintf("%s, %s: arrived %s", p.Officer.Label(), p.Officer.Roles(), p.Arrived.Format("15:04"))
			if !p.Departed.IsZero() {
				line += ", departed " + p.Departed.Format("15:04")
			}
			s.Facts = append(s.Facts, line)
		}
		if facts {
			s.Facts = append(s.Facts, v.agencyFacts()...)
		}
		rec("PPE", d.PPE)
		if arrived == 0 {
			miss("no officer's arrival is recorded on the live tab")
		}
		if strings.TrimSpace(d.PPE) == "" {
			miss("say what protective equipment the team wore (e.g. full PPE, stab vests)")
		}
	case SecEntry:
		entered := false
		for _, e := range eff {
			if e.Kind != EntryEntry {
				continue
			}
			entered = true
			if facts {
				s.Facts = append(s.Facts, e.At.Format("15:04")+" "+e.Summary())
			}
		}
		if facts {
			if pl := v.Plan.Power.Kind; pl != "" {
				s.Facts = append(s.Facts, "Planned: "+PowerHint(pl))
			}
			// What was seized, with its exhibit and sealed bag (PWR-3).
			for _, e := range entriesOf(eff, EntrySeizure) {
				s.Facts = append(s.Facts, e.At.Format("15:04")+" seized: "+e.Summary()+" (recorded by "+e.Recorded.ByName+")")
			}
		}
		rec("No entry because", d.NoEntry)
		if !entered && !longEnough(d.NoEntry, minNote) {
			miss("no entry is recorded: record it on the live tab, or say why entry was not made (e.g. consent refused)")
		}
	case SecSubjects:
		live := 0
		for _, sub := range v.Subjects {
			if sub.Withdrawn != "" {
				continue
			}
			live++
			m, met := matchEncounter(sub, eff)
			if facts {
				line := sub.ID + " " + sub.Name
				if met {
					line += ": encountered at " + m.At.Format("15:04") + ", " + string(m.Person.Outcome)
				}
				s.Facts = append(s.Facts, line)
			}
			i := slices.IndexFunc(d.Subjects, func(r SubjectResult) bool { return r.ID == sub.ID })
			switch {
			case i >= 0 && d.Subjects[i].Result != "":
				r := d.Subjects[i]
				rec(sub.ID, strings.TrimSpace(r.Result+"; "+r.Note))
				if r.Result == "encountered" && !met {
					miss("%s is said to be encountered but no encounter names them: record it on the live tab or correct the result", sub.ID)
				}
			default:
				if !met {
					miss("say what became of %s %s (not present, no longer at the address, not identified)", sub.ID, sub.Name)
				}
			}
		}
		if live == 0 && facts {
			s.Facts = append(s.Facts, "no named subjects")
		}
	case SecEncounters:
		encs := 0
		var counts map[Outcome]int
		if facts {
			counts = map[Outcome]int{}
		}
		unknownExcuse := 0
		for _, e := range eff {
			if e.Kind != EntryEncounter {
				continue
			}
			encs++
			if e.Person == nil {
				continue
			}
			if e.Person.Outcome != OutcomeCleared && e.Person.Excuse == ExcuseUnknown {
				unknownExcuse++
			}
			if facts {
				counts[e.Person.Outcome]++
				s.Facts = append(s.Facts, e.At.Format("15:04")+" "+e.Summary())
			}
		}
		if facts {
			if encs > 0 {
				var parts []string
				for _, o := range Outcomes {
					if counts[o] > 0 {
						parts = append(parts, fmt.Sprintf("%d %s", counts[o], o))
					}
				}
				s.Facts = append([]string{fmt.Sprintf("%d encountered: %s", encs, strings.Join(parts, ", "))}, s.Facts...)
			}
			s.Facts = append(s.Facts, v.examinedFacts(eff)...)
		}
		rec("Others seen", d.OthersSeen)
		if encs == 0 && !longEnough(d.OthersSeen, minNote) {
			miss("nobody encountered is recorded: record each person on the live tab, or say who was seen and why nobody was spoken to")
		}
		if unknownExcuse > 0 {
			miss("the employer's statutory excuse is still \"not yet known\" for %s: correct the encounter once it is known", counted(unknownExcuse, "person", "people"))
		}
	case SecSanctions:
		// The notices on the employer (OUT-1) are sanctions on record;
		// so is an older record's notice written as a referral.
		sanctioned := 0
		liable := 0
		for _, e := range eff {
			switch _, sanction := sanctionOf(e); {
			case sanction:
				if facts && e.Kind == EntryReferral { // decisions have facts of their own
					s.Facts = append(s.Facts, e.At.Format("15:04")+" "+e.Summary())
				}
				sanctioned++
			case e.Kind == EntryEncounter && e.Person != nil && e.Person.Outcome != OutcomeCleared && e.Person.Excuse == ExcuseNotShown:
				liable++
			}
		}
		if facts {
			s.Facts = append(s.Facts, v.decisionFacts(eff)...)
		}
		rec("Sanctions", strings.Join(d.Sanctions, ", "))
		rec("Why", d.SanctionsNote)
		switch {
		case len(d.Sanctions) == 0 && sanctioned == 0:
			miss("choose the sanctions: civil penalty referral notice, no action notice, licensing referral, closure notice, or none")
		case slices.Contains(d.Sanctions, SanctionNone) && !longEnough(d.SanctionsNote, minNote):
			miss("say why no sanction followed")
		}
		if liable > 0 && slices.Contains(d.Sanctions, SanctionNone) {
			miss("%s without the right to work and no statutory excuse shown: a civil penalty referral notice, or say why not", counted(liable, "person", "people"))
		}
	case SecSafeguarding:
		// Something on record: a referral to count (referralFacts), a
		// safeguarding step or referral (not a sanction), a follow-up.
		recorded := len(v.FollowUps) > 0
		if facts {
			s.Facts = append(s.Facts, referralFacts(eff)...)
		}
		for _, e := range eff {
			if e.Kind == EntrySafeguarding || (e.Kind == EntryReferral && !slices.Contains(SanctionKinds, e.Subtype)) {
				recorded = true
				if facts {
					s.Facts = append(s.Facts, e.At.Format("15:04")+" "+string(e.Kind)+": "+e.Summary())
				}
			} else if e.ReferralType() != "" {
				recorded = true
			}
		}
		if facts {
			for _, f := range v.FollowUps {
				s.Facts = append(s.Facts, "follow-up "+f.Stamp.At.Format(DateTimeLayout)+": "+f.Kind+": "+f.Text)
			}
			if d.NoSafeguarding {
				s.Recorded = append(s.Recorded, "No safeguarding concern or referral")
			}
		}
		rec("Note", d.SafeguardingNote)
		if !recorded && !d.NoSafeguarding {
			miss("no safeguarding step or referral is recorded: record them on the live tab, or confirm none was needed")
		}
	case SecIntel:
		if facts {
			s.Facts = append(s.Facts, fmt.Sprintf("Intelligence %s received %s, priority %d", v.Basics.Intel.Ref, v.Basics.Intel.Received.UK(), v.Basics.Intel.Priority))
		}
		rec("Judged", d.Intel.Rating)
		rec("Comment", d.Intel.Comment)
		if d.Intel.Rating == "" {
			miss("judge the intelligence: accurate, partly accurate, out of date, wrong or possibly malicious")
		}
		if !longEnough(d.Intel.Comment, minNote) {
			miss("say what was found against what the intelligence said")
		}
	case SecPremises:
		rec("Notes", d.PremisesNotes)
		if !longEnough(d.PremisesNotes, minPremise) {
			miss("write notes for the next team: entrances, layout, hazards, who holds the keys (REC-5)")
		}
	case SecEmployer:
		if facts {
			for _, e := range entriesOf(eff, EntryEncounter) {
				if e.Person != nil && e.Person.Excuse != "" && e.Person.Excuse != ExcuseNA {
					s.Facts = append(s.Facts, e.Person.Name+": statutory excuse "+string(e.Person.Excuse))
				}
			}
		}
		rec("Right-to-work records", d.Employer.Records)
		rec("Comment", d.Employer.Comment)
		if d.Employer.Records == "" {
			miss("say what was seen of the employer's right-to-work checks")
		}
		if (d.Employer.Records == RecordsSeen[1] || d.Employer.Records == RecordsSeen[2]) && !longEnough(d.Employer.Comment, minNote) {
			miss("say what was missing or wrong in the employer's records")
		}
	case SecEngagement:
		rec("Given", d.Engagement)
		if !longEnough(d.Engagement, minNote) {
			miss("say what engagement or encouragement was given to the employer (4Es), or why none")
		}
	case SecProblems:
		s.Rule = "DBF-4"
		rec("Problems", strings.Join(d.Problems, ", "))
		rec("Note", d.ProblemsNote)
		switch {
		case len(d.Problems) == 0:
			miss("list the process problems met (warrant late, intelligence stale, police unavailable...), or none")
		case (slices.Contains(d.Problems, "other") || !slices.Contains(d.Problems, ProblemNone)) && !longEnough(d.ProblemsNote, minNote):
			miss("say what happened, so the problem can be fed back to whoever tasked the visit")
		}
	case SecTeam:
		// Every officer who arrived either gave feedback, recorded, or is
		// missing from it; with nobody arrived there is nobody to ask.
		arrived := 0
		for _, p := range pres {
			if p.Arrived.IsZero() {
				continue
			}
			arrived++
			i := v.teamFeedback(p.Officer.StaffNo)
			if i < 0 {
				miss("no feedback from %s", p.Officer.Label())
				continue
			}
			if !facts {
				continue
			}
			t := d.Team[i]
			if t.None != "" {
				s.Recorded = append(s.Recorded, t.Name+": no feedback ("+t.None+")")
				continue
			}
			s.Recorded = append(s.Recorded, t.Name+": went well: "+t.WentWell+"; could improve: "+t.Improve)
		}
		if arrived == 0 {
			miss("nobody's arrival is recorded, so nobody's feedback can be asked for")
		}
	case SecIncident:
		s.Rule = "INC-1"
		if facts {
			for _, e := range byTime(slices.Clone(eff)) {
				switch e.Kind {
				case EntryIncident:
					s.Facts = append(s.Facts, fmt.Sprintf("Declared %s by %s: %s", e.At.Format(DateTimeLayout), e.Recorded.ByName, oneLine(e.Text)))
				case EntryIncidentOver:
					s.Facts = append(s.Facts, fmt.Sprintf("Stood down %s by %s: %s", e.At.Format(DateTimeLayout), e.Recorded.ByName, oneLine(e.Text)))
				}
			}
		}
		rec("Post-incident notes", d.PostIncident)
		if e, ok := v.ActiveIncident(); ok {
			miss("the critical incident declared at %s is not stood down: stand it down on the live tab (!)", e.At.Format("15:04"))
		}
		if !longEnough(d.PostIncident, minNote) {
			miss("write the post-incident notes: what happened, what was decided and why, who was told, what to learn")
		}
	case SecStandDown:
		last, on := lastDeparture(pres)
		if !last.IsZero() && facts {
			s.Facts = append(s.Facts, "Last officer departed "+last.Format(DateTimeLayout))
		}
		if on > 0 {
			miss("%s still on site: record the departures on the live tab (DBF-2)", counted(on, "officer is", "officers are"))
		}
		if !d.StandDown.IsZero() {
			rec("Stood down", d.StandDown.Format(DateTimeLayout))
		}
		rec("Debrief held", d.Held)
		rec("Summary", d.Summary)
		if d.StandDown.IsZero() && last.IsZero() {
			miss("say when the team stood down")
		}
		if strings.TrimSpace(d.Held) == "" {
			miss("say where and when the team debrief was held (e.g. Lunar House, 14:30, in person)")
		}
	}
}

// StandDownAt is when the team stood down: as the OIC recorded it, or
// else the last departure.
func (v *Visit) StandDownAt() time.Time {
	if !v.Debrief.StandDown.IsZero() {
		return v.Debrief.StandDown
	}
	t, _ := v.lastDeparture()
	return t
}

// lastDeparture is the latest departure of any officer, and how many are
// still on site.
func (v *Visit) lastDeparture() (time.Time, int) { return lastDeparture(v.Presence(time.Time{})) }

func lastDeparture(pres []Presence) (time.Time, int) {
	var last time.Time
	on := 0
	for _, p := range pres {
		if p.OnSite {
			on++
		}
		if p.Departed.After(last) {
			last = p.Departed
		}
	}
	return last, on
}

// matchEncounter finds the encounter that names subject sub, by name
// (case and spacing aside).
func matchEncounter(sub Subject, eff []TimelineEntry) (TimelineEntry, bool) {
	want := strings.Join(strings.Fields(strings.ToLower(sub.Name)), " ")
	for _, e := range eff {
		if e.Kind == EntryEncounter && e.Person != nil && strings.Join(strings.Fields(strings.ToLower(e.Person.Name)), " ") == want {
			return e, true
		}
	}
	return TimelineEntry{}, false
}
