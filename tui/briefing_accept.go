package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
)

// acceptScreen shows the signed-in officer the version they are accepting,
// in full, and records their acceptance when they say "I have read,
// understood and accept version N" (BRF-1). The acceptance is bound to the
// version's digest, and always made as the officer signed in.
type acceptScreen struct {
	s    *session
	d    *detail
	v    *domain.Visit
	ver  domain.BriefingVersion
	vp   viewport.Model
	w, h int
	err  string
}

var acceptKeys = struct {
	Accept, Back, Up, Down key.Binding
}{
	Accept: bind([]string{"y", "enter"}, "y/enter", "I accept this version"),
	Back:   bind([]string{"esc", "n"}, "esc", "not now"),
	Up:     bind([]string{"up", "k", "pgup"}, "↑", "scroll up"),
	Down:   bind([]string{"down", "j", "pgdown", " "}, "↓", "scroll down"),
}

func newAcceptScreen(d *detail, ver domain.BriefingVersion) *acceptScreen {
	return &acceptScreen{s: d.s, d: d, v: d.v, ver: ver, vp: viewport.New(0, 0)}
}

func (a *acceptScreen) Init() tea.Cmd   { return nil }
func (a *acceptScreen) Capturing() bool { return false }
func (a *acceptScreen) Title() string {
	return fmt.Sprintf("Accept briefing version %d · %s", a.ver.N, a.v.Ref)
}

func (a *acceptScreen) SetSize(w, h int) {
	a.w, a.h = w, h
	a.vp.Width, a.vp.Height = w, max(1, h-4)
	a.vp.SetContent(a.d.orderText(a.ver.Text, max(20, w-2)))
}

func (a *acceptScreen) ShortHelp() []key.Binding {
	return []key.Binding{acceptKeys.Accept, acceptKeys.Back, bind([]string{"up", "down"}, "↑/↓", "scroll")}
}

func (a *acceptScreen) FullHelp() []helpGroup {
	k := acceptKeys
	return []helpGroup{{"Accept the briefing", []key.Binding{k.Accept, k.Back, k.Up, k.Down}}}
}

func (a *acceptScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return a, nil
	}
	switch {
	case key.Matches(km, acceptKeys.Back):
		return a, pop
	case key.Matches(km, acceptKeys.Accept):
		s := a.s
		ev := a.v.Clone()
		c, err := ev.AcceptBriefing(a.ver.N, s.me, s.now())
		if err != nil {
			a.err = err.Error()
			return a, nil
		}
		return a, tea.Sequence(pop, deliverTo(a.d, saveCmd(s, ev, c, fmt.Sprintf("version %d accepted by %s", a.ver.N, s.me.Label()))))
	}
	var cmd tea.Cmd
	a.vp, cmd = a.vp.Update(km)
	return a, cmd
}

func (a *acceptScreen) View() string {
	t := a.s.theme
	w := max(20, a.w-2)
	e, _ := a.v.Rostered(a.s.me.StaffNo)
	head := fmt.Sprintf("You are signed in as %s · %s. Read version %d, issued by %s, to the end.",
		a.s.me.Label(), e.Roles(), a.ver.N, a.ver.Issued.Label(a.s.loc))
	out := t.Muted.Render(truncate(head, w)) + "\n"
	if a.ver.Note != "" {
		out += t.Warn.Render(truncate("What changed: "+a.ver.Note, w)) + "\n"
	} else {
		out += "\n"
	}
	out += a.vp.View() + "\n"
	where := "↓ more below: scroll to read it all"
	if a.vp.AtBottom() {
		where = "end of the order"
	}
	out += t.Muted.Render(truncate(fmt.Sprintf("── %s · digest %s ──", where, a.ver.Digest[:12]), w)) + "\n"
	if a.err != "" {
		return out + t.Error.Render(truncate("✗ "+a.err, w))
	}
	return out + t.Bold.Render(truncate(fmt.Sprintf("I have read, understood and accept version %d.", a.ver.N), w)) +
		t.Muted.Render(truncate("  y accepts as "+a.s.me.Name+" · esc not now", max(0, w-50)))
}
