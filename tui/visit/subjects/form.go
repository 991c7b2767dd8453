package subjects

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// newSubjectForm adds a named subject to v (sub nil) or corrects one.
func newSubjectForm(s *common.Session, v *domain.Visit, sub *domain.Subject) common.Screen {
	offences := make([]form.Option, len(domain.Offences))
	for i, o := range domain.Offences {
		offences[i] = form.Option{Value: o, Label: o}
	}
	in := domain.SubjectInput{}
	title, draftKey := "Add subject to "+string(v.Ref), "subject:"+string(v.Ref)+":new"
	if sub != nil {
		in = sub.Input()
		title, draftKey = fmt.Sprintf("Edit subject %s of %s", sub.ID, v.Ref), "subject:"+string(v.Ref)+":"+sub.ID
	}
	f := form.New(s.Theme).
		Text(domain.FieldSubjName, "Name", "as in the intelligence", in.Name).
		Text(domain.FieldSubjDOB, "Date of birth", "e.g. 14/03/1990; leave blank if not known", in.DOB).
		Text(domain.FieldSubjNat, "Nationality", "e.g. Indian; leave blank if not known", in.Nationality).
		Choice(domain.FieldSubjOffence, "Suspected offence", offences, in.Offence).
		Text(domain.FieldSubjPhoto, "Photograph ref", "e.g. PNC photo ref; for the digital order (EPA-4)", in.PhotoRef).
		Done()
	parse := func(m map[string]string) (domain.Subject, error) {
		return domain.ParseSubject(domain.SubjectInput{
			Name: m[domain.FieldSubjName], DOB: m[domain.FieldSubjDOB],
			Nationality: m[domain.FieldSubjNat], Offence: m[domain.FieldSubjOffence],
			PhotoRef: m[domain.FieldSubjPhoto],
		}, s.Now())
	}
	f.Validate = func(m map[string]string) error { _, err := parse(m); return err }
	fs := &form.Screen{Session: s, Heading: title, Form: f, DraftKey: draftKey,
		Intro: "A person named in the intelligence. Their checks and outcome will be recorded against this entry."}
	fs.Ref, fs.Version = v.Ref, v.Version
	fs.Submit = func(m map[string]string) (tea.Cmd, error) {
		subj, err := parse(m)
		if err != nil {
			return nil, err
		}
		ev := v.Clone()
		var c domain.Change
		if sub == nil {
			c, err = ev.AddSubject(subj, s.Me, s.Now())
		} else {
			c, err = ev.EditSubject(sub.ID, subj, s.Me, s.Now())
		}
		if errors.Is(err, domain.ErrNoChange) {
			return func() tea.Msg {
				return form.SavedMsg{Then: common.Flash(common.FlashInfo, "Nothing changed; nothing saved.")}
			}, nil
		}
		if err != nil {
			return nil, err
		}
		return form.SaveVisit(s, ev, c, c.Action), nil
	}
	fs.RestoreDraft()
	return fs
}
