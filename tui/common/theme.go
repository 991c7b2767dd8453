package common

import (
	"github.com/charmbracelet/lipgloss"

	"oic/domain"
)

// Theme is the one set of styles, built once at start and shared by every
// screen: building styles per frame costs time on every message. Colours
// are from the 16-colour ANSI palette so they read on any terminal, and no
// meaning is carried by colour alone: states are words, errors start with a
// cross, the cursor row has a marker. Under NO_COLOR lipgloss drops every
// style and the words and markers still carry the meaning.
type Theme struct {
	Title, Header, Muted, Bold     lipgloss.Style
	Selected, Cursor, Focus        lipgloss.Style
	Error, Warn, OK, Accent, Label lipgloss.Style
	Key, KeyDesc                   lipgloss.Style
	Tab, TabActive, Box            lipgloss.Style
	// Alarm is the critical incident banner (INC-1): reversed, so it
	// stands out in 16 colours and with NO_COLOR alike.
	Alarm  lipgloss.Style
	states map[domain.State]lipgloss.Style
	r      *lipgloss.Renderer
}

// NewTheme builds the styles for one session's output: r knows that
// output's colour profile, so two sessions in one process (team mode over
// SSH) each draw in their own terminal's colours. Nothing here touches
// lipgloss's process-wide renderer.
func NewTheme(r *lipgloss.Renderer) *Theme {
	c := func(s string) lipgloss.Color { return lipgloss.Color(s) }
	t := &Theme{r: r,
		Title:     r.NewStyle().Bold(true).Foreground(c("6")),
		Header:    r.NewStyle().Bold(true),
		Muted:     r.NewStyle().Foreground(c("8")),
		Bold:      r.NewStyle().Bold(true),
		Selected:  r.NewStyle().Reverse(true),
		Cursor:    r.NewStyle().Foreground(c("6")).Bold(true),
		Focus:     r.NewStyle().Foreground(c("6")),
		Error:     r.NewStyle().Foreground(c("1")),
		Warn:      r.NewStyle().Foreground(c("3")),
		OK:        r.NewStyle().Foreground(c("2")),
		Accent:    r.NewStyle().Foreground(c("6")),
		Label:     r.NewStyle().Foreground(c("7")),
		Key:       r.NewStyle().Bold(true),
		KeyDesc:   r.NewStyle().Foreground(c("8")),
		Tab:       r.NewStyle().Padding(0, 1),
		TabActive: r.NewStyle().Padding(0, 1).Bold(true).Underline(true).Foreground(c("6")),
		Box:       r.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1),
		Alarm:     r.NewStyle().Foreground(c("1")).Bold(true).Reverse(true),
	}
	t.states = map[domain.State]lipgloss.Style{
		domain.Tasked:     r.NewStyle(),
		domain.Planning:   r.NewStyle().Foreground(c("4")),
		domain.Authorised: r.NewStyle().Foreground(c("6")),
		domain.Briefed:    r.NewStyle().Foreground(c("5")),
		domain.Deployed:   r.NewStyle().Foreground(c("3")).Bold(true),
		domain.Closed:     r.NewStyle().Foreground(c("2")),
		domain.FollowUp:   r.NewStyle().Foreground(c("2")),
		domain.Assured:    r.NewStyle().Foreground(c("8")),
		domain.Cancelled:  r.NewStyle().Foreground(c("8")),
		domain.StoodDown:  r.NewStyle().Foreground(c("8")),
	}
	return t
}

// Renderer is the session's renderer, for what is styled outside the
// theme (a progress bar's colours).
func (t *Theme) Renderer() *lipgloss.Renderer { return t.r }

// NewStyle is a plain style bound to the session's renderer.
func (t *Theme) NewStyle() lipgloss.Style { return t.r.NewStyle() }

// State styles a state's name.
func (t *Theme) State(s domain.State) lipgloss.Style { return t.states[s] }

// RatingStyle gives a RAG rating its colour; the word is always written.
func (t *Theme) RatingStyle(r domain.Rating) lipgloss.Style {
	switch r {
	case domain.Green:
		return t.OK
	case domain.Amber:
		return t.Warn
	case domain.Red:
		return t.Error
	}
	return t.Muted
}
