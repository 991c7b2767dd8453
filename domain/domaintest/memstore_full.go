package domaintest

import (
	"fmt"

	"oic/domain"
)

// SetFull makes the store behave as the Badger store does on a disk too
// full to write to: every write is refused with an error that is
// domain.ErrNoRoom, and nothing is written, until SetFull(false).
func (s *Store) SetFull(full bool) { s.full.Store(full) }

// refuse is the refusal of a write while the store is full.
func (s *Store) refuse() error {
	if s.full.Load() {
		return fmt.Errorf("the disk holding the store (in memory, for tests) is full; nothing was written. Free some space on that disk, then save again: %w", domain.ErrNoRoom)
	}
	return nil
}
