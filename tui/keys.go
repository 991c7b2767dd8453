package tui

import "github.com/charmbracelet/bubbles/key"

// Key bindings are data: one place says which key does what, the help
// screen and footers are drawn from it, and a test can list them all.

func bind(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// globalKeys work on every screen.
var globalKeys = struct {
	Quit, ForceQuit, Help, Back, Guide key.Binding
}{
	// ctrl+g works while typing in a form, so the guide is one key away on
	// every screen (ICIBI recommendation 2); F2 for terminals that take it.
	Guide:     bind([]string{"ctrl+g", "f2"}, "^g", "guide to the rules"),
	Quit:      bind([]string{"q"}, "q", "quit"),
	ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "quit now (typing kept as a draft)"),
	Help:      bind([]string{"?", "f1"}, "?/F1", "all keys (F1 while typing)"),
	Back:      bind([]string{"esc"}, "esc", "back"),
}

var registerKeys = struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Filter, ClearFilter, New, Sort    key.Binding
	Reverse, Profile, Today, Export         key.Binding
}{
	Up:          bind([]string{"up", "k"}, "↑/k", "up"),
	Down:        bind([]string{"down", "j"}, "↓/j", "down"),
	PageUp:      bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
	PageDown:    bind([]string{"pgdown", "ctrl+f", " "}, "pgdn", "page down"),
	Top:         bind([]string{"home", "g"}, "g/home", "first visit"),
	Bottom:      bind([]string{"end", "G"}, "G/end", "last visit"),
	Open:        bind([]string{"enter"}, "enter", "open"),
	Filter:      bind([]string{"/"}, "/", "filter"),
	ClearFilter: bind([]string{"esc"}, "esc", "clear filter"),
	New:         bind([]string{"n"}, "n", "new visit"),
	Sort:        bind([]string{"s"}, "s", "sort (next column)"),
	Reverse:     bind([]string{"r"}, "r", "reverse order"),
	Profile:     bind([]string{"p"}, "p", "my profile"),
	Today:       bind([]string{"t"}, "t", "today's visits"),
	Export:      bind([]string{"X"}, "X", "export closed visits"),
}

var guideKeys = struct {
	Up, Down, Move, PageUp, PageDown, Scroll, Clear key.Binding
}{
	Up:       bind([]string{"up"}, "↑", "previous rule"),
	Down:     bind([]string{"down"}, "↓", "next rule"),
	Move:     bind([]string{"up", "down"}, "↑/↓", "choose a rule"),
	PageUp:   bind([]string{"pgup"}, "pgup", "scroll the rule up"),
	PageDown: bind([]string{"pgdown"}, "pgdn", "scroll the rule down"),
	Scroll:   bind([]string{"pgup", "pgdown"}, "pgup/pgdn", "scroll the rule"),
	Clear:    bind([]string{"esc"}, "esc", "clear search, then back"),
}

var filterKeys = struct {
	Accept, Cancel key.Binding
}{
	Accept: bind([]string{"enter", "down"}, "enter", "browse results"),
	Cancel: bind([]string{"esc"}, "esc", "clear filter"),
}

var formKeys = struct {
	Next, Prev, Save, Leave, Choose, Toggle, Reload key.Binding
}{
	Next:   bind([]string{"tab", "down", "enter"}, "tab/↓", "next field"),
	Prev:   bind([]string{"shift+tab", "up"}, "shift+tab/↑", "previous field"),
	Save:   bind([]string{"ctrl+s"}, "ctrl+s", "save"),
	Leave:  bind([]string{"esc"}, "esc", "leave (asks if you typed anything)"),
	Choose: bind([]string{"left", "right"}, "←/→", "change choice (or type its first letters)"),
	Toggle: bind([]string{" ", "y", "n"}, "space/y/n", "yes or no"),
	Reload: bind([]string{"ctrl+r"}, "ctrl+r", "after a conflict: load the latest version, keep your input"),
}

var detailKeys = struct {
	NextTab, PrevTab, Up, Down              key.Binding
	Edit, AddSubject, EditSubject, Withdraw key.Binding
	Plan, Cancel, StandDown, Tab1           key.Binding
	// The planning tab's keys are capitals: their lower-case letters
	// already cancel (c), add a subject (a) and withdraw one (w).
	Open, Authorise, AddCheck, WithdrawCheck key.Binding
	// The ONF and recce tabs' keys.
	OpenONF, PhoneCheck, AddRecce, WithdrawRecce key.Binding
	ONFFeedback                                  key.Binding
}{
	NextTab:     bind([]string{"tab", "right", "l"}, "tab/→", "next tab"),
	PrevTab:     bind([]string{"shift+tab", "left", "h"}, "shift+tab/←", "previous tab"),
	Up:          bind([]string{"up", "k"}, "↑/k", "scroll or select up"),
	Down:        bind([]string{"down", "j"}, "↓/j", "scroll or select down"),
	Edit:        bind([]string{"e"}, "e", "edit"),
	AddSubject:  bind([]string{"a"}, "a", "add"),
	EditSubject: bind([]string{"enter"}, "enter", "edit"),
	Withdraw:    bind([]string{"w"}, "w", "withdraw"),
	Plan:        bind([]string{"p"}, "p", "start planning (TSK-1)"),
	Cancel:      bind([]string{"c"}, "c", "cancel"),
	StandDown:   bind([]string{"x"}, "x", "stand down"),
	Tab1:        bind([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}, "1-9,0", "go to tab"),

	Open:          bind([]string{"enter"}, "enter", "open (rule or form)"),
	Authorise:     bind([]string{"A"}, "A", "authorise"),
	AddCheck:      bind([]string{"C"}, "C", "add check"),
	WithdrawCheck: bind([]string{"W"}, "W", "withdraw a check"),

	OpenONF:       bind([]string{"o", "enter"}, "o/enter", "record the ONF"),
	PhoneCheck:    bind([]string{"t"}, "t", "record phone check (ONF-3)"),
	ONFFeedback:   bind([]string{"f"}, "f", "feedback to police (ONF-7)"),
	AddRecce:      bind([]string{"r"}, "r", "add a recce"),
	WithdrawRecce: bind([]string{"w"}, "w", "withdraw a recce"),
}

var promptKeys = struct {
	Confirm, Cancel key.Binding
}{
	Confirm: bind([]string{"enter"}, "enter", "confirm"),
	Cancel:  bind([]string{"esc"}, "esc", "cancel"),
}

// premisesKeys are the premises screen's (REC-5), and P, which opens it:
// from a visit for that visit's premises, from the register by postcode.
// P is free on every tab of a visit and on the register, whose p is the
// officer's profile and, on a visit, start planning.
var premisesKeys = struct {
	FromVisit, Search                key.Binding
	Up, Down, Move, PageUp, PageDown key.Binding
	Top, Bottom, Open                key.Binding
}{
	FromVisit: bind([]string{"P"}, "P", "premises history (REC-5)"),
	Search:    bind([]string{"P"}, "P", "find premises"),
	Up:        bind([]string{"up", "k"}, "↑/k", "previous visit (or scroll up)"),
	Down:      bind([]string{"down", "j"}, "↓/j", "next visit (or scroll down)"),
	Move:      bind([]string{"up", "down"}, "↑/↓", "choose a visit"),
	PageUp:    bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
	PageDown:  bind([]string{"pgdown", "ctrl+f", " "}, "pgdn", "page down"),
	Top:       bind([]string{"home", "g"}, "g/home", "newest visit"),
	Bottom:    bind([]string{"end", "G"}, "G/end", "oldest visit"),
	Open:      bind([]string{"enter"}, "enter", "open the visit"),
}
