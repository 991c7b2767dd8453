package form

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// In team mode another officer may save the visit a form is open over.
// The form is never changed under the officer's fingers: its banner says
// who saved and when, the typing is kept, and the officer chooses what to
// do (ctrl+r lays their typing over the other's version; a live entry
// simply goes on after the other's when recorded, domain.MergeAppends).

// changedMsg carries the stored visit after a change of the form's visit.
type changedMsg struct{ v *domain.Visit }

// onEvent reads the form's visit again when the store says it changed,
// unless this form's own save is under way.
func (fs *Screen) onEvent(e common.EventMsg) tea.Cmd {
	if fs.Ref == "" || fs.saving || (e.Ref != fs.Ref && !e.Resync) {
		return nil
	}
	st, ref := fs.Session.Store, fs.Ref
	return common.DeliverTo(fs.host(), func() tea.Msg {
		v, err := st.Visit(context.Background(), ref)
		if v == nil || err != nil {
			return nil
		}
		return changedMsg{v}
	})
}

// changed tells the officer of a save of the form's visit made elsewhere.
func (fs *Screen) changed(v *domain.Visit) {
	if fs.saving || fs.conflicted || v.Version == fs.Version {
		return // a conflict's banner already says who, and what to do
	}
	by := string(v.UpdatedBy)
	if v.UpdatedByName != "" {
		by = v.UpdatedByName + " (" + by + ")"
	}
	if v.UpdatedBy == fs.Session.Me.StaffNo {
		by += " (you, in another session)"
	}
	msg := fmt.Sprintf("%s changed by %s at %s: your typing is kept", v.Ref, by, v.UpdatedAt.In(fs.Session.Loc).Format("15:04"))
	switch {
	case fs.Adds:
		msg += "; it goes on the record after theirs when you save."
	case fs.Reload != nil:
		msg += "; press ctrl+r to see theirs with your changes laid over it."
	default:
		msg += "; saving it will say if yours and theirs clash."
	}
	fs.Form.banner, fs.Form.bannerOK = msg, true
}
