package store

import (
	"context"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// TestAccessLog_AppendOnlyAcrossReopen (issue 17, DPA 2018 s.62): after
// the store is closed and opened again, entries go on from the last
// number, and those written before read back as they were; an entry's
// key already there is never written over.
func TestAccessLog_AppendOnlyAcrossReopen(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	o := domain.Officer{StaffNo: "IO0042", Name: "Sam Patel"}
	t0 := time.Date(2026, 11, 25, 5, 30, 0, 0, time.UTC)
	for i := range 3 {
		if err := s.LogAccess(ctx, domain.Opened(o, "SLN-2026-0001", t0.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.LogAccess(ctx, domain.Exported(o, "/tmp/x.csv", 2, t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	all, err := s.AccessEntries(ctx, domain.AccessFilter{})
	if err != nil || len(all) != 4 || all[3].Seq != 4 || all[3].File != "/tmp/x.csv" || all[0].Seq != 1 || !all[0].At.Equal(t0) {
		t.Fatalf("after reopening: %+v, %v", all, err)
	}

	// A key already there (the count gone wrong, as if another writer
	// had the folder) is kept, and the entry refused.
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(accessKey(5), []byte(`{"seq":5,"by":"X999","action":"opened"}`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.LogAccess(ctx, domain.Opened(o, "SLN-2026-0002", t0)); err == nil {
		t.Fatal("an entry was written over")
	}
	if got, _ := s.AccessEntries(ctx, domain.AccessFilter{Officer: "X999"}); len(got) != 1 {
		t.Fatalf("the entry there was changed: %+v", got)
	}
}

// BenchmarkLogAccess is what opening a visit adds for the access log:
// one entry written and synced, alone, and after the reads the visit
// screen makes (BenchmarkOpenVisit's with-trail), as if it were not a
// command of its own.
func BenchmarkLogAccess(b *testing.B) {
	s, ref, _ := largestDemoVisit(b)
	ctx := context.Background()
	o := domain.Officer{StaffNo: "IO0042", Name: "Sam Patel"}
	at := time.Date(2026, 11, 25, 5, 30, 0, 0, time.UTC)
	b.Run("entry", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.LogAccess(ctx, domain.Opened(o, ref, at)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open-and-log", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			openWithTrail(b, s, ref)
			if err := s.LogAccess(ctx, domain.Opened(o, ref, at)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
