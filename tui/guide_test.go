package tui

import (
	"strings"
	"testing"

	"oic/domain"
)

// The guide is one key away on every screen, even while typing in a form,
// and leaving it returns to what was there, typing intact.
func TestGuide_OneKeyFromAnywhere(t *testing.T) {
	s := openStore(t)
	seed(t, s, 3)
	d := newDriver(t, newTestApp(t, s), 120, 40)
	d.press("ctrl+g")
	contains(t, d.view(), "Guide to the rules", "Search:", "TSK-1  Tasking decision recorded")
	d.press("esc")
	contains(t, d.view(), "Visit register")

	d.press("n", "tab", "Golden Dragon")
	d.press("ctrl+g")
	contains(t, d.view(), "Guide to the rules")
	d.press("final status")
	contains(t, d.view(), "CHK-2  Final status check within 24 hours", "within the 24 hours before the visit", "ICIBI 5.14")
	if strings.Contains(d.view(), "CHK-1") {
		t.Error("the search kept a rule without the words")
	}
	d.press("esc") // clears the search
	contains(t, d.view(), "Guide to the rules", "TSK-1")
	d.press("esc") // back to the form, typing intact
	contains(t, d.view(), "New visit", "Golden Dragon")
}

func TestGuide_OpensAtRuleAndMoves(t *testing.T) {
	s := openStore(t)
	g := newGuide(testSession(s), "EPA-2").(*guide)
	g.SetSize(80, 50)
	contains(t, g.View(), "▸ EPA-2", "The rule", "The authorising officer's grade must match", "ICIBI 5.4-5.8")
	g.Update(keys("down")[0])
	contains(t, g.View(), "EPA-3  Red needs an ECIA")
	g.Update(keys("pgdown")[0])
	g.Update(keys("up")[0])
	g.Update(keys("up")[0])
	contains(t, g.View(), "EPA-1  Every visit has a risk rating", "449 of 3,796")

	for _, k := range keys("zzzz") {
		g.Update(k)
	}
	contains(t, g.View(), "No rule mentions that")
	g.Update(keys("down")[0]) // nothing to move to; no panic

	// Every catalogue rule is reachable by its ID.
	for _, r := range domain.Catalogue {
		g := newGuide(testSession(s), r.ID).(*guide)
		g.SetSize(120, 40)
		contains(t, g.View(), "▸ "+r.ID, r.ID+"  "+r.Title, "The rule")
	}
}
