package roster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/profile"
)

// rosterPicker chooses an officer to add to the team from the register of
// officers on this computer, which may hold hundreds. Typing narrows the
// list by name, staff number, team or grade; only the rows in view are
// drawn, and a query that extends the last one narrows the last matches
// rather than the whole register. ctrl+n adds the profile of an officer
// who is not yet on this computer, without signing them in, and goes on to
// roster them.
type rosterPicker struct {
	s     *common.Session
	tb    *Tab // the roster tab it was opened from
	input textinput.Model
	w, h  int

	loaded bool
	// pending is an enter pressed before the register was read: it picks
	// once the list arrives, so typing ahead is never lost.
	pending bool
	err     error
	all     []pickItem
	matches []int  // indices into all
	query   string // the query matches were made for
	sel     int    // index into matches
	top     int    // first match drawn
	problem string // why the officer chosen cannot be rostered
}

// pickItem is one officer and the text a query is matched against.
type pickItem struct {
	o   domain.Officer
	hay string
}

func newRosterPicker(tb *Tab) *rosterPicker {
	in := common.NewInput(tb.S.Theme)
	in.Prompt = "Find: "
	in.Placeholder = "name, staff number, team or grade"
	in.Focus()
	return &rosterPicker{s: tb.S, tb: tb, input: in}
}

// officersMsg carries the register of officers.
type officersMsg struct {
	list []domain.Officer
	err  error
}

// officerAddedMsg says a new officer's profile was saved from the picker.
type officerAddedMsg struct{ o domain.Officer }

func (p *rosterPicker) Init() tea.Cmd {
	st := p.s.Store
	return common.DeliverTo(p, func() tea.Msg {
		list, err := st.ListOfficers(context.Background())
		return officersMsg{list, err}
	})
}

func (p *rosterPicker) Title() string   { return "Add an officer to " + string(p.tb.Ref) }
func (p *rosterPicker) Capturing() bool { return true }

func (p *rosterPicker) SetSize(w, h int) {
	p.w, p.h = w, h
	common.ResizeInput(&p.input, max(10, w-8))
	p.clamp()
}

// listHeight is the rows left for the list under the intro, the field and
// the count line.
func (p *rosterPicker) listHeight() int { return max(1, p.h-5) }

func (p *rosterPicker) ShortHelp() []key.Binding {
	k := common.PickerKeys
	return []key.Binding{k.Pick, common.Bind([]string{"up", "down"}, "↑/↓", "choose"), k.New, k.Back}
}

func (p *rosterPicker) FullHelp() []common.HelpGroup {
	k := common.PickerKeys
	return []common.HelpGroup{{Title: "Choose an officer", Keys: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Pick, k.New, k.Back}}}
}

func (p *rosterPicker) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case officersMsg:
		p.loaded, p.err = true, msg.err
		p.setOfficers(msg.list)
		if p.pending {
			p.pending = false
			return p, p.key(tea.KeyMsg{Type: tea.KeyEnter})
		}
		return p, nil
	case officerAddedMsg:
		p.setOfficers(append(p.officers(), msg.o))
		return p, p.pick(msg.o)
	case tea.KeyMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *rosterPicker) key(msg tea.KeyMsg) tea.Cmd {
	k := common.PickerKeys
	switch {
	case key.Matches(msg, k.Back):
		if p.input.Value() != "" {
			p.input.SetValue("")
			p.filter()
			return nil
		}
		return common.Pop
	case key.Matches(msg, k.Up):
		p.sel--
	case key.Matches(msg, k.Down):
		p.sel++
	case key.Matches(msg, k.PageUp):
		p.sel -= p.listHeight()
	case key.Matches(msg, k.PageDown):
		p.sel += p.listHeight()
	case key.Matches(msg, k.Pick):
		if !p.loaded {
			p.pending = true
			return nil
		}
		if p.sel < 0 || p.sel >= len(p.matches) {
			if p.input.Value() != "" {
				p.problem = fmt.Sprintf("No officer matches %q. Press ctrl+n to add their profile.", p.input.Value())
			}
			return nil
		}
		return p.pick(p.all[p.matches[p.sel]].o)
	case key.Matches(msg, k.New):
		return common.Push(profile.NewOther(p.s, p.newInput(), func(o domain.Officer) tea.Cmd {
			return common.DeliverTo(p, func() tea.Msg { return officerAddedMsg{o} })
		}))
	default:
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		if p.input.Value() != p.query {
			p.filter()
		}
		return cmd
	}
	p.problem = ""
	p.clamp()
	return nil
}

// pick moves on to the chosen officer's roles, or says why they cannot
// be on the team (already on it; a grade that does not deploy).
func (p *rosterPicker) pick(o domain.Officer) tea.Cmd {
	v := p.tb.V
	if e, on := v.Rostered(o.StaffNo); on {
		p.problem = fmt.Sprintf("%s is already on the team (%s); change their roles on the roster tab with enter.", o.Label(), e.Roles())
		return nil
	}
	_, err := v.ParseRosterEntry(domain.RosterInput{StaffNo: string(o.StaffNo), Role: "observer"}, o, false, p.s.Config)
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		if msg := ve.For(domain.FieldRosterOfficer); msg != "" {
			p.problem = msg
			return nil
		}
	}
	return tea.Sequence(common.Pop, common.Push(newRosterForm(p.s, v, o, nil)))
}

// newInput fills a new profile from what was typed: a staff number if it
// looks like one, otherwise a name; the team is the visit's.
func (p *rosterPicker) newInput() domain.OfficerInput {
	in := domain.OfficerInput{Team: string(p.tb.V.Basics.Team)}
	q := strings.TrimSpace(p.input.Value())
	if sn, err := domain.ParseStaffNo(q); err == nil && strings.ContainsAny(q, "0123456789") {
		in.StaffNo = string(sn)
	} else {
		in.Name = q
	}
	return in
}

func (p *rosterPicker) officers() []domain.Officer {
	out := make([]domain.Officer, len(p.all))
	for i, it := range p.all {
		out[i] = it.o
	}
	return out
}

// setOfficers takes the register: the visit's own team first, then by
// name.
func (p *rosterPicker) setOfficers(list []domain.Officer) {
	team := p.tb.V.Basics.Team
	slices.SortFunc(list, func(a, b domain.Officer) int {
		if (a.Team == team) != (b.Team == team) {
			if a.Team == team {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	p.all = make([]pickItem, len(list))
	for i, o := range list {
		hay := []string{o.Name, string(o.StaffNo), string(o.Team), o.Grade}
		if g, ok := p.s.Config.Grade(o.Grade); ok {
			hay = append(hay, g.Title)
		}
		if t, ok := domain.TeamByCode(o.Team); ok {
			hay = append(hay, t.Name)
		}
		p.all[i] = pickItem{o: o, hay: strings.ToLower(strings.Join(hay, " "))}
	}
	p.query = "\x00" // the whole register, whatever was typed before
	p.filter()
}

// filter narrows the register to the officers matching every word typed.
// A query that extends the last narrows the last matches.
func (p *rosterPicker) filter() {
	q := strings.ToLower(strings.TrimSpace(p.input.Value()))
	words := strings.Fields(q)
	from := p.matches
	if p.query == "\x00" || !strings.HasPrefix(q, strings.ToLower(strings.TrimSpace(p.query))) {
		from = nil
		for i := range p.all {
			from = append(from, i)
		}
	}
	out := make([]int, 0, len(from))
	for _, i := range from {
		ok := true
		for _, w := range words {
			if !strings.Contains(p.all[i].hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	p.matches, p.query = out, p.input.Value()
	p.sel, p.top, p.problem = 0, 0, ""
}

func (p *rosterPicker) clamp() {
	p.sel = min(max(0, p.sel), max(0, len(p.matches)-1))
	h := p.listHeight()
	if p.sel < p.top {
		p.top = p.sel
	}
	if p.sel >= p.top+h {
		p.top = p.sel - h + 1
	}
	p.top = max(0, min(p.top, len(p.matches)-h))
}

func (p *rosterPicker) View() string {
	t := p.s.Theme
	w := max(20, p.w-2)
	var b strings.Builder
	b.WriteString(t.Muted.Render(common.Truncate("Type to find an officer; ↑/↓ and enter choose them. Not on this computer yet? ctrl+n adds their profile.", w)) + "\n\n")
	b.WriteString(p.input.View() + "\n")
	// The status takes two lines, so the list never jumps.
	status := ""
	switch {
	case p.err != nil:
		status = t.Error.Render(common.Truncate("✗ Could not read the officers: "+p.err.Error(), w))
	case !p.loaded:
		status = t.Muted.Render("Reading the officers…")
	case p.problem != "":
		lines := common.SplitLines(common.Wrap("✗ "+p.problem, w))
		if len(lines) > 2 {
			lines[1] = common.Truncate(lines[1]+" "+lines[2], w)
			lines = lines[:2]
		}
		status = t.Error.Render(strings.Join(lines, "\n"))
	case len(p.all) == 0:
		status = t.Muted.Render("No officer profiles on this computer yet: ctrl+n adds one.")
	case len(p.matches) == 0:
		status = t.Warn.Render(common.Truncate(fmt.Sprintf("! No officer matches %q: ctrl+n adds their profile.", p.input.Value()), w))
	default:
		status = t.Muted.Render(fmt.Sprintf("%d of %s", len(p.matches), common.Plural(len(p.all), "officer")))
	}
	b.WriteString(common.FitHeight(status, 2) + "\n")
	v := p.tb.V
	end := min(len(p.matches), p.top+p.listHeight())
	for i := p.top; i < end; i++ {
		o := p.all[p.matches[i]].o
		line := common.PadRight(o.Label(), 32) + " " + officerFacts(p.s, o)
		if e, on := v.Rostered(o.StaffNo); on {
			line = t.Muted.Render(common.Truncate(line+" · on the team: "+e.Roles(), w-2))
		} else {
			line = common.Truncate(line, w-2)
		}
		b.WriteString(common.Marker(t, i == p.sel) + line + "\n")
	}
	return b.String()
}
