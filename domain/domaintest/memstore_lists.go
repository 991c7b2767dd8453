package domaintest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"oic/domain"
)

// summaryOf is the visit's list entry as the Badger store gives it back:
// the planned start and the end to the second, in local time, and no
// Place or Parts.
func summaryOf(v *domain.Visit) domain.Summary {
	sum := v.Summary()
	sum.PlannedStart = time.Unix(sum.PlannedStart.Unix(), 0)
	if !sum.Ended.IsZero() {
		sum.Ended = time.Unix(sum.Ended.Unix(), 0)
	}
	sum.Place, sum.Parts = "", ""
	return sum
}

// listOrder is the order of the Badger store's list keys: the bitwise
// complement of the planned start in Unix seconds, then the reference's
// bytes.
func listOrder(a, b domain.Summary) int {
	if c := cmp.Compare(^uint64(a.PlannedStart.Unix()), ^uint64(b.PlannedStart.Unix())); c != 0 {
		return c
	}
	return cmp.Compare(a.Ref, b.Ref)
}

// ScanSummaries calls fn with batches of summaries, newest planned start
// first. As in the Badger store, ctx is checked before each full batch.
func (s *Store) ScanSummaries(ctx context.Context, batch int, fn func([]domain.Summary) error) error {
	if batch <= 0 {
		batch = 1000
	}
	s.mu.Lock()
	all := make([]domain.Summary, 0, len(s.visits))
	for _, r := range s.visits {
		all = append(all, r.summary)
	}
	s.mu.Unlock()
	slices.SortFunc(all, listOrder)
	return inBatches(ctx, all, batch, fn)
}

// inBatches calls fn with all, batch at a time, until all are sent or fn
// returns an error; as in the Badger store, ctx is checked before each
// full batch.
func inBatches[T any](ctx context.Context, all []T, batch int, fn func([]T) error) error {
	for len(all) > 0 {
		n := min(batch, len(all))
		if n == batch {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(all[:n:n]); err != nil {
			return err
		}
		all = all[n:]
	}
	return nil
}

// CountVisits returns how many visits are stored.
func (s *Store) CountVisits(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.visits), nil
}

// VisitsAtPremises returns the visits to the same premises as p, or with
// p.Address empty every visit at p's postcode, newest planned start first.
// As in the Badger store's postcode index, a visit is found by the
// postcode exactly as it was stored.
func (s *Store) VisitsAtPremises(ctx context.Context, p domain.Premises) ([]*domain.Visit, error) {
	pc, err := domain.ParsePostcode(string(p.Postcode))
	if err != nil {
		return nil, err
	}
	p.Postcode = pc
	want, all := p.Key(), p.Address == ""
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*domain.Visit
	for ref, r := range s.visits {
		if r.summary.Postcode != pc {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := s.visit(ref)
		if err != nil {
			return nil, fmt.Errorf("visits at %s: %w", pc, err)
		}
		if all || v.Basics.Premises.Key() == want {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b *domain.Visit) int {
		if c := b.Basics.PlannedStart.Compare(a.Basics.PlannedStart); c != 0 {
			return c
		}
		return cmp.Compare(b.Ref, a.Ref)
	})
	return out, nil
}

// PremisesHistory lists what VisitsAtPremises returns, as the Badger
// store's premises index does.
func (s *Store) PremisesHistory(ctx context.Context, p domain.Premises) ([]domain.PremisesVisit, error) {
	vs, err := s.VisitsAtPremises(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]domain.PremisesVisit, len(vs))
	for i, v := range vs {
		out[i] = domain.PremisesVisit{Ref: v.Ref, Place: v.Basics.Premises.Key(), PlannedStart: v.Basics.PlannedStart}
	}
	return out, nil
}
