package domaintest

import (
	"slices"
	"time"

	"oic/domain"
)

// contractParts: PartIn lists the visits an officer takes part in (on the
// roster, the OIC), whatever their team, by reference, and follows the
// roster: an officer taken off a visit no longer finds it there.
func contractParts(c *contract) {
	sln := c.create(contractVisit{start: contractT0.Add(50 * time.Hour)})
	wln := c.create(contractVisit{team: "WLN", start: contractT0.Add(60 * time.Hour)})
	partIn := func(sn domain.StaffNo) []domain.Ref {
		c.Helper()
		refs, err := c.s.PartIn(c.ctx, sn)
		if err != nil {
			c.Fatalf("PartIn(%s): %v", sn, err)
		}
		return refs
	}
	if got, want := partIn(contractAmy.StaffNo), []domain.Ref{sln.Ref, wln.Ref}; !slices.Equal(got, want) {
		c.Fatalf("PartIn(the OIC) = %v, want %v", got, want)
	}
	if got := partIn(contractBen.StaffNo); len(got) != 0 {
		c.Fatalf("PartIn(an officer on no visit) = %v", got)
	}
	ben := domain.RosterEntry{StaffNo: contractBen.StaffNo, Name: contractBen.Name, Role: "arrest team", Grade: contractBen.Grade, ArrestTrained: true}
	ch, err := wln.AddToRoster(ben, contractAmy, contractT0.Add(time.Hour))
	if err != nil {
		c.Fatal(err)
	}
	if wln, err = c.s.SaveVisit(c.ctx, wln, ch); err != nil {
		c.Fatal(err)
	}
	if got, want := partIn(contractBen.StaffNo), []domain.Ref{wln.Ref}; !slices.Equal(got, want) {
		c.Fatalf("PartIn(an officer rostered on another team's visit) = %v, want %v", got, want)
	}
	if ch, err = wln.RemoveFromRoster(contractBen.StaffNo, "", contractAmy, contractT0.Add(2*time.Hour)); err != nil {
		c.Fatal(err)
	}
	if _, err = c.s.SaveVisit(c.ctx, wln, ch); err != nil {
		c.Fatal(err)
	}
	if got := partIn(contractBen.StaffNo); len(got) != 0 {
		c.Fatalf("PartIn(an officer taken off the roster) = %v", got)
	}
}
