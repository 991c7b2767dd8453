package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// VisitsAtPremises returns the visits to the premises (domain.Premises.Key:
// the same postcode, and the same address up to its street), newest planned
// start first. Premises with no address stand for the whole postcode: every
// visit there is returned, for a search by postcode. It reads the record
// of every visit PremisesHistory lists, and of no other.
func (s *Store) VisitsAtPremises(ctx context.Context, p domain.Premises) ([]*domain.Visit, error) {
	hist, err := s.PremisesHistory(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Visit, 0, len(hist))
	err = s.db.View(func(txn *badger.Txn) error {
		for _, h := range hist {
			if err := ctx.Err(); err != nil {
				return err
			}
			v, err := getVisit(txn, h.Ref)
			if err != nil {
				return fmt.Errorf("visits at %s: %w", p.Postcode, err)
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PremisesHistory lists the visits to the premises, or with no address
// every visit at the postcode, newest planned start first (then the
// higher reference), from the premises index alone (i/q/, keys.go): the
// keys are read without their values, so it takes milliseconds for
// thousands of visits, and no record is decoded.
func (s *Store) PremisesHistory(ctx context.Context, p domain.Premises) ([]domain.PremisesVisit, error) {
	pc, err := domain.ParsePostcode(string(p.Postcode))
	if err != nil {
		return nil, err
	}
	p.Postcode = pc
	prefix := premisesPrefix(p.Key(), p.Address != "")
	var out []domain.PremisesVisit
	err = s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = prefix, false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if len(out)%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			e, ok := premisesEntry(it.Item().Key())
			if !ok {
				return fmt.Errorf("visits at %s: the premises index holds a key that is not whole (%q); oic verify says more", pc, it.Item().Key())
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// One premises' keys are already in this order; a postcode's come
	// premises by premises.
	slices.SortStableFunc(out, func(a, b domain.PremisesVisit) int {
		if c := b.PlannedStart.Compare(a.PlannedStart); c != 0 {
			return c
		}
		return cmp.Compare(b.Ref, a.Ref)
	})
	return out, nil
}
