package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Officer profiles have an audit trail of their own (p/<staffno>/<seq>,
// head q/<staffno>), each entry sealing the profile as stored after its
// change: a grade raised outside oic would otherwise let an officer
// authorise what their grade may not (EPA-2).

// Officer reads one officer profile and checks it is the one its audit
// trail's last entry sealed. If not, the profile is returned with a
// *domain.RecordError: a caller acting as the officer refuses it.
func (s *Store) Officer(ctx context.Context, sn domain.StaffNo) (domain.Officer, error) {
	var o domain.Officer
	var sealErr error
	err := s.db.View(func(txn *badger.Txn) error {
		b, head, err := readOfficer(txn, sn)
		if err != nil {
			return err
		}
		if p := sealProblem(head, b, nil); p != "" {
			sealErr = &domain.RecordError{Officer: sn, Problem: p}
		}
		return decodeOfficer(b, &o, sn)
	})
	if err != nil {
		return o, err
	}
	return o, sealErr
}

// readOfficer reads sn's profile as stored and the head of its trail.
func readOfficer(txn *badger.Txn, sn domain.StaffNo) ([]byte, *domain.AuditEntry, error) {
	item, err := txn.Get(officerKey(sn))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil, fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	b, err := valueCopy(item)
	if err != nil {
		return nil, nil, err
	}
	head, err := readHead(txn, officerHeadKey(sn))
	return b, head, err
}

// decodeOfficer names the damaged record, which a bare JSON error does not.
func decodeOfficer(b []byte, o *domain.Officer, sn domain.StaffNo) error {
	if err := json.Unmarshal(b, o); err != nil {
		return unreadable("officer profile "+string(sn), err)
	}
	return nil
}

// ListOfficers returns every officer whose profile is the one its trail
// sealed, ordered by staff number. Profiles that are not are left out,
// and named in a *domain.RecordError (joined, if several) returned with
// the others.
func (s *Store) ListOfficers(ctx context.Context) ([]domain.Officer, error) {
	var out []domain.Officer
	var changed []error
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixOfficer
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			sn := domain.StaffNo(it.Item().Key()[len(prefixOfficer):])
			b, err := valueCopy(it.Item())
			if err != nil {
				return err
			}
			head, err := readHead(txn, officerHeadKey(sn))
			var he *headError
			if errors.As(err, &he) {
				changed = append(changed, &domain.RecordError{Officer: sn, Problem: fmt.Sprintf("the head of its audit trail is damaged (%v), so nothing seals it", he.err)})
				continue
			}
			if err != nil {
				return err
			}
			if p := sealProblem(head, b, nil); p != "" {
				changed = append(changed, &domain.RecordError{Officer: sn, Problem: p})
				continue
			}
			var o domain.Officer
			if err := decodeOfficer(b, &o, sn); err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, errors.Join(changed...)
}

// SaveOfficer creates or replaces an officer profile, c being its audit
// entry. A profile that is not the one its trail sealed is not saved
// over.
func (s *Store) SaveOfficer(ctx context.Context, o domain.Officer, c domain.Change) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		old, head, err := readOfficer(txn, o.StaffNo)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			if head, err = readHead(txn, officerHeadKey(o.StaffNo)); err != nil {
				return err
			}
			if head != nil {
				return fmt.Errorf("the audit trail of the profile of %s already holds %d entries though the profile is new; the store is damaged and nothing was saved", o.StaffNo, head.Seq)
			}
		case err != nil:
			return err
		default:
			if p := sealProblem(head, old, nil); p != "" {
				return fmt.Errorf("nothing was saved: %w", &domain.RecordError{Officer: o.StaffNo, Problem: p})
			}
		}
		recs, err := entryRecords(domain.OfficerEntry(o.StaffNo, head, c, domain.SealOf(b, nil)))
		if err != nil {
			return err
		}
		return setAll(txn, append(recs, Record{officerKey(o.StaffNo), b})...)
	})
}

// OfficerAudit returns the audit trail of officer sn's profile, oldest
// first.
func (s *Store) OfficerAudit(ctx context.Context, sn domain.StaffNo) ([]domain.AuditEntry, error) {
	var out []domain.AuditEntry
	err := s.db.View(func(txn *badger.Txn) error {
		if _, err := txn.Get(officerKey(sn)); errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
		}
		var err error
		out, err = readTrail(txn, officerAuditPrefix(sn), "the profile of "+string(sn))
		return err
	})
	return out, err
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
		return value(item, func(b []byte) error { sn = domain.StaffNo(b); return nil })
	})
	return sn, err
}

// SetSignedIn remembers who signed in last, for the next start.
func (s *Store) SetSignedIn(ctx context.Context, sn domain.StaffNo) error {
	return s.update(func(txn *badger.Txn) error { return txn.Set(keySignedIn, []byte(sn)) })
}
