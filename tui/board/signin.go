package board

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/profile"
)

// signIn (u) switches the signed-in officer from the board: the duty CIO
// who sits down at a laptop an OIC signed in on signs in as themselves
// here, where INC-2's refusal tells them to, and then acknowledges. An
// officer with no profile on this computer fills one in first, as from a
// visit's tabs.
func (b *Screen) signIn() tea.Cmd {
	s := b.s
	q := fmt.Sprintf("Who is signing in? Type your staff number. What you record from now on, an acknowledgement included, carries your name. "+
		"Signed in now: %s.", s.Me.Label())
	return common.Push(dialog.NewPrompt(s, "Switch the signed-in officer", q, "your staff number, e.g. CIO0777", func(text string) (tea.Cmd, error) {
		sn, err := domain.ParseStaffNo(text)
		if err != nil {
			return nil, err
		}
		o, err := s.Store.Officer(context.Background(), sn)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			note := fmt.Sprintf("There is no profile for staff number %s on this computer yet. Fill it in to sign in as %s; what you record then carries your name.", sn, sn)
			return common.Push(profile.NewSignIn(s, domain.OfficerInput{StaffNo: string(sn)}, note,
				func(domain.Officer) tea.Cmd { return nil })), nil
		case err != nil:
			return nil, err
		case sn == s.Me.StaffNo:
			return common.Flash(common.FlashInfo, "You are already signed in as "+o.Label()+"."), nil
		}
		st := s.Store
		return common.DeliverTo(b, func() tea.Msg {
			if err := st.SetSignedIn(context.Background(), o.StaffNo); err != nil {
				return common.FlashMsg{Text: "Not signed in: " + err.Error(), Kind: common.FlashError}
			}
			return signedIn{o}
		}), nil
	}))
}

// signedIn is a sign-in from the board, saved: the app hears who (so
// every screen records as them) and the officer hears what is theirs.
type signedIn struct{ o domain.Officer }

func (b *Screen) afterSignIn(o domain.Officer) tea.Cmd {
	next := ""
	if r, ok := b.current(); ok && r.waiting {
		next = " Press a to acknowledge the critical incident under the cursor."
	}
	return tea.Sequence(
		func() tea.Msg { return common.SignedInMsg{Officer: o} },
		common.Flash(common.FlashOK, "Signed in as "+o.Label()+"."+next),
	)
}
