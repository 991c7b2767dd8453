package domaintest

import (
	"testing"

	"oic/domain"
)

func TestStoreContract(t *testing.T) {
	StoreContract(t, func(t *testing.T) domain.Store {
		s := NewStore()
		t.Cleanup(func() { s.Close() })
		return s
	})
}
