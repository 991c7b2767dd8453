package tui

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// form is a column of labelled fields with each field's problem shown on
// the line beneath it. The screen that owns a form decides what saving
// means; the form handles moving, typing and showing problems.
//
// Problems come from the domain's own validation (validate), run when the
// officer leaves a field and on save, so the rules live in one place and the
// form only shows them. A field's problem is shown once it has been visited,
// so a new form is not a wall of red.
type form struct {
	t        *common.Theme
	fields   []*field
	focus    int
	w, h     int
	top      int
	banner   string
	bannerOK bool
	// countBanner marks a banner that counts field problems; it follows
	// them as they are fixed instead of waiting for the next save.
	countBanner bool
	initial     map[string]string
	validate    func(values map[string]string) error
	// describe returns a live note for a field's current value (the OIC's
	// name for a staff number), or "".
	describe func(key, value string) string
}

type fieldKind int

const (
	textField fieldKind = iota
	choiceField
	toggleField
)

type option struct{ value, label string }

type field struct {
	key, label, hint, section string
	kind                      fieldKind
	input                     textinput.Model
	opts                      []option
	sel                       int // index into opts, -1 for none
	on                        bool
	typed                     string // a choice's type-ahead so far
	err                       string
	touched                   bool
}

const labelWidth = 22

func newForm(t *common.Theme) *form { return &form{t: t} }

// section starts a titled group; it applies to the next field added.
func (f *form) section(title string) *form {
	f.fields = append(f.fields, &field{section: title, kind: -1})
	return f
}

func (f *form) text(key, label, hint, value string) *form {
	in := common.NewInput(f.t)
	in.Prompt = ""
	in.CharLimit = 0 // the domain says what is too long, beside the field
	in.SetValue(value)
	f.fields = append(f.fields, &field{key: key, label: label, hint: hint, kind: textField, input: in})
	return f
}

func (f *form) choice(key, label string, opts []option, value string) *form {
	fl := &field{key: key, label: label, kind: choiceField, opts: opts, sel: -1}
	for i, o := range opts {
		if o.value == value {
			fl.sel = i
		}
	}
	f.fields = append(f.fields, fl)
	return f
}

func (f *form) toggle(key, label string, on bool) *form {
	f.fields = append(f.fields, &field{key: key, label: label, kind: toggleField, on: on})
	return f
}

// done records the starting values (for dirty) and focuses the first field.
func (f *form) done() *form {
	f.initial = f.values()
	f.focus = -1
	f.move(1)
	return f
}

func (fl *field) isInput() bool { return fl.kind >= textField }

func (fl *field) value() string {
	switch fl.kind {
	case choiceField:
		if fl.sel < 0 {
			return ""
		}
		return fl.opts[fl.sel].value
	case toggleField:
		if fl.on {
			return "yes"
		}
		return ""
	}
	return fl.input.Value()
}

func (fl *field) setValue(v string) {
	switch fl.kind {
	case choiceField:
		fl.sel = -1
		for i, o := range fl.opts {
			if o.value == v {
				fl.sel = i
			}
		}
	case toggleField:
		fl.on = v == "yes"
	default:
		// The cursor goes to the end, where typing carries on: a restored
		// draft left it where the field's first value ended.
		fl.input.SetValue(v)
		fl.input.CursorEnd()
	}
}

// values returns every field's value by key.
func (f *form) values() map[string]string {
	m := map[string]string{}
	for _, fl := range f.fields {
		if fl.isInput() {
			m[fl.key] = fl.value()
		}
	}
	return m
}

// set restores values (a draft); unknown keys are ignored.
func (f *form) set(values map[string]string) {
	for _, fl := range f.fields {
		if v, ok := values[fl.key]; ok && fl.isInput() {
			fl.setValue(v)
			fl.touched = true
		}
	}
}

// labels names fields by their labels, in form order: "Address, Postcode".
func (f *form) labels(keys []string) string {
	var out []string
	for _, fl := range f.fields {
		if fl.isInput() && slices.Contains(keys, fl.key) {
			out = append(out, fl.label)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func (f *form) dirty() bool { return !maps.Equal(f.values(), f.initial) }

// markSaved makes the current values the clean state.
func (f *form) markSaved() { f.initial = f.values() }

func (f *form) focused() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

// capturing is true when the focused field takes typing: free text, or a
// choice found by typing its first letters.
func (f *form) capturing() bool {
	fl := f.focused()
	return fl != nil && (fl.kind == textField || fl.kind == choiceField)
}

// move focuses the next (d=1) or previous (d=-1) input field.
func (f *form) move(d int) {
	if fl := f.focused(); fl != nil {
		fl.touched = true
		fl.input.Blur()
	}
	i := f.focus
	for {
		i += d
		if i < 0 || i >= len(f.fields) {
			break
		}
		if f.fields[i].isInput() {
			f.focus = i
			break
		}
	}
	if fl := f.focused(); fl != nil && fl.kind == textField {
		fl.input.Focus()
		fl.input.CursorEnd()
	}
	f.check(false)
}

// focusOn moves focus to field i.
// onLastField reports whether the focus is on the form's last input.
func (f *form) onLastField() bool {
	for i := len(f.fields) - 1; i >= 0; i-- {
		if f.fields[i].isInput() {
			return f.focus == i
		}
	}
	return false
}

func (f *form) focusOn(i int) {
	if cur := f.focused(); cur != nil {
		cur.input.Blur()
	}
	f.focus = i
	if fl := f.fields[i]; fl.kind == textField {
		fl.input.Focus()
	}
}

// check runs validation and shows problems on touched fields (all fields
// when all is true, as on save). It returns the validation error.
func (f *form) check(all bool) error {
	if f.validate == nil {
		return nil
	}
	err := f.validate(f.values())
	f.showErrors(err, all)
	return err
}

// showErrors puts each field problem beside its field; a problem that
// belongs to no field goes in the banner.
func (f *form) showErrors(err error, all bool) {
	var ve domain.ValidationError
	errors.As(err, &ve)
	for _, fl := range f.fields {
		if !fl.isInput() {
			continue
		}
		if all {
			fl.touched = true
		}
		fl.err = ""
		if fl.touched {
			fl.err = ve.For(fl.key)
		}
	}
	if all {
		f.banner, f.countBanner = "", false
		if err != nil && ve == nil {
			f.banner = err.Error()
		}
	}
	if ve != nil && (all || f.countBanner) {
		n := 0
		for _, fl := range f.fields {
			if fl.err != "" {
				n++
			}
		}
		f.countBanner = n > 0
		switch {
		case n == 0 && all: // a problem with no field on this form
			f.banner = ve.Error()
		case n == 0:
			f.banner = ""
		case n == 1:
			f.banner = "One field needs attention before this can be saved."
		default:
			f.banner = fmt.Sprintf("%d fields need attention before this can be saved; the first is selected.", n)
		}
	} else if ve == nil && f.countBanner {
		f.banner, f.countBanner = "", false
	}
}

// firstError focuses the first field with a problem, so the officer lands
// on what to fix.
func (f *form) firstError() {
	for i, fl := range f.fields {
		if fl.isInput() && fl.err != "" {
			f.focusOn(i)
			return
		}
	}
}

// update handles moving and typing. The owner handles save and leave first.
func (f *form) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	fl := f.focused()
	switch {
	case key.Matches(km, common.FormKeys.Prev):
		f.forget()
		f.move(-1)
		return nil
	case km.String() == "enter" || km.String() == "tab" || km.String() == "down":
		f.forget()
		f.move(1)
		return nil
	}
	if fl == nil {
		return nil
	}
	switch fl.kind {
	case choiceField:
		switch km.String() {
		case "left":
			fl.sel = (fl.sel - 1 + len(fl.opts)) % len(fl.opts)
			if fl.sel < 0 {
				fl.sel = len(fl.opts) - 1
			}
		case "right":
			fl.sel = (fl.sel + 1) % len(fl.opts)
		case "backspace", "delete":
			fl.sel = -1
		default:
			if r := km.Runes; len(r) > 0 {
				fl.typeAhead(string(r))
				return nil
			}
		}
		fl.typed = ""
	case toggleField:
		switch km.String() {
		case " ", "x":
			fl.on = !fl.on
		case "y":
			fl.on = true
		case "n":
			fl.on = false
		}
	default:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(msg)
		return cmd
	}
	return nil
}

// forget ends the focused choice's type-ahead, on leaving it.
func (f *form) forget() {
	if fl := f.focused(); fl != nil {
		fl.typed = ""
	}
}

// typeAhead chooses by the letters typed in a row on this field: while
// they begin an option's label they narrow to it, so "not s" is "not
// shown" and not, letter by letter, "shown". A letter that begins none
// starts afresh, so typing "s" again and again still walks every option
// starting with s; fast typing arriving as one message ("sss") works the
// same way.
func (fl *field) typeAhead(s string) {
	cand := fl.typed + s
	first := -1
	for i, o := range fl.opts {
		if hasPrefixFold(o.label, cand) {
			first = i
			break
		}
	}
	if first >= 0 {
		fl.typed = cand
		if fl.sel < 0 || !hasPrefixFold(fl.opts[fl.sel].label, cand) {
			fl.sel = first
		}
		return
	}
	fl.typed = ""
	if !fl.jump(s) {
		for _, c := range s {
			fl.jump(string(c))
		}
		return
	}
	fl.typed = s
}

func hasPrefixFold(s, prefix string) bool {
	return strings.HasPrefix(strings.ToLower(s), strings.ToLower(prefix))
}

// jump selects the next option after the current one whose label starts
// with s, so typing "s" repeatedly walks SCO, SCE, SLN, SEA.
func (fl *field) jump(s string) bool {
	n := len(fl.opts)
	for i := 1; i <= n; i++ {
		j := (fl.sel + i + n) % n
		if fl.sel < 0 {
			j = i - 1
		}
		if strings.HasPrefix(strings.ToLower(fl.opts[j].label), strings.ToLower(s)) {
			fl.sel = j
			return true
		}
	}
	return false
}

func (f *form) setSize(w, h int) {
	f.w, f.h = w, h
	for _, fl := range f.fields {
		if fl.kind == textField {
			common.ResizeInput(&fl.input, max(10, w-labelWidth-6))
		}
	}
}

// view draws the fields, scrolled so the focused one is in sight.
func (f *form) view() string {
	t := f.t
	var lines []string
	focusFrom, focusTo := 0, 0
	if f.banner != "" {
		style := t.Error
		mark := "✗ "
		if f.bannerOK {
			style, mark = t.Accent, ""
		}
		for _, l := range strings.Split(common.Wrap(mark+f.banner, max(20, f.w-2)), "\n") {
			lines = append(lines, style.Render(l))
		}
	}
	indent := strings.Repeat(" ", labelWidth+2)
	vw := max(10, f.w-labelWidth-4)
	for i, fl := range f.fields {
		if !fl.isInput() {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, t.Header.Render(fl.section))
			continue
		}
		isFocus := i == f.focus
		if isFocus {
			focusFrom = len(lines)
		}
		marker := "  "
		label := t.Label.Render(common.PadRight(fl.label, labelWidth))
		if isFocus {
			marker = t.Cursor.Render("▸ ")
			label = t.Focus.Render(common.PadRight(fl.label, labelWidth))
		}
		lines = append(lines, marker+label+fl.render(t, isFocus, vw))
		switch {
		case fl.err != "":
			for _, l := range strings.Split(common.Wrap("✗ "+fl.err, vw), "\n") {
				lines = append(lines, indent+t.Error.Render(l))
			}
		case isFocus:
			note := fl.hint
			if f.describe != nil {
				if d := f.describe(fl.key, fl.value()); d != "" {
					note = d
				}
			}
			if note != "" {
				lines = append(lines, indent+t.Muted.Render(common.Truncate(note, vw)))
			}
		}
		if isFocus {
			focusTo = len(lines)
		}
	}
	// Keep the focused field, its problem and, at the top, its section
	// heading on screen.
	h := max(1, f.h)
	if focusFrom < f.top {
		f.top = max(0, focusFrom-2)
	}
	if focusTo > f.top+h {
		f.top = focusTo - h
	}
	f.top = min(f.top, max(0, len(lines)-h))
	end := min(len(lines), f.top+h)
	return strings.Join(lines[f.top:end], "\n")
}

func (fl *field) render(t *common.Theme, focus bool, width int) string {
	switch fl.kind {
	case choiceField:
		label := "choose"
		if fl.sel >= 0 {
			label = fl.opts[fl.sel].label
		}
		s := "‹ " + label + " ›"
		if fl.sel < 0 {
			s = t.Muted.Render(s)
		}
		if focus {
			return common.Truncate(s, width-12) + t.Muted.Render("  ←/→ or type")
		}
		return common.Truncate(s, width)
	case toggleField:
		if fl.on {
			return "[x] yes"
		}
		return "[ ] no"
	}
	if !focus { // show the start of what was typed, not where the cursor left it
		return common.Truncate(fl.input.Value(), width)
	}
	return fl.input.View()
}
