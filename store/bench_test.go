package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"oic/domain"
)

// The benchmarks share one store of benchN synthetic visits (the scale
// DOMAIN.md gives: over fifteen years of illegal-working visits), built
// once per run with BulkWriter, or reused from OIC_BENCH_DIR if set (built
// there on first use and kept).
const benchN = 100_000

var bench struct {
	once sync.Once
	dir  string
	tmp  bool
	err  error
}

func cleanupBench() {
	if bench.tmp {
		os.RemoveAll(bench.dir)
	}
	cleanupEncryptedBench()
}

// benchDir returns the folder of the shared 100k store.
func benchDir(b *testing.B) string {
	b.Helper()
	bench.once.Do(func() {
		if d := os.Getenv("OIC_BENCH_DIR"); d != "" {
			bench.dir = d
		} else {
			bench.dir, bench.err = os.MkdirTemp("", "oic-bench-")
			bench.tmp = bench.err == nil
		}
		if bench.err != nil {
			return
		}
		s, err := Open(bench.dir)
		if err != nil {
			bench.err = err
			return
		}
		n, err := s.CountVisits(context.Background())
		if err != nil || n >= benchN {
			s.Close()
			bench.err = err
			return
		}
		start := time.Now()
		bulkLoad(b, s, benchN)
		b.Logf("built a store of %d visits in %s, in %s", benchN, time.Since(start).Round(time.Millisecond), bench.dir)
		// Settle the LSM tree, so the benchmarks measure a store in steady
		// use rather than one still compacting its bulk load (which
		// doubles ScanSummaries for the first few seconds).
		s.Close()
		if s, err = Open(bench.dir); err != nil {
			bench.err = err
			return
		}
		bench.err = errors.Join(s.db.Flatten(2), s.Close())
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.dir
}

func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(benchDir(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkSaveVisit is one durable save of an existing visit in a store
// of 100,000.
func BenchmarkSaveVisit(b *testing.B) { saveVisits(b, openBench(b)) }

// saveVisits saves one visit of s again and again, renamed each time.
func saveVisits(b *testing.B, s *Store) {
	ctx := context.Background()
	v, err := s.Visit(ctx, "SLN-2018-0001")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		nv := v.Clone()
		bs := nv.Basics
		bs.Premises.Name = fmt.Sprintf("Renamed %d", i)
		c, err := nv.EditBasics(bs, alice, v.UpdatedAt.Add(time.Second))
		if err != nil {
			b.Fatal(err)
		}
		if v, err = s.SaveVisit(ctx, nv, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateVisit is one durable create in a store of 100,000.
func BenchmarkCreateVisit(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		v, c, err := domain.NewVisit(basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.CreateVisit(ctx, v, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanSummaries reads every summary, as the register does at start.
func BenchmarkScanSummaries(b *testing.B) {
	scan := func(b *testing.B, s *Store, want int) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			if err := s.ScanSummaries(ctx, 1000, func(batch []domain.Summary) error {
				n += len(batch)
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			if n < want {
				b.Fatalf("%d summaries, want %d", n, want)
			}
		}
	}
	b.Run("1k", func(b *testing.B) {
		s, _ := openStore(b)
		bulkLoad(b, s, 1000)
		scan(b, s, 1000)
	})
	b.Run("100k", func(b *testing.B) {
		scan(b, openBench(b), benchN)
	})
}

// BenchmarkOpen opens and closes a store of 100,000 visits.
func BenchmarkOpen(b *testing.B) {
	dir := benchDir(b)
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckFiles is the look over a store's files that Open makes
// before Badger opens them (damage.go), on the store of 100,000 visits.
func BenchmarkCheckFiles(b *testing.B) {
	dir := benchDir(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := checkFiles(dir, nil); err != nil {
			b.Fatal(err)
		}
	}
}
