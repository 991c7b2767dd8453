package register

import (
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/backup"
	"oic/tui/common"
)

// backup opens the backup dialog (B): an administrator's, where roles
// apply (ActBackup), since a backup holds every team's visits.
func (r *Screen) backup() tea.Cmd {
	if err := r.s.Config.May(r.s.Me, domain.ActBackup); err != nil {
		return common.Flash(common.FlashError, refusal(err))
	}
	if r.s.Backup == nil {
		return common.Flash(common.FlashInfo, "Over SSH a backup comes from the command line: ssh HOST backup >FILE 2>FILE.sig.")
	}
	return common.Push(backup.New(r.s))
}
