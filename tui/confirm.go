package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// confirmScreen asks a yes-or-no question before a step that cannot be
// undone (closing a visit), saying what follows from it. y or enter goes
// ahead; n or esc goes back with nothing done.
type confirmScreen struct {
	s           *session
	title, body string
	yes         func() tea.Cmd
	w, h        int
}

var confirmKeys = struct{ Yes, No key.Binding }{
	Yes: bind([]string{"y", "enter"}, "y/enter", "yes, go ahead"),
	No:  bind([]string{"n", "esc"}, "n/esc", "no, go back"),
}

func newConfirm(s *session, title, body string, yes func() tea.Cmd) *confirmScreen {
	return &confirmScreen{s: s, title: title, body: body, yes: yes}
}

func (c *confirmScreen) Init() tea.Cmd    { return nil }
func (c *confirmScreen) Title() string    { return c.title }
func (c *confirmScreen) Capturing() bool  { return false }
func (c *confirmScreen) SetSize(w, h int) { c.w, c.h = w, h }
func (c *confirmScreen) ShortHelp() []key.Binding {
	return []key.Binding{confirmKeys.Yes, confirmKeys.No}
}
func (c *confirmScreen) FullHelp() []helpGroup { return []helpGroup{{c.title, c.ShortHelp()}} }
func (c *confirmScreen) View() string {
	return c.s.theme.Bold.Render(c.title) + "\n\n" + wrap(c.body, max(20, c.w-2))
}
func (c *confirmScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return c, nil
	}
	switch {
	case key.Matches(km, confirmKeys.Yes):
		return c, tea.Sequence(pop, c.yes())
	case key.Matches(km, confirmKeys.No):
		return c, pop
	}
	return c, nil
}
