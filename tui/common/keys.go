package common

import "github.com/charmbracelet/bubbles/key"

// Key bindings are data: one place says which key does what, the help
// screen and footers are drawn from it, and a test can list them all.

func Bind(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// GlobalKeys work on every screen.
var GlobalKeys = struct {
	Quit, ForceQuit, Help, Back, Guide key.Binding
}{
	// ctrl+g works while typing in a form, so the guide is one key away on
	// every screen (ICIBI recommendation 2); F2 for terminals that take it.
	Guide:     Bind([]string{"ctrl+g", "f2"}, "^g", "guide to the rules"),
	Quit:      Bind([]string{"q"}, "q", "quit"),
	ForceQuit: Bind([]string{"ctrl+c"}, "ctrl+c", "quit now (typing kept as a draft)"),
	Help:      Bind([]string{"?", "f1"}, "?/F1", "all keys (F1 while typing)"),
	Back:      Bind([]string{"esc"}, "esc", "back"),
}

var RegisterKeys = struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Filter, ClearFilter, New, Sort    key.Binding
	Reverse, Profile, Today, Export         key.Binding
	Board, Backup                           key.Binding
}{
	Up:          Bind([]string{"up", "k"}, "↑/k", "up"),
	Down:        Bind([]string{"down", "j"}, "↓/j", "down"),
	PageUp:      Bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
	PageDown:    Bind([]string{"pgdown", "ctrl+f", " "}, "pgdn", "page down"),
	Top:         Bind([]string{"home", "g"}, "g/home", "first visit"),
	Bottom:      Bind([]string{"end", "G"}, "G/end", "last visit"),
	Open:        Bind([]string{"enter"}, "enter", "open"),
	Filter:      Bind([]string{"/"}, "/", "filter"),
	ClearFilter: Bind([]string{"esc"}, "esc", "clear filter"),
	New:         Bind([]string{"n"}, "n", "new visit"),
	Sort:        Bind([]string{"s"}, "s", "sort (next column)"),
	Reverse:     Bind([]string{"r"}, "r", "reverse order"),
	Profile:     Bind([]string{"p"}, "p", "my profile"),
	Today:       Bind([]string{"t"}, "t", "today's visits"),
	Export:      Bind([]string{"X"}, "X", "export closed visits"),
	Board:       Bind([]string{"b"}, "b", "today's board"),
	Backup:      Bind([]string{"B"}, "B", "back up the folder"),
}

var GuideKeys = struct {
	Up, Down, Move, PageUp, PageDown, Scroll, Clear key.Binding
}{
	Up:       Bind([]string{"up"}, "↑", "previous rule"),
	Down:     Bind([]string{"down"}, "↓", "next rule"),
	Move:     Bind([]string{"up", "down"}, "↑/↓", "choose a rule"),
	PageUp:   Bind([]string{"pgup"}, "pgup", "scroll the rule up"),
	PageDown: Bind([]string{"pgdown"}, "pgdn", "scroll the rule down"),
	Scroll:   Bind([]string{"pgup", "pgdown"}, "pgup/pgdn", "scroll the rule"),
	Clear:    Bind([]string{"esc"}, "esc", "clear search, then back"),
}

var FilterKeys = struct {
	Accept, Cancel key.Binding
}{
	Accept: Bind([]string{"enter", "down"}, "enter", "browse results"),
	Cancel: Bind([]string{"esc"}, "esc", "clear filter"),
}

var FormKeys = struct {
	Next, Prev, Save, Leave, Choose, Toggle, Reload key.Binding
}{
	Next:   Bind([]string{"tab", "down", "enter"}, "tab/↓", "next field"),
	Prev:   Bind([]string{"shift+tab", "up"}, "shift+tab/↑", "previous field"),
	Save:   Bind([]string{"ctrl+s"}, "ctrl+s", "save"),
	Leave:  Bind([]string{"esc"}, "esc", "leave (asks if you typed anything)"),
	Choose: Bind([]string{"left", "right"}, "←/→", "change choice (or type its first letters)"),
	Toggle: Bind([]string{" ", "y", "n"}, "space/y/n", "yes or no"),
	Reload: Bind([]string{"ctrl+r"}, "ctrl+r", "after a conflict: load the latest version, keep your input"),
}

// VisitKeys work on every tab of a visit, unless the tab shown takes the
// key for one of its own (tab keys are handled first).
var VisitKeys = struct {
	NextTab, PrevTab, Up, Down, Tab1 key.Binding
	Edit, Plan, Cancel, StandDown    key.Binding
}{
	NextTab:   Bind([]string{"tab", "right", "l"}, "tab/→", "next tab"),
	PrevTab:   Bind([]string{"shift+tab", "left", "h"}, "shift+tab/←", "previous tab"),
	Up:        Bind([]string{"up", "k"}, "↑/k", "scroll or select up"),
	Down:      Bind([]string{"down", "j"}, "↓/j", "scroll or select down"),
	Tab1:      Bind([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-"}, "1-9,0,-", "go to tab"),
	Edit:      Bind([]string{"e"}, "e", "edit"),
	Plan:      Bind([]string{"p"}, "p", "start planning (TSK-1)"),
	Cancel:    Bind([]string{"c"}, "c", "cancel"),
	StandDown: Bind([]string{"x"}, "x", "stand down"),
}

// SubjectKeys are the subjects tab's.
var SubjectKeys = struct{ Add, Edit, Withdraw key.Binding }{
	Add:      Bind([]string{"a"}, "a", "add"),
	Edit:     Bind([]string{"enter"}, "enter", "edit"),
	Withdraw: Bind([]string{"w"}, "w", "withdraw"),
}

// PlanningKeys are the planning tab's. They are capitals: their lower-case
// letters already cancel the visit (c), and on other tabs add (a) and
// withdraw (w).
var PlanningKeys = struct{ Open, Fix, Rule, Authorise, SignIn, AddCheck, WithdrawCheck key.Binding }{
	Open:          Bind([]string{"enter"}, "enter", "open"),
	Fix:           Bind([]string{"enter"}, "enter", "fix it"),
	Rule:          Bind([]string{"g"}, "g", "its rule"),
	Authorise:     Bind([]string{"A"}, "A", "authorise"),
	SignIn:        Bind([]string{"u"}, "u", "switch officer (the authoriser signs in)"),
	AddCheck:      Bind([]string{"C"}, "C", "add check"),
	WithdrawCheck: Bind([]string{"W"}, "W", "withdraw a check"),
}

// ONFKeys are the ONF tab's.
var ONFKeys = struct{ Open, PhoneCheck, Feedback key.Binding }{
	Open:       Bind([]string{"o", "enter"}, "o/enter", "record the ONF"),
	PhoneCheck: Bind([]string{"t"}, "t", "record phone check (ONF-3)"),
	Feedback:   Bind([]string{"f"}, "f", "feedback to police (ONF-7)"),
}

// RecceKeys are the recce tab's.
var RecceKeys = struct{ Add, Withdraw key.Binding }{
	Add:      Bind([]string{"r"}, "r", "add a recce"),
	Withdraw: Bind([]string{"w"}, "w", "withdraw a recce"),
}

var PromptKeys = struct {
	Confirm, Cancel key.Binding
}{
	Confirm: Bind([]string{"enter"}, "enter", "confirm"),
	Cancel:  Bind([]string{"esc"}, "esc", "cancel"),
}

// PremisesKeys are the premises screen's (REC-5), and P, which opens it:
// from a visit for that visit's premises, from the register by postcode.
// P is free on every tab of a visit and on the register, whose p is the
// officer's profile and, on a visit, start planning.
var PremisesKeys = struct {
	FromVisit, Search                key.Binding
	Up, Down, Move, PageUp, PageDown key.Binding
	Top, Bottom, Open                key.Binding
}{
	FromVisit: Bind([]string{"P"}, "P", "premises history (REC-5)"),
	Search:    Bind([]string{"P"}, "P", "find premises"),
	Up:        Bind([]string{"up", "k"}, "↑/k", "previous visit (or scroll up)"),
	Down:      Bind([]string{"down", "j"}, "↓/j", "next visit (or scroll down)"),
	Move:      Bind([]string{"up", "down"}, "↑/↓", "choose a visit"),
	PageUp:    Bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
	PageDown:  Bind([]string{"pgdown", "ctrl+f", " "}, "pgdn", "page down"),
	Top:       Bind([]string{"home", "g"}, "g/home", "newest visit"),
	Bottom:    Bind([]string{"end", "G"}, "G/end", "oldest visit"),
	Open:      Bind([]string{"enter"}, "enter", "open the visit"),
}

// MeasuresKeys are the Measures screen's (MOE-1), and M, which opens it
// from the register (a capital, as X for the export: a report, not a
// step of a visit).
var MeasuresKeys = struct {
	Open, Team, TeamBack, Period, Earlier, Later key.Binding
	Measure, Bars, Up, Down                      key.Binding
}{
	Open:     Bind([]string{"M"}, "M", "measures of effect"),
	Team:     Bind([]string{"t"}, "t", "next team (all teams first)"),
	TeamBack: Bind([]string{"T"}, "T", "previous team"),
	Period:   Bind([]string{"p"}, "p", "period: 12 months, quarter, month, all"),
	Earlier:  Bind([]string{"left", "h"}, "←/h", "earlier period"),
	Later:    Bind([]string{"right", "l"}, "→/l", "later period"),
	Measure:  Bind([]string{"m"}, "m", "chart the next figure"),
	Bars:     Bind([]string{"b"}, "b", "bars by team or by quarter"),
	Up:       Bind([]string{"up", "k"}, "↑/k", "scroll up"),
	Down:     Bind([]string{"down", "j"}, "↓/j", "scroll down"),
}

var ConfirmKeys = struct{ Yes, No key.Binding }{
	Yes: Bind([]string{"y", "enter"}, "y/enter", "yes, go ahead"),
	No:  Bind([]string{"n", "esc"}, "n/esc", "no, go back"),
}

// RosterKeys are the roster tab's own keys. d, not x, takes an officer off
// the team: x stands the whole visit down everywhere else on the visit.
var RosterKeys = struct {
	Up, Down, Add, Roles, Remove key.Binding
}{
	Up:     Bind([]string{"up", "k"}, "↑/k", "previous officer"),
	Down:   Bind([]string{"down", "j"}, "↓/j", "next officer"),
	Add:    Bind([]string{"a"}, "a", "add an officer"),
	Roles:  Bind([]string{"enter"}, "enter", "change roles"),
	Remove: Bind([]string{"d"}, "d", "take off the team"),
}

// BriefingKeys are the briefing tab's own keys. Lower-case letters are
// free here: tab keys are handled before the visit's own (so c confirms
// here rather than cancelling the visit). O and D are capitals because
// they are weighty: an override and a deployment.
var BriefingKeys = struct {
	Issue, Accept, SignIn, Verbal, Confirm, Override, Deploy key.Binding
}{
	Issue:    Bind([]string{"b"}, "b", "issue briefing"),
	Accept:   Bind([]string{"a"}, "a", "accept (as me)"),
	SignIn:   Bind([]string{"u"}, "u", "switch officer"),
	Verbal:   Bind([]string{"v"}, "v", "verbal briefing"),
	Confirm:  Bind([]string{"c"}, "c", "confirm ready"),
	Override: Bind([]string{"O"}, "O", "override acceptances"),
	Deploy:   Bind([]string{"D"}, "D", "deploy"),
}

var AcceptKeys = struct {
	Accept, Back, Up, Down key.Binding
}{
	Accept: Bind([]string{"y", "enter"}, "y/enter", "I accept this version"),
	Back:   Bind([]string{"esc", "n"}, "esc", "not now"),
	Up:     Bind([]string{"up", "k", "pgup"}, "↑", "scroll up"),
	Down:   Bind([]string{"down", "j", "pgdown", " "}, "↓", "scroll down"),
}

var DebriefKeys = struct {
	Up, Down, Top, Edit, Close, FollowUp key.Binding
}{
	Top:      Bind([]string{"home", "g"}, "g/home", "first section"),
	Up:       Bind([]string{"up", "k"}, "↑/k", "previous section"),
	Down:     Bind([]string{"down", "j"}, "↓/j", "next section"),
	Edit:     Bind([]string{"enter"}, "enter", "fill in the section"),
	Close:    Bind([]string{"C"}, "C", "close the visit"),
	FollowUp: Bind([]string{"f"}, "f", "record a follow-up"),
}

// AssuranceKeys are the assurance tab's own keys (ASR-1, ASR-2). A, F
// and K are capitals because they are weighty, and k scrolls.
var AssuranceKeys = struct {
	Edit, Assure, FollowUp, Acknowledge, SignIn key.Binding
}{
	Edit:        Bind([]string{"enter"}, "enter", "work through the checklist"),
	Assure:      Bind([]string{"A"}, "A", "mark assured"),
	FollowUp:    Bind([]string{"F"}, "F", "move to follow-up"),
	Acknowledge: Bind([]string{"K"}, "K", "acknowledge the feedback (the OIC)"),
	SignIn:      Bind([]string{"u"}, "u", "switch officer (the assurer signs in)"),
}

// FeedbackKeys are the sign-in notice's of assurance feedback waiting
// for the OIC (ASR-2).
var FeedbackKeys = struct{ Up, Down, Move, Open, Later key.Binding }{
	Up:    Bind([]string{"up", "k"}, "↑/k", "previous visit"),
	Down:  Bind([]string{"down", "j"}, "↓/j", "next visit"),
	Move:  Bind([]string{"up", "down"}, "↑/↓", "choose a visit"),
	Open:  Bind([]string{"enter"}, "enter", "open it to read and acknowledge"),
	Later: Bind([]string{"esc"}, "esc", "later"),
}

var BackupKeys = struct{ Start, Cancel, Close key.Binding }{
	Start:  Bind([]string{"ctrl+s"}, "ctrl+s", "back up"),
	Cancel: Bind([]string{"esc"}, "esc", "cancel the backup"),
	Close:  Bind([]string{"esc", "enter"}, "esc/enter", "close"),
}

var ExportKeys = struct{ Start, Cancel, Close key.Binding }{
	Start:  Bind([]string{"ctrl+s"}, "ctrl+s", "export"),
	Cancel: Bind([]string{"esc"}, "esc", "cancel the export"),
	Close:  Bind([]string{"esc", "enter"}, "esc/enter", "close"),
}

// LiveKeys are the live tab's own keys. Lower-case letters are free here:
// tab keys are handled before the visit's own, so e records the entry
// made here rather than editing the visit. ! is the alarm: it declares a
// critical incident, or stands the declared one down.
var LiveKeys = struct {
	Up, Down, Arrive, Depart, Entry, Encounter, Seizure key.Binding
	Safeguard, Referral, Note, Incident, StandDown      key.Binding
	Correct, SignIn                                     key.Binding
	// The outcomes (OUT-1, CUS-1, JNT-1): c and p are the visit's own
	// (cancel, plan), so the notice is o, custody b (booked in), an
	// agency i (inter-agency).
	Decision, Custody, Agency key.Binding
}{
	Up:        Bind([]string{"up", "k"}, "↑/k", "newer entry"),
	Down:      Bind([]string{"down", "j"}, "↓/j", "older entry"),
	Arrive:    Bind([]string{"a"}, "a", "arrived (officers)"),
	Depart:    Bind([]string{"d"}, "d", "left the premises (officers)"),
	Entry:     Bind([]string{"e"}, "e", "entry made (PWR-2)"),
	Encounter: Bind([]string{"m"}, "m", "person met"),
	Seizure:   Bind([]string{"s"}, "s", "seizure (PWR-3)"),
	Safeguard: Bind([]string{"g"}, "g", "safeguarding"),
	Referral:  Bind([]string{"r"}, "r", "referral"),
	Note:      Bind([]string{"n"}, "n", "note"),
	Incident:  Bind([]string{"!"}, "!", "critical incident (INC-1)"),
	StandDown: Bind([]string{"!"}, "!", "stand the incident down"),
	Correct:   Bind([]string{"enter"}, "enter", "correct or void entry"),
	SignIn:    Bind([]string{"u"}, "u", "switch officer"),
	Decision:  Bind([]string{"o"}, "o", "decision on the employer (OUT-1)"),
	Custody:   Bind([]string{"b"}, "b", "booked into custody (CUS-1)"),
	Agency:    Bind([]string{"i"}, "i", "partner agency present (JNT-1)"),
}

// LiveShortKeys are the live keys as the footer names them: a word each, so
// more of them fit in 80 columns.
var LiveShortKeys = func() (s struct {
	Arrive, Depart, Entry, Encounter, Seizure, Safeguard, Referral key.Binding
	Note, Incident, StandDown, Correct, SignIn                     key.Binding
	Decision, Custody, Agency                                      key.Binding
}) {
	k := LiveKeys
	short := func(b key.Binding, desc string) key.Binding { return Bind(b.Keys(), b.Help().Key, desc) }
	s.Arrive, s.Depart, s.Entry = short(k.Arrive, "arrived"), short(k.Depart, "left"), short(k.Entry, "entry")
	s.Encounter, s.Seizure, s.Safeguard = short(k.Encounter, "person"), short(k.Seizure, "seizure"), short(k.Safeguard, "safeguarding")
	s.Referral, s.Note, s.Incident = short(k.Referral, "referral"), short(k.Note, "note"), short(k.Incident, "incident")
	s.StandDown, s.Correct, s.SignIn = short(k.StandDown, "stand down"), short(k.Correct, "correct"), k.SignIn
	s.Decision, s.Custody, s.Agency = short(k.Decision, "notice"), short(k.Custody, "custody"), short(k.Agency, "agency")
	return s
}()

var LiveFormKeys = struct{ Record key.Binding }{
	Record: Bind([]string{"enter"}, "enter", "next field, or record when complete"),
}

var PickerKeys = struct {
	Up, Down, PageUp, PageDown, Pick, New, Back key.Binding
}{
	Up:       Bind([]string{"up"}, "↑", "previous officer"),
	Down:     Bind([]string{"down"}, "↓", "next officer"),
	PageUp:   Bind([]string{"pgup"}, "pgup", "page up"),
	PageDown: Bind([]string{"pgdown"}, "pgdn", "page down"),
	Pick:     Bind([]string{"enter"}, "enter", "choose"),
	New:      Bind([]string{"ctrl+n"}, "^n", "new officer's profile"),
	Back:     Bind([]string{"esc"}, "esc", "clear, then back"),
}

// BoardKeys are today's board's (the duty CIO's, issue 16). Open is b on
// the register; Anywhere opens it from every screen, while typing too, as
// the critical incident banner says.
var BoardKeys = struct {
	Anywhere, Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Ack, Phone, Team, Region, SignIn            key.Binding
}{
	Anywhere: Bind([]string{"ctrl+t", "f3"}, "^t", "today's board, from any screen"),
	Up:       Bind([]string{"up", "k"}, "↑/k", "up"),
	Down:     Bind([]string{"down", "j"}, "↓/j", "down"),
	PageUp:   Bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
	PageDown: Bind([]string{"pgdown", "ctrl+f", " "}, "pgdn", "page down"),
	Top:      Bind([]string{"home", "g"}, "g/home", "first row"),
	Bottom:   Bind([]string{"end", "G"}, "G/end", "last row"),
	Open:     Bind([]string{"enter"}, "enter", "open the visit"),
	Ack:      Bind([]string{"a"}, "a", "acknowledge (INC-2)"),
	Phone:    Bind([]string{"i"}, "i", "CIO told by phone"),
	Team:     Bind([]string{"t"}, "t", "next team"),
	Region:   Bind([]string{"r"}, "r", "next region"),
	SignIn:   Bind([]string{"u"}, "u", "switch officer"),
}

// PINKeys are the profile's own (IDN-1 on a shared laptop): ctrl+p, as
// the profile form takes every letter.
var PINKeys = struct{ Set key.Binding }{
	Set: Bind([]string{"ctrl+p"}, "^p", "set or change your PIN"),
}
