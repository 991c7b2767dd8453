package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// screen is one full view under the root model: a model, its keys, and its
// size. The root routes messages to the top screen of a stack, so opening a
// visit pushes a screen and Esc pops it back to where you were.
type screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen in the header.
	Title() string
	// Help lists the screen's keys: the few for the footer and all of them,
	// grouped, for the ? screen.
	ShortHelp() []key.Binding
	FullHelp() []helpGroup
	// Capturing is true while the screen takes typed text, so letters that
	// are keys elsewhere (q, ?) reach the text field instead.
	Capturing() bool
}

// helpGroup is a titled set of keys on the help screen.
type helpGroup struct {
	Title string
	Keys  []key.Binding
}

// session is what every screen shares: storage, configuration, the clock,
// the signed-in officer, the theme. The clock and zone are injected so tests
// stand on a fixed day.
type session struct {
	store domain.Store
	cfg   domain.Config
	clock func() time.Time
	loc   *time.Location
	me    domain.Officer
	theme *Theme
	// export writes an export of closed visits, or is nil where the tool
	// was started without one (tests of other screens).
	export domain.Exporter
}

// now is the current time in the officer's zone.
func (s *session) now() time.Time { return s.clock().In(s.loc) }

// Navigation messages, sent by screens and handled by the root.
type (
	pushMsg struct{ s screen }
	popMsg  struct{}
	// flashMsg shows a one-line message in the status bar.
	flashMsg struct {
		text string
		kind flashKind
	}
	// signedInMsg says the signed-in officer is now o (first run, or
	// profile edited).
	signedInMsg struct{ o domain.Officer }
)

type flashKind int

const (
	flashInfo flashKind = iota
	flashOK
	flashError
)

func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }
func pop() tea.Msg          { return popMsg{} }

func flash(kind flashKind, text string) tea.Cmd {
	return func() tea.Msg { return flashMsg{text: text, kind: kind} }
}

// addressed carries a message to one screen wherever it is on the stack.
// An answer to a screen's own request (rows read, a visit loaded, a save
// done) must reach that screen even if another has been opened on top of
// it meanwhile; the root drops it if the screen has been closed.
type addressed struct {
	to  screen
	msg tea.Msg
}

// deliverTo addresses the message cmd produces to s. Only for commands that
// produce a plain message, not a batch or sequence.
func deliverTo(s screen, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		m := cmd()
		if m == nil {
			return nil
		}
		return addressed{s, m}
	}
}
