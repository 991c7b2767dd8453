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
		return SavedMsg{Then: common.Flash(common.FlashOK, fmt.Sprintf("%s: %s (version %d).", saved.Ref, what, saved.Version))}
	}
}
