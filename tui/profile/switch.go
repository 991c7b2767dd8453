package profile

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/pin"
)

// NewSwitch asks who is signing in, by staff number (u on the visit's
// tabs and on the board). An officer with a profile here goes to signIn,
// which saves the sign-in; one with none fills in the profile form, whose
// saving signs them in, and then afterProfile runs (team is the form's
// team to start from). what is what will carry their name, in the
// question ("accepting the briefing").
func NewSwitch(s *common.Session, what string, team domain.TeamCode, signIn, afterProfile func(domain.Officer) tea.Cmd) common.Screen {
	q := fmt.Sprintf("Who is signing in? Type your staff number. What you record from now on, %s included, carries your name.", what)
	if s.Me.StaffNo != "" {
		q += " Signed in now: " + s.Me.Label() + "."
	}
	return dialog.NewPrompt(s, "Switch the signed-in officer", q, "your staff number, e.g. IO0042", func(text string) (tea.Cmd, error) {
		sn, err := domain.ParseStaffNo(text)
		if err != nil {
			return nil, err
		}
		o, err := s.Store.Officer(context.Background(), sn)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			note := fmt.Sprintf("There is no profile for staff number %s on this computer yet. Fill it in to sign in as %s; what you record then carries your name.", sn, sn)
			return common.Push(NewSignIn(s, domain.OfficerInput{StaffNo: string(sn), Team: string(team)}, note, afterProfile)), nil
		case err != nil:
			return nil, err
		case sn == s.Me.StaffNo:
			return common.Flash(common.FlashInfo, "You are already signed in as "+o.Label()+"."), nil
		}
		return withPIN(s, o, what, signIn)
	})
}

// withPIN signs o in once they have typed their PIN, if they have one
// (IDN-1 on a shared laptop): nobody records as another officer by
// typing their staff number. Until the PIN is right, nothing changes.
func withPIN(s *common.Session, o domain.Officer, what string, signIn func(domain.Officer) tea.Cmd) (tea.Cmd, error) {
	st, err := s.Store.PINState(context.Background(), o.StaffNo, s.Now())
	if err != nil {
		return nil, err
	}
	if !st.Set {
		return signIn(o), nil
	}
	q := fmt.Sprintf("%s, type your PIN to sign in. What you record from now on, %s included, carries your name.", o.Label(), what)
	return common.Push(pin.Check(s, o, "Sign in: PIN of "+o.Label(), q, func() tea.Cmd { return signIn(o) })), nil
}
