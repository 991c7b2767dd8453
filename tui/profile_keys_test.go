package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// keyStore is the in-memory store with SSH keys, as the Badger store has.
type keyStore struct {
	*domaintest.Store
	keys map[domain.StaffNo][]domain.OfficerKey
}

func (k keyStore) KeysOf(_ context.Context, sn domain.StaffNo) ([]domain.OfficerKey, error) {
	return k.keys[sn], nil
}

// My profile lists my SSH keys for oic serve, their comments inert.
func TestProfile_ListsMyKeys(t *testing.T) {
	s := keyStore{tuitest.Store(t), map[domain.StaffNo][]domain.OfficerKey{
		tuitest.IO.StaffNo: {{Fingerprint: "SHA256:abc123", Type: "ssh-ed25519", Comment: "sam@laptop\x1b]2;x\x07",
			Added: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC), AddedBy: tuitest.CIO.StaffNo}},
	}}
	tuitest.SaveOfficer(t, s, tuitest.IO)
	tuitest.SaveOfficer(t, s, tuitest.CIO)
	d := tuitest.NewDriver(t, apptest.App(t, s, fixed(tuitest.IO.StaffNo)), 120, 40)
	d.Press("p")
	d.WaitFor("Your SSH keys for oic serve")
	tuitest.Contains(t, d.View(), "SHA256:abc123 ssh-ed25519, added 20/11/2026 09:30", "sam@laptop␛]2;x␇")
	if strings.ContainsAny(d.View(), "\x1b\x07") {
		t.Fatalf("a key's comment reached the screen as it was:\n%q", d.View())
	}
	// An officer with no key hears nothing of keys.
	d = tuitest.NewDriver(t, apptest.App(t, s, fixed(tuitest.CIO.StaffNo)), 120, 40)
	d.Press("p")
	d.WaitFor("My profile")
	if strings.Contains(d.View(), "SSH keys") {
		t.Fatalf("keys shown to an officer who has none:\n%s", d.View())
	}
}
