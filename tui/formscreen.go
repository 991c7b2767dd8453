package tui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// formScreen is a screen holding one form: ctrl+s saves, Esc leaves, and
// what the officer typed is never lost by accident. Leaving a changed form
// asks first; whatever is typed is kept as a draft in the store as the
// officer moves between fields, so even a crash or Ctrl-C keeps it, and the
// form reopens with it.
type formScreen struct {
	s     *common.Session
	title string
	intro string
	f     *form
	// draftKey names the draft ("new-visit", "edit:REF"); "" keeps none.
	draftKey string
	// submit validates the values and returns the command that saves them,
	// or the validation error to show.
	submit func(values map[string]string) (tea.Cmd, error)
	// reload, if set, fetches the latest stored record after a conflict;
	// rebase then lays the officer's own changes over it.
	reload func() tea.Cmd
	rebase func(latest *domain.Visit) (initial map[string]string, by string)
	// firstRun forms cannot be left: there is nowhere to go back to.
	firstRun bool

	asking    bool // the "leave this form?" question is showing
	saving    bool
	lastDraft string
}

// savedMsg reports the end of a save: err to show, or then to run.
type savedMsg struct {
	err  error
	then tea.Cmd
}

func (fs *formScreen) Init() tea.Cmd { return nil }

// busy reports a save on its way to the store (tests wait for it).
func (fs *formScreen) busy() bool { return fs.saving }

func (fs *formScreen) Title() string { return fs.title }

// SetSize gives the form what the intro and the leave question leave.
func (fs *formScreen) SetSize(w, h int) {
	fs.f.setSize(w, h-fs.introHeight(w)-1)
}

func (fs *formScreen) introHeight(w int) int {
	if fs.intro == "" {
		return 0
	}
	return len(common.SplitLines(common.Wrap(fs.intro, max(20, w-2)))) + 1
}

func (fs *formScreen) Capturing() bool { return !fs.asking && fs.f.capturing() }

func (fs *formScreen) ShortHelp() []key.Binding {
	if fs.asking {
		return []key.Binding{
			common.Bind([]string{"y"}, "y", "leave, keep draft"),
			common.Bind([]string{"d"}, "d", "discard typing"),
			common.Bind([]string{"n"}, "n/esc", "stay"),
		}
	}
	keys := []key.Binding{common.FormKeys.Save, common.FormKeys.Next, common.FormKeys.Prev}
	if fl := fs.f.focused(); fl != nil {
		switch fl.kind {
		case choiceField:
			keys = append(keys, common.FormKeys.Choose)
		case toggleField:
			keys = append(keys, common.FormKeys.Toggle)
		}
	}
	if !fs.firstRun {
		keys = append(keys, common.FormKeys.Leave)
	}
	return keys
}

func (fs *formScreen) FullHelp() []common.HelpGroup {
	g := []key.Binding{common.FormKeys.Save, common.FormKeys.Next, common.FormKeys.Prev, common.FormKeys.Choose, common.FormKeys.Toggle, common.FormKeys.Leave}
	if fs.reload != nil {
		g = append(g, common.FormKeys.Reload)
	}
	return []common.HelpGroup{{Title: "Form", Keys: g}}
}

func (fs *formScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case savedMsg:
		fs.saving = false
		if msg.err != nil {
			return fs, fs.showError(msg.err)
		}
		fs.f.markSaved()
		if fs.firstRun {
			return fs, tea.Batch(fs.dropDraft(), msg.then)
		}
		// Close the form first, then whatever follows (opening the new
		// visit), in that order.
		return fs, tea.Batch(fs.dropDraft(), tea.Sequence(common.Pop, msg.then))
	case reloadedMsg:
		return fs, fs.applyRebase(msg.v)
	case tea.KeyMsg:
		if fs.asking {
			return fs, fs.answer(msg)
		}
		switch {
		case key.Matches(msg, common.FormKeys.Save):
			return fs, fs.save()
		case key.Matches(msg, common.FormKeys.Reload) && fs.reload != nil:
			return fs, common.DeliverTo(fs, fs.reload())
		case key.Matches(msg, common.FormKeys.Leave):
			if fs.firstRun {
				return fs, common.Flash(common.FlashInfo, "Fill in your profile to start, or press ctrl+c to quit.")
			}
			if !fs.f.dirty() {
				return fs, tea.Batch(fs.dropDraft(), common.Pop)
			}
			fs.asking = true
			return fs, nil
		}
		before := fs.f.focus
		cmd := fs.f.update(msg)
		if fs.f.focus != before {
			return fs, tea.Batch(cmd, fs.storeDraft())
		}
		return fs, cmd
	}
	return fs, nil
}

// applyRebase takes the latest stored values as the new starting point and
// keeps only the fields this officer changed: a field someone else changed
// and this officer did not takes their value, so a reload never quietly
// undoes another officer's save.
func (fs *formScreen) applyRebase(latest *domain.Visit) tea.Cmd {
	mine := map[string]string{}
	for k, v := range fs.f.values() {
		if fs.f.initial[k] != v {
			mine[k] = v
		}
	}
	theirs, by := fs.rebase(latest)
	var both, kept []string
	for k, v := range mine {
		kept = append(kept, k)
		if theirs[k] != fs.f.initial[k] && theirs[k] != v {
			both = append(both, k)
		}
	}
	fs.f.set(theirs)
	fs.f.initial = theirs
	fs.f.set(mine)
	fs.f.check(true)
	msg := fmt.Sprintf("Loaded the version %s saved. Your changes (%s) are laid over it", by, fs.f.labels(kept))
	if len(both) > 0 {
		msg += fmt.Sprintf("; you both changed %s, and yours is shown", fs.f.labels(both))
	}
	fs.f.banner, fs.f.bannerOK = msg+". Check, then ctrl+s to save.", true
	return fs.storeDraft()
}

func (fs *formScreen) answer(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "y":
		fs.asking = false
		return tea.Sequence(fs.storeDraft(), common.Pop, common.Flash(common.FlashInfo, "Your typing is kept as a draft; open the form again to carry on."))
	case "d":
		fs.asking = false
		fs.f.set(fs.f.initial)
		return tea.Sequence(fs.dropDraft(), common.Pop)
	case "n", "esc":
		fs.asking = false
	}
	return nil
}

func (fs *formScreen) save() tea.Cmd {
	if fs.saving {
		return nil
	}
	cmd, err := fs.submit(fs.f.values())
	if err != nil {
		return fs.showError(err)
	}
	fs.saving = true
	fs.f.banner, fs.f.bannerOK = "Saving…", true
	return common.DeliverTo(fs, cmd)
}

// showError puts field problems beside their fields and anything else in
// the banner, and moves to the first field to fix. Nothing typed is lost.
func (fs *formScreen) showError(err error) tea.Cmd {
	var ce *domain.ConflictError
	if errors.As(err, &ce) {
		fs.f.banner, fs.f.bannerOK = ce.Error(), false
		if fs.reload != nil {
			fs.f.banner += ". Press ctrl+r to load their version with your input kept."
		}
		return fs.storeDraft()
	}
	fs.f.showErrors(err, true)
	fs.f.firstError()
	return nil
}

// draft is what is kept: the form's values.
func (fs *formScreen) storeDraft() tea.Cmd {
	if fs.draftKey == "" || fs.s.Me.StaffNo == "" || !fs.f.dirty() {
		return nil
	}
	b, _ := json.Marshal(fs.f.values())
	if string(b) == fs.lastDraft {
		return nil
	}
	fs.lastDraft = string(b)
	st, me, k := fs.s.Store, fs.s.Me.StaffNo, fs.draftKey
	return func() tea.Msg {
		if err := st.SaveDraft(context.Background(), me, k, b); err != nil {
			return common.FlashMsg{Kind: common.FlashError, Text: "Could not keep your draft: " + err.Error()}
		}
		return nil
	}
}

// keepDraft saves the draft now, before the program quits.
func (fs *formScreen) keepDraft() {
	if cmd := fs.storeDraft(); cmd != nil {
		cmd()
	}
}

func (fs *formScreen) dropDraft() tea.Cmd {
	if fs.draftKey == "" || fs.s.Me.StaffNo == "" {
		return nil
	}
	fs.lastDraft = ""
	st, me, k := fs.s.Store, fs.s.Me.StaffNo, fs.draftKey
	return func() tea.Msg {
		_ = st.DeleteDraft(context.Background(), me, k)
		return nil
	}
}

// restoreDraft loads a kept draft into the form, saying so.
func (fs *formScreen) restoreDraft() {
	if fs.draftKey == "" || fs.s.Me.StaffNo == "" {
		return
	}
	b, err := fs.s.Store.Draft(context.Background(), fs.s.Me.StaffNo, fs.draftKey)
	if err != nil || b == nil {
		return
	}
	var v map[string]string
	if json.Unmarshal(b, &v) != nil {
		return
	}
	fs.f.set(v)
	fs.lastDraft = string(b)
	fs.f.check(false)
	fs.f.banner, fs.f.bannerOK = "Restored the draft you were typing. Esc then d discards it.", true
}

func (fs *formScreen) View() string {
	t := fs.s.Theme
	out := ""
	if fs.intro != "" {
		out = t.Muted.Render(common.Wrap(fs.intro, max(20, fs.f.w-2))) + "\n\n"
	}
	if fs.asking {
		q := t.Warn.Render("Leave this form? ") + "y leave, keeping your typing as a draft · d discard it · n stay"
		return out + fs.f.view() + "\n" + common.Truncate(q, fs.f.w)
	}
	return out + fs.f.view()
}
