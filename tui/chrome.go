package tui

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"oic/tui/common"
)

// The frame around every screen: the header naming the screen and the
// officer, the status line a flash shows in, the footer of the keys that
// matter here, and the help screen of all of them.

// chrome is the header and the two footer lines around every screen.
const chrome = 3

// View draws the header, the top screen (or the help screen) and the
// footer.
func (a *App) View() string {
	if a.quitting || a.w == 0 {
		return ""
	}
	t := a.s.Theme
	body := ""
	if a.help {
		body = a.helpView(a.h - chrome)
	} else {
		body = a.top().View()
	}
	// Every part is already cut to the terminal's width; joining them
	// plainly spares measuring each line again to pad it.
	banner := a.alerts.Banner(a.w)
	body = common.FitBox(body, a.w, max(1, a.h-chrome-len(banner)))
	parts := append(append([]string{a.header()}, banner...), body, a.status(), a.footer(t))
	frame := strings.Join(parts, "\n")
	// The one place every frame passes: stored text that holds an escape
	// sequence is shown, never obeyed.
	if f, changed := common.InertFrame(frame, a.styled); changed {
		frame = common.FitBox(f, a.w, a.h)
	}
	return frame
}

func (a *App) header() string {
	t := a.s.Theme
	left := t.Title.Render("oic") + " " + t.Muted.Render("·") + " " + t.Header.Render(a.top().Title())
	if a.help {
		left = t.Title.Render("oic") + " " + t.Muted.Render("·") + " " + t.Header.Render("Keys")
	}
	right := ""
	if a.s.Me.StaffNo != "" {
		g, _ := a.s.Config.Grade(a.s.Me.Grade)
		right = t.Muted.Render(fmt.Sprintf("%s · %s · %s", a.s.Me.Label(), g.Title, a.s.Me.Team))
	}
	return common.Spread(left, right, a.w)
}

func (a *App) status() string {
	t := a.s.Theme
	if a.flash.Text == "" {
		if a.notice != "" {
			return common.Truncate(t.Warn.Render("! "+a.notice), a.w)
		}
		if a.pinHint != "" {
			return common.Truncate(t.Warn.Render("! "+a.pinHint), a.w)
		}
		return ""
	}
	switch a.flash.Kind {
	case common.FlashError:
		return common.Truncate(t.Error.Render("✗ "+a.flash.Text), a.w)
	case common.FlashOK:
		return common.Truncate(t.OK.Render("✓ "+a.flash.Text), a.w)
	}
	return common.Truncate(t.Accent.Render(a.flash.Text), a.w)
}

func (a *App) footer(t *common.Theme) string {
	if a.help {
		return a.foot.draw(t, 'h', a.w, footerKeysHelp, func() string { return shortHelp(t, footerKeysHelp, a.w) })
	}
	keys := a.offered(a.top().ShortHelp())
	// The way to every other key is always shown: ?, or F1 while typing.
	always, mode := footerKeys, byte('k')
	if a.top().Capturing() {
		always, mode = footerKeysTyping, 't'
	}
	return a.foot.draw(t, mode, a.w, keys, func() string {
		h := shortHelp(t, always, a.w)
		rest := shortHelp(t, keys, a.w-lipgloss.Width(h)-3)
		if rest == "" {
			return h
		}
		return rest + t.Muted.Render(" · ") + h
	})
}

// footerMemo is the footer last drawn and what it was drawn from. The
// footer is drawn with every frame, nearly always of the same keys, and
// styling each key's text again was a twentieth of a loaded team
// server's CPU (BENCHMARKS.md, "The 50-session load: the trail read from
// where it was held").
type footerMemo struct {
	theme     *common.Theme
	sig, next []byte
	out       string
}

// footerDraws counts the footers drawn afresh, for the test of the memo.
var footerDraws atomic.Int64

// draw is the footer of keys in mode at width: the last one drawn if it
// was drawn from the same theme, mode, width and keys (each key's help
// and whether it is enabled, all a footer shows of it); else render's.
func (m *footerMemo) draw(t *common.Theme, mode byte, width int, keys []key.Binding, render func() string) string {
	sig := append(m.next[:0], mode)
	sig = binary.AppendUvarint(sig, uint64(width))
	for _, k := range keys {
		h := k.Help()
		on := byte(0)
		if k.Enabled() {
			on = 1
		}
		sig = append(sig, on)
		sig = append(append(sig, h.Key...), 0)
		sig = append(append(sig, h.Desc...), 0)
	}
	m.next = sig
	if m.theme == t && m.sig != nil && bytes.Equal(sig, m.sig) {
		return m.out
	}
	footerDraws.Add(1)
	m.theme, m.out = t, render()
	m.sig, m.next = sig, m.sig
	return m.out
}

// offered are keys as a screen offers them, less u where the session's
// officer is fixed: over SSH nobody switches officer, and u there only
// says so (common.Session.SwitchRefused).
func (a *App) offered(keys []key.Binding) []key.Binding {
	isU := func(k key.Binding) bool { ks := k.Keys(); return len(ks) == 1 && ks[0] == "u" }
	// Drawn with every frame: a copy only where there is a u to leave out.
	if !a.s.Fixed || !slices.ContainsFunc(keys, isU) {
		return keys
	}
	return slices.DeleteFunc(slices.Clone(keys), isU)
}

// The footer's way to every other key and to the guide: built once, as
// the footer is drawn on every message.
var (
	footerKeys       = []key.Binding{common.Bind([]string{"?"}, "?", "all keys"), common.Bind([]string{"ctrl+g"}, "^g", "guide")}
	footerKeysTyping = []key.Binding{common.Bind([]string{"f1"}, "F1", "all keys"), common.Bind([]string{"ctrl+g"}, "^g", "guide")}
	footerKeysHelp   = []key.Binding{common.Bind([]string{"?", "esc"}, "?/esc", "close")}
)

// shortHelp renders "key desc · key desc" and drops what does not fit.
func shortHelp(t *common.Theme, keys []key.Binding, width int) string {
	var b strings.Builder
	used := 0
	sep := t.Muted.Render(" · ")
	for i, k := range keys {
		if !k.Enabled() {
			continue
		}
		h := k.Help()
		item := t.Key.Render(h.Key) + " " + t.KeyDesc.Render(h.Desc)
		w := lipgloss.Width(item)
		if i > 0 && used > 0 {
			w += 3
		}
		if used+w > width {
			break
		}
		if used > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item)
		used += w
	}
	return b.String()
}

// helpView lays the key groups out in as many columns as the height needs.
func (a *App) helpView(height int) string {
	t := a.s.Theme
	// Everywhere first: on a small terminal the last column is what gets
	// cut, and the guide and quit keys must never be.
	groups := []common.HelpGroup{{Title: "Everywhere", Keys: []key.Binding{common.GlobalKeys.Help, common.GlobalKeys.Guide, common.BoardKeys.Anywhere, common.GlobalKeys.Back, common.GlobalKeys.ForceQuit}}}
	for _, g := range a.top().FullHelp() {
		g.Keys = a.offered(g.Keys)
		groups = append(groups, g)
	}
	var blocks []string
	for _, g := range groups {
		lines := []string{t.Header.Render(g.Title)}
		kw := 0 // each group's keys as wide as its widest, so columns stay narrow
		for _, k := range g.Keys {
			kw = max(kw, lipgloss.Width(k.Help().Key))
		}
		for _, k := range g.Keys {
			h := k.Help()
			lines = append(lines, "  "+t.Key.Render(common.PadRight(h.Key, kw+2))+" "+h.Desc)
		}
		blocks = append(blocks, strings.Join(lines, "\n"))
	}
	intro := t.Muted.Render("Keys for " + a.top().Title() + " · oic " + a.version)
	avail := height - 2
	var cols []string
	var col []string
	used := 0
	for _, b := range blocks {
		h := lipgloss.Height(b)
		if used > 0 && used+1+h > avail {
			cols = append(cols, strings.Join(col, "\n\n"))
			col, used = nil, 0
		}
		if used > 0 {
			used++
		}
		col = append(col, b)
		used += h
	}
	cols = append(cols, strings.Join(col, "\n\n"))
	for i := range cols[:len(cols)-1] {
		cols[i] = t.NewStyle().PaddingRight(4).Render(cols[i])
	}
	out := common.SplitLines(intro + "\n\n" + lipgloss.JoinHorizontal(lipgloss.Top, cols...))
	for i, l := range out {
		out[i] = common.Truncate(l, a.w)
	}
	return strings.Join(out, "\n")
}
