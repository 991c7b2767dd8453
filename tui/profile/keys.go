package profile

import (
	"context"
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// keysNote is what my profile says of my SSH keys for oic serve: each
// key's fingerprint, type, comment and when it was added; nothing if I
// have none. Keys are given and taken on the server host (oic officer key),
// not here. A store that keeps no keys says nothing.
func keysNote(s *common.Session) string {
	ks, ok := s.Store.(domain.OfficerKeyLister)
	if !ok || s.Me.StaffNo == "" {
		return ""
	}
	keys, err := ks.KeysOf(context.Background(), s.Me.StaffNo)
	if err != nil {
		return "\n\nYour SSH keys could not be read: " + err.Error()
	}
	if len(keys) == 0 {
		return "" // a laptop's officer, who has no use for one
	}
	var b strings.Builder
	b.WriteString("\n\nYour SSH keys for oic serve (an administrator adds or removes them: oic officer key):")
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %s %s, added %s", k.Fingerprint, k.Type, k.Added.In(s.Loc).Format(domain.DateTimeLayout))
		if k.Comment != "" {
			fmt.Fprintf(&b, " (%s)", domain.Inert(k.Comment))
		}
	}
	return b.String()
}
