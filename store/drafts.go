package store

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Drafts hold form input an officer has typed but not saved, so leaving a
// form, or a crash, never costs them the typing.

// SaveDraft keeps unsaved form input for owner under key.
func (s *Store) SaveDraft(ctx context.Context, owner domain.StaffNo, key string, data []byte) error {
	return s.update(func(txn *badger.Txn) error { return txn.Set(draftKey(owner, key), data) })
}

// Draft returns the kept input, or nil if there is none.
func (s *Store) Draft(ctx context.Context, owner domain.StaffNo, key string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(draftKey(owner, key))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		out, err = valueCopy(item)
		return err
	})
	return out, err
}

// DeleteDraft drops kept input once it has been saved or discarded.
func (s *Store) DeleteDraft(ctx context.Context, owner domain.StaffNo, key string) error {
	return s.update(func(txn *badger.Txn) error { return txn.Delete(draftKey(owner, key)) })
}
