package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
	"oic/domain/domaintest"
)

// measuresStore is a store of this build holding the visits of
// domaintest.MeasuresFixture, and its folder.
func measuresStore(t *testing.T) (*Store, string, []*domain.Visit) {
	t.Helper()
	s, dir := openStore(t)
	out, err := domaintest.StoreMeasuresFixture(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir, out
}

func scanMeasures(t *testing.T, s *Store) map[domain.Ref]domain.VisitMeasures {
	t.Helper()
	out := map[domain.Ref]domain.VisitMeasures{}
	if err := s.ScanMeasures(context.Background(), 0, func(ms []domain.VisitMeasures) error {
		for _, m := range ms {
			out[m.Ref] = m
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// dropMeasures deletes every measures record and the mark, as a store
// written before format 6 holds neither.
func dropMeasures(txn *badger.Txn) error { return deleteUnder(txn, prefixMeasures, keyMeasures) }

// Every save writes the visit's measures with it, and a new save
// replaces them.
func TestMeasures_WrittenWithEachSave(t *testing.T) {
	s, _, vs := measuresStore(t)
	checkStore(t, s) // each visit's measures are its document's
	v := vs[3].Clone()
	c, err := v.Transition(domain.Cancelled, "intelligence withdrawn", domaintest.MeasuresOIC, v.Basics.PlannedStart.Add(-72*3600e9))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), v, c); err != nil {
		t.Fatal(err)
	}
	if got := scanMeasures(t, s)[v.Ref].State; got != domain.Cancelled {
		t.Fatalf("after cancelling, the measures say %s", got)
	}
	checkStore(t, s)
}

// A store written before format 6 has no measures: the first open of this
// oic makes every visit's, then raises the format, so an earlier oic,
// which would not keep them, refuses the folder.
func TestMeasures_BuiltOnFirstOpen(t *testing.T) {
	s, dir, vs := measuresStore(t)
	s.Close()
	s = reopenedAt(t, dir, 5, dropMeasures)
	checkStore(t, s)
	if got := len(scanMeasures(t, s)); got != len(vs) {
		t.Fatalf("%d measures after the first open, want %d", got, len(vs))
	}
	s.Close()
	if got := formatMark(t, dir); got != SchemaVersion {
		t.Errorf("format mark %d after making the measures, want %d", got, SchemaVersion)
	}
}

// Made by another count of the measures (domain.MeasuresVersion), or cut
// short before the mark was set, the records are all made again.
func TestMeasures_OtherVersionOrCutShortIsBuiltAgain(t *testing.T) {
	for _, c := range []struct {
		name string
		mark []byte // nil: none
	}{
		{"other version", binary.BigEndian.AppendUint64(nil, domain.MeasuresVersion+1)},
		{"cut short", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, dir, vs := measuresStore(t)
			s.Close()
			s = reopenedAt(t, dir, SchemaVersion, func(txn *badger.Txn) error {
				// One record as another count made it, one missing.
				if err := txn.Set(measuresKey(vs[0].Ref), []byte(`{"ref":"`+string(vs[0].Ref)+`","state":"planning"}`)); err != nil {
					return err
				}
				if err := txn.Delete(measuresKey(vs[1].Ref)); err != nil {
					return err
				}
				if c.mark == nil {
					return txn.Delete(keyMeasures)
				}
				return txn.Set(keyMeasures, c.mark)
			})
			checkStore(t, s)
		})
	}
}

// A record that cannot be read stops the scan with what is wrong and
// which visit's it is, rather than a figure quietly short; so does a
// sealed record whose figures were changed, though they read as JSON.
func TestMeasures_DamagedRecordNamed(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(b []byte) []byte
		want   string
	}{
		{"not json", func([]byte) []byte { return []byte("not json") }, ""},
		{"sealed, a figure changed", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"state":"`), []byte(`"state":"x`), 1)
		}, "changed outside oic, or damaged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, dir, vs := measuresStore(t)
			s.Close()
			s = reopenedAt(t, dir, SchemaVersion, func(txn *badger.Txn) error {
				return rewriteMeasures(txn, vs[2:3], c.damage)
			})
			err := s.ScanMeasures(context.Background(), 0, func([]domain.VisitMeasures) error { return nil })
			if err == nil || !strings.Contains(err.Error(), string(vs[2].Ref)) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("scan over a damaged record: %v", err)
			}
		})
	}
}

// A visit whose document cannot be read is left without measures when
// they are made again, rather than keep a record another count made.
func TestMeasures_UnreadableVisitLeftOut(t *testing.T) {
	s, dir, vs := measuresStore(t)
	s.Close()
	s = reopenedAt(t, dir, SchemaVersion, func(txn *badger.Txn) error {
		if err := txn.Set(visitKey(vs[2].Ref), []byte("not a document")); err != nil {
			return err
		}
		return txn.Set(keyMeasures, binary.BigEndian.AppendUint64(nil, domain.MeasuresVersion+1))
	})
	got := scanMeasures(t, s)
	if _, ok := got[vs[2].Ref]; ok || len(got) != len(vs)-1 {
		t.Fatalf("after making them again: %d records, %s's among them: %v", len(got), vs[2].Ref, ok)
	}
}
