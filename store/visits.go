package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// maxRetries bounds retries of a transaction that lost a race it can safely
// run again: allocating a reference, or a save of a visit, which reads the
// winner again and adds on top of it only where both only added
// (SaveVisit); any other lost race is a conflict the officer must see.
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
			// A folder holding reference blocks (refblocks.go) takes its
			// numbers from them, never from its counter, so no two
			// laptops working offline make the same reference.
			seq, linked, err := heldSeq(txn, v.Basics.Team, year)
			if err == nil && !linked {
				seq, err = nextSeq(txn, v.Basics.Team, year)
			}
			if err != nil {
				return err
			}
			nv.Ref = domain.FormatRef(v.Basics.Team, year, seq)
			nv.Version = 1
			return s.write(txn, nil, nil, &nv, c)
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
	last, err := readSeq(txn, team, year)
	if err != nil {
		return 0, err
	}
	// The numbers reserved for laptops are theirs: the counter moved past
	// each block as it was reserved, and steps over any all the same
	// should it be behind (an import's counters, an older backup).
	issued, err := readBlocks(txn, blockPrefix(prefixIssued, team, year))
	if err != nil {
		return 0, err
	}
	// A counter behind the references in use (restored from an older
	// backup, say) would otherwise refuse every new visit for this team and
	// year: step past any reference already taken. References are never
	// reused, so a gap is harmless.
	for range 100000 {
		last = domain.PastReserved(issued, team, year, last+1)
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

// readSeq is the last number the counter of team and year issued (0:
// none yet).
func readSeq(txn *badger.Txn, team domain.TeamCode, year int) (uint32, error) {
	item, err := txn.Get(seqKey(team, year))
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
		return 0, nil
	case err != nil:
		return 0, err
	}
	var last uint32
	err = value(item, func(b []byte) error {
		if len(b) != 4 {
			return fmt.Errorf("reference counter %s/%d is damaged", team, year)
		}
		last = binary.BigEndian.Uint32(b)
		return nil
	})
	return last, err
}

// SaveVisit stores v as the next version if nobody has saved since v was
// read. If someone has, and both saves only added to the record (timeline
// entries, an acceptance, an acknowledgement: domain.MergeAppends), v's
// additions are stored on top of theirs, in the same transaction as the
// read of theirs, so its audit entry follows theirs and seals the merged
// record; the visit returned is that record. Otherwise it returns
// *domain.ConflictError naming who saved and when.
// A visit whose stored record is not the one its trail sealed is not saved
// over: the change made outside oic stays for whoever looks into it.
func (s *Store) SaveVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	mu := s.saveLock(v.Ref)
	mu.Lock()
	defer mu.Unlock()
	for range maxRetries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var nv domain.Visit
		err := s.update(func(txn *badger.Txn) error {
			cur, head, err := getSealedVisit(txn, v.Ref)
			if err != nil {
				return err
			}
			nv = *v
			mc := c
			if cur.Version != v.Version {
				merged, mc2, ok := domain.MergeAppends(cur, v, c)
				if !ok {
					return conflict(v, cur)
				}
				nv, mc = *merged, mc2
			}
			nv.Version = cur.Version + 1
			return s.write(txn, cur, head, &nv, mc)
		})
		if errors.Is(err, badger.ErrConflict) {
			// Another save of this visit committed between our read and
			// our commit: read again, to add on top of it or to say who.
			continue
		}
		if err != nil {
			return nil, err
		}
		return &nv, nil
	}
	return nil, &domain.ConflictError{Ref: v.Ref, Version: v.Version, By: "several officers at once"}
}

// saveLock is the lock saves of ref take (Store.saveMu).
// HoldVisits keeps every save of refs waiting until release is called:
// for a push arriving on a team server, judged against the visits here
// and then written, which no session's save may come between. The locks
// are taken in one order, so two holders never wait on each other.
func (s *Store) HoldVisits(refs []domain.Ref) (release func()) {
	var stripes []int
	for _, ref := range refs {
		stripes = append(stripes, saveStripe(ref, len(s.saveMu)))
	}
	slices.Sort(stripes)
	stripes = slices.Compact(stripes)
	for _, i := range stripes {
		s.saveMu[i].Lock()
	}
	return func() {
		for _, i := range stripes {
			s.saveMu[i].Unlock()
		}
	}
}

func (s *Store) saveLock(ref domain.Ref) *sync.Mutex {
	return &s.saveMu[saveStripe(ref, len(s.saveMu))]
}

// saveStripe is the one of n save locks ref's saves take.
func saveStripe(ref domain.Ref, n int) int {
	h := fnv.New32a()
	h.Write([]byte(ref))
	return int(h.Sum32() % uint32(n))
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
// appends c to the audit chain after head, sealing the record it leaves,
// inside txn. old and head are nil for a new visit.
func (s *Store) write(txn *badger.Txn, old *domain.Visit, head *domain.AuditEntry, v *domain.Visit, c domain.Change) error {
	if old != nil {
		if err := domain.AppendOnly(old, v); err != nil {
			return err
		}
		for _, k := range indexKeys(old.Summary()) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
	} else if h, err := readHead(txn, headKey(v.Ref)); err != nil || h != nil {
		// A new visit's trail starts at 1: entries already there would
		// be overwritten. Refuse rather than rewrite history.
		if err == nil {
			err = fmt.Errorf("the audit trail of %s already holds %d entries though the visit is new; the store is damaged and nothing was saved", v.Ref, h.Seq)
		}
		return err
	}
	recs, seal, err := s.visitRecords(v)
	if err != nil {
		return err
	}
	if err := setAll(txn, recs...); err != nil {
		return err
	}
	if seal.Derived == "" {
		// A part left from an earlier document would be sealed by no
		// entry; it is of no use to a reader either (derived.go).
		if err := txn.Delete(derivedKey(v.Ref)); err != nil {
			return err
		}
	}
	return appendAudit(txn, v.Ref, head, c, seal)
}

// Visit reads one visit and checks it is the record its audit trail's
// last entry sealed. If not, the visit is returned all the same, with a
// *domain.RecordError, so it can be read and shown for what it is.
func (s *Store) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	var v *domain.Visit
	var sealErr error
	err := s.db.View(func(txn *badger.Txn) error {
		// One decoding of a saved visit serves every session (visitcache.go).
		var fill *cachedVisit
		if vers, ok := versions(txn, ref); ok {
			if v, sealErr, fill = s.visits.get(ref, vers); v != nil {
				return nil
			}
		}
		doc, head, err := readSealed(txn, ref, nil)
		if err == nil || errors.As(err, new(*headError)) {
			sealErr = checkSeal(ref, head, doc, err)
			v, err = decodeVisit(ref, doc.doc)
		}
		if fill != nil {
			s.visits.put(ref, fill, v, sealErr)
		}
		return err
	})
	if err != nil {
		return nil, errors.Join(err, sealErr)
	}
	return v, sealErr
}

// checkSeal is a *domain.RecordError if rec is not the record head sealed,
// or herr (a head that could not be read) stands in the way; else nil.
func checkSeal(ref domain.Ref, head *domain.AuditEntry, rec storedVisit, herr error) error {
	var he *headError
	if errors.As(herr, &he) {
		return &domain.RecordError{Ref: ref, Problem: fmt.Sprintf("the head of its audit trail is damaged (%v), so nothing seals it", he.err)}
	}
	if p := sealProblem(head, rec.doc, rec.derived); p != "" {
		return &domain.RecordError{Ref: ref, Problem: p}
	}
	return nil
}

// getSealedVisit reads the stored visit and the head of its trail, for a
// save: a record that fails its seal is refused, with nothing saved.
func getSealedVisit(txn *badger.Txn, ref domain.Ref) (*domain.Visit, *domain.AuditEntry, error) {
	doc, head, err := readSealed(txn, ref, nil)
	if err != nil {
		return nil, nil, err
	}
	if p := sealProblem(head, doc.doc, doc.derived); p != "" {
		return nil, nil, fmt.Errorf("nothing was saved: %w", &domain.RecordError{Ref: ref, Problem: p})
	}
	v, err := decodeVisit(ref, doc.doc)
	return v, head, err
}

// storedVisit is a visit's record as stored: its document's JSON and the
// derived part kept beside it (nil: none), each in memory of its own.
type storedVisit struct{ doc, derived []byte }

// readSealed reads ref's record, its document decoded into dst's memory
// if it is large enough, and the head of its audit trail (nil: none). A
// head that cannot be read is a *headError, with the record read.
func readSealed(txn *badger.Txn, ref domain.Ref, dst []byte) (storedVisit, *domain.AuditEntry, error) {
	item, err := txn.Get(visitKey(ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return storedVisit{}, nil, fmt.Errorf("visit %s: %w", ref, domain.ErrNotFound)
	}
	if err != nil {
		return storedVisit{}, nil, err
	}
	var out storedVisit
	if out.doc, err = itemDoc(item, dst); err != nil {
		return storedVisit{}, nil, unreadable("visit "+string(ref), err)
	}
	item, err = txn.Get(derivedKey(ref))
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return storedVisit{}, nil, err
	default:
		if out.derived, err = valueCopy(item); err != nil {
			return storedVisit{}, nil, err
		}
		if out.derived, err = derivedEnvelope(out.derived); err != nil {
			return storedVisit{}, nil, unreadable("visit "+string(ref), err)
		}
	}
	head, err := readHead(txn, headKey(ref))
	return out, head, err
}

func decodeVisit(ref domain.Ref, doc []byte) (*domain.Visit, error) {
	v := new(domain.Visit)
	if err := json.Unmarshal(doc, v); err != nil {
		return nil, unreadable("visit "+string(ref), err)
	}
	return v, nil
}

// getVisit reads a visit without checking its seal, for lists that
// read many (VisitsAtPremises).
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
		return nil, unreadable("visit "+string(ref), err)
	}
	return decodeVisit(ref, doc)
}
