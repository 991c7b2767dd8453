package debrief

import (
	"errors"
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// sectionIntro is a debrief form's intro: what the section asks for, and
// what the visit's record already says, so nothing is typed twice.
func sectionIntro(v *domain.Visit, id domain.SectionID, ask string) string {
	var facts []string
	for _, s := range v.DebriefSections() {
		if s.ID == id {
			facts = s.Facts
		}
	}
	intro := ask
	if len(facts) > 0 {
		intro += " From the record: " + strings.Join(facts, "; ") + "."
	}
	return intro
}

// newDebriefForm fills in one section of the debrief. A section may be
// saved half done; the tab says what it still needs.
func newDebriefForm(s *common.Session, v *domain.Visit, id domain.SectionID) common.Screen {
	var ask string
	var fields func(f *form.Form, m map[string]string)
	text := func(key, label, hint string) func(f *form.Form, m map[string]string) {
		return func(f *form.Form, m map[string]string) { f.Text(key, label, hint, m[key]) }
	}
	switch id {
	case domain.SecResources:
		ask = "The officers deployed and their times come from the live record. Add the protective equipment worn."
		fields = text(domain.FieldDbfPPE, "PPE worn", "e.g. full PPE, stab vests, body-worn video")
	case domain.SecEntry:
		ask = "The entry and the power used come from the live record. If entry was not made, say why."
		fields = text(domain.FieldDbfNoEntry, "No entry because", "e.g. consent refused by the owner by phone; no warrant held")
	case domain.SecSubjects:
		ask = "Say what became of each named subject not found among those encountered."
		fields = func(f *form.Form, m map[string]string) {
			for _, sub := range v.Subjects {
				if sub.Withdrawn != "" {
					continue
				}
				f.Section(sub.ID+" "+sub.Name).
					Choice(domain.FieldDbfSubject(sub.ID), "Result", form.Choices(domain.SubjectResults...), m[domain.FieldDbfSubject(sub.ID)]).
					Text(domain.FieldDbfSubjectNote(sub.ID), "Note", "e.g. the manager says he left in October", m[domain.FieldDbfSubjectNote(sub.ID)])
			}
		}
	case domain.SecEncounters:
		ask = "Everyone spoken to comes from the live record. Add who else was seen and why they were not spoken to, or why nobody was."
		fields = text(domain.FieldDbfOthers, "Others seen", "e.g. about 7 women at work, no adverse reaction, carried on working")
	case domain.SecSanctions:
		ask = "Which sanctions follow: " + strings.Join(domain.SanctionKinds, ", ") + "; or none, with why."
		fields = func(f *form.Form, m map[string]string) {
			f.Text(domain.FieldDbfSanctions, "Sanctions", "one or more, separated by commas, or none", m[domain.FieldDbfSanctions]).
				Text(domain.FieldDbfSanctionNote, "Why", "e.g. no statutory excuse for the worker arrested", m[domain.FieldDbfSanctionNote])
		}
	case domain.SecSafeguarding:
		ask = "Safeguarding steps and referrals come from the live record and the follow-ups. If there were none, say so."
		fields = func(f *form.Form, m map[string]string) {
			f.Toggle(domain.FieldDbfNoSafeguard, "None needed", m[domain.FieldDbfNoSafeguard] == "yes").
				Text(domain.FieldDbfSafeNote, "Note", "optional, e.g. vulnerability considered for both workers; none found", m[domain.FieldDbfSafeNote])
		}
	case domain.SecIntel:
		ask = "Judge the intelligence against what was found (ICIBI 7.27): it goes back to whoever supplied and tasked it."
		fields = func(f *form.Form, m map[string]string) {
			f.Choice(domain.FieldDbfIntelRating, "Judged", form.Choices(domain.IntelRatings...), m[domain.FieldDbfIntelRating]).
				Text(domain.FieldDbfIntelComment, "What was found", "e.g. one worker found, not the named subject", m[domain.FieldDbfIntelComment])
		}
	case domain.SecPremises:
		ask = "Notes for the next team at these premises: they appear in the premises history when the next visit there is planned (REC-5)."
		fields = text(domain.FieldDbfPremises, "Notes", "entrances, layout, hazards, who holds the keys")
	case domain.SecEmployer:
		ask = "What the team saw of the employer's right-to-work checks (ICIBI 7.32)."
		fields = func(f *form.Form, m map[string]string) {
			f.Choice(domain.FieldDbfRecords, "Records", form.Choices(domain.RecordsSeen...), m[domain.FieldDbfRecords]).
				Text(domain.FieldDbfEmpComment, "Comment", "what was missing or wrong, if anything", m[domain.FieldDbfEmpComment])
		}
	case domain.SecEngagement:
		ask = "The engagement and encouragement given to the employer (the 4Es: engage, encourage, enable, enforce)."
		fields = text(domain.FieldDbfEngagement, "Given", "e.g. right-to-work guidance leaflet given to the manager and explained")
	case domain.SecProblems:
		ask = "Process problems met, so they can be counted and fed back to whoever tasked the visit (DBF-4): " + strings.Join(domain.ProblemKinds, ", ") + "; or none."
		fields = func(f *form.Form, m map[string]string) {
			f.Text(domain.FieldDbfProblems, "Problems", "one or more, separated by commas, or none", m[domain.FieldDbfProblems]).
				Text(domain.FieldDbfProblemsNote, "What happened", "e.g. police unit called away at 06:10; entry delayed 20 minutes", m[domain.FieldDbfProblemsNote])
		}
	case domain.SecStandDown:
		ask = "When the team stood down (blank: the last departure), where and when the team debrief was held, and your summary in your own words."
		fields = func(f *form.Form, m map[string]string) {
			f.Text(domain.FieldDbfStandDown, "Stood down at", "blank for the last departure, or e.g. 13:38", m[domain.FieldDbfStandDown]).
				Text(domain.FieldDbfHeld, "Debrief held", "e.g. Lunar House on return, in person, mentees present", m[domain.FieldDbfHeld]).
				Text(domain.FieldDbfSummary, "Summary", "optional: the visit in a few sentences", m[domain.FieldDbfSummary])
		}
	case domain.SecIncident:
		ask = "A critical incident was declared (INC-1): its times, who declared and stood it down and why come from the live record. Write the post-incident notes for the review."
		fields = text(domain.FieldDbfPostIncident, "Post-incident notes", "what happened, what was decided and why, who was told, what to learn")
	}
	return form.NewPart(s, v, form.Part{
		Title:  fmt.Sprintf("Debrief of %s: %s", v.Ref, id.Title()),
		Intro:  sectionIntro(v, id, ask),
		Draft:  "debrief-" + strings.ReplaceAll(string(id), " ", "-"),
		Values: func(v *domain.Visit) map[string]string { return v.DebriefValues(id) },
		Fields: fields,
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.Clone().SetDebriefSection(id, m, s.Me, s.Now())
			if errors.Is(err, domain.ErrNoChange) {
				return nil
			}
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			return ev.SetDebriefSection(id, m, s.Me, s.Now())
		},
	})
}

// newFeedbackForm records one officer's feedback: what went well and what
// could improve, or why they gave none.
func newFeedbackForm(s *common.Session, v *domain.Visit, o domain.RosterEntry) common.Screen {
	sn := o.StaffNo
	return form.NewPart(s, v, form.Part{
		Title: fmt.Sprintf("Feedback of %s on %s", o.Name, v.Ref),
		Intro: fmt.Sprintf("%s, %s: what went well, and what could improve (ICIBI 7.1). Both halves are wanted; \"nothing\" is an answer. "+
			"If they gave no feedback, say why instead.", o.Label(), o.Roles()),
		Draft:  "feedback-" + string(sn),
		Values: func(v *domain.Visit) map[string]string { return v.TeamFeedbackValues(sn) },
		Fields: func(f *form.Form, m map[string]string) {
			f.Text(domain.FieldDbfWentWell, "Went well", "e.g. rear cover in place before entry", m[domain.FieldDbfWentWell]).
				Text(domain.FieldDbfImprove, "Could improve", "e.g. a second van for the arrest", m[domain.FieldDbfImprove]).
				Text(domain.FieldDbfNone, "None given because", "only if they gave no feedback, e.g. on leave from the next day", m[domain.FieldDbfNone])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.Clone().SetTeamFeedback(sn, m, s.Me, s.Now())
			if errors.Is(err, domain.ErrNoChange) {
				return nil
			}
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			return ev.SetTeamFeedback(sn, m, s.Me, s.Now())
		},
	})
}

// newFollowUpForm records something done after the visit closed.
func newFollowUpForm(s *common.Session, v *domain.Visit) common.Screen {
	return form.NewPart(s, v, form.Part{
		Title:  "Follow-up on " + string(v.Ref),
		Intro:  "Something done after the visit closed: a referral made, a notice issued. It is added to the record and never changed.",
		Draft:  "followup",
		Values: func(*domain.Visit) map[string]string { return map[string]string{} },
		Fields: func(f *form.Form, m map[string]string) {
			f.Choice(domain.FieldFollowKind, "Kind", form.Choices(domain.FollowUpKinds...), m[domain.FieldFollowKind]).
				Text(domain.FieldFollowText, "What was done", "with any reference, e.g. CPRN issued to Golden Dragon Ltd, ref CP-2026-1182", m[domain.FieldFollowText])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.Clone().RecordFollowUp(m[domain.FieldFollowKind], m[domain.FieldFollowText], s.Me, s.Now())
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			return ev.RecordFollowUp(m[domain.FieldFollowKind], m[domain.FieldFollowText], s.Me, s.Now())
		},
	})
}
