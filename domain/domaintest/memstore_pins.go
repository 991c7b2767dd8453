package domaintest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"time"

	"oic/domain"
)

// pin is an officer's PIN as the in-memory store keeps it: salted
// SHA-256, which is enough for a store that lives as long as a test (the
// Badger store keeps an Argon2id hash; the domain is the standard library
// only), and the wrong tries, judged by the same domain functions.
type pin struct {
	salt, hash []byte
	tries      domain.PINTries
}

func pinHash(salt []byte, p string) []byte {
	h := sha256.Sum256(append(append([]byte{}, salt...), p...))
	return h[:]
}

// PINState says whether sn has a PIN and whether they are locked at now.
func (s *Store) PINState(ctx context.Context, sn domain.StaffNo, now time.Time) (domain.PINStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pins[sn]
	if !ok {
		return domain.PINStatus{}, nil
	}
	_, st := domain.PINState(p.tries, now)
	return st, nil
}

// CheckPIN checks pin against sn's at now, counting a wrong one.
func (s *Store) CheckPIN(ctx context.Context, sn domain.StaffNo, typed string, now time.Time) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pins[sn]
	if !ok {
		return fmt.Errorf("%s: %w", sn, domain.ErrNoPIN)
	}
	tries, st := domain.PINState(p.tries, now)
	p.tries = tries
	switch {
	case st.Locked:
		return &domain.PINError{Officer: sn, Locked: true, Until: st.Until}
	case subtle.ConstantTimeCompare(pinHash(p.salt, typed), p.hash) == 1:
		p.tries = domain.PINTries{}
		return nil
	}
	p.tries, st = domain.PINWrong(tries, now)
	return &domain.PINError{Officer: sn, Locked: st.Locked, Until: st.Until, TriesLeft: st.TriesLeft}
}

// SetPIN sets or replaces sn's PIN, with PINChange on the trail of sn's
// profile.
func (s *Store) SetPIN(ctx context.Context, sn domain.StaffNo, typed string, by domain.Officer, now time.Time) error {
	typed, err := domain.ParsePIN(typed)
	if err != nil {
		return err
	}
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.officers[sn]
	if !ok {
		return fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
	}
	if p := r.sealProblem(); p != "" {
		return fmt.Errorf("no PIN was set: %w", &domain.RecordError{Officer: sn, Problem: p})
	}
	_, had := s.pins[sn]
	e := domain.OfficerEntry(sn, &r.head, domain.PINChange(had, by, now), domain.SealOf(r.doc, nil))
	r.head, r.audit = e, append(r.audit, mustJSON(e))
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	s.pins[sn] = &pin{salt: salt, hash: pinHash(salt, typed)}
	return nil
}
