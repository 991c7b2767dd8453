package domaintest

import (
	"context"
	"slices"

	"oic/domain"
)

// PartIn lists the visits sn takes part in, by reference, as the Badger
// store's officers' index gives them.
func (s *Store) PartIn(ctx context.Context, sn domain.StaffNo) ([]domain.Ref, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.Ref
	for ref, r := range s.visits {
		if slices.Contains(r.parts, sn) {
			out = append(out, ref)
		}
	}
	slices.Sort(out)
	return out, ctx.Err()
}
