package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// Issue 14, section 5: every form keeps a draft, the profile's too: a
// name being typed is kept within a second, and the form opened again
// (after a kill) has it.
func TestProfileTypingKeptAsDraft(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("p", "tab", "ctrl+u", "Dana Okafor-Reid")
	kept := func() bool {
		b, _ := s.Draft(context.Background(), tuitest.CIO.StaffNo, "profile")
		return strings.Contains(string(b), "Dana Okafor-Reid")
	}
	for deadline := time.Now().Add(3 * time.Second); !kept(); d.Settle() {
		if time.Now().After(deadline) {
			t.Fatalf("the profile's typing was never kept as a draft:\n%s", d.View())
		}
	}
	again := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	again.Press("p")
	tuitest.Contains(t, again.View(), "Restored the draft", "Dana Okafor-Reid")
}
