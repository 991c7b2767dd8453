package tab

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
	"oic/tui/profile"
)

// SwitchOfficer switches the signed-in officer, from the briefing and live
// tabs (u): this is how a team accepts the briefing at one laptop, each
// officer signing in as themselves and accepting in turn. An officer with
// no profile on this computer fills one in, and is signed in when it is
// saved.
func (tv *Visit) SwitchOfficer() tea.Cmd {
	if tv.S.Fixed {
		return common.Flash(common.FlashError, tv.S.SwitchRefused())
	}
	return common.Push(profile.NewSwitch(tv.S, "accepting the briefing", tv.V.Basics.Team, tv.signIn,
		func(domain.Officer) tea.Cmd { return tv.Load() }))
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
