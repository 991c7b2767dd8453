package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// A store written at format 6 has no officers' index: the first open of
// this oic files every visit under the officers taking part, with its
// measures, then raises the format, so an earlier oic, which would not
// keep the index, refuses the folder; a stray key an earlier index left
// (an officer since taken off) goes.
func TestPartsIndex_BuiltOnFirstOpen(t *testing.T) {
	s, dir, vs := measuresStore(t)
	s.Close()
	s = reopenedAt(t, dir, 6, func(txn *badger.Txn) error {
		if err := deleteUnder(txn, prefixParts); err != nil {
			return err
		}
		return txn.Set(partKey("GONE01", vs[0].Ref), nil)
	})
	checkStore(t, s) // every visit under each officer its document names, and no other
	for _, v := range vs {
		for _, sn := range v.Parts() {
			refs, err := s.PartIn(context.Background(), sn)
			if err != nil || !slices.Contains(refs, v.Ref) {
				t.Fatalf("PartIn(%s) = %v, %v: %s missing", sn, refs, err, v.Ref)
			}
		}
	}
	if refs, err := s.PartIn(context.Background(), "GONE01"); err != nil || len(refs) != 0 {
		t.Fatalf("a stray key of an earlier index: PartIn = %v, %v", refs, err)
	}
	s.Close()
	if got := formatMark(t, dir); got != SchemaVersion {
		t.Errorf("format mark %d after making the officers' index, want %d", got, SchemaVersion)
	}
}

// A store written at format 7 holds its measures records as plain JSON,
// sealed to nothing: the first open of this oic makes each again sealed
// to its document (measures_seal.go), then raises the format, so an
// earlier oic, which would misread them, refuses the folder; oic verify
// then takes each as its document's without decoding the document.
func TestMeasuresSealedOnFirstOpen(t *testing.T) {
	s, dir, vs := measuresStore(t)
	want := scanMeasures(t, s)
	s.Close()
	s = reopenedAt(t, dir, 7, func(txn *badger.Txn) error {
		return rewriteMeasures(txn, vs, func(b []byte) []byte { return readMade(b).json })
	})
	checkStore(t, s) // each record sealed to its document
	if got := scanMeasures(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("measures after sealing:\n%v\nwant\n%v", got, want)
	}
	s.Close()
	if got := formatMark(t, dir); got != SchemaVersion || SchemaVersion != 8 {
		t.Errorf("format mark %d after sealing the measures, want 8", got)
	}
}

// rewriteMeasures stores f of each of vs's measures records in its place.
func rewriteMeasures(txn *badger.Txn, vs []*domain.Visit, f func([]byte) []byte) error {
	for _, v := range vs {
		item, err := txn.Get(measuresKey(v.Ref))
		if err != nil {
			return err
		}
		b, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if err := txn.Set(measuresKey(v.Ref), f(b)); err != nil {
			return err
		}
	}
	return nil
}
