package common

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/lipgloss"
)

// NewInput is a text input drawn with the theme's renderer. Bubbles'
// defaults are styles of lipgloss's process-wide renderer, whose colour
// profile is the process's stdout's, not this session's terminal's. The
// cursor does not blink: a blinking cursor redraws the screen twice a
// second for nothing.
func NewInput(t *Theme) textinput.Model {
	in := textinput.New()
	plain := t.NewStyle()
	in.PromptStyle, in.TextStyle = plain, plain
	in.PlaceholderStyle = t.NewStyle().Foreground(lipgloss.Color("240"))
	in.CompletionStyle = in.PlaceholderStyle
	in.Cursor.Style, in.Cursor.TextStyle = plain, plain
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// NewViewport is a viewport drawn with the theme's renderer.
func NewViewport(t *Theme) viewport.Model {
	vp := viewport.New(0, 0)
	vp.Style = t.NewStyle()
	return vp
}
