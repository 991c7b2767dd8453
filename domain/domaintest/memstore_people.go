package domaintest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"oic/domain"
)

// Officer reads one officer profile.
func (s *Store) Officer(ctx context.Context, sn domain.StaffNo) (domain.Officer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var o domain.Officer
	b, ok := s.officers[sn]
	if !ok {
		return o, fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
	}
	err := json.Unmarshal(b, &o)
	return o, err
}

// ListOfficers returns every officer, ordered by staff number.
func (s *Store) ListOfficers(ctx context.Context) ([]domain.Officer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.Officer
	for _, sn := range slices.Sorted(maps.Keys(s.officers)) {
		var o domain.Officer
		if err := json.Unmarshal(s.officers[sn], &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// SaveOfficer creates or replaces an officer profile.
func (s *Store) SaveOfficer(ctx context.Context, o domain.Officer) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.officers[o.StaffNo] = b
	if o.StaffNo != "" { // the Badger feed names no officer without a staff number
		s.feed.publish(domain.Event{Officer: o.StaffNo})
	}
	return nil
}

// SignedIn returns the staff number last signed in, or "".
func (s *Store) SignedIn(ctx context.Context) (domain.StaffNo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.signedIn, nil
}

// SetSignedIn remembers who signed in last.
func (s *Store) SetSignedIn(ctx context.Context, sn domain.StaffNo) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedIn = sn
	return nil
}

type draftKey struct {
	owner domain.StaffNo
	key   string
}

// SaveDraft keeps unsaved form input for owner under key.
func (s *Store) SaveDraft(ctx context.Context, owner domain.StaffNo, key string, data []byte) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drafts[draftKey{owner, key}] = append([]byte{}, data...)
	return nil
}

// Draft returns the kept input, or nil if there is none. As from Badger,
// input saved empty (or nil) reads back empty but not nil.
func (s *Store) Draft(ctx context.Context, owner domain.StaffNo, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.drafts[draftKey{owner, key}]
	if !ok {
		return nil, nil
	}
	return append([]byte{}, b...), nil
}

// DeleteDraft drops kept input; dropping none is not an error.
func (s *Store) DeleteDraft(ctx context.Context, owner domain.StaffNo, key string) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.drafts, draftKey{owner, key})
	return nil
}
