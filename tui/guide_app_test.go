package tui_test

import (
	"strings"
	"testing"

	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// The guide is one key away on every screen, even while typing in a form,
// and leaving it returns to what was there, typing intact.
func TestGuide_OneKeyFromAnywhere(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	d := tuitest.NewDriver(t, apptest.App(t, s), 120, 40)
	d.Press("ctrl+g")
	tuitest.Contains(t, d.View(), "Guide to the rules", "Search:", "TSK-1  Tasking decision recorded")
	d.Press("esc")
	tuitest.Contains(t, d.View(), "Visit register")

	d.Press("n", "tab", "Golden Dragon")
	d.Press("ctrl+g")
	tuitest.Contains(t, d.View(), "Guide to the rules")
	d.Press("final status")
	tuitest.Contains(t, d.View(), "CHK-2  Final status check within 24 hours", "within the 24 hours before the visit", "ICIBI 5.14")
	if strings.Contains(d.View(), "CHK-1") {
		t.Error("the search kept a rule without the words")
	}
	d.Press("esc") // clears the search
	tuitest.Contains(t, d.View(), "Guide to the rules", "TSK-1")
	d.Press("esc") // back to the form, typing intact
	tuitest.Contains(t, d.View(), "New visit", "Golden Dragon")
}
