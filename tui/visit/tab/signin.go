package tab

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/form"
	"oic/tui/profile"
)

// SwitchOfficer switches the signed-in officer, from the briefing and live
// tabs (u): this is how a team accepts the briefing at one laptop, each
// officer signing in as themselves and accepting in turn. An officer with
// no profile on this computer fills one in, and is signed in when it is
// saved.
func (tv *Visit) SwitchOfficer() tea.Cmd {
	s := tv.S
	q := fmt.Sprintf("Who is signing in? Type your staff number. What you record from now on, accepting the briefing included, carries your name. "+
		"Signed in now: %s.", s.Me.Label())
	return common.Push(dialog.NewPrompt(s, "Switch the signed-in officer", q, "your staff number, e.g. IO0042", func(text string) (tea.Cmd, error) {
		sn, err := domain.ParseStaffNo(text)
		if err != nil {
			return nil, err
		}
		o, err := s.Store.Officer(context.Background(), sn)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			note := fmt.Sprintf("There is no profile for staff number %s on this computer yet. Fill it in to sign in as %s; what you record then carries your name.", sn, sn)
			return common.Push(profile.NewSignIn(s, domain.OfficerInput{StaffNo: string(sn), Team: string(tv.V.Basics.Team)}, note,
				func(domain.Officer) tea.Cmd { return tv.Load() })), nil
		case err != nil:
			return nil, err
		case sn == s.Me.StaffNo:
			return common.Flash(common.FlashInfo, "You are already signed in as "+o.Label()+"."), nil
		}
		return tv.signIn(o), nil
	}))
}

// signIn makes o the signed-in officer, here and for the next start, then
// redraws the visit for them and says what is theirs to do.
func (tv *Visit) signIn(o domain.Officer) tea.Cmd {
	st := tv.S.Store
	next := tv.signedInNext(o)
	return tv.Deliver(func() tea.Msg {
		if err := st.SetSignedIn(context.Background(), o.StaffNo); err != nil {
			return form.SavedMsg{Err: err}
		}
		return form.SavedMsg{Then: tea.Sequence(
			func() tea.Msg { return common.SignedInMsg{Officer: o} },
			tv.Load(),
			common.Flash(common.FlashOK, "Signed in as "+o.Label()+"."+next),
		)}
	})
}

// signedInNext says what the newly signed-in officer may do on the
// briefing: accept it, or why it is not theirs to accept; on a closed
// visit, whether they may assure it.
func (tv *Visit) signedInNext(o domain.Officer) string {
	v := tv.V
	switch v.State {
	case domain.Closed, domain.FollowUp:
		// After the visit, who signs in here has come to assure it (ASR-2).
		if err := tv.S.Config.MayAssure(v, o); err != nil {
			return " " + err.Error() + "."
		}
		return fmt.Sprintf(" You may assure %s: enter on the assurance tab for the checklist.", v.Ref)
	case domain.Assured:
		return ""
	}
	cur, issued := v.Briefing.Current()
	_, on := v.Rostered(o.StaffNo)
	switch {
	case !issued:
		return ""
	case !on:
		return fmt.Sprintf(" You are not on the team for %s.", v.Ref)
	}
	if a, ok := v.Briefing.Accepted(o.StaffNo, cur.N); ok {
		return fmt.Sprintf(" You accepted version %d at %s.", cur.N, a.At.In(tv.S.Loc).Format("15:04"))
	}
	return fmt.Sprintf(" Press a to read and accept version %d.", cur.N)
}
