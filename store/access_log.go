package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// The access log (DPA 2018 s.62) is a family of its own, g/<seq>, seq
// big-endian from 1: a key is written once, by LogAccess, and never
// again; nothing in oic deletes one. It is not in the change feed's
// families, so an entry written as a visit opens wakes no screen.

var prefixAccess = []byte("g/")

func accessKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(cat(prefixAccess), seq) }

// accessSeq gives entries their numbers. One process holds the folder,
// so a mutex in it, and the last key read once, number every entry;
// two writers reading the last key in their own transactions would both
// take the same number, which Badger's conflict check does not see (the
// key did not exist when they read).
type accessSeq struct {
	mu   sync.Mutex
	last uint64
	read bool
}

// LogAccess adds e to the access log after every entry there is.
func (s *Store) LogAccess(ctx context.Context, e domain.AccessEntry) error {
	s.access.mu.Lock()
	defer s.access.mu.Unlock()
	if !s.access.read {
		last, err := s.lastAccess()
		if err != nil {
			return err
		}
		s.access.last, s.access.read = last, true
	}
	e.Seq = s.access.last + 1
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	key := accessKey(e.Seq)
	err = s.update(func(txn *badger.Txn) error {
		// Never written over: a key already there means the count went
		// wrong, and the entry it holds is kept.
		if _, err := txn.Get(key); !errors.Is(err, badger.ErrKeyNotFound) {
			if err == nil {
				err = fmt.Errorf("access log entry %d is already there; nothing was written over it", e.Seq)
			}
			return err
		}
		return txn.Set(key, b)
	})
	if err != nil {
		s.access.read = false // read the last number afresh next time
		return fmt.Errorf("recording in the access log: %w", err)
	}
	s.access.last = e.Seq
	return nil
}

// lastAccess is the number of the access log's last entry, 0 if none.
func (s *Store) lastAccess() (uint64, error) {
	var last uint64
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Reverse, opt.PrefetchValues = true, false
		it := txn.NewIterator(opt)
		defer it.Close()
		// In reverse, a seek to the prefix and 0xff lands on its last key.
		it.Seek(append(cat(prefixAccess), 0xff))
		if it.ValidForPrefix(prefixAccess) {
			k := it.Item().Key()[len(prefixAccess):]
			if len(k) != 8 {
				return fmt.Errorf("the access log's last key %x is not an entry's; the store is damaged", it.Item().Key())
			}
			last = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	return last, err
}

// AccessEntries returns the entries f chooses, oldest first.
func (s *Store) AccessEntries(ctx context.Context, f domain.AccessFilter) ([]domain.AccessEntry, error) {
	var out []domain.AccessEntry
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixAccess
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var e domain.AccessEntry
			if err := value(it.Item(), func(b []byte) error { return json.Unmarshal(b, &e) }); err != nil {
				return unreadable(fmt.Sprintf("access log entry %x", it.Item().Key()), err)
			}
			if f.Keeps(e) {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

var _ domain.AccessLog = (*Store)(nil)
