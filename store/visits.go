package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// maxRetries bounds retries of a transaction that lost a race it can safely
// run again (allocating a reference). Saves of a visit are never retried:
// losing that race is a conflict the officer must see.
const maxRetries = 20

// CreateVisit allocates the next reference for the visit's team and year,
// then stores the visit at version 1 with its first audit entry, its summary
// and index keys, all in one transaction.
func (s *Store) CreateVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	if v.Ref != "" {
		return nil, fmt.Errorf("create %s: a new visit must not have a reference yet", v.Ref)
	}
	year := v.CreatedAt.Year()
	s.createMu.Lock()
	defer s.createMu.Unlock()
	for range maxRetries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		nv := *v
		err := s.update(func(txn *badger.Txn) error {
			seq, err := nextSeq(txn, v.Basics.Team, year)
			if err != nil {
				return err
			}
			nv.Ref = domain.FormatRef(v.Basics.Team, year, seq)
			nv.Version = 1
			return s.write(txn, nil, &nv, c)
		})
		if errors.Is(err, badger.ErrConflict) {
			continue // another create took the same sequence number; take the next
		}
		if err != nil {
			return nil, err
		}
		return &nv, nil
	}
	return nil, fmt.Errorf("create visit: too many simultaneous creations for %s %d; try again", v.Basics.Team, year)
}

func nextSeq(txn *badger.Txn, team domain.TeamCode, year int) (uint32, error) {
	k := seqKey(team, year)
	var last uint32
	item, err := txn.Get(k)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return 0, err
	default:
		if err := item.Value(func(b []byte) error {
			if len(b) != 4 {
				return fmt.Errorf("reference counter %s/%d is damaged", team, year)
			}
			last = binary.BigEndian.Uint32(b)
			return nil
		}); err != nil {
			return 0, err
		}
	}
	// A counter behind the references in use (restored from an older
	// backup, say) would otherwise refuse every new visit for this team and
	// year: step past any reference already taken. References are never
	// reused, so a gap is harmless.
	for range 100000 {
		last++
		_, err := txn.Get(visitKey(domain.FormatRef(team, year, last)))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return last, txn.Set(k, binary.BigEndian.AppendUint32(nil, last))
		}
		if err != nil {
			return 0, err
		}
	}
	return 0, fmt.Errorf("reference counter %s/%d is far behind the references in use", team, year)
}

// SaveVisit stores v as the next version if nobody has saved since v was
// read; otherwise it returns *domain.ConflictError naming who did and when.
func (s *Store) SaveVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nv := *v
	err := s.update(func(txn *badger.Txn) error {
		cur, err := getVisit(txn, v.Ref)
		if err != nil {
			return err
		}
		if cur.Version != v.Version {
			return conflict(v, cur)
		}
		nv.Version = cur.Version + 1
		return s.write(txn, cur, &nv, c)
	})
	if errors.Is(err, badger.ErrConflict) {
		// Another transaction committed this visit between our read and our
		// commit. Read what won, to say who.
		if cur, gerr := s.Visit(ctx, v.Ref); gerr == nil {
			return nil, conflict(v, cur)
		}
		return nil, &domain.ConflictError{Ref: v.Ref, Version: v.Version, By: "someone else"}
	}
	if err != nil {
		return nil, err
	}
	return &nv, nil
}

func conflict(mine, cur *domain.Visit) error {
	by := cur.UpdatedByName
	if by == "" {
		by = string(cur.UpdatedBy)
	} else {
		by += " (" + string(cur.UpdatedBy) + ")"
	}
	return &domain.ConflictError{Ref: mine.Ref, Version: mine.Version, Current: cur.Version, By: by, At: cur.UpdatedAt}
}

// write puts the visit document, replaces its summary and index keys, and
// appends c to the audit chain, inside txn. old is nil for a new visit.
func (s *Store) write(txn *badger.Txn, old, v *domain.Visit, c domain.Change) error {
	if old != nil {
		if err := domain.AppendOnly(old, v); err != nil {
			return err
		}
		for _, k := range indexKeys(old.Summary()) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
	}
	recs, err := s.visitRecords(v)
	if err != nil {
		return err
	}
	if err := setAll(txn, recs...); err != nil {
		return err
	}
	return appendAudit(txn, v.Ref, v.Version, c)
}

// Visit reads one visit.
func (s *Store) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	var v *domain.Visit
	err := s.db.View(func(txn *badger.Txn) (err error) {
		v, err = getVisit(txn, ref)
		return err
	})
	return v, err
}

func getVisit(txn *badger.Txn, ref domain.Ref) (*domain.Visit, error) {
	item, err := txn.Get(visitKey(ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("visit %s: %w", ref, domain.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	doc, err := itemDoc(item, nil)
	if err != nil {
		return nil, fmt.Errorf("visit %s is unreadable: %w", ref, err)
	}
	v := new(domain.Visit)
	if err := json.Unmarshal(doc, v); err != nil {
		return nil, fmt.Errorf("visit %s is unreadable: %w", ref, err)
	}
	return v, nil
}
