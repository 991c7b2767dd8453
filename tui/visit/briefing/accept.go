package briefing

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// acceptScreen shows the signed-in officer the version they are accepting,
// in full, and records their acceptance when they say "I have read,
// understood and accept version N" (BRF-1). The acceptance is bound to the
// version's digest, and always made as the officer signed in.
type acceptScreen struct {
	s    *common.Session
	tb   *Tab
	v    *domain.Visit
	ver  domain.BriefingVersion
	vp   viewport.Model
	w, h int
	err  string
}

func newAcceptScreen(tb *Tab, ver domain.BriefingVersion) *acceptScreen {
	return &acceptScreen{s: tb.S, tb: tb, v: tb.V, ver: ver, vp: common.NewViewport(tb.S.Theme)}
}

func (a *acceptScreen) Init() tea.Cmd   { return nil }
func (a *acceptScreen) Capturing() bool { return false }
func (a *acceptScreen) Title() string {
	return fmt.Sprintf("Accept briefing version %d · %s", a.ver.N, a.v.Ref)
}

func (a *acceptScreen) SetSize(w, h int) {
	a.w, a.h = w, h
	a.vp.Width, a.vp.Height = w, max(1, h-4)
	a.vp.SetContent(a.tb.orderText(a.ver.Text, max(20, w-2)))
}

func (a *acceptScreen) ShortHelp() []key.Binding {
	return []key.Binding{common.AcceptKeys.Accept, common.AcceptKeys.Back, common.Bind([]string{"up", "down"}, "↑/↓", "scroll")}
}

func (a *acceptScreen) FullHelp() []common.HelpGroup {
	k := common.AcceptKeys
	return []common.HelpGroup{{Title: "Accept the briefing", Keys: []key.Binding{k.Accept, k.Back, k.Up, k.Down}}}
}

func (a *acceptScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return a, nil
	}
	switch {
	case key.Matches(km, common.AcceptKeys.Back):
		return a, common.Pop
	case key.Matches(km, common.AcceptKeys.Accept):
		s := a.s
		ev := a.v.Clone()
		c, err := ev.AcceptBriefing(a.ver.N, s.Me, s.Now())
		if err != nil {
			a.err = err.Error()
			return a, nil
		}
		return a, tea.Sequence(common.Pop, a.tb.Save(ev, c, fmt.Sprintf("version %d accepted by %s", a.ver.N, s.Me.Label())))
	}
	var cmd tea.Cmd
	a.vp, cmd = a.vp.Update(km)
	return a, cmd
}

func (a *acceptScreen) View() string {
	t := a.s.Theme
	w := max(20, a.w-2)
	e, _ := a.v.Rostered(a.s.Me.StaffNo)
	head := fmt.Sprintf("You are signed in as %s · %s. Read version %d, issued by %s, to the end.",
		a.s.Me.Label(), e.Roles(), a.ver.N, a.ver.Issued.Label(a.s.Loc))
	out := t.Muted.Render(common.Truncate(head, w)) + "\n"
	if a.ver.Note != "" {
		out += t.Warn.Render(common.Truncate("What changed: "+a.ver.Note, w)) + "\n"
	} else {
		out += "\n"
	}
	out += a.vp.View() + "\n"
	where := "↓ more below: scroll to read it all"
	if a.vp.AtBottom() {
		where = "end of the order"
	}
	out += t.Muted.Render(common.Truncate(fmt.Sprintf("── %s · digest %s ──", where, a.ver.Digest[:12]), w)) + "\n"
	if a.err != "" {
		return out + t.Error.Render(common.Truncate("✗ "+a.err, w))
	}
	return out + t.Bold.Render(common.Truncate(fmt.Sprintf("I have read, understood and accept version %d.", a.ver.N), w)) +
		t.Muted.Render(common.Truncate("  y accepts as "+a.s.Me.Name+" · esc not now", max(0, w-50)))
}
