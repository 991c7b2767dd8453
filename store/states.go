package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// InStates lists the visits in states from the state index's keys alone
// (i/s/<state>/<inv start>/<ref>, keys.go): the board's choice of which
// records to read costs a few thousand keys, not 100,000 summaries.
func (s *Store) InStates(ctx context.Context, states []domain.State) ([]domain.Summary, error) {
	var out []domain.Summary
	err := s.db.View(func(txn *badger.Txn) error {
		for _, st := range states {
			prefix := cat([]byte("i/s/"), []byte(st), []byte("/"))
			opt := badger.DefaultIteratorOptions
			opt.Prefix, opt.PrefetchValues = prefix, false
			it := txn.NewIterator(opt)
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().Key()[len(prefix):]
				// <inv start>, a slash, the reference.
				if len(k) < 10 || k[8] != '/' {
					it.Close()
					return fmt.Errorf("state index: a key %q not in its form", it.Item().Key())
				}
				out = append(out, domain.Summary{Ref: domain.Ref(bytes.Clone(k[9:])), State: domain.State(intern([]byte(st))),
					PlannedStart: time.Unix(int64(^binary.BigEndian.Uint64(k[:8])), 0)})
				if len(out)%10000 == 0 && ctx.Err() != nil {
					it.Close()
					return ctx.Err()
				}
			}
			it.Close()
		}
		return nil
	})
	return out, err
}
