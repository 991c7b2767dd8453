package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Officer reads one officer profile.
func (s *Store) Officer(ctx context.Context, sn domain.StaffNo) (domain.Officer, error) {
	var o domain.Officer
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(officerKey(sn))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
		}
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error { return decodeOfficer(b, &o, item.Key()) })
	})
	return o, err
}

// decodeOfficer names the damaged record, which a bare JSON error does not.
func decodeOfficer(b []byte, o *domain.Officer, key []byte) error {
	if err := json.Unmarshal(b, o); err != nil {
		return fmt.Errorf("officer profile %s is unreadable: %w", key[len(prefixOfficer):], err)
	}
	return nil
}

// ListOfficers returns every officer, ordered by staff number.
func (s *Store) ListOfficers(ctx context.Context) ([]domain.Officer, error) {
	var out []domain.Officer
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixOfficer
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var o domain.Officer
			if err := it.Item().Value(func(b []byte) error { return decodeOfficer(b, &o, it.Item().Key()) }); err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// SaveOfficer creates or replaces an officer profile.
func (s *Store) SaveOfficer(ctx context.Context, o domain.Officer) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error { return txn.Set(officerKey(o.StaffNo), b) })
}

// SignedIn returns the staff number last signed in, or "".
func (s *Store) SignedIn(ctx context.Context) (domain.StaffNo, error) {
	var sn domain.StaffNo
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySignedIn)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error { sn = domain.StaffNo(b); return nil })
	})
	return sn, err
}

// SetSignedIn remembers who signed in last, for the next start.
func (s *Store) SetSignedIn(ctx context.Context, sn domain.StaffNo) error {
	return s.update(func(txn *badger.Txn) error { return txn.Set(keySignedIn, []byte(sn)) })
}
