package domaintest

import (
	"context"
	"encoding/json"
	"fmt"

	"oic/domain"
)

// Arrivals returns ref's arrivals, oldest first: none for a visit made
// here, as in the Badger store, where only an import adds them.
func (s *Store) Arrivals(ctx context.Context, ref domain.Ref) ([]domain.AuditEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.visits[ref]
	if !ok {
		return nil, nil
	}
	return decodeTrail(r.arrivals, "the arrivals of "+string(ref))
}

// Unverified gives, of refs, those whose arrivals marked them
// unverified, with their marks.
func (s *Store) Unverified(ctx context.Context, refs []domain.Ref) (map[domain.Ref][]string, error) {
	out := map[domain.Ref][]string{}
	for _, ref := range refs {
		arr, err := s.Arrivals(ctx, ref)
		if err != nil {
			return nil, err
		}
		if m := domain.UnverifiedOf(arr); len(m) > 0 {
			out[ref] = m
		}
	}
	return out, nil
}

// Arrive records that the visit ref arrived as a says, as an import
// into the Badger store does, for tests of screens that show arrivals:
// the next entry of its arrivals, sealing its record as it stands.
func (s *Store) Arrive(ref domain.Ref, a domain.Arrival) error {
	s.mu.Lock()
	r, ok := s.visits[ref]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("visit %s: %w", ref, domain.ErrNotFound)
	}
	var prev *domain.AuditEntry
	if n := len(r.arrivals); n > 0 {
		prev = new(domain.AuditEntry)
		if err := json.Unmarshal(r.arrivals[n-1], prev); err != nil {
			s.mu.Unlock()
			return err
		}
	}
	e := domain.ChainEntry(ref, prev, a.Change(), domain.SealOf(r.doc, nil))
	r.arrivals = append(r.arrivals, mustJSON(e))
	s.mu.Unlock()
	s.feed.publish(domain.Event{Ref: ref})
	return nil
}
