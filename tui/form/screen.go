package form

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Screen is a screen holding one form: ctrl+s saves, Esc leaves, and
// what the officer typed is never lost by accident. Leaving a changed form
// asks first; whatever is typed is kept as a draft in the store as the
// officer moves between fields and, while they type, within a second of
// each key (draft.go), so a crash, a kill or Ctrl-C costs at most a
// second of typing, and the form reopens with it.
type Screen struct {
	Session *common.Session
	Heading string
	Intro   string
	Form    *Form
	// DraftKey names the draft ("new-visit", "edit:REF"); "" keeps none.
	DraftKey string
	// Submit validates the values and returns the command that saves them,
	// or the validation error to show.
	Submit func(values map[string]string) (tea.Cmd, error)
	// Reload, if set, fetches the latest stored record after a conflict;
	// rebase then lays the officer's own changes over it.
	Reload func() tea.Cmd
	Rebase func(latest *domain.Visit) (initial map[string]string, by string)
	// Ref and Version are the visit the form saves to and the version it
	// was opened over ("" for a form of no visit): a save of it made
	// elsewhere (another session) is told in the banner (changed.go).
	Ref     domain.Ref
	Version uint64
	// Adds says the form only adds to the visit (a live entry), so a
	// save from an older version goes on top of the others'.
	Adds bool
	// FirstRun forms cannot be left: there is nowhere to go back to.
	FirstRun bool
	// Host is the screen the stack holds when it wraps this one (the
	// live tab's forms): answers to this form's requests, a save's or a
	// draft's, are addressed to it, or the root would find no such
	// screen and drop them.
	Host common.Screen

	asking bool // the "leave this form?" question is showing
	saving bool
	// ahead are the keys typed while saving, handed back to the root in
	// order once the save ends (common.TypedAhead): into this form again
	// if it failed, to whatever is on top once it closes if it worked.
	ahead []tea.KeyMsg
	// conflicted says the banner holds a save's conflict, until ctrl+r
	conflicted bool
	drafts     drafts
	// inflight is the save on its way, for a stop to wait on (inflight.go).
	inflight *inflight
}

// SavedMsg reports the end of a save: err to show, or then to run.
type SavedMsg struct {
	Err  error
	Then tea.Cmd
}

func (fs *Screen) Init() tea.Cmd { return nil }

// Busy reports a save on its way to the store (tests wait for it).
func (fs *Screen) Busy() bool { return fs.saving }

// Asking reports whether the "leave this form?" question is showing.
func (fs *Screen) Asking() bool { return fs.asking }

func (fs *Screen) Title() string { return fs.Heading }

// SetSize gives the form what the intro and the leave question leave.
func (fs *Screen) SetSize(w, h int) {
	fs.Form.SetSize(w, h-fs.introHeight(w)-1)
}

func (fs *Screen) introHeight(w int) int {
	if fs.Intro == "" {
		return 0
	}
	return len(common.SplitLines(common.Wrap(fs.Intro, max(20, w-2)))) + 1
}

func (fs *Screen) Capturing() bool { return !fs.asking && fs.Form.Capturing() }

func (fs *Screen) ShortHelp() []key.Binding {
	if fs.asking {
		return []key.Binding{
			common.Bind([]string{"y"}, "y", "leave, keep draft"),
			common.Bind([]string{"d"}, "d", "discard typing"),
			common.Bind([]string{"n"}, "n/esc", "stay"),
		}
	}
	keys := []key.Binding{common.FormKeys.Save, common.FormKeys.Next, common.FormKeys.Prev}
	if fl := fs.Form.Focused(); fl != nil {
		switch fl.Kind {
		case ChoiceField:
			keys = append(keys, common.FormKeys.Choose)
		case ToggleField:
			keys = append(keys, common.FormKeys.Toggle)
		}
	}
	if !fs.FirstRun {
		keys = append(keys, common.FormKeys.Leave)
	}
	return keys
}

func (fs *Screen) FullHelp() []common.HelpGroup {
	g := []key.Binding{common.FormKeys.Save, common.FormKeys.Next, common.FormKeys.Prev, common.FormKeys.Choose, common.FormKeys.Toggle, common.FormKeys.Leave}
	if fs.Reload != nil {
		g = append(g, common.FormKeys.Reload)
	}
	return []common.HelpGroup{{Title: "Form", Keys: g}}
}

func (fs *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case SavedMsg:
		fs.saving, fs.inflight = false, nil
		ahead := common.TypedAhead(fs.ahead)
		fs.ahead = nil
		if msg.Err != nil {
			return fs, tea.Sequence(fs.showError(msg.Err), ahead)
		}
		fs.Form.MarkSaved()
		if fs.FirstRun {
			return fs, tea.Batch(fs.dropDraft(), tea.Sequence(msg.Then, ahead))
		}
		// Close the form first, then whatever follows (opening the new
		// visit), then the keys typed meanwhile, in that order.
		return fs, tea.Batch(fs.dropDraft(), tea.Sequence(common.Pop, msg.Then, ahead))
	case ReloadedMsg:
		fs.Version, fs.conflicted = msg.Visit.Version, false
		return fs, fs.applyRebase(msg.Visit)
	case common.EventMsg:
		return fs, fs.onEvent(msg)
	case changedMsg:
		fs.changed(msg.v)
		return fs, nil
	case draftTickMsg:
		fs.drafts.ticking = false
		return fs, fs.storeDraft()
	case draftKeptMsg:
		return fs, fs.draftKept(msg)
	case tea.KeyMsg:
		if fs.saving {
			fs.ahead = append(fs.ahead, msg)
			return fs, nil
		}
		if fs.asking {
			return fs, fs.answer(msg)
		}
		switch {
		case key.Matches(msg, common.FormKeys.Save):
			return fs, fs.save()
		case key.Matches(msg, common.FormKeys.Reload) && fs.Reload != nil:
			return fs, common.DeliverTo(fs.host(), fs.Reload())
		case key.Matches(msg, common.FormKeys.Leave):
			if fs.FirstRun {
				return fs, common.Flash(common.FlashInfo, "Fill in your profile to start, or press ctrl+c to quit.")
			}
			if !fs.Form.Dirty() {
				return fs, tea.Batch(fs.dropDraft(), common.Pop)
			}
			fs.asking = true
			return fs, nil
		}
		before := fs.Form.focus
		cmd := fs.Form.Update(msg)
		if fs.Form.focus != before {
			return fs, tea.Batch(cmd, fs.storeDraft())
		}
		return fs, tea.Batch(cmd, fs.tickDraft())
	}
	return fs, nil
}

// applyRebase takes the latest stored values as the new starting point and
// keeps only the fields this officer changed: a field someone else changed
// and this officer did not takes their value, so a reload never quietly
// undoes another officer's save.
func (fs *Screen) applyRebase(latest *domain.Visit) tea.Cmd {
	mine := map[string]string{}
	for k, v := range fs.Form.Values() {
		if fs.Form.initial[k] != v {
			mine[k] = v
		}
	}
	theirs, by := fs.Rebase(latest)
	var both, kept []string
	for k, v := range mine {
		kept = append(kept, k)
		if theirs[k] != fs.Form.initial[k] && theirs[k] != v {
			both = append(both, k)
		}
	}
	fs.Form.Set(theirs)
	fs.Form.initial = theirs
	fs.Form.Set(mine)
	fs.Form.Check(true)
	msg := fmt.Sprintf("Loaded the version %s saved. Your changes (%s) are laid over it", by, fs.Form.Labels(kept))
	if len(both) > 0 {
		msg += fmt.Sprintf("; you both changed %s, and yours is shown", fs.Form.Labels(both))
	}
	fs.Form.banner, fs.Form.bannerOK = msg+". Check, then ctrl+s to save.", true
	return fs.storeDraft()
}

func (fs *Screen) answer(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "y":
		fs.asking = false
		// Kept before the form goes, so a draft that cannot be kept
		// (the disk full) keeps the form open instead.
		if err := fs.KeepDraft(); err != nil {
			fs.Form.banner, fs.Form.bannerOK = draftFailure(err), false
			return fs.tickDraft()
		}
		return tea.Sequence(common.Pop, common.Flash(common.FlashInfo, "Your typing is kept as a draft; open the form again to carry on."))
	case "d":
		fs.asking = false
		fs.Form.Set(fs.Form.initial)
		return tea.Sequence(fs.dropDraft(), common.Pop)
	case "n", "esc":
		fs.asking = false
	}
	return nil
}

func (fs *Screen) save() tea.Cmd {
	if fs.saving {
		return nil
	}
	cmd, err := fs.Submit(fs.Form.Values())
	if err != nil {
		return fs.showError(err)
	}
	fs.saving = true
	fs.Form.banner, fs.Form.bannerOK = "Saving…", true
	return common.DeliverTo(fs.host(), fs.track(cmd))
}

// showError puts field problems beside their fields and anything else in
// the banner, and moves to the first field to fix. Nothing typed is lost.
func (fs *Screen) showError(err error) tea.Cmd {
	var ce *domain.ConflictError
	if errors.As(err, &ce) {
		fs.Form.banner, fs.Form.bannerOK = ce.Error(), false
		fs.conflicted = true
		if fs.Reload != nil {
			fs.Form.banner += ". Press ctrl+r to load their version with your input kept."
		}
		return fs.storeDraft()
	}
	if errors.Is(err, domain.ErrNoRoom) {
		// Nothing was written; the typing stays here, and is kept as a
		// draft as soon as the disk has room (draft.go).
		fs.Form.banner, fs.Form.bannerOK = "Not saved: "+err.Error()+". Your typing stays on this screen.", false
		return fs.storeDraft()
	}
	fs.Form.ShowErrors(err, true)
	fs.Form.FirstError()
	return nil
}

func (fs *Screen) View() string {
	t := fs.Session.Theme
	out := ""
	if fs.Intro != "" {
		out = t.Muted.Render(common.Wrap(fs.Intro, max(20, fs.Form.w-2))) + "\n\n"
	}
	if fs.asking {
		q := t.Warn.Render("Leave this form? ") + "y leave, keeping your typing as a draft · d discard it · n stay"
		return out + fs.Form.View() + "\n" + common.Truncate(q, fs.Form.w)
	}
	return out + fs.Form.View()
}

// ReloadedMsg carries the latest stored visit after a conflict.
type ReloadedMsg struct{ Visit *domain.Visit }

// Watches is the visit the form saves to, if any (common.Watcher): a
// save of another visit does not wake its session; a form of no visit
// (a new one) follows every change, as screens do by default.
func (fs *Screen) Watches() []domain.Ref {
	if fs.Ref == "" {
		return nil
	}
	return []domain.Ref{fs.Ref}
}
