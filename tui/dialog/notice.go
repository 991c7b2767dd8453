package dialog

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/tui/common"
)

// Notice says something that needs more than the status line's width
// and offers nothing to do: enter or esc closes it.
type Notice struct {
	s           *common.Session
	title, body string
	w, h        int
}

var noticeClose = common.Bind([]string{"enter", "esc"}, "enter/esc", "close")

func NewNotice(s *common.Session, title, body string) *Notice {
	return &Notice{s: s, title: title, body: body}
}

func (n *Notice) Init() tea.Cmd            { return nil }
func (n *Notice) Title() string            { return n.title }
func (n *Notice) Capturing() bool          { return false }
func (n *Notice) SetSize(w, h int)         { n.w, n.h = w, h }
func (n *Notice) ShortHelp() []key.Binding { return []key.Binding{noticeClose} }
func (n *Notice) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: n.title, Keys: n.ShortHelp()}}
}
func (n *Notice) View() string {
	return n.s.Theme.Bold.Render(n.title) + "\n\n" + common.Wrap(n.body, max(20, n.w-2))
}
func (n *Notice) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, noticeClose) {
		return n, common.Pop
	}
	return n, nil
}
