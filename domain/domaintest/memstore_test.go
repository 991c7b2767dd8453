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

func TestSealContract(t *testing.T) {
	SealContract(t, func(t *testing.T) (domain.Store, Outside) {
		s := NewStore()
		t.Cleanup(func() { s.Close() })
		return s, s
	})
}
