package store

import (
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// formatMark reads the store's format mark straight from its files.
func formatMark(t *testing.T, dir string) uint64 {
	t.Helper()
	return binary.BigEndian.Uint64([]byte(dump(t, dir)[string(keySchema)]))
}

// premisesStore is a store of this build with visits at two premises of
// one postcode and one elsewhere, closed; the visits newest first.
func premisesStore(t *testing.T) (dir string, visits []*domain.Visit) {
	t.Helper()
	s, dir := openStore(t)
	for i, pc := range []domain.Postcode{"SW1A 1AA", "SW1A 1AA", "E1 6AN", "SW1A 1AA"} {
		b := basics("SLN", pc, t0.Add(time.Duration(48+24*i)*time.Hour), alice)
		if i == 1 {
			b.Premises.Address = "3 High Street, London"
		}
		visits = append(visits, create(t, s, b, alice, t0))
	}
	s.Close()
	slices.Reverse(visits)
	return dir, visits
}

// reopenedAt changes the store in dir straight in Badger's files, as an
// earlier oic or a cut-short open would have left it, marks it format
// found, and opens it with this build.
// deleteUnder deletes every key under prefix in txn, and the keys more,
// for a store made to look as an earlier oic left it.
func deleteUnder(txn *badger.Txn, prefix []byte, more ...[]byte) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range append(keys, more...) {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func reopenedAt(t *testing.T, dir string, found uint64, change func(txn *badger.Txn) error) *Store {
	t.Helper()
	db := rawDB(t, dir)
	if err := db.Update(func(txn *badger.Txn) error {
		if err := change(txn); err != nil {
			return err
		}
		return txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, found))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func historyRefs(t *testing.T, s *Store, p domain.Premises) []domain.Ref {
	t.Helper()
	hs, err := s.PremisesHistory(context.Background(), p)
	if err != nil {
		t.Fatalf("PremisesHistory(%s, %q): %v", p.Postcode, p.Address, err)
	}
	var out []domain.Ref
	for _, h := range hs {
		out = append(out, h.Ref)
	}
	return out
}

// A store written before the premises index (format 3, no i/q/ keys) is
// indexed the first time this oic opens it, and its mark raised so an
// earlier oic, which would not keep the index, refuses it.
func TestPremisesIndex_BuiltOnFirstOpen(t *testing.T) {
	dir, visits := premisesStore(t)
	s := reopenedAt(t, dir, 3, func(txn *badger.Txn) error { return deleteUnder(txn, prefixPremises) })
	checkStore(t, s) // every visit's premises key, and no other
	p := visits[0].Basics.Premises
	if got, want := historyRefs(t, s, p), []domain.Ref{visits[0].Ref, visits[3].Ref}; !slices.Equal(got, want) {
		t.Errorf("history of %s: %v, want %v", p.Address, got, want)
	}
	s.Close()
	if got := formatMark(t, dir); got != SchemaVersion {
		t.Errorf("format mark %d after indexing, want %d", got, SchemaVersion)
	}
}

// An index cut short (oic killed while building it) leaves the old mark,
// so the next open builds it again; and the keys the first attempt left
// may since have gone stale (an earlier oic opened the folder and moved
// a visit): they are not kept.
func TestPremisesIndex_CutShortIsBuiltAgain(t *testing.T) {
	dir, visits := premisesStore(t)
	s := reopenedAt(t, dir, 3, func(txn *badger.Txn) error {
		// One visit's key not yet written; another filed where it no
		// longer is.
		if err := txn.Delete(cat(premisesPrefix(visits[1].Basics.Premises.Key(), true), invTime(visits[1].Basics.PlannedStart), []byte(visits[1].Ref))); err != nil {
			return err
		}
		stale := domain.Premises{Postcode: "CR0 1ND", Address: "9 Old Road"}
		return txn.Set(cat(premisesPrefix(stale.Key(), true), invTime(t0), []byte(visits[2].Ref)), nil)
	})
	checkStore(t, s)
	if got := historyRefs(t, s, domain.Premises{Postcode: "CR0 1ND"}); len(got) != 0 {
		t.Errorf("a stale key survived the rebuild: %v at CR0 1ND", got)
	}
	if got, want := historyRefs(t, s, domain.Premises{Postcode: "SW1A 1AA"}), []domain.Ref{visits[0].Ref, visits[2].Ref, visits[3].Ref}; !slices.Equal(got, want) {
		t.Errorf("visits at SW1A 1AA: %v, want %v", got, want)
	}
}

// A visit is listed under its premises without its record being read: a
// record that can no longer be read still has its place in the history,
// and reading it says what is wrong.
func TestPremisesHistory_ReadsNoRecord(t *testing.T) {
	dir, visits := premisesStore(t)
	s := reopenedAt(t, dir, SchemaVersion, func(txn *badger.Txn) error {
		return txn.Set(visitKey(visits[0].Ref), []byte("not a document"))
	})
	if got := historyRefs(t, s, visits[0].Basics.Premises); len(got) != 2 || got[0] != visits[0].Ref {
		t.Errorf("history: %v", got)
	}
	if _, err := s.VisitsAtPremises(context.Background(), visits[0].Basics.Premises); err == nil || !strings.Contains(err.Error(), string(visits[0].Ref)) {
		t.Errorf("VisitsAtPremises with a record that cannot be read: %v", err)
	}
}
