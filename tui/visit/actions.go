package visit

import (
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
)

// transition moves the visit on at once; used for steps needing no reason.
func (sc *Screen) transition(to domain.State, reason string) tea.Cmd {
	ev := sc.tv.V.Clone()
	c, err := ev.Transition(to, reason, sc.s.Me, sc.s.Now())
	if err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return sc.tv.Save(ev, c, "now "+string(to))
}

// askTransition checks the step is allowed before asking for a reason, so
// nobody types a reason for something that will be refused.
func (sc *Screen) askTransition(to domain.State, verb, question, placeholder string) tea.Cmd {
	v := sc.tv.V
	if err := v.CanTransition(to); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(dialog.NewPrompt(sc.s, verb+" "+string(v.Ref), question, placeholder, func(reason string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.Transition(to, reason, sc.s.Me, sc.s.Now())
		if err != nil {
			return nil, err
		}
		return sc.tv.Save(ev, c, "now "+string(to)), nil
	}))
}
