package domaintest

import (
	"context"

	"oic/domain"
)

// accessLog is the in-memory access log: entries in the order added.
type accessLog struct {
	entries []domain.AccessEntry
}

// LogAccess adds e after every entry there is, numbered from 1.
func (s *Store) LogAccess(ctx context.Context, e domain.AccessEntry) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Seq = uint64(len(s.access.entries)) + 1
	s.access.entries = append(s.access.entries, e)
	return nil
}

// AccessEntries returns the entries f chooses, oldest first.
func (s *Store) AccessEntries(ctx context.Context, f domain.AccessFilter) ([]domain.AccessEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.AccessEntry
	for _, e := range s.access.entries {
		if f.Keeps(e) {
			out = append(out, e)
		}
	}
	return out, nil
}
