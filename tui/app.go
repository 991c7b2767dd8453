// Package tui is oic's terminal interface: a root model routing messages to
// a stack of screens (register, visit, forms), drawn with one theme.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"oic/domain"
	"oic/tui/board"
	"oic/tui/common"
	"oic/tui/feedback"
	"oic/tui/guide"
	"oic/tui/profile"
	"oic/tui/register"
	"oic/tui/visit"
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
	// Backup takes backups of the folder (the register's B).
	Backup domain.Backuper
	// Renderer draws for this program's output: its colour profile is
	// that terminal's. Each program in a process (a session over SSH) has
	// its own. Nil means lipgloss's renderer for the process's stdout.
	Renderer *lipgloss.Renderer
	// Notice is what is wrong with the data folder as it was opened (an
	// import left half done), shown on the status line whenever no
	// message is, for as long as the program runs.
	Notice string
	// Bell is the program's output, where the terminal bell (BEL) is
	// written when a critical incident is declared and while it waits for
	// a CIO (Bubble Tea v1 has no bell). Nil rings nothing: tests.
	Bell io.Writer
	// Board opens today's board over the register at start (oic --board).
	Board bool
	// Fixed fixes the officer to As for the whole program: over SSH the
	// key is the identity, so nobody switches officer, and the folder's
	// "last signed in" is neither read nor written.
	Fixed bool
	// Incidents is what each change said of its visit's incident, read
	// once for every program of the process (board.NewIncidents, made
	// by `oic serve`); nil reads for this App alone.
	Incidents *board.Incidents
	// Register is the register's rows, read once and kept current for
	// every program of the process: `oic serve` makes one
	// (register.NewIndex over its store) and gives it to each session's
	// App, so 50 sessions hold one copy of 100,000 rows. Nil makes one
	// for this App alone.
	Register *register.Index
}

// App is the root model.
type App struct {
	s       *common.Session
	stack   []common.Screen
	w, h    int
	help    bool
	foot    footerMemo
	flash   common.FlashMsg
	flashAt time.Time
	// watch passes the feed's changes to the program, those the screens
	// on top follow (tui/watch.go); events is its channel, once the
	// feed is listening.
	watch    *watch
	events   <-chan tea.Msg
	stopFeed func()
	version  string
	notice   string
	quitting bool
	// styled says the terminal is drawn in colours: the frame's styling
	// is then let through InertFrame, and nothing else is.
	styled bool
	// alerts are the critical incidents awaiting a CIO, for the banner
	// under the header of every screen and the bell (INC-2).
	alerts *board.Alerts
	bell   io.Writer
	banner int // lines the banner took when the screens were last sized
	// owed is a screen under the top one not yet started: the register
	// under the board oic opened on, which starts reading only when the
	// officer comes back to it, so the board's first frame does not
	// share the machine with the register's 100,000 rows.
	owed common.Screen
	// pinHint tells an officer without a PIN, on the register's status
	// line until their first key, once per start, to set one (IDN-1).
	pinHint string
	// boardAtStart opens the board once the PIN asked at start is right.
	boardAtStart bool
	// index is the register's rows (Options.Register).
	index *register.Index
	// keys counts the keys the officer has pressed, so that the notice
	// of assurance feedback, found after they have moved on, is kept
	// rather than pushed over what they are doing (checkFeedback).
	keys int
	// waiting is that notice, kept until the officer is back at the
	// first screen.
	waiting *feedback.Notice
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
	if o.Renderer == nil {
		o.Renderer = lipgloss.DefaultRenderer()
	}
	s := &common.Session{Store: o.Store, Config: o.Config, Clock: o.Clock, Loc: o.Loc, Theme: common.NewTheme(o.Renderer), Export: o.Export, Backup: o.Backup, Fixed: o.Fixed}
	if o.Register == nil {
		o.Register = register.NewIndex(o.Store)
	}
	alerts := board.NewAlerts(s)
	alerts.SharedReadings(o.Incidents)
	a := &App{s: s, version: o.Version, notice: o.Notice, styled: o.Renderer.ColorProfile() != termenv.Ascii,
		alerts: alerts, bell: o.Bell, index: o.Register, watch: newWatch(interest{all: true})}
	ctx := context.Background()
	sn := o.As
	if o.Fixed {
		// The officer is known before the session starts (their key's):
		// there is no first run to fill in a profile, and no fallback.
		me, err := o.Store.Officer(ctx, sn)
		if err != nil {
			return nil, fmt.Errorf("the session's officer %q: %w", sn, err)
		}
		s.Me = me
		a.stack = []common.Screen{register.NewOn(s, a.index)}
		if o.Board {
			a.stack = append(a.stack, board.New(s))
			a.owed = a.stack[0]
		}
		return a, nil
	}
	if sn == "" {
		var err error
		if sn, err = o.Store.SignedIn(ctx); err != nil {
			return nil, err
		}
	}
	var first common.Screen
	if sn != "" {
		me, err := o.Store.Officer(ctx, sn)
		switch {
		case err == nil:
			first, err = a.atStart(o, me)
			if err != nil {
				return nil, err
			}
		case errors.Is(err, domain.ErrNotFound):
			first = profile.New(s, true, domain.OfficerInput{StaffNo: string(sn)},
				fmt.Sprintf("There is no profile for staff number %s on this computer yet. Fill it in to sign in.", sn))
		default:
			return nil, err
		}
	} else {
		first = profile.New(s, true, domain.OfficerInput{}, "")
	}
	a.stack = []common.Screen{first}
	if _, ok := first.(*register.Screen); ok && o.Board {
		a.stack = append(a.stack, board.New(s))
		a.owed = first
	}
	return a, nil
}

// feedMsg carries the change feed, once it is listening.
type feedMsg struct {
	events <-chan tea.Msg
	stop   func()
}

// listen starts listening to the change feed beside the first screen's
// load rather than before it: starting the store's feed writes and syncs
// a marker and waits for Badger to see it, which is not the first
// frame's to wait for. No change is missed for it: before the first
// frame nothing here can save, and the feed, once started, serves every
// later Listen at once.
func (a *App) listen() tea.Cmd {
	st, w, al := a.s.Store, a.watch, a.alerts
	return func() tea.Msg {
		events, stop := st.Listen()
		go w.run(events, al.Follow)
		return feedMsg{w.out, stop}
	}
}

// Close stops the change feed.
func (a *App) Close() {
	if a.stopFeed != nil {
		a.stopFeed()
	}
}

func (a *App) top() common.Screen { return a.stack[len(a.stack)-1] }

// cover tells s, if it can leave work undone meanwhile, that a screen now
// covers it, or that it is on top again (common.Coverable).
func cover(s common.Screen, covered bool) tea.Cmd {
	if c, ok := s.(common.Coverable); ok {
		return c.Cover(covered)
	}
	return nil
}

// Top is the screen on top of the stack: what the officer sees.
func (a *App) Top() common.Screen { return a.top() }

// Init starts the first screen, the change feed (listen) and the
// alerts, and looks for assurance feedback waiting for the officer signed
// in.
func (a *App) Init() tea.Cmd {
	return tea.Batch(a.top().Init(), a.listen(), a.alerts.Init(), a.checkFeedback())
}

// feedbackMsg is the notice of assurance feedback waiting for the
// officer, with the count of keys pressed when the look for it began.
type feedbackMsg struct {
	notice *feedback.Notice
	keys   int
}

// checkFeedback looks for assurance feedback waiting for the officer
// signed in (ASR-2), in the register's shared rows once they are all read
// (each new session then reads no summary from the store), else in the
// store's summaries.
func (a *App) checkFeedback() tea.Cmd {
	x, st := a.index, a.s.Store
	// The register's first page drawn starts the rest of its rows; a
	// session opened on the board reads none until the register is shown
	// (owed), and looks in the store, unless the rows are there already.
	waitRows := a.owed == nil
	check := feedback.Check(a.s, func(ctx context.Context, f func([]domain.Summary) error) error {
		scan := x.Scan()
		if scan == nil && waitRows {
			wait, cancel := context.WithTimeout(ctx, wholeIndexWait)
			scan = x.Whole(wait)
			cancel()
		}
		if scan != nil {
			return scan(ctx, f)
		}
		return st.ScanSummaries(ctx, 1000, f)
	})
	if check == nil {
		return nil
	}
	keys := a.keys
	return func() tea.Msg {
		if m, ok := check().(feedback.FoundMsg); ok {
			return feedbackMsg{m.Notice, keys}
		}
		return nil
	}
}

// wholeIndexWait is how long the look for feedback waits for the
// register's rows before it reads the store itself (a load that failed,
// or is slow).
const wholeIndexWait = 20 * time.Second

// showFeedback pushes the notice of feedback found, if the officer has
// pressed no key since the look for it began. Otherwise it waits until
// they are back at the first screen (the register): pushed over a screen they
// have moved on to, it took the keys they were typing (seen under load in
// team mode, where the look took seconds: the notes an officer typed on
// the live tab went to the notice).
func (a *App) showFeedback(m feedbackMsg) tea.Cmd {
	if m.keys != a.keys {
		a.waiting = m.notice
		return nil
	}
	return a.push(m.notice)
}

// push puts sc on top of the stack.
func (a *App) push(sc common.Screen) tea.Cmd {
	sc.SetSize(a.w, a.bodyHeight())
	covered := cover(a.top(), true)
	a.stack = append(a.stack, sc)
	return tea.Batch(covered, sc.Init())
}

// bodyHeight is the rows left to the screen under the frame and the
// banner.
func (a *App) bodyHeight() int { return max(1, a.h-chrome-a.banner) }

// ring writes the terminal bell to the program's output.
func (a *App) ring() tea.Cmd {
	w := a.bell
	if w == nil {
		return nil
	}
	return func() tea.Msg {
		_, _ = w.Write([]byte{'\a'})
		return nil
	}
}

// fitBanner sizes the screens again when the banner has grown or shrunk.
func (a *App) fitBanner() {
	n := len(a.alerts.Banner(a.w))
	if n == a.banner {
		return
	}
	a.banner = n
	for _, s := range a.stack {
		s.SetSize(a.w, a.bodyHeight())
	}
}

// eventsMsg is the changes the feed had for this program when it next
// asked (common.EventMsg), and the banner's news of changes the screens
// do not follow (tui/watch.go): one or more.
type eventsMsg []tea.Msg

// maxEvents is the most changes taken in one message.
const maxEvents = 64

// waitEvent waits for the next change, and takes with it whatever others
// are already waiting, so that a busy server (in team mode every session
// is told of every save) wakes each program, and draws its frame, once
// for a burst of changes rather than once a change.
func waitEvent(ch <-chan tea.Msg) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		e, ok := <-ch
		if !ok {
			return nil
		}
		evs := eventsMsg{e}
		for len(evs) < maxEvents {
			select {
			case e, ok := <-ch:
				if !ok {
					return evs
				}
				evs = append(evs, e)
			default:
				return evs
			}
		}
		return evs
	}
}

// Update routes a message: window size and navigation to the root, keys to
// the help screen when it is open, everything else to the top screen. Store
// events go to every screen on the stack, so a screen underneath is current
// when it comes back. Once the screens on top have changed, the feed is
// told what they now follow, and the changes it kept meanwhile go to
// every screen (tui/watch.go).
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := a.update(msg)
	missed := a.watch.follow(interestOf(a.stack))
	if len(missed) == 0 {
		return m, cmd
	}
	cmds := []tea.Cmd{cmd}
	for _, ref := range missed {
		cmds = append(cmds, a.route(common.EventMsg{Ref: ref})...)
	}
	return m, tea.Batch(cmds...)
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeySpace {
		// Bubble Tea gives every space key the same slice of runes (its
		// spaceRunes), and a text input cleans a key's runes in place:
		// two sessions of oic serve typing a space at once wrote to the
		// one slice (go test -race, TestServe_SessionsRecordingAtOnceLoseNothing).
		k.Runes = []rune{' '}
		msg = k
	}
	handled, ring, alertCmd := a.alerts.Update(msg)
	if handled {
		a.fitBanner()
		if ring {
			return a, tea.Batch(alertCmd, a.ring())
		}
		return a, alertCmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = msg.Width, msg.Height
		a.banner = len(a.alerts.Banner(a.w))
		for _, s := range a.stack {
			s.SetSize(a.w, a.bodyHeight())
		}
		return a, nil
	case common.OpenVisitMsg:
		return a.Update(common.PushMsg{Screen: visit.New(a.s, msg.Ref)})
	case common.PushMsg:
		return a, a.push(msg.Screen)
	case feedbackMsg:
		return a, a.showFeedback(msg)
	case common.PopMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		var cmd tea.Cmd
		if a.owed != nil && a.top() == a.owed {
			a.owed = nil
			cmd = a.top().Init()
		} else {
			cmd = cover(a.top(), false)
		}
		if a.waiting != nil && len(a.stack) == 1 {
			// Back at the first screen: the feedback found while they
			// were elsewhere is shown now.
			n := a.waiting
			a.waiting = nil
			return a, tea.Batch(cmd, a.push(n))
		}
		return a, cmd
	case common.TypedAheadMsg:
		return a, a.typedAhead(msg)
	case common.FlashMsg:
		a.flash, a.flashAt = msg, a.s.Clock()
		return a, nil
	case common.SignedInMsg:
		first := len(a.s.Me.StaffNo) == 0
		a.s.Me = msg.Officer
		if first { // first run: the profile form gives way to the register
			r := register.NewOn(a.s, a.index)
			r.SetSize(a.w, a.bodyHeight())
			a.stack = []common.Screen{r}
			cmds := []tea.Cmd{r.Init(), common.Flash(common.FlashOK, "Signed in as "+msg.Officer.Label()+". Records you make carry your name."), a.checkFeedback()}
			if a.boardAtStart {
				a.boardAtStart, a.owed = false, r
				b := board.New(a.s)
				b.SetSize(a.w, a.bodyHeight())
				a.stack = append(a.stack, b)
				cmds[0] = b.Init()
			}
			return a, tea.Batch(cmds...)
		}
		a.waiting = nil             // another officer's
		return a, a.checkFeedback() // assurance feedback waiting for them (ASR-2)
	case common.Addressed:
		for i, s := range a.stack {
			if s == msg.To {
				var c tea.Cmd
				a.stack[i], c = s.Update(msg.Msg)
				return a, c
			}
		}
		return a, nil // its screen has been closed
	case feedMsg:
		a.events, a.stopFeed = msg.events, msg.stop
		return a, waitEvent(a.events)
	case common.EventMsg:
		cmds := append(a.route(msg), alertCmd)
		return a, tea.Batch(append(cmds, waitEvent(a.events))...)
	case eventsMsg:
		var cmds []tea.Cmd
		for _, m := range msg {
			e, ok := m.(common.EventMsg)
			if !ok { // the banner's news (Alerts.Follow)
				_, c := a.update(m)
				cmds = append(cmds, c)
				continue
			}
			_, _, c := a.alerts.Update(e)
			cmds = append(append(cmds, c), a.route(e)...)
		}
		return a, tea.Batch(append(cmds, waitEvent(a.events))...)
	case tea.KeyMsg:
		a.keys++
		// A message stays until the officer has had time to read it and
		// presses on.
		if a.flash.Text != "" && a.s.Clock().Sub(a.flashAt) > 1500*time.Millisecond {
			a.flash = common.FlashMsg{}
		}
		a.pinHint = ""
		if key.Matches(msg, common.GlobalKeys.ForceQuit) {
			return a, a.quit()
		}
		if a.help {
			if key.Matches(msg, common.GlobalKeys.Help, common.GlobalKeys.Back, common.GlobalKeys.Quit) {
				a.help = false
			}
			return a, nil
		}
		if key.Matches(msg, common.GlobalKeys.Guide) {
			if _, open := a.top().(*guide.Screen); !open {
				return a, common.Push(guide.New(a.s, ""))
			}
		}
		// The board is one key from every screen, as the banner says.
		if key.Matches(msg, common.BoardKeys.Anywhere) && a.s.Me.StaffNo != "" {
			return a, a.toBoard()
		}
		// ? types into a field that takes text; F1 opens help anywhere.
		if msg.Type == tea.KeyF1 || (!a.top().Capturing() && key.Matches(msg, common.GlobalKeys.Help)) {
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

// route gives a store change to every screen on the stack, so a screen
// underneath is current when it comes back.
func (a *App) route(e common.EventMsg) []tea.Cmd {
	var cmds []tea.Cmd
	for i, s := range a.stack {
		var c tea.Cmd
		a.stack[i], c = s.Update(e)
		cmds = append(cmds, c)
	}
	return cmds
}

// toBoard shows today's board: the one already open, under the screens
// opened from it (a visit, its forms), or else a new one on top. There is
// one board, so Esc from it goes back to where the officer was before it,
// not to a board before. The screens closed over it keep their typing as
// drafts first, as quitting does, for the form opened again to restore;
// typing that cannot be kept (the disk full) keeps its screen, and the
// board is not shown.
func (a *App) toBoard() tea.Cmd {
	at := slices.IndexFunc(a.stack, func(s common.Screen) bool {
		_, ok := s.(*board.Screen)
		return ok
	})
	switch at {
	case -1:
		return common.Push(board.New(a.s))
	case len(a.stack) - 1:
		return nil
	}
	kept := false
	for _, s := range a.stack[at+1:] {
		d, ok := s.(common.DraftKeeper)
		if !ok {
			continue
		}
		typed := d.Typing() != ""
		if err := d.KeepDraft(); err != nil {
			return common.Flash(common.FlashError, fmt.Sprintf("The board is open under %s, whose typing could not be kept as a draft (%v): save or close it first, then press ctrl+t.", s.Title(), err))
		}
		kept = kept || typed
	}
	a.stack = a.stack[:at+1]
	shown := cover(a.top(), false)
	if kept {
		return tea.Batch(shown, common.Flash(common.FlashInfo, "Back on today's board. Your typing is kept as a draft: the form has it when you open it again."))
	}
	return shown
}

// quit ends the program. Screens holding typed input keep it as a draft
// first, so Ctrl-C never costs an officer their typing.
func (a *App) quit() tea.Cmd {
	a.KeepDrafts()
	a.quitting = true
	return tea.Quit
}

// KeepDrafts has every screen holding typed input keep it as a draft, as
// quitting does; the program calls it too once it has ended on a signal,
// when the model is no longer running. It returns, for each screen whose
// typing could not be kept (the disk full), what was typed and why, for
// the officer to copy from the terminal.
func (a *App) KeepDrafts() []string {
	var unkept []string
	for _, s := range a.stack {
		d, ok := s.(common.DraftKeeper)
		if !ok {
			continue
		}
		if err := d.KeepDraft(); err != nil {
			unkept = append(unkept, fmt.Sprintf("%s (not kept as a draft: %v):\n%s", s.Title(), err, d.Typing()))
		}
	}
	return unkept
}

// typedAhead handles keys typed while a save was in flight, in order. Text
// typed into a form is taken at once; after a command key (n, on the live
// tab) the keys after it wait until what it asked for (the note's form
// opened) has been handled, so they land where the officer meant them.
func (a *App) typedAhead(keys []tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for i, k := range keys {
		capturing := a.top().Capturing()
		_, cmd := a.Update(k)
		if !capturing && cmd != nil {
			return tea.Batch(append(cmds, tea.Sequence(cmd, common.TypedAhead(keys[i+1:])))...)
		}
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}
