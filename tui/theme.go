package tui

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
}

// NewTheme builds the styles.
func NewTheme() *Theme {
	c := func(s string) lipgloss.Color { return lipgloss.Color(s) }
	t := &Theme{
		Title:     lipgloss.NewStyle().Bold(true).Foreground(c("6")),
		Header:    lipgloss.NewStyle().Bold(true),
		Muted:     lipgloss.NewStyle().Foreground(c("8")),
		Bold:      lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Reverse(true),
		Cursor:    lipgloss.NewStyle().Foreground(c("6")).Bold(true),
		Focus:     lipgloss.NewStyle().Foreground(c("6")),
		Error:     lipgloss.NewStyle().Foreground(c("1")),
		Warn:      lipgloss.NewStyle().Foreground(c("3")),
		OK:        lipgloss.NewStyle().Foreground(c("2")),
		Accent:    lipgloss.NewStyle().Foreground(c("6")),
		Label:     lipgloss.NewStyle().Foreground(c("7")),
		Key:       lipgloss.NewStyle().Bold(true),
		KeyDesc:   lipgloss.NewStyle().Foreground(c("8")),
		Tab:       lipgloss.NewStyle().Padding(0, 1),
		TabActive: lipgloss.NewStyle().Padding(0, 1).Bold(true).Underline(true).Foreground(c("6")),
		Box:       lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1),
		Alarm:     lipgloss.NewStyle().Foreground(c("1")).Bold(true).Reverse(true),
	}
	t.states = map[domain.State]lipgloss.Style{
		domain.Tasked:     lipgloss.NewStyle(),
		domain.Planning:   lipgloss.NewStyle().Foreground(c("4")),
		domain.Authorised: lipgloss.NewStyle().Foreground(c("6")),
		domain.Briefed:    lipgloss.NewStyle().Foreground(c("5")),
		domain.Deployed:   lipgloss.NewStyle().Foreground(c("3")).Bold(true),
		domain.Closed:     lipgloss.NewStyle().Foreground(c("2")),
		domain.FollowUp:   lipgloss.NewStyle().Foreground(c("2")),
		domain.Assured:    lipgloss.NewStyle().Foreground(c("8")),
		domain.Cancelled:  lipgloss.NewStyle().Foreground(c("8")),
		domain.StoodDown:  lipgloss.NewStyle().Foreground(c("8")),
	}
	return t
}

// State styles a state's name.
func (t *Theme) State(s domain.State) lipgloss.Style { return t.states[s] }
