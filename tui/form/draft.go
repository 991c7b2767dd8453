package form

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// A form's draft: what the officer has typed and not saved, kept in the
// store under the form's DraftKey. It is written when the officer moves
// between fields, when they leave the form keeping it, when the program
// quits, and while they type, on a tick: the first key that changes the
// form starts one, and when it comes what the form then holds is kept,
// so no key waits longer than draftEvery. A draft that cannot be written
// (the disk full) stays in the form, on screen, and the tick tries again
// until it can be.

// draftEvery is how long typing waits, at most, to be kept. Each draft
// is a durable write (an fsync), so not one for every key; a kill or a
// power cut costs at most this much typing.
const draftEvery = time.Second

type (
	// draftTickMsg is the tick: keep what the form holds now.
	draftTickMsg struct{}
	// draftKeptMsg is the end of a draft's write.
	draftKeptMsg struct {
		data string
		err  error
	}
)

// drafts is a form's account of its draft.
type drafts struct {
	kept    string // what the store holds, as last written
	sending string // a write on its way
	ticking bool
	failing bool // the last write failed; said once, till one succeeds

	// mu orders the writes of one form's draft, which run on goroutines
	// of their own; gen is raised by a discard, so a write begun before
	// it and run after it does not bring the discarded draft back.
	mu  sync.Mutex
	gen uint64
}

func (fs *Screen) host() common.Screen {
	if fs.Host != nil {
		return fs.Host
	}
	return fs
}

// keeping reports whether this form keeps drafts at all: it has a name
// for one, and an officer to keep it for.
func (fs *Screen) keeping() bool {
	return fs.DraftKey != "" && fs.Session.Me.StaffNo != ""
}

// draftData is what the draft holds: the form's values, or "" when they
// are as the form opened, which leaves nothing to keep.
func (fs *Screen) draftData() string {
	if !fs.Form.Dirty() {
		return ""
	}
	b, _ := json.Marshal(fs.Form.Values())
	return string(b)
}

// tickDraft starts the tick, if the form now holds typing not yet kept
// and none is on its way.
func (fs *Screen) tickDraft() tea.Cmd {
	if !fs.keeping() || fs.drafts.ticking {
		return nil
	}
	if b := fs.draftData(); b == "" || b == fs.drafts.kept || b == fs.drafts.sending {
		return nil
	}
	fs.drafts.ticking = true
	return common.DeliverTo(fs.host(), tea.Tick(draftEvery, func(time.Time) tea.Msg { return draftTickMsg{} }))
}

// storeDraft writes what the form holds, if the store does not hold it
// already.
func (fs *Screen) storeDraft() tea.Cmd {
	if !fs.keeping() {
		return nil
	}
	b := fs.draftData()
	if b == "" || b == fs.drafts.kept || b == fs.drafts.sending {
		return nil
	}
	fs.drafts.sending = b
	st, me, k, d := fs.Session.Store, fs.Session.Me.StaffNo, fs.DraftKey, &fs.drafts
	d.mu.Lock()
	gen := d.gen
	d.mu.Unlock()
	return common.DeliverTo(fs.host(), func() tea.Msg {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.gen != gen { // discarded since
			return nil
		}
		return draftKeptMsg{data: b, err: st.SaveDraft(context.Background(), me, k, []byte(b))}
	})
}

// draftKept hears how a draft's write went. A failure is said once, and
// tried again on the next tick, until the store takes it.
func (fs *Screen) draftKept(msg draftKeptMsg) tea.Cmd {
	if fs.drafts.sending == msg.data {
		fs.drafts.sending = ""
	}
	if msg.err == nil {
		fs.drafts.kept = msg.data
		if fs.drafts.failing {
			fs.drafts.failing = false
			return tea.Batch(common.Flash(common.FlashOK, "Your typing is kept as a draft again."), fs.tickDraft())
		}
		return fs.tickDraft()
	}
	var say tea.Cmd
	if !fs.drafts.failing {
		fs.drafts.failing = true
		say = common.Flash(common.FlashError, draftFailure(msg.err))
	}
	return tea.Batch(say, fs.tickDraft())
}

func draftFailure(err error) string {
	if errors.Is(err, domain.ErrNoRoom) {
		return "Disk nearly full: your typing is not kept as a draft yet; it stays on screen until there is room."
	}
	return "Could not keep your draft: " + err.Error() + ". It stays on this screen; oic tries again every second."
}

// KeepDraft writes the draft now, and waits for it: the program is
// quitting. It returns why the typing could not be kept, if it could
// not; Typing then says what it was.
func (fs *Screen) KeepDraft() error {
	if !fs.keeping() {
		return nil
	}
	if fs.savedMeanwhile() {
		// The typing is on the record: the draft kept while it was
		// typed is dropped, or it would be offered to be saved again.
		// Should the drop fail, the draft stays: shown twice, never lost.
		fs.drafts.mu.Lock()
		defer fs.drafts.mu.Unlock()
		fs.drafts.gen++
		fs.drafts.kept, fs.drafts.sending = "", ""
		_ = fs.Session.Store.DeleteDraft(context.Background(), fs.Session.Me.StaffNo, fs.DraftKey)
		return nil
	}
	b := fs.draftData()
	if b == "" || b == fs.drafts.kept {
		return nil
	}
	fs.drafts.mu.Lock()
	defer fs.drafts.mu.Unlock()
	if err := fs.Session.Store.SaveDraft(context.Background(), fs.Session.Me.StaffNo, fs.DraftKey, []byte(b)); err != nil {
		return err
	}
	fs.drafts.kept = b
	return nil
}

// Typing is what the officer typed that the form did not open with, a
// field a line, for them to copy when it cannot be kept: no control
// characters, so it cannot restyle the terminal it is printed to.
func (fs *Screen) Typing() string {
	var out strings.Builder
	for _, fl := range fs.Form.fields {
		if !fl.isInput() || fl.Value() == fs.Form.initial[fl.Key] {
			continue
		}
		fmt.Fprintf(&out, "  %s: %s\n", fl.Label, printable(fl.Value()))
	}
	return out.String()
}

// printable drops control characters but tabs.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || (r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
			return r
		}
		return -1
	}, s)
}

// dropDraft discards the draft: the typing was saved, or thrown away.
func (fs *Screen) dropDraft() tea.Cmd {
	if !fs.keeping() {
		return nil
	}
	d := &fs.drafts
	d.kept, d.sending = "", ""
	d.mu.Lock()
	d.gen++
	d.mu.Unlock()
	st, me, k := fs.Session.Store, fs.Session.Me.StaffNo, fs.DraftKey
	done := fs.Session.DropBegun(me, k)
	return func() tea.Msg {
		defer done()
		d.mu.Lock()
		defer d.mu.Unlock()
		_ = st.DeleteDraft(context.Background(), me, k)
		return nil
	}
}

// RestoreDraft loads a kept draft into the form, saying so.
func (fs *Screen) RestoreDraft() {
	if !fs.keeping() || fs.Session.Dropping(fs.Session.Me.StaffNo, fs.DraftKey) {
		return // what the store holds was saved or thrown away
	}
	b, err := fs.Session.Store.Draft(context.Background(), fs.Session.Me.StaffNo, fs.DraftKey)
	if err != nil || b == nil {
		return
	}
	var v map[string]string
	if json.Unmarshal(b, &v) != nil {
		return
	}
	fs.Form.Set(v)
	fs.drafts.kept = string(b)
	fs.Form.Check(false)
	fs.Form.banner, fs.Form.bannerOK = "Restored the draft you were typing. Esc then d discards it.", true
}
