package tuitest

import tea "github.com/charmbracelet/bubbletea"

// named are the keys Keys knows by name; anything else is typed text.
var named = map[string]tea.KeyType{
	"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "enter": tea.KeyEnter, "esc": tea.KeyEsc,
	"ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU, "ctrl+c": tea.KeyCtrlC, "ctrl+n": tea.KeyCtrlN,
	"ctrl+r": tea.KeyCtrlR, "ctrl+g": tea.KeyCtrlG, "home": tea.KeyHome, "pgdown": tea.KeyPgDown,
	"pgup": tea.KeyPgUp, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"backspace": tea.KeyBackspace, "ctrl+t": tea.KeyCtrlT, "ctrl+p": tea.KeyCtrlP,
}

// Keys turns "abc", "tab", "ctrl+s", "esc", "enter" into key messages:
// a named key, a space, or the runes typed, one message each argument.
func Keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		switch t, ok := named[k]; {
		case ok:
			out = append(out, tea.KeyMsg{Type: t})
		case k == " ":
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		default:
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
	return out
}
