// Package tabtest runs one tab of the visit screen on its own, for a tab's
// tests of what only it can see (its clock, its cursor): a host that reads
// the visit at once, works out its readiness and draws the tab into a
// viewport, as the visit screen does. Tests of what an officer does go
// through the whole tool (tuitest.App) instead.
package tabtest

import (
	"context"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/visit/tab"
)

// Host is a visit screen of one tab, w cells wide and h lines of content.
type Host struct {
	t     testing.TB
	V     *tab.Visit
	vp    viewport.Model
	tab   tab.Tab
	shown bool
	w, h  int
}

// New is a host of visit ref for session s, sized w by h, with the visit
// read already.
func New(t testing.TB, s *common.Session, ref domain.Ref, w, h int) *Host {
	t.Helper()
	ho := &Host{t: t, vp: common.NewViewport(s.Theme)}
	ho.V = tab.NewVisit(s, ref, &ho.vp, ho)
	ho.SetSize(w, h)
	ho.LoadNow()
	return ho
}

// Show brings tb into view, as pressing its key does, and returns what its
// Shown returns.
func (ho *Host) Show(tb tab.Tab) tea.Cmd {
	ho.tab, ho.shown = tb, true
	ho.vp.GotoTop()
	ho.Refresh()
	return tb.Shown()
}

// Hide takes the tab out of view, as showing another tab does.
func (ho *Host) Hide() { ho.shown = false }

// LoadNow reads the visit and its audit trail and redraws.
func (ho *Host) LoadNow() {
	ho.t.Helper()
	ctx := context.Background()
	st := ho.V.S.Store
	v, verr := st.Visit(ctx, ho.V.Ref)
	a, err := st.Audit(ctx, ho.V.Ref)
	if err != nil {
		ho.t.Fatal(err)
	}
	if err := ho.V.Loaded(v, verr, a); err != nil {
		ho.t.Fatal(err)
	}
	arr, err := st.Arrivals(ctx, ho.V.Ref)
	if err != nil {
		ho.t.Fatal(err)
	}
	ho.V.Arrived(arr)
	ho.V.Premises = tab.CountAtPremises(ctx, st, v)
	ho.Refresh()
}

// Load reads the visit again, at once; the command it returns does
// nothing more.
func (ho *Host) Load() tea.Cmd {
	ho.LoadNow()
	return nil
}

// Refresh works out the readiness and draws the tab, if one is shown.
func (ho *Host) Refresh() {
	if ho.V.V == nil {
		return
	}
	ho.V.Assess()
	ho.V.W = max(20, ho.w-2)
	if ho.tab != nil {
		ho.tab.Draw()
	}
}

// Showing reports whether t is shown.
func (ho *Host) Showing(t tab.Tab) bool { return ho.shown && ho.tab == t }

// NumberOf is 0: the host knows of no other tab.
func (ho *Host) NumberOf(string) int { return 0 }

// Fix asks the one tab for the form that fixes f.
func (ho *Host) Fix(f domain.Finding) (tea.Cmd, bool) {
	if fx, ok := ho.tab.(tab.Fixer); ok {
		return fx.Fix(f)
	}
	return nil, false
}

// Update gives msg to the tab: a key as a key, anything else as its own.
func (ho *Host) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		cmd, _ := ho.tab.Key(km)
		return ho, cmd
	}
	cmd, _ := ho.tab.Update(msg)
	return ho, cmd
}

// View is the tab's content as the viewport shows it.
func (ho *Host) View() string { return ho.vp.View() }

func (ho *Host) SetSize(w, h int) {
	ho.w, ho.h = w, h
	ho.vp.Width, ho.vp.Height = w, h
	ho.Refresh()
}

func (ho *Host) Init() tea.Cmd                { return nil }
func (ho *Host) Title() string                { return "Visit " + string(ho.V.Ref) }
func (ho *Host) Capturing() bool              { return false }
func (ho *Host) ShortHelp() []key.Binding     { return nil }
func (ho *Host) FullHelp() []common.HelpGroup { return nil }
