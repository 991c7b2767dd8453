package visit

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// logOpened puts this opening of the visit on the access log (DPA 2018
// s.62), once, when the visit is first shown: the write is a command of
// its own, so the visit is drawn without waiting for the disk. A failure
// is said, and the visit stays open: an officer on a live visit is never
// shut out of it by a full disk.
func (sc *Screen) logOpened() tea.Cmd {
	if sc.logged {
		return nil
	}
	sc.logged = true
	st, e := sc.s.Store, domain.Opened(sc.s.Me, sc.ref, sc.s.Clock())
	return func() tea.Msg {
		if err := st.LogAccess(context.Background(), e); err != nil {
			return common.FlashMsg{Kind: common.FlashError, Text: "Your opening of " + string(e.Ref) + " could not be put on the access log: " + err.Error()}
		}
		return nil
	}
}

// sees is whether the officer signed in may see a visit (who sees what,
// issue 17), for Load to ask off the UI's goroutine: a visit opened by
// its reference that is not theirs to see is not shown, nor logged.
func (sc *Screen) sees() func(*domain.Visit) error {
	cfg, me := sc.s.Config, sc.s.Me
	return func(v *domain.Visit) error { return cfg.MaySee(me, v) }
}
