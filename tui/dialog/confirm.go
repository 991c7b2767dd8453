package dialog

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/common"
)

// Confirm asks a yes-or-no question before a step that cannot be
// undone (closing a visit), saying what follows from it. y or enter goes
// ahead; n or esc goes back with nothing done.
type Confirm struct {
	s           *common.Session
	title, body string
	yes         func() tea.Cmd
	w, h        int
}

func NewConfirm(s *common.Session, title, body string, yes func() tea.Cmd) *Confirm {
	return &Confirm{s: s, title: title, body: body, yes: yes}
}

func (c *Confirm) Init() tea.Cmd    { return nil }
func (c *Confirm) Title() string    { return c.title }
func (c *Confirm) Capturing() bool  { return false }
func (c *Confirm) SetSize(w, h int) { c.w, c.h = w, h }
func (c *Confirm) ShortHelp() []key.Binding {
	return []key.Binding{common.ConfirmKeys.Yes, common.ConfirmKeys.No}
}
func (c *Confirm) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: c.title, Keys: c.ShortHelp()}}
}
func (c *Confirm) View() string {
	return c.s.Theme.Bold.Render(c.title) + "\n\n" + common.Wrap(c.body, max(20, c.w-2))
}
func (c *Confirm) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return c, nil
	}
	switch {
	case key.Matches(km, common.ConfirmKeys.Yes):
		return c, tea.Sequence(common.Pop, c.yes())
	case key.Matches(km, common.ConfirmKeys.No):
		return c, common.Pop
	}
	return c, nil
}
