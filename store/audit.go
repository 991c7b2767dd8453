package store

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// The audit trail is append-only by construction: entries are only ever
// written at head+1, inside the same transaction as the visit they describe,
// and the store has no call that rewrites or deletes one.

// head is the last entry's sequence and hash, kept under h/<ref> so an
// append needs one read, not a scan.
func readHead(txn *badger.Txn, ref domain.Ref) (*domain.AuditEntry, error) {
	item, err := txn.Get(headKey(ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var h domain.AuditEntry
	err = item.Value(func(b []byte) error {
		if len(b) != 8+32 {
			return fmt.Errorf("audit head of %s is damaged", ref)
		}
		h.Seq = binary.BigEndian.Uint64(b)
		h.Hash = hex.EncodeToString(b[8:])
		return nil
	})
	return &h, err
}

// appendAudit appends c as entry number version, the visit's new version.
func appendAudit(txn *badger.Txn, ref domain.Ref, version uint64, c domain.Change) error {
	prev, err := readHead(txn, ref)
	if err != nil {
		return err
	}
	e := domain.ChainEntry(ref, prev, c, domain.Seal{})
	if e.Seq != version {
		// Every version adds exactly one entry, so the next entry's number
		// is the new version. If they disagree the head is damaged or
		// missing, and writing would overwrite an existing entry (a lost
		// head restarts the chain at 1): refuse rather than rewrite history.
		return fmt.Errorf("the audit trail of %s is out of step with the record (version %d, next entry %d); nothing was saved", ref, version, e.Seq)
	}
	rec, err := auditRecord(e)
	if err != nil {
		return err
	}
	head, err := headRecord(e)
	if err != nil {
		return err
	}
	return setAll(txn, rec, head)
}

// Audit returns the visit's audit trail, oldest first.
func (s *Store) Audit(ctx context.Context, ref domain.Ref) ([]domain.AuditEntry, error) {
	var out []domain.AuditEntry
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = auditPrefix(ref)
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var e domain.AuditEntry
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &e) }); err != nil {
				// Name the entry by number: the key's binary sequence
				// printed as hex (as before) was unreadable to anyone.
				k := it.Item().Key()
				if len(k) == len(opt.Prefix)+8 {
					return fmt.Errorf("audit entry %d of %s is unreadable: %w", binary.BigEndian.Uint64(k[len(opt.Prefix):]), ref, err)
				}
				return fmt.Errorf("audit entry %q of %s is unreadable: %w", k, ref, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err == nil && len(out) == 0 {
		if _, verr := s.Visit(ctx, ref); verr != nil {
			return nil, verr
		}
	}
	return out, err
}

func hexSum(h string) ([]byte, error) {
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("audit hash %q is not a SHA-256", h)
	}
	return b, nil
}
