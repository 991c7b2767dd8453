package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/argon2"

	"oic/domain"
)

// An officer's PIN (IDN-1 on a shared laptop) is a record of its own,
// w/<staffno>, never part of the profile: a profile is exported, listed
// and shown, and its trail seals it, so a PIN in it would leave the
// laptop with every export. The record holds the PIN's Argon2id hash,
// the salt and parameters it was made with (so the parameters can be
// raised later and old PINs still checked), and the wrong tries.

// PINParams are the Argon2id parameters a new PIN is hashed with:
// memory in KiB, passes and lanes. Chosen so one check takes well under
// a second on a laptop (BENCHMARKS.md, "PINs (issue 17)"): a PIN of four
// digits is ten thousand guesses, so what protects it from someone who
// copies the folder is the cost of each, and from someone at the
// keyboard the lock after five.
var PINParams = struct {
	Time, Memory uint32
	Threads      uint8
}{Time: 3, Memory: 64 * 1024, Threads: 1}

const pinKeyLen = 32

// pinRecord is the stored PIN.
type pinRecord struct {
	Alg     string          `json:"alg"` // "argon2id"
	Version int             `json:"v"`   // argon2.Version
	Time    uint32          `json:"t"`
	Memory  uint32          `json:"m"` // KiB
	Threads uint8           `json:"p"`
	Salt    []byte          `json:"salt"`
	Hash    []byte          `json:"hash"`
	Tries   domain.PINTries `json:"tries"`
}

func pinKey(sn domain.StaffNo) []byte { return cat([]byte("w/"), []byte(sn)) }

// HashPIN makes the stored form of pin, with a new random salt and
// today's parameters. oic demo hashes its one PIN once and stores the
// same record for every demo officer.
func HashPIN(pin string) (PINHash, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return PINHash{}, err
	}
	p := PINParams
	r := pinRecord{Alg: "argon2id", Version: argon2.Version, Time: p.Time, Memory: p.Memory, Threads: p.Threads, Salt: salt}
	r.Hash = argon2.IDKey([]byte(pin), salt, r.Time, r.Memory, r.Threads, pinKeyLen)
	return PINHash{r}, nil
}

// PINHash is a PIN as stored, made by HashPIN.
type PINHash struct{ r pinRecord }

// matches hashes pin with r's salt and parameters and compares in
// constant time.
func (r *pinRecord) matches(pin string) (bool, error) {
	if r.Alg != "argon2id" || r.Version != argon2.Version || len(r.Hash) == 0 || r.Time == 0 || r.Memory == 0 || r.Threads == 0 {
		return false, fmt.Errorf("its record is not an Argon2id hash this oic knows (%s version %d)", r.Alg, r.Version)
	}
	got := argon2.IDKey([]byte(pin), r.Salt, r.Time, r.Memory, r.Threads, uint32(len(r.Hash)))
	return subtle.ConstantTimeCompare(got, r.Hash) == 1, nil
}

// readPIN reads sn's PIN record, or nil if there is none.
func readPIN(txn *badger.Txn, sn domain.StaffNo) (*pinRecord, error) {
	item, err := txn.Get(pinKey(sn))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r pinRecord
	if err := value(item, func(b []byte) error { return json.Unmarshal(b, &r) }); err != nil {
		return nil, unreadable("the PIN of "+string(sn), err)
	}
	return &r, nil
}

func writePIN(txn *badger.Txn, sn domain.StaffNo, r *pinRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return txn.Set(pinKey(sn), b)
}

// PINState says whether sn has a PIN and whether they are locked at now.
// It writes nothing: a lock moved back to a clock set back is kept by
// the next CheckPIN.
func (s *Store) PINState(ctx context.Context, sn domain.StaffNo, now time.Time) (domain.PINStatus, error) {
	var st domain.PINStatus
	err := s.db.View(func(txn *badger.Txn) error {
		r, err := readPIN(txn, sn)
		if err != nil || r == nil {
			return err
		}
		_, st = domain.PINState(r.Tries, now)
		return nil
	})
	return st, err
}

// CheckPIN checks pin against sn's at now. A locked officer's PIN is not
// hashed at all. The hash is computed outside any transaction (it takes
// a good fraction of a second); the try is then counted against the
// record as it stands, and a PIN changed in between is not judged by the
// old one.
func (s *Store) CheckPIN(ctx context.Context, sn domain.StaffNo, pin string, now time.Time) error {
	var r *pinRecord
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		r, err = readPIN(txn, sn)
		return err
	})
	switch {
	case err != nil:
		return err
	case r == nil:
		return fmt.Errorf("%s: %w", sn, domain.ErrNoPIN)
	}
	if _, st := domain.PINState(r.Tries, now); st.Locked {
		// Kept as PINState moved it, so a clock set back again restarts
		// the lock from the earliest time seen.
		return s.countPIN(sn, r.Hash, now, nil)
	}
	ok, err := r.matches(pin)
	if err != nil {
		return fmt.Errorf("the PIN of %s cannot be checked: %v; set it again on the profile", sn, err)
	}
	return s.countPIN(sn, r.Hash, now, &ok)
}

// countPIN keeps the outcome of a try (right: nil, locked: none) on the
// record whose hash was checked.
func (s *Store) countPIN(sn domain.StaffNo, hash []byte, now time.Time, right *bool) error {
	var refused error
	err := s.update(func(txn *badger.Txn) error {
		r, err := readPIN(txn, sn)
		if err != nil {
			return err
		}
		if r == nil || subtle.ConstantTimeCompare(r.Hash, hash) != 1 {
			refused = fmt.Errorf("the PIN of %s was changed while it was being checked; type the new one", sn)
			return nil
		}
		tries, st := domain.PINState(r.Tries, now)
		switch {
		case st.Locked:
			refused = &domain.PINError{Officer: sn, Locked: true, Until: st.Until}
		case right == nil: // locked when read, no longer: not tried
			refused = fmt.Errorf("the lock on %s has just ended; type the PIN again", sn)
		case *right:
			tries = domain.PINTries{}
		default:
			tries, st = domain.PINWrong(tries, now)
			refused = &domain.PINError{Officer: sn, Locked: st.Locked, Until: st.Until, TriesLeft: st.TriesLeft}
		}
		if tries == r.Tries {
			return nil
		}
		r.Tries = tries
		return writePIN(txn, sn, r)
	})
	if err != nil {
		return err
	}
	return refused
}

// SetPIN sets or replaces sn's PIN, with "PIN set" or "PIN changed" on
// the trail of sn's profile, which the entry seals as it stands. A
// profile that is not the one its trail sealed gets no PIN.
func (s *Store) SetPIN(ctx context.Context, sn domain.StaffNo, pin string, by domain.Officer, now time.Time) error {
	pin, err := domain.ParsePIN(pin)
	if err != nil {
		return err
	}
	h, err := HashPIN(pin)
	if err != nil {
		return err
	}
	return s.setPINHash(sn, h, by, now)
}

// SetPINHashes gives each of officers the PIN h (HashPIN's), each entry
// on their profile's trail naming them: oic demo gives every demo
// officer the same PIN, hashed once, a hundred officers a transaction
// rather than one each (each a sync to disk).
func (s *Store) SetPINHashes(ctx context.Context, h PINHash, now time.Time, officers []domain.Officer) error {
	for len(officers) > 0 {
		n := min(len(officers), 100)
		err := s.update(func(txn *badger.Txn) error {
			for _, o := range officers[:n] {
				if err := setPINIn(txn, o.StaffNo, h, o, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		officers = officers[n:]
	}
	return nil
}

func (s *Store) setPINHash(sn domain.StaffNo, h PINHash, by domain.Officer, now time.Time) error {
	return s.update(func(txn *badger.Txn) error { return setPINIn(txn, sn, h, by, now) })
}

// setPINIn sets sn's PIN to h in txn, with its entry on the profile's
// trail.
func setPINIn(txn *badger.Txn, sn domain.StaffNo, h PINHash, by domain.Officer, now time.Time) error {
	b, head, err := readOfficer(txn, sn)
	if err != nil {
		return err
	}
	if p := sealProblem(head, b, nil); p != "" {
		return fmt.Errorf("no PIN was set: %w", &domain.RecordError{Officer: sn, Problem: p})
	}
	old, err := readPIN(txn, sn)
	if err != nil {
		return err
	}
	recs, err := entryRecords(domain.OfficerEntry(sn, head, domain.PINChange(old != nil, by, now), domain.SealOf(b, nil)))
	if err != nil {
		return err
	}
	if err := setAll(txn, recs...); err != nil {
		return err
	}
	r := h.r // a new PIN starts with no wrong tries
	return writePIN(txn, sn, &r)
}
