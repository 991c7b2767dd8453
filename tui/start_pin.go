package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/pin"
	"oic/tui/profile"
	"oic/tui/register"
)

// atStart is the first screen for me, the officer last signed in (or
// --as): on a shared laptop, their PIN if they have one, so nobody
// records as them by opening the lid (IDN-1); the register once it is
// right. An officer without a PIN goes straight to the register and is
// told to set one. Over SSH (Fixed) the key is the identity: no PIN.
func (a *App) atStart(o Options, me domain.Officer) (common.Screen, error) {
	s := a.s
	st, err := o.Store.PINState(context.Background(), me.StaffNo, o.Clock().In(o.Loc))
	if err != nil {
		return nil, err
	}
	if !st.Set {
		s.Me = me
		a.pinHint = "You have no PIN: anyone here could record as you. Set one: p, then ctrl+p."
		return register.NewOn(s, a.index), nil
	}
	a.boardAtStart = o.Board
	signedIn := func(who domain.Officer) tea.Cmd {
		return func() tea.Msg { return common.SignedInMsg{Officer: who} }
	}
	// Someone else at the keyboard signs in as themselves, by staff
	// number and their own PIN, as u does on a visit.
	other := func() tea.Cmd {
		st := s.Store
		save := func(who domain.Officer) tea.Cmd {
			return func() tea.Msg {
				if err := st.SetSignedIn(context.Background(), who.StaffNo); err != nil {
					return common.FlashMsg{Text: "Not signed in: " + err.Error(), Kind: common.FlashError}
				}
				return common.SignedInMsg{Officer: who}
			}
		}
		return common.Push(profile.NewSwitch(s, "everything", "", save, func(domain.Officer) tea.Cmd { return nil }))
	}
	return pin.AtStart(s, me, func() tea.Cmd { return signedIn(me) }, other), nil
}
