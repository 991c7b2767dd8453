package form

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// SaveVisit saves a changed visit and reports the outcome to a form.
func SaveVisit(s *common.Session, v *domain.Visit, c domain.Change, what string) tea.Cmd {
	st := s.Store
	return func() tea.Msg {
		saved, err := st.SaveVisit(context.Background(), v, c)
		if err != nil {
			return SavedMsg{Err: err}
		}
		after := ""
		if saved.Version > v.Version+1 {
			// Saved on top of another session's additions: the
			// entry's number is the one the audit trail now gives it.
			if trail, err := st.Audit(context.Background(), v.Ref); err == nil && len(trail) >= 2 {
				if what == c.Action {
					what = trail[len(trail)-1].Change.Action
				}
				prev := trail[len(trail)-2].Change
				after = fmt.Sprintf(", after %s's save at %s", prev.ActorName, prev.At.In(s.Loc).Format("15:04"))
			}
		}
		return SavedMsg{Then: common.Flash(common.FlashOK, fmt.Sprintf("%s: %s (version %d%s).", saved.Ref, what, saved.Version, after))}
	}
}
