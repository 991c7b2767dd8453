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
// visit there is returned, for a search by postcode. The postcode index
// (i/p/<postcode>/<ref>) narrows the read to the visits at that postcode,
// a handful in practice, so no other visit is decoded.
func (s *Store) VisitsAtPremises(ctx context.Context, p domain.Premises) ([]*domain.Visit, error) {
	pc, err := domain.ParsePostcode(string(p.Postcode))
	if err != nil {
		return nil, err
	}
	p.Postcode = pc
	want, all := p.Key(), p.Address == ""
	prefix := cat([]byte("i/p/"), []byte(pc), []byte("/"))
	var out []*domain.Visit
	err = s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = prefix, false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			ref := domain.Ref(it.Item().Key()[len(prefix):])
			v, err := getVisit(txn, ref)
			if err != nil {
				return fmt.Errorf("visits at %s: %w", pc, err)
			}
			if all || v.Basics.Premises.Key() == want {
				out = append(out, v)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *domain.Visit) int {
		if c := b.Basics.PlannedStart.Compare(a.Basics.PlannedStart); c != 0 {
			return c
		}
		return cmp.Compare(b.Ref, a.Ref)
	})
	return out, nil
}
