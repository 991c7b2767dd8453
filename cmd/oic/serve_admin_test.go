package main

import (
	"context"
	"testing"
	"time"

	"oic/domain"
)

// TestAdminWatch_ReadsAgainAfterAnOfficerChanges: the server's answer to
// "has this folder an administrator" is kept between sessions, and read
// again once an officer's profile changes, so an administrator made while
// the server runs switches roles on for the sessions after.
func TestAdminWatch_ReadsAgainAfterAnOfficerChanges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addOfficer(t, dir, "--staff-no", "IO0042", "--name", "Sam Patel", "--grade", "IO", "--team", "SLN")
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := watchAdmin(s)
	if w.administered() || w.administered() {
		t.Fatal("a folder with no administrator said to have one")
	}

	o, err := s.Officer(ctx, "IO0042")
	if err != nil {
		t.Fatal(err)
	}
	o.Roles = domain.RolesOf(domain.RoleAdmin)
	if err := s.SaveOfficer(ctx, o, domain.Change{Action: "made administrator (test)", Actor: o.StaffNo, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !w.administered() {
		if time.Now().After(deadline) {
			t.Fatal("an administrator made while the server runs was never seen")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
