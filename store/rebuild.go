package store

import (
	"encoding/binary"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// What the documents make that no audit entry seals, the premises index
// and the measures records, is made again from them when the store is
// next opened (oic verify --rebuild), by the same work that makes them
// for a folder an earlier oic wrote (indexPremises, buildMeasures).

// MarkMadeStale has the next Open make the premises index and every
// visit's measures record again from the documents, with its progress
// told as for a folder an earlier oic wrote: the format mark is set back
// to the one before the index (4) and the measures' mark removed, then
// every measures record is deleted, so none is left of a visit the
// folder does not hold. Killed part way, the next open makes them all
// the same. Close the store and open it again after.
func (s *Store) MarkMadeStale() error {
	if err := s.update(func(txn *badger.Txn) error {
		if err := txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, premisesIndexed-1)); err != nil {
			return err
		}
		return txn.Delete(keyMeasures)
	}); err != nil {
		return err
	}
	return s.dropPrefix(prefixMeasures)
}

// dropPrefix deletes every key under prefix, a batch at a time.
func (s *Store) dropPrefix(prefix []byte) error {
	for {
		var keys [][]byte
		err := s.db.View(func(txn *badger.Txn) error {
			opt := badger.DefaultIteratorOptions
			opt.Prefix, opt.PrefetchValues = prefix, false
			it := txn.NewIterator(opt)
			defer it.Close()
			for it.Rewind(); it.Valid() && len(keys) < premisesIndexBatch; it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		if err := s.update(func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
}

// Rebuildable says whether p is one MarkMadeStale and the open after
// mend: the premises index or the measures, not the records.
func (p Problem) Rebuildable() bool { return strings.HasSuffix(p.What, rebuildMade) }
