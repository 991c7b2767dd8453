package guide

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Screen is guidance on the go (ICIBI recommendation 2, 6.54-6.55): every
// rule of DOMAIN.md in plain words, its source and what to do, offline and
// searchable by typing. It reads the same catalogue the findings name, so a
// finding and its guidance never disagree.
type Screen struct {
	s      *common.Session
	search textinput.Model
	hits   []domain.Rule
	sel    int
	top    int // first hit shown in the list
	scroll int // first line of the rule's text shown
	w, h   int
	body   []string // the selected rule's text, wrapped to the pane
}

// New opens the guide; ruleID, if known, opens it at that rule.
func New(s *common.Session, ruleID string) common.Screen {
	in := common.NewInput(s.Theme)
	in.Prompt = "Search: "
	in.Placeholder = "type words or a rule ID, e.g. ONF, phone check, EPA-2"
	in.Focus()
	g := &Screen{s: s, search: in}
	g.filter()
	if r, ok := domain.RuleByID(ruleID); ok {
		for i, h := range g.hits {
			if h.ID == r.ID {
				g.sel = i
			}
		}
	}
	return g
}

func (g *Screen) Init() tea.Cmd   { return nil }
func (g *Screen) Title() string   { return "Guide to the rules" }
func (g *Screen) Capturing() bool { return true } // typing searches

func (g *Screen) SetSize(w, h int) {
	g.w, g.h = w, h
	common.ResizeInput(&g.search, max(10, w-len(g.search.Prompt)-1))
	g.layout()
}

func (g *Screen) ShortHelp() []key.Binding {
	return []key.Binding{common.GuideKeys.Move, common.GuideKeys.Scroll, common.GuideKeys.Clear}
}

func (g *Screen) FullHelp() []common.HelpGroup {
	return []common.HelpGroup{{Title: "Guide", Keys: []key.Binding{common.GuideKeys.Move, common.GuideKeys.Scroll, common.GuideKeys.Clear, common.GlobalKeys.Guide}}}
}

func (g *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return g, nil
	}
	switch {
	case key.Matches(km, common.GuideKeys.Clear):
		// Esc clears a search first, so one stray Esc does not lose the
		// place; with nothing typed it goes back.
		if g.search.Value() != "" {
			g.search.SetValue("")
			g.filter()
			return g, nil
		}
		return g, common.Pop
	case key.Matches(km, common.GlobalKeys.Guide):
		return g, common.Pop
	case key.Matches(km, common.GuideKeys.Up):
		g.pick(g.sel - 1)
		return g, nil
	case key.Matches(km, common.GuideKeys.Down):
		g.pick(g.sel + 1)
		return g, nil
	case key.Matches(km, common.GuideKeys.PageDown):
		g.scroll = min(g.scroll+max(1, g.bodyHeight()-2), max(0, len(g.body)-g.bodyHeight()+1))
		return g, nil
	case key.Matches(km, common.GuideKeys.PageUp):
		g.scroll = max(0, g.scroll-max(1, g.bodyHeight()-1))
		return g, nil
	}
	before := g.search.Value()
	var cmd tea.Cmd
	g.search, cmd = g.search.Update(km)
	if g.search.Value() != before {
		g.filter()
	}
	return g, cmd
}

func (g *Screen) filter() {
	g.hits = domain.SearchRules(g.search.Value())
	g.sel, g.top = 0, 0
	g.layout()
}

func (g *Screen) pick(i int) {
	if len(g.hits) == 0 {
		return
	}
	g.sel = max(0, min(len(g.hits)-1, i))
	g.layout()
}

// wide puts the list beside the rule; narrower terminals stack them.
func (g *Screen) wide() bool { return g.w >= 100 }

const guideListWidth = 40

func (g *Screen) listHeight() int {
	if g.wide() {
		return max(1, g.h-2)
	}
	return max(1, min(len(g.hits), g.h/3))
}

// listRows is how many hits the list shows: one line fewer than its height
// when a "more" line is needed.
func (g *Screen) listRows() int {
	if lh := g.listHeight(); len(g.hits) > lh {
		return max(1, lh-1)
	}
	return g.listHeight()
}

func (g *Screen) bodyHeight() int {
	if g.wide() {
		return max(1, g.h-2)
	}
	return max(1, g.h-2-g.listHeight()-1)
}

// layout wraps the selected rule's text to its pane and keeps the
// selection in the list's window. It runs when the selection or size
// changes, never per frame.
func (g *Screen) layout() {
	g.scroll = 0
	lh := g.listRows()
	if g.sel < g.top {
		g.top = g.sel
	}
	if g.sel >= g.top+lh {
		g.top = g.sel - lh + 1
	}
	g.body = nil
	if len(g.hits) == 0 || g.w == 0 {
		return
	}
	width := g.w - 1
	if g.wide() {
		width = g.w - guideListWidth - 3
	}
	g.body = common.SplitLines(g.ruleText(g.hits[g.sel], max(20, width)))
}

func (g *Screen) ruleText(r domain.Rule, width int) string {
	t := g.s.Theme
	var b strings.Builder
	title := r.ID + "  " + r.Title
	if r.Practice {
		title += "  (practice)"
	}
	b.WriteString(t.Bold.Render(common.Wrap(title, width)) + "\n")
	b.WriteString(t.Muted.Render(r.Area) + "\n")
	for _, part := range []struct{ head, text string }{
		{"The rule", r.Says}, {"Why it matters", r.Why}, {"What to do", r.Do}, {"Source", r.Source},
	} {
		b.WriteString("\n" + t.Accent.Render(part.head) + "\n" + common.Wrap(part.text, width) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (g *Screen) View() string {
	t := g.s.Theme
	head := g.search.View()
	var list []string
	if len(g.hits) == 0 {
		list = []string{t.Muted.Render("No rule mentions that. Esc clears the search.")}
	}
	lw := g.w
	if g.wide() {
		lw = guideListWidth
	}
	for i := g.top; i < len(g.hits) && i < g.top+g.listRows(); i++ {
		r := g.hits[i]
		line := common.PadRight(r.ID, 7) + r.Title
		if i == g.sel {
			list = append(list, t.Cursor.Render("▸ ")+t.Selected.Render(common.Truncate(line, lw-2)))
		} else {
			list = append(list, "  "+common.Truncate(line, lw-2))
		}
	}
	if n := len(g.hits) - g.top - g.listRows(); n > 0 {
		list = append(list, t.Muted.Render(fmt.Sprintf("  ↓ %d more", n)))
	}
	bh := g.bodyHeight()
	end := min(len(g.body), g.scroll+bh)
	if end < len(g.body) {
		end-- // room to say there is more
	}
	body := g.body[min(g.scroll, end):end]
	if end < len(g.body) {
		body = append(body[:len(body):len(body)], t.Muted.Render("pgdn for more"))
	}
	if !g.wide() {
		return head + "\n\n" + strings.Join(list, "\n") + "\n\n" + strings.Join(body, "\n")
	}
	rows := max(len(list), len(body))
	var b strings.Builder
	b.WriteString(head + "\n\n")
	for i := range rows {
		l, r := "", ""
		if i < len(list) {
			l = list[i]
		}
		if i < len(body) {
			r = body[i]
		}
		b.WriteString(common.PadRight(l, guideListWidth) + " " + t.Muted.Render("│") + " " + r)
		if i < rows-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
