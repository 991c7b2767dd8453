package tab

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
)

// Refuse handles the error of trying a step: blocked, it keeps the
// findings on r, shows them from the top of the tab and flashes the first;
// any other error is flashed. refused is false when err is nil, and the
// step goes ahead.
func (tv *Visit) Refuse(r *dialog.Refusal, verb string, err error) (cmd tea.Cmd, refused bool) {
	var be *domain.BlockedError
	switch {
	case errors.As(err, &be):
		*r = dialog.Refused(tv.V, be.Findings)
		tv.Refresh()
		tv.VP.GotoTop()
		n, first := len(be.Findings), be.Findings[0]
		return common.Flash(common.FlashError, fmt.Sprintf("Cannot %s %s: %s %s (%s blocks: %s)", verb, tv.V.Ref, common.Plural(n, "finding"), common.Pick(n == 1, "blocks", "block"), first.Rule, first.Message)), true
	case err != nil:
		return common.Flash(common.FlashError, err.Error()), true
	}
	*r = dialog.Refusal{}
	return nil, false
}
