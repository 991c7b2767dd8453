package form

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

// Form is a column of labelled fields with each field's problem shown on
// the line beneath it. The screen that owns a form decides what saving
// means; the form handles moving, typing and showing problems.
//
// Problems come from the domain's own validation (validate), run when the
// officer leaves a field and on save, so the rules live in one place and the
// form only shows them. A field's problem is shown once it has been visited,
// so a new form is not a wall of red.
type Form struct {
	t        *common.Theme
	fields   []*Field
	focus    int
	w, h     int
	top      int
	banner   string
	bannerOK bool
	// countBanner marks a banner that counts field problems; it follows
	// them as they are fixed instead of waiting for the next save.
	countBanner bool
	initial     map[string]string
	Validate    func(values map[string]string) error
	// Describe returns a live note for a field's current value (the OIC's
	// name for a staff number), or "".
	Describe func(key, value string) string
}

type FieldKind int

const (
	TextField FieldKind = iota
	ChoiceField
	ToggleField
)

type Option struct{ Value, Label string }

type Field struct {
	Key, Label, hint, section string
	Kind                      FieldKind
	input                     textinput.Model
	opts                      []Option
	sel                       int // index into opts, -1 for none
	on                        bool
	typed                     string // a choice's type-ahead so far
	runFrom                   int    // the choice before that type-ahead began
	err                       string
	touched                   bool
}

// LabelWidth is the width of a field's label.
const LabelWidth = 22

func New(t *common.Theme) *Form { return &Form{t: t} }

// Section starts a titled group; it applies to the next field added.
func (f *Form) Section(title string) *Form {
	f.fields = append(f.fields, &Field{section: title, Kind: -1})
	return f
}

func (f *Form) Text(key, label, hint, value string) *Form {
	in := common.NewInput(f.t)
	in.Prompt = ""
	in.CharLimit = 0 // the domain says what is too long, beside the field
	in.SetValue(value)
	f.fields = append(f.fields, &Field{Key: key, Label: label, hint: hint, Kind: TextField, input: in})
	return f
}

func (f *Form) Choice(key, label string, opts []Option, value string) *Form {
	fl := &Field{Key: key, Label: label, Kind: ChoiceField, opts: opts, sel: -1}
	for i, o := range opts {
		if o.Value == value {
			fl.sel = i
		}
	}
	f.fields = append(f.fields, fl)
	return f
}

func (f *Form) Toggle(key, label string, on bool) *Form {
	f.fields = append(f.fields, &Field{Key: key, Label: label, Kind: ToggleField, on: on})
	return f
}

// Done records the starting values (for dirty) and focuses the first field.
func (f *Form) Done() *Form {
	f.initial = f.Values()
	f.focus = -1
	f.Move(1)
	return f
}

func (fl *Field) isInput() bool { return fl.Kind >= TextField }

func (fl *Field) Value() string {
	switch fl.Kind {
	case ChoiceField:
		if fl.sel < 0 {
			return ""
		}
		return fl.opts[fl.sel].Value
	case ToggleField:
		if fl.on {
			return "yes"
		}
		return ""
	}
	return fl.input.Value()
}

func (fl *Field) SetValue(v string) {
	switch fl.Kind {
	case ChoiceField:
		fl.sel = -1
		for i, o := range fl.opts {
			if o.Value == v {
				fl.sel = i
			}
		}
	case ToggleField:
		fl.on = v == "yes"
	default:
		// The cursor goes to the end, where typing carries on: a restored
		// draft left it where the field's first value ended.
		fl.input.SetValue(v)
		fl.input.CursorEnd()
	}
}

// Values returns every field's value by key.
func (f *Form) Values() map[string]string {
	m := map[string]string{}
	for _, fl := range f.fields {
		if fl.isInput() {
			m[fl.Key] = fl.Value()
		}
	}
	return m
}

// Set restores values (a draft); unknown keys are ignored.
func (f *Form) Set(values map[string]string) {
	for _, fl := range f.fields {
		if v, ok := values[fl.Key]; ok && fl.isInput() {
			fl.SetValue(v)
			fl.touched = true
		}
	}
}

// Labels names fields by their labels, in form order: "Address, Postcode".
func (f *Form) Labels(keys []string) string {
	var out []string
	for _, fl := range f.fields {
		if fl.isInput() && slices.Contains(keys, fl.Key) {
			out = append(out, fl.Label)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func (f *Form) Dirty() bool { return !maps.Equal(f.Values(), f.initial) }

// MarkSaved makes the current values the clean state.
func (f *Form) MarkSaved() { f.initial = f.Values() }

func (f *Form) Focused() *Field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

// Capturing is true when the focused field takes typing: free text, or a
// choice found by typing its first letters.
func (f *Form) Capturing() bool {
	fl := f.Focused()
	return fl != nil && (fl.Kind == TextField || fl.Kind == ChoiceField)
}

// Move focuses the next (d=1) or previous (d=-1) input field.
func (f *Form) Move(d int) {
	if fl := f.Focused(); fl != nil {
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
	if fl := f.Focused(); fl != nil && fl.Kind == TextField {
		fl.input.Focus()
		fl.input.CursorEnd()
	}
	f.Check(false)
}

// focusOn moves focus to field i.
// OnLastField reports whether the focus is on the form's last input.
func (f *Form) OnLastField() bool {
	for i := len(f.fields) - 1; i >= 0; i-- {
		if f.fields[i].isInput() {
			return f.focus == i
		}
	}
	return false
}

func (f *Form) FocusOn(i int) {
	if cur := f.Focused(); cur != nil {
		cur.input.Blur()
	}
	f.focus = i
	if fl := f.fields[i]; fl.Kind == TextField {
		fl.input.Focus()
	}
}

// Check runs validation and shows problems on touched fields (all fields
// when all is true, as on save). It returns the validation error.
func (f *Form) Check(all bool) error {
	if f.Validate == nil {
		return nil
	}
	err := f.Validate(f.Values())
	f.ShowErrors(err, all)
	return err
}

// ShowErrors puts each field problem beside its field; a problem that
// belongs to no field goes in the banner.
func (f *Form) ShowErrors(err error, all bool) {
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
			fl.err = ve.For(fl.Key)
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

// FirstError focuses the first field with a problem, so the officer lands
// on what to fix.
func (f *Form) FirstError() {
	for i, fl := range f.fields {
		if fl.isInput() && fl.err != "" {
			f.FocusOn(i)
			return
		}
	}
}

// Update handles moving and typing. The owner handles save and leave first.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	fl := f.Focused()
	switch {
	case key.Matches(km, common.FormKeys.Prev):
		f.forget()
		f.Move(-1)
		return nil
	case km.String() == "enter" || km.String() == "tab" || km.String() == "down":
		f.forget()
		f.Move(1)
		return nil
	}
	if fl == nil {
		return nil
	}
	switch fl.Kind {
	case ChoiceField:
		if len(fl.opts) == 0 { // nothing to choose from: nothing to do
			return nil
		}
		switch km.String() {
		case "left":
			fl.sel = (fl.sel - 1 + len(fl.opts)) % len(fl.opts)
			if fl.sel < 0 {
				fl.sel = len(fl.opts) - 1
			}
		case "right":
			fl.sel = (fl.sel + 1) % len(fl.opts)
		case "backspace", "delete":
			fl.backspace()
			return nil
		default:
			if r := km.Runes; len(r) > 0 {
				fl.typeAhead(string(r))
				return nil
			}
		}
		fl.typed = ""
	case ToggleField:
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
func (f *Form) forget() {
	if fl := f.Focused(); fl != nil {
		fl.typed = ""
	}
}

// typeAhead chooses by the letters typed in a row on this field: while
// they begin a word of an option's label they narrow to it, so "not s"
// is "not shown" and "South London" is "SLN  South London ICE". A second
// letter that fits none after a first starts afresh, so typing "s" again
// and again still walks every option starting with s; fast typing
// arriving as one message ("sss") works the same way. A longer run that
// fits nothing puts the choice back as it was before the run and says so
// beside the field (Hint): it never settles on an option the officer did
// not name.
func (fl *Field) typeAhead(s string) {
	if fl.typed == "" {
		fl.runFrom = fl.sel
	}
	cand := fl.typed + s
	if fl.fitFirst(cand) {
		fl.typed = cand
		return
	}
	if len([]rune(fl.typed)) <= 1 && fl.jump(s) {
		fl.typed = s
		return
	}
	if fl.typed == "" {
		// "sss" in one message: each letter walks on.
		for _, c := range s {
			if !fl.jump(string(c)) {
				fl.typed = s
				return
			}
		}
		return
	}
	fl.typed, fl.sel = cand, fl.runFrom
}

// fitFirst keeps the choice if it fits typed, or moves to the first
// option that does; false if none does. An option whose label begins
// with typed comes before one where it begins a later word, so "off" is
// "off site" rather than "exhibits officer".
func (fl *Field) fitFirst(typed string) bool {
	atStart, atWord := -1, -1
	for i, o := range fl.opts {
		if atStart < 0 && hasPrefixFold(strings.Join(strings.Fields(o.Label), " "), typed) {
			atStart = i
		}
		if atWord < 0 && wordPrefix(o.Label, typed) {
			atWord = i
		}
	}
	cur := ""
	if fl.sel >= 0 {
		cur = strings.Join(strings.Fields(fl.opts[fl.sel].Label), " ")
	}
	switch {
	case atWord < 0:
		return false
	case fl.sel >= 0 && hasPrefixFold(cur, typed):
	case atStart >= 0:
		fl.sel = atStart
	case fl.sel >= 0 && wordPrefix(cur, typed):
	default:
		fl.sel = atWord
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	return strings.HasPrefix(strings.ToLower(s), strings.ToLower(prefix))
}

// backspace takes back the last letter typed on the choice; with none
// typed, it clears the choice.
func (fl *Field) backspace() {
	r := []rune(fl.typed)
	if len(r) == 0 {
		fl.sel = -1
		return
	}
	fl.typed = string(r[:len(r)-1])
	if fl.typed == "" || !fl.fitFirst(fl.typed) {
		fl.sel = fl.runFrom
	}
}

// Hint says, while letters are being typed on a choice, how many options
// they fit ("" when exactly the one chosen does).
func (fl *Field) Hint() string {
	if fl.Kind != ChoiceField || fl.typed == "" {
		return ""
	}
	n := 0
	for _, o := range fl.opts {
		if wordPrefix(o.Label, fl.typed) {
			n++
		}
	}
	switch n {
	case 0:
		return fmt.Sprintf("✗ nothing fits %q: backspace", fl.typed)
	case 1:
		return ""
	}
	return fmt.Sprintf("%q fits %d: type more", fl.typed, n)
}

// wordPrefix reports whether typed begins a word of label and runs on
// from there, ignoring case and extra spaces.
func wordPrefix(label, typed string) bool {
	l := strings.ToLower(strings.Join(strings.Fields(label), " "))
	want := strings.ToLower(typed)
	if strings.TrimSpace(want) == "" {
		return strings.HasPrefix(l, want)
	}
	for i := 0; i < len(l); i++ {
		if (i == 0 || l[i-1] == ' ') && strings.HasPrefix(l[i:], want) {
			return true
		}
	}
	return false
}

// jump selects the next option after the current one whose label starts
// with s, so typing "s" repeatedly walks SCO, SCE, SLN, SEA.
func (fl *Field) jump(s string) bool {
	n := len(fl.opts)
	for i := 1; i <= n; i++ {
		j := (fl.sel + i + n) % n
		if fl.sel < 0 {
			j = i - 1
		}
		if strings.HasPrefix(strings.ToLower(fl.opts[j].Label), strings.ToLower(s)) {
			fl.sel = j
			return true
		}
	}
	return false
}

func (f *Form) SetSize(w, h int) {
	f.w, f.h = w, h
	for _, fl := range f.fields {
		if fl.Kind == TextField {
			common.ResizeInput(&fl.input, max(10, w-LabelWidth-6))
		}
	}
}

// View draws the fields, scrolled so the focused one is in sight.
func (f *Form) View() string {
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
	indent := strings.Repeat(" ", LabelWidth+2)
	vw := max(10, f.w-LabelWidth-4)
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
		label := t.Label.Render(common.PadRight(fl.Label, LabelWidth))
		if isFocus {
			marker = t.Cursor.Render("▸ ")
			label = t.Focus.Render(common.PadRight(fl.Label, LabelWidth))
		}
		lines = append(lines, marker+label+fl.render(t, isFocus, vw))
		switch {
		case fl.err != "":
			for _, l := range strings.Split(common.Wrap("✗ "+fl.err, vw), "\n") {
				lines = append(lines, indent+t.Error.Render(l))
			}
		case isFocus:
			note := fl.hint
			if f.Describe != nil {
				if d := f.Describe(fl.Key, fl.Value()); d != "" {
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

func (fl *Field) render(t *common.Theme, focus bool, width int) string {
	switch fl.Kind {
	case ChoiceField:
		label := "choose"
		if fl.sel >= 0 {
			label = fl.opts[fl.sel].Label
		}
		s := "‹ " + label + " ›"
		if fl.sel < 0 {
			s = t.Muted.Render(s)
		}
		if focus {
			if h := fl.Hint(); h != "" {
				return common.Truncate(s, width-len(h)-2) + t.Warn.Render("  "+h)
			}
			return common.Truncate(s, width-12) + t.Muted.Render("  ←/→ or type")
		}
		return common.Truncate(s, width)
	case ToggleField:
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

// FocusKey focuses the field with key k.
func (f *Form) FocusKey(k string) {
	for i, fl := range f.fields {
		if fl.isInput() && fl.Key == k {
			f.FocusOn(i)
			return
		}
	}
}

// FieldWidth is how wide a field's problem may be drawn on f.
// Before the form has a size, nothing is wrapped here; the form wraps it.
func (f *Form) FieldWidth() int {
	if f == nil || f.w == 0 {
		return 1000
	}
	return max(10, f.w-LabelWidth-4)
}
