package briefing

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// verbalQuestions is how many question lines the verbal briefing form
// offers. Each is one question and its answer ("Dogs on site? None
// known"); a briefing with more questions than this is rare enough that
// the last line may hold several, one after another.
const verbalQuestions = 4

func verbalQuestionKey(i int) string {
	if i == 0 {
		return domain.FieldVerbalQuestion
	}
	return fmt.Sprintf("%s.%d", domain.FieldVerbalQuestion, i+1)
}

// newVerbalForm records the verbal briefing given on the day: when, which
// salient risks were discussed (BRF-3), and each question asked with its
// answer, or that nobody asked any (BRF-5).
func newVerbalForm(s *common.Session, v *domain.Visit) common.Screen {
	in := func(m map[string]string) domain.VerbalInput {
		var qs []string
		for i := range verbalQuestions {
			if q := strings.TrimSpace(m[verbalQuestionKey(i)]); q != "" {
				qs = append(qs, q)
			}
		}
		return domain.VerbalInput{At: m[domain.FieldVerbalAt], Risks: m[domain.FieldVerbalRisks], Questions: strings.Join(qs, "\n")}
	}
	return form.NewPart(s, v, form.Part{
		Title: "Verbal briefing for " + string(v.Ref),
		Intro: "Record the briefing you gave the team on the day (BRF-3): when, the salient risks you went over, and every question asked " +
			"with the answer given (BRF-5). Write none under the first question if nobody asked one.",
		Draft: "verbal",
		Values: func(v *domain.Visit) map[string]string {
			m := map[string]string{domain.FieldVerbalAt: "today " + s.Now().Format("15:04")}
			vb := v.Briefing.Verbal
			if vb == nil {
				return m
			}
			m[domain.FieldVerbalAt] = vb.At.In(s.Loc).Format(domain.DateTimeLayout)
			m[domain.FieldVerbalRisks] = vb.Risks
			if vb.NoQuestions {
				m[verbalQuestionKey(0)] = "none"
			}
			for i, qa := range vb.Questions {
				k := verbalQuestionKey(min(i, verbalQuestions-1))
				line := qa.Question + " " + qa.Answer
				if m[k] != "" {
					line = m[k] + " " + line
				}
				m[k] = line
			}
			return m
		},
		Fields: func(f *form.Form, m map[string]string) {
			f.Text(domain.FieldVerbalAt, "Given at", "e.g. today 05:30 or 25/11/2026 05:30", m[domain.FieldVerbalAt]).
				Text(domain.FieldVerbalRisks, "Risks discussed", "the salient risks, e.g. dog at rear; two exits; subject may run", m[domain.FieldVerbalRisks]).
				Section("Questions and answers (BRF-5)")
			for i := range verbalQuestions {
				hint := "the question, a ?, then the answer"
				if i == 0 {
					hint = "e.g. Who holds the keys? The manager, on site from 06:00 — or none"
				}
				f.Text(verbalQuestionKey(i), fmt.Sprintf("Question %d", i+1), hint, m[verbalQuestionKey(i)])
			}
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.ParseVerbal(in(m), s.Config, s.Now())
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			vb, err := ev.ParseVerbal(in(m), s.Config, s.Now())
			if err != nil {
				return domain.Change{}, err
			}
			return ev.RecordVerbal(vb, s.Me, s.Now())
		},
		Describe: func(string, string) string { return "" },
	})
}

// confirmLabels name domain.ConfirmItems within a form label's width; the
// item in full is the field's description.
var confirmLabels = []string{"Authorisations valid", "Information current", "Police notified", "Equipment working",
	"Gold/silver/bronze", "Order circulated", "Roles allocated"}

// newConfirmForm is the OIC's pre-deployment confirmation (BRF-4): each
// item ticked by hand, and refused beside the item when the visit's record
// says otherwise (police notified while the ONF blocks, say).
func newConfirmForm(s *common.Session, v *domain.Visit) common.Screen {
	ticked := func(m map[string]string) []bool {
		t := make([]bool, len(domain.ConfirmItems))
		for i := range t {
			t[i] = m[domain.FieldConfirm(i)] == "yes"
		}
		return t
	}
	cur, _ := v.Briefing.Current()
	return form.NewPart(s, v, form.Part{
		Title: "Confirm ready to deploy " + string(v.Ref),
		Intro: fmt.Sprintf("Before the team deploys, confirm each item for briefing version %d (BRF-4; ICIBI 6.2). "+
			"Tick one with space. An item the record contradicts is refused with the rule that says why.", cur.N),
		Draft: "confirm",
		Values: func(v *domain.Visit) map[string]string {
			m := map[string]string{}
			c := v.Briefing.Confirm
			cur, _ := v.Briefing.Current()
			if c != nil && c.Version == cur.N {
				for i := range domain.ConfirmItems {
					m[domain.FieldConfirm(i)] = "yes"
				}
				m[domain.FieldConfirmNote] = c.Note
			}
			return m
		},
		Fields: func(f *form.Form, m map[string]string) {
			for i := range domain.ConfirmItems {
				f.Toggle(domain.FieldConfirm(i), confirmLabels[i], m[domain.FieldConfirm(i)] == "yes")
			}
			f.Text(domain.FieldConfirmNote, "Note", "optional, e.g. spare radio from the van", m[domain.FieldConfirmNote])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.Clone().Confirm(ticked(m), m[domain.FieldConfirmNote], s.Config, s.Me, s.Now())
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			return ev.Confirm(ticked(m), m[domain.FieldConfirmNote], s.Config, s.Me, s.Now())
		},
		Describe: func(k, _ string) string {
			for i, item := range domain.ConfirmItems {
				if k == domain.FieldConfirm(i) {
					return "confirm: " + item
				}
			}
			return ""
		},
	})
}
