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

// TestSealContract holds the Badger store to what every store does with
// a record changed outside oic, changed here through Badger itself: the
// value replaced, its trail left as it was.
func TestSealContract(t *testing.T) {
	domaintest.SealContract(t, func(t *testing.T) (domain.Store, domaintest.Outside) {
		s, _ := openStore(t)
		return s, outside{t, s}
	})
}

// outside edits a store's records behind oic's back, through Badger.
type outside struct {
	t testing.TB
	s *Store
}

func (o outside) ChangeOutside(ref domain.Ref, edit func([]byte) []byte) error {
	doc, err := decodeDoc(nil, getRaw(o.t, o.s, visitKey(ref)))
	if err != nil {
		return err
	}
	putRaw(o.t, o.s, visitKey(ref), encodeDoc(edit(doc)))
	return nil
}

func (o outside) ChangeOfficerOutside(sn domain.StaffNo, edit func([]byte) []byte) error {
	putRaw(o.t, o.s, officerKey(sn), edit(getRaw(o.t, o.s, officerKey(sn))))
	return nil
}
