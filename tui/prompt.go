package tui

import (
	"errors"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// prompt asks for one line of text, a reason, before an action such as
// cancelling a visit. The action runs on enter; its problem, if any, is
// shown under the field and the text stays.
type prompt struct {
	s        *session
	title    string
	question string
	input    textinput.Model
	err      string
	w, h     int
	// confirm runs the action; an error is shown and nothing happens.
	confirm func(text string) (tea.Cmd, error)
	escOnce bool
}

func newPrompt(s *session, title, question, placeholder string, confirm func(string) (tea.Cmd, error)) *prompt {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = placeholder
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return &prompt{s: s, title: title, question: question, input: in, confirm: confirm}
}

func (p *prompt) Init() tea.Cmd    { return nil }
func (p *prompt) Title() string    { return p.title }
func (p *prompt) Capturing() bool  { return true }
func (p *prompt) SetSize(w, h int) { p.w, p.h = w, h; resizeInput(&p.input, max(10, w-6)) }

func (p *prompt) ShortHelp() []key.Binding {
	return []key.Binding{promptKeys.Confirm, promptKeys.Cancel}
}

func (p *prompt) FullHelp() []helpGroup {
	return []helpGroup{{"Question", []key.Binding{promptKeys.Confirm, promptKeys.Cancel}}}
}

func (p *prompt) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(km, promptKeys.Cancel):
		// An accidental Esc must not throw away a typed reason: with text
		// typed, it takes a second Esc.
		if p.input.Value() != "" && !p.escOnce {
			p.escOnce = true
			p.err = "Press esc again to leave without doing this; your text will be lost."
			return p, nil
		}
		return p, pop
	case key.Matches(km, promptKeys.Confirm):
		cmd, err := p.confirm(p.input.Value())
		if err != nil {
			var ve domain.ValidationError
			if errors.As(err, &ve) && len(ve) > 0 {
				p.err = ve[0].Msg
			} else {
				p.err = err.Error()
			}
			return p, nil
		}
		return p, tea.Sequence(pop, cmd)
	}
	p.escOnce = false
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return p, cmd
}

func (p *prompt) View() string {
	t := p.s.theme
	out := t.Header.Render(p.title) + "\n\n" + wrap(p.question, max(20, p.w-2)) + "\n\n" + p.input.View()
	if p.err != "" {
		out += "\n" + t.Error.Render(indent(wrap("✗ "+p.err, max(20, p.w-4)), 2))
	}
	return out
}
