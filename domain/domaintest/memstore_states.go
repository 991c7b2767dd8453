package domaintest

import (
	"context"
	"slices"

	"oic/domain"
)

// InStates lists the visits in states as the Badger store's state index
// gives them: Ref, State and PlannedStart (to the second) only, the
// states in the order given, newest planned start first within each.
func (s *Store) InStates(ctx context.Context, states []domain.State) ([]domain.Summary, error) {
	s.mu.Lock()
	var all []domain.Summary
	for _, r := range s.visits {
		all = append(all, r.summary)
	}
	s.mu.Unlock()
	slices.SortFunc(all, listOrder)
	var out []domain.Summary
	for _, st := range states {
		for _, sum := range all {
			if sum.State == st {
				out = append(out, domain.Summary{Ref: sum.Ref, State: sum.State, PlannedStart: sum.PlannedStart})
			}
		}
	}
	return out, ctx.Err()
}
