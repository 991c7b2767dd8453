package store

import (
	"testing"

	"oic/domain"
	"oic/domain/domaintest"
)

// TestStoreContract holds the Badger store to the contract the in-memory
// store of domaintest is also held to, so tests of screens on that one see
// what they would see on this.
func TestStoreContract(t *testing.T) {
	domaintest.StoreContract(t, func(t *testing.T) domain.Store {
		s, err := Open(t.TempDir())
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
