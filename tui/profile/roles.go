package profile

import (
	"fmt"

	"oic/tui/common"
)

// rolesNote tells the officer signed in their roles and whether their
// grade is confirmed, where the folder has an administrator (issue 17);
// an administrator changes both (oic officer role, oic officer
// confirm-grade), never this form. Where it has none, roles do not apply
// and nothing is said.
func rolesNote(s *common.Session) string {
	if !s.Config.Administered {
		return ""
	}
	me := s.Me
	grade := fmt.Sprintf("your grade %s is confirmed by %s", me.Grade, me.GradeConfirmedBy.Label(s.Loc))
	if !me.GradeConfirmed() {
		grade = fmt.Sprintf("your grade %s is not yet confirmed by an administrator, so it authorises and assures nothing: ask one to run oic officer confirm-grade %s", me.Grade, me.StaffNo)
	}
	return fmt.Sprintf(" Your roles: %s (an administrator gives them); %s.", me.RolesText(), grade)
}
