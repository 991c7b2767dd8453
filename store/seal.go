package store

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// CheckRecords checks the stored records of refs against the heads of
// their audit trails, as Visit does, without decoding them: a list marks
// the visits it shows with it. The map holds those that fail, with a
// *domain.RecordError, or why they could not be read; refs not stored are
// left out.
func (s *Store) CheckRecords(ctx context.Context, refs []domain.Ref) (map[domain.Ref]error, error) {
	out := map[domain.Ref]error{}
	var buf []byte
	err := s.db.View(func(txn *badger.Txn) error {
		for _, ref := range refs {
			if err := ctx.Err(); err != nil {
				return err
			}
			rec, head, err := readSealed(txn, ref, buf)
			switch {
			case errors.Is(err, domain.ErrNotFound):
				continue
			case err != nil && !errors.As(err, new(*headError)):
				out[ref] = err
				continue
			}
			buf = rec.doc
			if err := checkSeal(ref, head, rec, err); err != nil {
				out[ref] = err
			}
		}
		return nil
	})
	return out, err
}
