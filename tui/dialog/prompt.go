package dialog

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Prompt asks for one line of text, a reason, before an action such as
// cancelling a visit. The action runs on enter; its problem, if any, is
// shown under the field and the text stays.
type Prompt struct {
	s        *common.Session
	title    string
	question string
	input    textinput.Model
	err      string
	w, h     int
	// confirm runs the action; an error is shown and nothing happens.
	confirm func(text string) (tea.Cmd, error)
	escOnce bool
}

func NewPrompt(s *common.Session, title, question, placeholder string, confirm func(string) (tea.Cmd, error)) *Prompt {
	in := common.NewInput(s.Theme)
	in.Prompt = "> "
	in.Placeholder = placeholder
	in.Focus()
	return &Prompt{s: s, title: title, question: question, input: in, confirm: confirm}
}

func (p *Prompt) Init() tea.Cmd    { return nil }
func (p *Prompt) Title() string    { return p.title }
func (p *Prompt) Capturing() bool  { return true }
func (p *Prompt) SetSize(w, h int) { p.w, p.h = w, h; common.ResizeInput(&p.input, max(10, w-6)) }

func (p *Prompt) ShortHelp() []key.Binding {
	return []key.Binding{common.PromptKeys.Confirm, common.PromptKeys.Cancel}
}

func (p *Prompt) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: "Question", Keys: []key.Binding{common.PromptKeys.Confirm, common.PromptKeys.Cancel}}}
}

func (p *Prompt) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(km, common.PromptKeys.Cancel):
		// An accidental Esc must not throw away a typed reason: with text
		// typed, it takes a second Esc.
		if p.input.Value() != "" && !p.escOnce {
			p.escOnce = true
			p.err = "Press esc again to leave without doing this; your text will be lost."
			return p, nil
		}
		return p, common.Pop
	case key.Matches(km, common.PromptKeys.Confirm):
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
		return p, tea.Sequence(common.Pop, cmd)
	}
	p.escOnce = false
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return p, cmd
}

func (p *Prompt) View() string {
	t := p.s.Theme
	out := t.Header.Render(p.title) + "\n\n" + common.Wrap(p.question, max(20, p.w-2)) + "\n\n" + p.input.View()
	if p.err != "" {
		out += "\n" + t.Error.Render(common.Indent(common.Wrap("✗ "+p.err, max(20, p.w-4)), 2))
	}
	return out
}
