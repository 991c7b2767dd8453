package store

import (
	"context"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// PartIn lists the visits officer sn takes part in, by reference, from
// the officers' index (i/o/, keys.go) alone: a prefix of keys, no record
// read, so a register lists them at once.
func (s *Store) PartIn(ctx context.Context, sn domain.StaffNo) ([]domain.Ref, error) {
	var out []domain.Ref
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = partsPrefix(sn), false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			out = append(out, domain.Ref(it.Item().Key()[len(opt.Prefix):]))
		}
		return nil
	})
	return out, err
}
