package common

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// Screen is one full view under the root model: a model, its keys, and its
// size. The root routes messages to the top Screen of a stack, so opening a
// visit pushes a Screen and Esc pops it back to where you were.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen in the header.
	Title() string
	// Help lists the screen's keys: the few for the footer and all of them,
	// grouped, for the ? screen.
	ShortHelp() []key.Binding
	FullHelp() []HelpGroup
	// Capturing is true while the screen takes typed text, so letters that
	// are keys elsewhere (q, ?) reach the text field instead.
	Capturing() bool
}

// Coverable is a screen that can leave work undone while another screen
// covers it: the root tells it when it is covered and when it is on top
// again, and Cover's command (on top again) catches up. In team mode the
// register under an open visit is told of every save by every session,
// and sorting its 100,000 rows for each while nobody sees them cost the
// server seconds a save (BENCHMARKS.md, team mode).
type Coverable interface {
	Cover(covered bool) tea.Cmd
}

// Watcher is a screen that shows a few visits only (a visit, a form on
// one): while it is on top, a change to any other visit is not its to
// see, and the root does not wake the program for it (tui/watch.go). In
// team mode every session is told of every save; a session drawing its
// frame again for a visit it does not show cost the server a frame a
// session a save (BENCHMARKS.md, "The 50-session load in 100 ms"). None
// (an empty list) means every visit.
type Watcher interface {
	Watches() []domain.Ref
}

// DraftKeeper is a screen holding typed input: the root asks it to keep
// the input as a draft before the program quits, so Ctrl-C never costs an
// officer their typing. KeepDraft says why it could not (the disk full);
// Typing is then what was typed, for the officer to copy.
type DraftKeeper interface {
	KeepDraft() error
	Typing() string
}

// HelpGroup is a titled set of keys on the help screen.
type HelpGroup struct {
	Title string
	Keys  []key.Binding
}

// Navigation messages, sent by screens and handled by the root.
type (
	PushMsg struct{ Screen Screen }
	PopMsg  struct{}
	// FlashMsg shows a one-line message in the status bar.
	FlashMsg struct {
		Text string
		Kind FlashKind
	}
	// SignedInMsg says the signed-in officer is now o (first run, or
	// profile edited).
	SignedInMsg struct{ Officer domain.Officer }
)

type FlashKind int

const (
	FlashInfo FlashKind = iota
	FlashOK
	FlashError
)

// OpenVisitMsg asks the root to open a visit's screen. Screens that list
// visits (the register, a premises' history) open one with it rather than
// build the visit screen themselves, which opens their screens in turn.
type OpenVisitMsg struct{ Ref domain.Ref }

// OpenVisit opens the visit ref on top of the current screen.
func OpenVisit(ref domain.Ref) tea.Cmd {
	return func() tea.Msg { return OpenVisitMsg{Ref: ref} }
}

func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{s} } }
func Pop() tea.Msg          { return PopMsg{} }

func Flash(kind FlashKind, text string) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text, Kind: kind} }
}

// TypedAheadMsg carries keys the officer typed while a save was in
// flight (a form holds them rather than take them into a form it is about
// to close), to be handled now in order, as if the save had been instant:
// "n" typed straight after recording a note opens the next one.
type TypedAheadMsg []tea.KeyMsg

// TypedAhead hands keys back to the root, or is nil if there are none.
func TypedAhead(keys []tea.KeyMsg) tea.Cmd {
	if len(keys) == 0 {
		return nil
	}
	return func() tea.Msg { return TypedAheadMsg(keys) }
}

// Addressed carries a message to one screen wherever it is on the stack.
// An answer to a screen's own request (rows read, a visit loaded, a save
// done) must reach that screen even if another has been opened on top of
// it meanwhile; the root drops it if the screen has been closed.
type Addressed struct {
	To  Screen
	Msg tea.Msg
}

// DeliverTo addresses the message cmd produces to s. Only for commands that
// produce a plain message, not a batch or sequence.
func DeliverTo(s Screen, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		m := cmd()
		if m == nil {
			return nil
		}
		return Addressed{s, m}
	}
}

// EventMsg carries a store change to the screens.
type EventMsg domain.Event
