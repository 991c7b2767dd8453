package board

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/profile"
)

// signIn (u) switches the signed-in officer from the board: the duty CIO
// who sits down at a laptop an OIC signed in on signs in as themselves
// here, where INC-2's refusal tells them to, and then acknowledges. An
// officer with no profile on this computer fills one in first, as from a
// visit's tabs.
func (b *Screen) signIn() tea.Cmd {
	if b.s.Fixed {
		return common.Flash(common.FlashError, b.s.SwitchRefused())
	}
	st := b.s.Store
	save := func(o domain.Officer) tea.Cmd {
		return common.DeliverTo(b, func() tea.Msg {
			if err := st.SetSignedIn(context.Background(), o.StaffNo); err != nil {
				return common.FlashMsg{Text: "Not signed in: " + err.Error(), Kind: common.FlashError}
			}
			return signedIn{o}
		})
	}
	return common.Push(profile.NewSwitch(b.s, "an acknowledgement", "", save, func(domain.Officer) tea.Cmd { return nil }))
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
