package subjects

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
)

func (tb *Tab) selected() *domain.Subject {
	if tb.sel < 0 || tb.sel >= len(tb.V.Subjects) {
		return nil
	}
	return &tb.V.Subjects[tb.sel]
}

func (tb *Tab) withdraw(sub *domain.Subject) tea.Cmd {
	if err := tb.V.Editable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	if sub.Withdrawn != "" {
		return common.Flash(common.FlashError, fmt.Sprintf("Subject %s is already withdrawn.", sub.ID))
	}
	v, id := tb.V, sub.ID
	return common.Push(dialog.NewPrompt(tb.S, "Withdraw subject "+id, fmt.Sprintf("Why is %s (%s) withdrawn? They stay on the record, struck out, with your reason.", sub.Name, id),
		"e.g. named in error; confirmed left the UK", func(reason string) (tea.Cmd, error) {
			ev := v.Clone()
			c, err := ev.WithdrawSubject(id, reason, tb.S.Me, tb.S.Now())
			if err != nil {
				return nil, err
			}
			return tb.Save(ev, c, "subject "+id+" withdrawn"), nil
		}))
}
