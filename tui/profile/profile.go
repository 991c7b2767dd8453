package profile

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// New is the officer profile form. On first run it is the whole
// program until it is saved: every record carries the actor, so nothing can
// be recorded before we know who is recording it.
func New(s *common.Session, firstRun bool, in domain.OfficerInput, note string) common.Screen {
	intro := "Your profile. Your name and staff number go on every record you make. ctrl+p sets or changes your PIN." + rolesNote(s)
	title := "My profile"
	if firstRun {
		title = "Welcome"
		intro = "Welcome to oic. Before you start, tell it who you are: every record you make carries your name and staff number, as in a pocket notebook."
	}
	if note != "" {
		intro = note
	}
	intro += keysNote(s)
	fs := profileForm(s, profileOpts{in: in, title: title, intro: intro, firstRun: firstRun, signIn: true, draft: "profile"})
	if firstRun {
		return fs
	}
	return withPINKey(s, fs) // ctrl+p: set or change the PIN (pin.go)
}

// NewOther adds the profile of an officer who is not at the
// keyboard, so the OIC can roster them: it is saved WITHOUT signing them
// in, and a staff number that already has a profile is refused rather
// than overwritten. then runs with the saved officer.
func NewOther(s *common.Session, in domain.OfficerInput, then func(domain.Officer) tea.Cmd) common.Screen {
	return profileForm(s, profileOpts{in: in, title: "Another officer's profile", isNew: true, then: then, draft: "profile-other:" + in.StaffNo,
		intro: fmt.Sprintf("Add the profile of an officer not yet on this computer, so they can be rostered. It does not sign them in: "+
			"you stay signed in as %s. They sign in themselves (u on the briefing tab) to accept the briefing.", s.Me.Label())})
}

// NewSignIn is the profile form for an officer signing in at this
// computer for the first time: saving it signs them in, then runs then.
func NewSignIn(s *common.Session, in domain.OfficerInput, note string, then func(domain.Officer) tea.Cmd) common.Screen {
	return profileForm(s, profileOpts{in: in, title: "Sign in: new profile", intro: note, signIn: true, isNew: true, then: then, draft: "profile-sign-in:" + in.StaffNo})
}

// profileOpts say what the profile form is for and what saving it does.
type profileOpts struct {
	in           domain.OfficerInput
	title, intro string
	firstRun     bool
	// signIn makes the saved officer the one signed in.
	signIn bool
	// isNew refuses a staff number that already has a profile: someone
	// else's profile is never overwritten from here.
	isNew bool
	// then, if set, runs after the save (and the sign-in).
	then func(domain.Officer) tea.Cmd
	// draft names the form's draft, kept for the officer signed in; on
	// the first run nobody is, and none is kept.
	draft string
}

func profileForm(s *common.Session, p profileOpts) *form.Screen {
	in := p.in
	grades := make([]form.Option, 0, len(s.Config.Grades))
	for _, code := range s.Config.GradeCodes() {
		g, _ := s.Config.Grade(code)
		grades = append(grades, form.Option{Value: g.Code, Label: g.Label()})
	}
	who := "your"
	if !p.signIn || p.isNew {
		who = "their"
	}
	f := form.New(s.Theme).
		Text(domain.FieldStaffNo, "Staff number", "letters and digits, as on "+who+" pass", in.StaffNo).
		Text(domain.FieldName, "Name", "as it should appear on records", in.Name).
		Choice(domain.FieldGrade, "Grade", grades, in.Grade).
		Choice(domain.FieldTeam, "Team", form.TeamOptions(), in.Team).
		Toggle(domain.FieldArrest, "Arrest-trained", in.ArrestTrained).
		Text(domain.FieldRefresherOn, "Last arrest refresher", "date, e.g. 14/03/2026; leave blank if none", in.RefresherOn).
		Done()
	parse := func(v map[string]string) (domain.Officer, error) {
		return domain.NewOfficer(domain.OfficerInput{
			StaffNo: v[domain.FieldStaffNo], Name: v[domain.FieldName], Grade: v[domain.FieldGrade],
			Team: v[domain.FieldTeam], ArrestTrained: v[domain.FieldArrest] == "yes", RefresherOn: v[domain.FieldRefresherOn],
		}, s.Config, s.Now())
	}
	f.Validate = func(v map[string]string) error { _, err := parse(v); return err }
	fs := &form.Screen{Session: s, Heading: p.title, Intro: p.intro, Form: f, FirstRun: p.firstRun, DraftKey: p.draft}
	fs.RestoreDraft()
	fs.Submit = func(v map[string]string) (tea.Cmd, error) {
		o, err := parse(v)
		if err != nil {
			return nil, err
		}
		if s.Fixed && p.signIn && o.StaffNo != s.Me.StaffNo {
			// Over SSH: my profile is saved under my own staff number only.
			return nil, domain.ValidationError{{Field: domain.FieldStaffNo, Msg: s.SwitchRefused()}}
		}
		st := s.Store
		setSignedIn := st.SetSignedIn
		if s.Fixed { // the folder's "last signed in" is a laptop's, never a session's
			setSignedIn = func(context.Context, domain.StaffNo) error { return nil }
		}
		return func() tea.Msg {
			ctx := context.Background()
			var was *domain.Officer
			switch old, err := st.Officer(ctx, o.StaffNo); {
			case err == nil && p.isNew:
				return form.SavedMsg{Err: domain.ValidationError{{Field: domain.FieldStaffNo,
					Msg: fmt.Sprintf("%s already has a profile on this computer (%s, %s); go back and choose them", o.StaffNo, old.Name, old.Team)}}}
			case err == nil && p.signIn && o.StaffNo != s.Me.StaffNo:
				// Saving one's own profile under another officer's staff
				// number would sign in as them: not past their PIN.
				if pst, err := st.PINState(ctx, o.StaffNo, s.Now()); err != nil || pst.Set {
					return form.SavedMsg{Err: domain.ValidationError{{Field: domain.FieldStaffNo,
						Msg: fmt.Sprintf("%s is the staff number of %s, whose profile here has a PIN; nothing was saved. To record as them, they sign in with it (u on a visit, or oic --as %s)", o.StaffNo, old.Name, o.StaffNo)}}}
				}
				was = &old
			case err == nil:
				was = &old
				o.KeepAccess(old) // roles and a confirmed grade are an administrator's to change
			case !errors.Is(err, domain.ErrNotFound):
				return form.SavedMsg{Err: err} // a profile changed outside oic is not saved over
			}
			// Whoever is signed in saves the profile; signing in, the
			// officer saves their own.
			by := s.Me
			if p.signIn || by.StaffNo == "" {
				by = o
			}
			if err := st.SaveOfficer(ctx, o, domain.ProfileChange(was, o, by, s.Now())); err != nil {
				return form.SavedMsg{Err: err}
			}
			if p.signIn && !p.isNew && p.then == nil { // my own profile, as it always was
				if err := setSignedIn(ctx, o.StaffNo); err != nil {
					return form.SavedMsg{Err: err}
				}
				return form.SavedMsg{Then: tea.Batch(
					func() tea.Msg { return common.SignedInMsg{Officer: o} },
					common.Flash(common.FlashOK, fmt.Sprintf("Profile saved: %s.", o.Label())),
				)}
			}
			var cmds []tea.Cmd
			if p.signIn {
				if err := setSignedIn(ctx, o.StaffNo); err != nil {
					return form.SavedMsg{Err: err}
				}
				cmds = append(cmds, func() tea.Msg { return common.SignedInMsg{Officer: o} })
			}
			if p.then != nil {
				cmds = append(cmds, p.then(o))
			}
			switch {
			case p.signIn:
				cmds = append(cmds, common.Flash(common.FlashOK, fmt.Sprintf("Profile saved; signed in as %s.", o.Label())))
			default:
				cmds = append(cmds, common.Flash(common.FlashOK, fmt.Sprintf("Profile of %s saved; you are still signed in as %s.", o.Label(), s.Me.Label())))
			}
			// In order: the header shows who is signed in before the
			// screen underneath redraws for them.
			return form.SavedMsg{Then: tea.Sequence(cmds...)}
		}, nil
	}
	return fs
}
