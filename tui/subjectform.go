package tui

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// newSubjectForm adds a named subject to v (sub nil) or corrects one.
func newSubjectForm(s *common.Session, v *domain.Visit, sub *domain.Subject) common.Screen {
	offences := make([]option, len(domain.Offences))
	for i, o := range domain.Offences {
		offences[i] = option{o, o}
	}
	in := domain.SubjectInput{}
	title, draftKey := "Add subject to "+string(v.Ref), "subject:"+string(v.Ref)+":new"
	if sub != nil {
		in = sub.Input()
		title, draftKey = fmt.Sprintf("Edit subject %s of %s", sub.ID, v.Ref), "subject:"+string(v.Ref)+":"+sub.ID
	}
	f := newForm(s.Theme).
		text(domain.FieldSubjName, "Name", "as in the intelligence", in.Name).
		text(domain.FieldSubjDOB, "Date of birth", "e.g. 14/03/1990; leave blank if not known", in.DOB).
		text(domain.FieldSubjNat, "Nationality", "e.g. Indian; leave blank if not known", in.Nationality).
		choice(domain.FieldSubjOffence, "Suspected offence", offences, in.Offence).
		text(domain.FieldSubjPhoto, "Photograph ref", "e.g. PNC photo ref; for the digital order (EPA-4)", in.PhotoRef).
		done()
	parse := func(m map[string]string) (domain.Subject, error) {
		return domain.ParseSubject(domain.SubjectInput{
			Name: m[domain.FieldSubjName], DOB: m[domain.FieldSubjDOB],
			Nationality: m[domain.FieldSubjNat], Offence: m[domain.FieldSubjOffence],
			PhotoRef: m[domain.FieldSubjPhoto],
		}, s.Now())
	}
	f.validate = func(m map[string]string) error { _, err := parse(m); return err }
	fs := &formScreen{s: s, title: title, f: f, draftKey: draftKey,
		intro: "A person named in the intelligence. Their checks and outcome will be recorded against this entry."}
	fs.submit = func(m map[string]string) (tea.Cmd, error) {
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
				return savedMsg{then: common.Flash(common.FlashInfo, "Nothing changed; nothing saved.")}
			}, nil
		}
		if err != nil {
			return nil, err
		}
		return saveCmd(s, ev, c, c.Action), nil
	}
	fs.restoreDraft()
	return fs
}

// saveCmd saves a changed visit and reports the outcome to a form.
func saveCmd(s *common.Session, v *domain.Visit, c domain.Change, what string) tea.Cmd {
	st := s.Store
	return func() tea.Msg {
		saved, err := st.SaveVisit(context.Background(), v, c)
		if err != nil {
			return savedMsg{err: err}
		}
		return savedMsg{then: common.Flash(common.FlashOK, fmt.Sprintf("%s: %s (version %d).", saved.Ref, what, saved.Version))}
	}
}
