package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// BenchmarkCheckNewestLog is the walk of the newest value-log file that
// every opening makes before Badger's (vlogtail.go): on the demo's store
// (400 visits, as oic demo loads them), on a full one of 64 MiB (the most
// WithValueLogFileSize lets a file hold), and on the same left by a
// crash, with the 64 MiB of zeros Badger makes a new file with still past
// its records.
func BenchmarkCheckNewestLog(b *testing.B) {
	run := func(b *testing.B, vlog string) {
		b.SetBytes(fileSize(b, vlog))
		b.ReportAllocs()
		for b.Loop() {
			problem, err := checkNewestLog(filepath.Dir(vlog), filepath.Base(vlog))
			if err != nil || problem != "" {
				b.Fatal(problem, err)
			}
		}
	}
	b.Run("demo", func(b *testing.B) {
		dir := b.TempDir()
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		loadDemo(b, s, 400, nil)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		run(b, newestLogPath(b, dir))
	})
	full := fullLog(b)
	b.Run("64MiB", func(b *testing.B) { run(b, full) })
	// What the walk adds to: Badger's own opening of the store whose
	// newest file that is, which reads it through the same way (a fresh
	// copy each time, for an opening makes a new newest file).
	b.Run("64MiB-Badger-opening", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			dir := b.TempDir()
			entries, err := os.ReadDir(filepath.Dir(full))
			if err != nil {
				b.Fatal(err)
			}
			for _, e := range entries {
				writeFile(b, filepath.Join(dir, e.Name()), readFile(b, filepath.Join(filepath.Dir(full), e.Name())))
			}
			b.StartTimer()
			db, err := badger.Open(options_(dir, nil))
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
	b.Run("64MiB-after-a-crash", func(b *testing.B) {
		crashed := filepath.Join(b.TempDir(), filepath.Base(full))
		writeFile(b, crashed, readFile(b, full))
		if err := os.Truncate(crashed, 2*fileSize(b, full)); err != nil {
			b.Fatal(err)
		}
		run(b, crashed)
	})
}

// fullLog writes a value-log file of nearly 64 MiB with Badger, as oic
// opens it, of values that do not compress, and returns its path.
func fullLog(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	db, err := badger.Open(options_(dir, nil).WithSyncWrites(false))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	val := make([]byte, 2000)
	for i := 0; i < (63<<20)/(len(val)+40); i += 500 {
		wb := db.NewWriteBatch()
		for j := i; j < i+500; j++ {
			for k := range val {
				val[k] = byte(rng.Uint32())
			}
			if err := wb.Set(fmt.Appendf(nil, "v/%08d", j), bytes.Clone(val)); err != nil {
				b.Fatal(err)
			}
		}
		if err := wb.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	if len(paths) != 1 {
		b.Fatalf("want one value-log file, have %v", paths)
	}
	return paths[0]
}
