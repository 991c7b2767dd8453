package tui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// newProfile is the officer profile form. On first run it is the whole
// program until it is saved: every record carries the actor, so nothing can
// be recorded before we know who is recording it.
func newProfile(s *session, firstRun bool, in domain.OfficerInput, note string) screen {
	grades := make([]option, 0, len(s.cfg.Grades))
	for _, code := range s.cfg.GradeCodes() {
		g, _ := s.cfg.Grade(code)
		grades = append(grades, option{g.Code, g.Label()})
	}
	f := newForm(s.theme).
		text(domain.FieldStaffNo, "Staff number", "letters and digits, as on your pass", in.StaffNo).
		text(domain.FieldName, "Name", "as it should appear on records", in.Name).
		choice(domain.FieldGrade, "Grade", grades, in.Grade).
		choice(domain.FieldTeam, "Team", teamOptions(), in.Team).
		toggle(domain.FieldArrest, "Arrest-trained", in.ArrestTrained).
		text(domain.FieldRefresherOn, "Last arrest refresher", "date, e.g. 14/03/2026; leave blank if none", in.RefresherOn).
		done()
	parse := func(v map[string]string) (domain.Officer, error) {
		return domain.NewOfficer(domain.OfficerInput{
			StaffNo: v[domain.FieldStaffNo], Name: v[domain.FieldName], Grade: v[domain.FieldGrade],
			Team: v[domain.FieldTeam], ArrestTrained: v[domain.FieldArrest] == "yes", RefresherOn: v[domain.FieldRefresherOn],
		}, s.cfg, s.now())
	}
	f.validate = func(v map[string]string) error { _, err := parse(v); return err }
	intro := "Your profile. Your name and staff number go on every record you make."
	title := "My profile"
	if firstRun {
		title = "Welcome"
		intro = "Welcome to oic. Before you start, tell it who you are: every record you make carries your name and staff number, as in a pocket notebook."
	}
	if note != "" {
		intro = note
	}
	fs := &formScreen{s: s, title: title, intro: intro, f: f, firstRun: firstRun}
	fs.submit = func(v map[string]string) (tea.Cmd, error) {
		o, err := parse(v)
		if err != nil {
			return nil, err
		}
		st := s.store
		return func() tea.Msg {
			ctx := context.Background()
			if err := st.SaveOfficer(ctx, o); err != nil {
				return savedMsg{err: err}
			}
			if err := st.SetSignedIn(ctx, o.StaffNo); err != nil {
				return savedMsg{err: err}
			}
			return savedMsg{then: tea.Batch(
				func() tea.Msg { return signedInMsg{o} },
				flash(flashOK, fmt.Sprintf("Profile saved: %s.", o.Label())),
			)}
		}, nil
	}
	return fs
}

func teamOptions() []option {
	out := make([]option, len(domain.Teams))
	for i, t := range domain.Teams {
		out[i] = option{string(t.Code), string(t.Code) + "  " + t.Name}
	}
	return out
}
