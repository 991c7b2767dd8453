// Package pin is the screen that asks for an officer's PIN (IDN-1 on a
// shared laptop): at start, before recording as another officer, and
// when a PIN is set or changed on the profile.
package pin

import (
	"context"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Screen asks for a PIN, masked, and runs Act with it off the UI's
// goroutine (a check takes a good fraction of a second: "checking…"
// shows meanwhile); when Act has no error, Done runs.
type Screen struct {
	s               *common.Session
	title, question string
	input           textinput.Model
	err             string
	note            string // what the prompt says before anything is typed (a lock)
	checking        bool
	w, h            int
	// act judges the PIN typed (ParsePIN's): nil lets it through.
	act func(pin string) error
	// done runs once act has let a PIN through.
	done func(pin string) tea.Cmd
	// escape is what esc does; nil closes the screen.
	escape func() tea.Cmd
	// state, if set, is read as the screen opens, for a lock to be told
	// before the officer types.
	state domain.StaffNo
}

// Check asks o's PIN and checks it: a wrong one says how many tries are
// left, a locked officer is told until when, and nothing is done as
// them; the right one closes the screen and runs then.
func Check(s *common.Session, o domain.Officer, title, question string, then func() tea.Cmd) *Screen {
	p := newScreen(s, title, question)
	st := s.Store
	p.state = o.StaffNo
	p.act = func(pin string) error { return st.CheckPIN(context.Background(), o.StaffNo, pin, s.Now()) }
	p.done = func(string) tea.Cmd { return tea.Sequence(common.Pop, then()) }
	return p
}

// AtStart is Check for the first screen of the program, with nothing
// under it: the right PIN runs then, which replaces it (SignedInMsg);
// esc runs other, for someone else to sign in.
func AtStart(s *common.Session, o domain.Officer, then, other func() tea.Cmd) *Screen {
	q := fmt.Sprintf("Signed in at this computer: %s. Type your PIN to go on: what you record carries your name. "+
		"Not %s? Press esc to sign in as yourself.", o.Label(), o.Name)
	p := Check(s, o, "Your PIN", q, then)
	p.done = func(string) tea.Cmd { return then() }
	p.escape = other
	return p
}

// Enter asks for a PIN without checking it against a stored one, for
// setting a PIN: act judges it (ParsePIN has already), done runs after.
func Enter(s *common.Session, title, question string, act func(pin string) error, done func(pin string) tea.Cmd) *Screen {
	p := newScreen(s, title, question)
	p.act, p.done = act, done
	return p
}

func newScreen(s *common.Session, title, question string) *Screen {
	in := common.NewInput(s.Theme)
	in.Prompt = "PIN > "
	in.Placeholder = "4 to 12 digits"
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '*'
	in.CharLimit = domain.PINMaxDigits + 8 // a few over, for ParsePIN to say why
	in.Focus()
	return &Screen{s: s, title: title, question: question, input: in}
}

// Checking reports a PIN on its way to be checked (tests wait for it).
func (p *Screen) Checking() bool { return p.checking }

// Err is the message under the field, "" if none.
func (p *Screen) Err() string { return p.err }

// stateMsg is the officer's lock as the screen opened.
type stateMsg struct{ st domain.PINStatus }

// checkedMsg is what act made of a PIN.
type checkedMsg struct {
	pin string
	err error
}

func (p *Screen) Init() tea.Cmd {
	if p.state == "" {
		return nil
	}
	st, sn, now := p.s.Store, p.state, p.s.Now()
	return common.DeliverTo(p, func() tea.Msg {
		s, err := st.PINState(context.Background(), sn, now)
		if err != nil {
			return nil
		}
		return stateMsg{s}
	})
}

func (p *Screen) Title() string    { return p.title }
func (p *Screen) Capturing() bool  { return true }
func (p *Screen) SetSize(w, h int) { p.w, p.h = w, h; common.ResizeInput(&p.input, max(10, w-6)) }

func (p *Screen) ShortHelp() []key.Binding {
	esc := common.PromptKeys.Cancel
	if p.escape != nil {
		esc = common.Bind([]string{"esc"}, "esc", "sign in as someone else")
	}
	return []key.Binding{common.PromptKeys.Confirm, esc}
}

func (p *Screen) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: "PIN", Keys: p.ShortHelp()}}
}

func (p *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case stateMsg:
		if msg.st.Locked {
			p.note = (&domain.PINError{Officer: p.state, Locked: true, Until: msg.st.Until.In(p.s.Loc)}).Error() + "."
		}
		return p, nil
	case checkedMsg:
		p.checking = false
		if msg.err != nil {
			p.err = message(msg.err, p.s)
			return p, nil
		}
		return p, p.done(msg.pin)
	case tea.KeyMsg:
		if p.checking {
			return p, nil // one check at a time; ctrl+c still quits
		}
		switch {
		case key.Matches(msg, common.PromptKeys.Cancel):
			if p.escape != nil {
				return p, p.escape()
			}
			return p, common.Pop
		case key.Matches(msg, common.PromptKeys.Confirm):
			pin, err := domain.ParsePIN(p.input.Value())
			p.input.SetValue("") // a PIN is typed again whole, never edited
			if err != nil {
				p.err = message(err, p.s)
				return p, nil
			}
			p.err, p.checking = "", true
			act := p.act
			return p, common.DeliverTo(p, func() tea.Msg { return checkedMsg{pin, act(pin)} })
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return p, cmd
	}
	return p, nil
}

// message is what the officer is told of err: a field's message alone,
// a lock's end in the officers' zone.
func message(err error, s *common.Session) string {
	var ve domain.ValidationError
	if errors.As(err, &ve) && len(ve) > 0 {
		return ve[0].Msg
	}
	var pe *domain.PINError
	if errors.As(err, &pe) && pe.Locked {
		e := *pe
		e.Until = e.Until.In(s.Loc)
		return e.Error() + "."
	}
	return err.Error()
}

func (p *Screen) View() string {
	t := p.s.Theme
	w := max(20, p.w-2)
	out := t.Header.Render(p.title) + "\n\n" + common.Wrap(p.question, w) + "\n\n" + p.input.View()
	switch {
	case p.checking:
		out += "\n" + t.Muted.Render("  checking…")
	case p.err != "":
		out += "\n" + t.Error.Render(common.Indent(common.Wrap("✗ "+p.err, max(20, p.w-4)), 2))
	case p.note != "":
		out += "\n" + t.Warn.Render(common.Indent(common.Wrap("! "+p.note, max(20, p.w-4)), 2))
	}
	return out
}
