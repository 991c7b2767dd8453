package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
	"oic/internal/demo"
)

// largestDemoVisit loads 300 demo visits into a new store, as oic demo
// would, and returns the closed one with the largest document: the worst
// a visit screen opens.
func largestDemoVisit(b *testing.B) (*Store, domain.Ref, int) {
	b.Helper()
	s, _ := openStore(b)
	var ref domain.Ref
	size := 0
	loadDemo(b, s, 300, func(v *domain.Visit) {
		if doc, _ := json.Marshal(v); v.State == domain.Closed && len(doc) > size {
			ref, size = v.Ref, len(doc)
		}
	})
	return s, ref, size
}

// loadDemo loads the given number of demo visits, and their officers,
// into s as oic demo would, showing each visit to seen, if set.
func loadDemo(tb testing.TB, s *Store, visits int, seen func(*domain.Visit)) {
	tb.Helper()
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	err = demo.Generate(demo.Options{Visits: visits, Seed: 1, Now: time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)}, func(r demo.Record) error {
		if r.Officer != nil {
			return bw.AddOfficer(*r.Officer, domain.ProfileChange(nil, *r.Officer, *r.Officer, t0))
		}
		if seen != nil {
			seen(r.Visit)
		}
		return bw.AddVisit(r.Visit, r.Changes)
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkOpenVisit is what opening a visit reads from the store, on the
// largest closed demo visit: the visit with its seal checked (one more
// read, one hash), the same read unchecked as before issue 14, and the
// visit with its audit trail, as the visit screen reads them.
func BenchmarkOpenVisit(b *testing.B) {
	s, ref, size := largestDemoVisit(b)
	ctx := context.Background()
	trail, err := s.Audit(ctx, ref)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: a document of %d bytes, a trail of %d entries", ref, size, len(trail))
	b.Run("checked", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Visit(ctx, ref); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unchecked", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.db.View(func(txn *badger.Txn) error { _, err := getVisit(txn, ref); return err }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("with-trail", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			openWithTrail(b, s, ref)
		}
	})
}

// openWithTrail reads what the visit screen reads: the visit, and its
// audit trail, verified.
func openWithTrail(b *testing.B, s *Store, ref domain.Ref) {
	ctx := context.Background()
	if _, err := s.Visit(ctx, ref); err != nil {
		b.Fatal(err)
	}
	trail, err := s.Audit(ctx, ref)
	if err != nil {
		b.Fatal(err)
	}
	if err := domain.VerifyChain(trail); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCheckRecords is the register's check of a screenful of rows
// (38, at 40 lines): a document read and hashed each.
func BenchmarkCheckRecords(b *testing.B) {
	s, _, _ := largestDemoVisit(b)
	var refs []domain.Ref
	if err := s.ScanSummaries(context.Background(), 38, func(sums []domain.Summary) error {
		for _, sum := range sums {
			refs = append(refs, sum.Ref)
		}
		return errStop
	}); err != nil && err != errStop {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		bad, err := s.CheckRecords(context.Background(), refs)
		if err != nil || len(bad) != 0 {
			b.Fatal(bad, err)
		}
	}
}

var errStop = errorString("stop")

type errorString string

func (e errorString) Error() string { return string(e) }
