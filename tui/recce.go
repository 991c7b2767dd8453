package tui

import tea "github.com/charmbracelet/bubbletea"

// The recce tab is drawn in the next commit; until then it says so.

func (d *detail) recceKey(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }

func (d *detail) recceView(w int) string {
	return d.s.theme.Muted.Render(wrap("The recce tab is not drawn yet.", w))
}
