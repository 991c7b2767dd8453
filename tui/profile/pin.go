package profile

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
	"oic/tui/pin"
)

// mine is the signed-in officer's own profile form, with ctrl+p to set
// or change their PIN (IDN-1 on a shared laptop).
type mine struct {
	*form.Screen
	s *common.Session
}

func withPINKey(s *common.Session, fs *form.Screen) common.Screen {
	m := &mine{Screen: fs, s: s}
	fs.Host = m // the form's answers come back to what the stack holds
	return m
}

func (m *mine) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok && !m.Asking() && key.Matches(km, common.PINKeys.Set) {
		return m, SetPIN(m.s)
	}
	_, cmd := m.Screen.Update(msg)
	return m, cmd
}

func (m *mine) ShortHelp() []key.Binding {
	if m.Asking() {
		return m.Screen.ShortHelp()
	}
	return append(m.Screen.ShortHelp(), common.PINKeys.Set)
}

func (m *mine) FullHelp() []common.HelpGroup {
	return append(m.Screen.FullHelp(), common.HelpGroup{Title: "PIN", Keys: []key.Binding{common.PINKeys.Set}})
}

// SetPIN sets the signed-in officer's PIN, or changes it after the
// current one: the new one is typed twice, as it is never shown. It goes
// on the profile's trail as "PIN set" or "PIN changed".
func SetPIN(s *common.Session) tea.Cmd {
	me := s.Me
	st, err := s.Store.PINState(context.Background(), me.StaffNo, s.Now())
	if err != nil {
		return common.Flash(common.FlashError, "Your PIN cannot be set: "+err.Error())
	}
	enter := func() tea.Cmd {
		return common.Push(pin.Enter(s, "New PIN", "Type your new PIN: 4 to 12 digits. oic will ask for it at every start and whenever someone signs in as you at this computer.",
			func(string) error { return nil },
			func(first string) tea.Cmd { return tea.Sequence(common.Pop, common.Push(again(s, me, st.Set, first))) }))
	}
	if !st.Set {
		return enter()
	}
	return common.Push(pin.Check(s, me, "Change your PIN", "Type your current PIN first.", enter))
}

// again asks for the new PIN a second time and sets it if both agree.
func again(s *common.Session, me domain.Officer, had bool, first string) common.Screen {
	st := s.Store
	return pin.Enter(s, "New PIN, again", "Type the new PIN again, to be sure of it.",
		func(p string) error {
			if p != first {
				return fmt.Errorf("not the PIN you typed first; type that one again, or esc, then ctrl+p, to start over")
			}
			return st.SetPIN(context.Background(), me.StaffNo, p, me, s.Now())
		},
		func(string) tea.Cmd {
			msg := "PIN set: oic asks for it at every start and whenever someone signs in as you."
			if had {
				msg = "PIN changed: from now on oic asks for the new one."
			}
			return tea.Sequence(common.Pop, common.Flash(common.FlashOK, msg))
		})
}
