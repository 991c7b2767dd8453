// Package tui is oic's terminal interface: a root model routing messages to
// a stack of screens (register, visit, forms), drawn with one theme.
package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"oic/domain"
)

// Options configure the TUI.
type Options struct {
	Store  domain.Store
	Config domain.Config
	Clock  func() time.Time // time.Now in the tool; fixed in tests
	Loc    *time.Location   // the officer's zone
	// As is the staff number given with --as, or "" for the officer last
	// signed in.
	As domain.StaffNo
	// Version is shown on the help screen.
	Version string
	// Export writes exports of closed visits (the register's X).
	Export domain.Exporter
}

// App is the root model.
type App struct {
	s        *session
	stack    []screen
	w, h     int
	help     bool
	flash    flashMsg
	flashAt  time.Time
	events   <-chan domain.Event
	stopFeed func()
	version  string
	quitting bool
}

// New builds the root model. It reads the signed-in officer now, so the
// first frame is already the right screen: the register, or the first-run
// profile form.
func New(o Options) (*App, error) {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	s := &session{store: o.Store, cfg: o.Config, clock: o.Clock, loc: o.Loc, theme: NewTheme(), export: o.Export}
	a := &App{s: s, version: o.Version}
	ctx := context.Background()
	sn := o.As
	if sn == "" {
		var err error
		if sn, err = o.Store.SignedIn(ctx); err != nil {
			return nil, err
		}
	}
	var first screen
	if sn != "" {
		me, err := o.Store.Officer(ctx, sn)
		switch {
		case err == nil:
			s.me = me
			first = newRegister(s)
		case errors.Is(err, domain.ErrNotFound):
			first = newProfile(s, true, domain.OfficerInput{StaffNo: string(sn)},
				fmt.Sprintf("There is no profile for staff number %s on this computer yet. Fill it in to sign in.", sn))
		default:
			return nil, err
		}
	} else {
		first = newProfile(s, true, domain.OfficerInput{}, "")
	}
	a.stack = []screen{first}
	a.events, a.stopFeed = o.Store.Listen()
	return a, nil
}

// Close stops the change feed.
func (a *App) Close() {
	if a.stopFeed != nil {
		a.stopFeed()
	}
}

func (a *App) top() screen { return a.stack[len(a.stack)-1] }

// Init starts the first screen and the change feed.
func (a *App) Init() tea.Cmd {
	return tea.Batch(a.top().Init(), waitEvent(a.events))
}

// eventMsg carries a store change to the screens.
type eventMsg domain.Event

func waitEvent(ch <-chan domain.Event) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		e, ok := <-ch
		if !ok {
			return nil
		}
		return eventMsg(e)
	}
}

// chrome is the header and the two footer lines around every screen.
const chrome = 3

// Update routes a message: window size and navigation to the root, keys to
// the help screen when it is open, everything else to the top screen. Store
// events go to every screen on the stack, so a screen underneath is current
// when it comes back.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = msg.Width, msg.Height
		for _, s := range a.stack {
			s.SetSize(a.w, max(1, a.h-chrome))
		}
		return a, nil
	case pushMsg:
		msg.s.SetSize(a.w, max(1, a.h-chrome))
		a.stack = append(a.stack, msg.s)
		return a, msg.s.Init()
	case popMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		return a, nil
	case flashMsg:
		a.flash, a.flashAt = msg, a.s.clock()
		return a, nil
	case signedInMsg:
		first := len(a.s.me.StaffNo) == 0
		a.s.me = msg.o
		if first { // first run: the profile form gives way to the register
			r := newRegister(a.s)
			r.SetSize(a.w, max(1, a.h-chrome))
			a.stack = []screen{r}
			return a, tea.Batch(r.Init(), flash(flashOK, "Signed in as "+msg.o.Label()+". Records you make carry your name."))
		}
		return a, nil
	case addressed:
		for i, s := range a.stack {
			if s == msg.to {
				var c tea.Cmd
				a.stack[i], c = s.Update(msg.msg)
				return a, c
			}
		}
		return a, nil // its screen has been closed
	case eventMsg:
		var cmds []tea.Cmd
		for i, s := range a.stack {
			var c tea.Cmd
			a.stack[i], c = s.Update(msg)
			cmds = append(cmds, c)
		}
		return a, tea.Batch(append(cmds, waitEvent(a.events))...)
	case tea.KeyMsg:
		// A message stays until the officer has had time to read it and
		// presses on.
		if a.flash.text != "" && a.s.clock().Sub(a.flashAt) > 1500*time.Millisecond {
			a.flash = flashMsg{}
		}
		if key.Matches(msg, globalKeys.ForceQuit) {
			return a, a.quit()
		}
		if a.help {
			if key.Matches(msg, globalKeys.Help, globalKeys.Back, globalKeys.Quit) {
				a.help = false
			}
			return a, nil
		}
		if key.Matches(msg, globalKeys.Guide) {
			if _, open := a.top().(*guide); !open {
				return a, push(newGuide(a.s, ""))
			}
		}
		// ? types into a field that takes text; F1 opens help anywhere.
		if msg.Type == tea.KeyF1 || (!a.top().Capturing() && key.Matches(msg, globalKeys.Help)) {
			a.help = true
			return a, nil
		}
		// Keys typed fast can arrive as one message of several runes. On a
		// screen of one-letter commands, "2a" is two commands, not one
		// unknown key; a paste is left whole.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !a.top().Capturing() {
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				_, c := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				cmds = append(cmds, c)
			}
			return a, tea.Sequence(cmds...)
		}
		// Where text is typed, several runes in one message are text even
		// when they spell a key's name: "right" typed fast would otherwise
		// match the → binding (KeyMsg.String gives the runes) and move the
		// cursor instead of typing the word. Marked as a paste, its String
		// is "[right]", which no binding matches, and inputs insert it.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && a.top().Capturing() {
			msg.Paste = true
			n := len(a.stack) - 1
			var cmd tea.Cmd
			a.stack[n], cmd = a.stack[n].Update(msg)
			return a, cmd
		}
	}
	var cmd tea.Cmd
	n := len(a.stack) - 1
	a.stack[n], cmd = a.stack[n].Update(msg)
	return a, cmd
}

// quit ends the program. Screens holding typed input keep it as a draft
// first, so Ctrl-C never costs an officer their typing.
func (a *App) quit() tea.Cmd {
	for _, s := range a.stack {
		if d, ok := s.(interface{ keepDraft() }); ok {
			d.keepDraft()
		}
	}
	a.quitting = true
	return tea.Quit
}

// View draws the header, the top screen (or the help screen) and the
// footer.
func (a *App) View() string {
	if a.quitting || a.w == 0 {
		return ""
	}
	t := a.s.theme
	body := ""
	if a.help {
		body = a.helpView(a.h - chrome)
	} else {
		body = a.top().View()
	}
	// Every part is already cut to the terminal's width; joining them
	// plainly spares measuring each line again to pad it.
	body = fitBox(body, a.w, a.h-chrome)
	return strings.Join([]string{a.header(), body, a.status(), a.footer(t)}, "\n")
}

func (a *App) header() string {
	t := a.s.theme
	left := t.Title.Render("oic") + " " + t.Muted.Render("·") + " " + t.Header.Render(a.top().Title())
	if a.help {
		left = t.Title.Render("oic") + " " + t.Muted.Render("·") + " " + t.Header.Render("Keys")
	}
	right := ""
	if a.s.me.StaffNo != "" {
		g, _ := a.s.cfg.Grade(a.s.me.Grade)
		right = t.Muted.Render(fmt.Sprintf("%s · %s · %s", a.s.me.Label(), g.Title, a.s.me.Team))
	}
	return spread(left, right, a.w)
}

func (a *App) status() string {
	t := a.s.theme
	if a.flash.text == "" {
		return ""
	}
	switch a.flash.kind {
	case flashError:
		return truncate(t.Error.Render("✗ "+a.flash.text), a.w)
	case flashOK:
		return truncate(t.OK.Render("✓ "+a.flash.text), a.w)
	}
	return truncate(t.Accent.Render(a.flash.text), a.w)
}

func (a *App) footer(t *Theme) string {
	var keys []key.Binding
	if a.help {
		keys = []key.Binding{bind([]string{"?", "esc"}, "?/esc", "close")}
		return shortHelp(t, keys, a.w)
	}
	keys = a.top().ShortHelp()
	// The way to every other key is always shown: ?, or F1 while typing.
	always := footerKeys
	if a.top().Capturing() {
		always = footerKeysTyping
	}
	h := shortHelp(t, always, a.w)
	rest := shortHelp(t, keys, a.w-lipgloss.Width(h)-3)
	if rest == "" {
		return h
	}
	return rest + t.Muted.Render(" · ") + h
}

// The footer's way to every other key and to the guide: built once, as
// the footer is drawn on every message.
var (
	footerKeys       = []key.Binding{bind([]string{"?"}, "?", "all keys"), bind([]string{"ctrl+g"}, "^g", "guide")}
	footerKeysTyping = []key.Binding{bind([]string{"f1"}, "F1", "all keys"), bind([]string{"ctrl+g"}, "^g", "guide")}
)

// shortHelp renders "key desc · key desc" and drops what does not fit.
func shortHelp(t *Theme, keys []key.Binding, width int) string {
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
	t := a.s.theme
	// Everywhere first: on a small terminal the last column is what gets
	// cut, and the guide and quit keys must never be.
	groups := append([]helpGroup{{"Everywhere", []key.Binding{globalKeys.Help, globalKeys.Guide, globalKeys.Back, globalKeys.ForceQuit}}}, a.top().FullHelp()...)
	var blocks []string
	for _, g := range groups {
		lines := []string{t.Header.Render(g.Title)}
		kw := 0 // each group's keys as wide as its widest, so columns stay narrow
		for _, k := range g.Keys {
			kw = max(kw, lipgloss.Width(k.Help().Key))
		}
		for _, k := range g.Keys {
			h := k.Help()
			lines = append(lines, "  "+t.Key.Render(padRight(h.Key, kw+2))+" "+h.Desc)
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
		cols[i] = lipgloss.NewStyle().PaddingRight(4).Render(cols[i])
	}
	out := splitLines(intro + "\n\n" + lipgloss.JoinHorizontal(lipgloss.Top, cols...))
	for i, l := range out {
		out[i] = truncate(l, a.w)
	}
	return strings.Join(out, "\n")
}
