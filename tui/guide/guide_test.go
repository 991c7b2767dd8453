package guide

import (
	"testing"

	"oic/domain"
	"oic/tui/tuitest"
)

func TestGuide_OpensAtRuleAndMoves(t *testing.T) {
	s := tuitest.Store(t)
	g := New(tuitest.Session(s), "EPA-2").(*Screen)
	g.SetSize(80, 50)
	tuitest.Contains(t, g.View(), "▸ EPA-2", "The rule", "The authorising officer's grade must match", "ICIBI 5.4-5.8")
	g.Update(tuitest.Keys("down")[0])
	tuitest.Contains(t, g.View(), "EPA-3  Red needs an ECIA")
	g.Update(tuitest.Keys("pgdown")[0])
	g.Update(tuitest.Keys("up")[0])
	g.Update(tuitest.Keys("up")[0])
	tuitest.Contains(t, g.View(), "EPA-1  Every visit has a risk rating", "449 of 3,796")

	for _, k := range tuitest.Keys("zzzz") {
		g.Update(k)
	}
	tuitest.Contains(t, g.View(), "No rule mentions that")
	g.Update(tuitest.Keys("down")[0]) // nothing to move to; no panic

	// Every catalogue rule is reachable by its ID.
	for _, r := range domain.Catalogue {
		g := New(tuitest.Session(s), r.ID).(*Screen)
		g.SetSize(120, 40)
		tuitest.Contains(t, g.View(), "▸ "+r.ID, r.ID+"  "+r.Title, "The rule")
	}
}
