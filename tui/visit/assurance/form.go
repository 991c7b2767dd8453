package assurance

import (
	"errors"
	"fmt"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// newChecklistForm is the whole checklist, area by area, then the rating
// and the feedback. It may be saved half done, like the debrief; marking
// assured (A) needs every item answered. Typing is kept as a draft.
func newChecklistForm(s *common.Session, v *domain.Visit) common.Screen {
	return form.NewPart(s, v, form.Part{
		Title: "First-line assurance of " + string(v.Ref),
		Intro: "For each item: met, not met or not applicable (←/→, or type its first letters), with a note; an item not met needs one, " +
			"saying what to put right (ASR-1). Then the overall rating and your feedback to the OIC. Save with ctrl+s at any point; mark assured with A on the tab.",
		Draft:  "assurance",
		Values: func(v *domain.Visit) map[string]string { return v.AssuranceValues() },
		Fields: func(f *form.Form, m map[string]string) {
			area := ""
			for _, c := range domain.AssuranceChecklist {
				if c.Area != area {
					area = c.Area
					f.Section(area)
				}
				f.Choice(domain.FieldAsrAnswer(c.ID), c.Label, form.Choices(domain.AssuranceAnswers...), m[domain.FieldAsrAnswer(c.ID)]).
					Text(domain.FieldAsrNote(c.ID), "  note", fmt.Sprintf("%s (%s)", c.Question, c.Rules), m[domain.FieldAsrNote(c.ID)])
			}
			f.Section("Overall").
				Choice(domain.FieldAsrRating, "Rating", form.Choices(string(domain.Green), string(domain.Amber), string(domain.Red)), m[domain.FieldAsrRating]).
				Text(domain.FieldAsrFeedback, "Feedback to the OIC", "what went well, what to put right, and how", m[domain.FieldAsrFeedback])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.Clone().SetAssurance(s.Config, m, s.Me, s.Now())
			if errors.Is(err, domain.ErrNoChange) {
				return nil
			}
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			return ev.SetAssurance(s.Config, m, s.Me, s.Now())
		},
	})
}
