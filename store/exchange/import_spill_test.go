package exchange

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// The spill gives back each visit's records as they were added, in
// order, their keys and values each in memory of its own, and leaves no
// file behind.
func TestImportSpill(t *testing.T) {
	dir := t.TempDir()
	sp, err := newImportSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []store.VisitRecords
	for i := range 500 {
		var rs store.VisitRecords
		for j := range 1 + i%7 {
			v := bytes.Repeat([]byte{byte(i + j)}, (i*j*37)%5000) // empty values too
			rs.Set = append(rs.Set, store.Record{Key: []byte(fmt.Sprintf("k/%d/%d", i, j)), Value: v})
		}
		for j := range i % 3 { // keys to delete in some
			rs.Delete = append(rs.Delete, []byte(fmt.Sprintf("old/%d/%d", i, j)))
		}
		want = append(want, rs)
		sp.add(i*3, rs)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 && !sp.linked {
		t.Errorf("the working file is still in %s: %v", dir, ents)
	}
	n := 0
	var kept []store.VisitRecords
	err = sp.each(func(plan int, rs store.VisitRecords) error {
		if plan != n*3 {
			return fmt.Errorf("record %d is for plan %d, want %d", n, plan, n*3)
		}
		if len(rs.Set) != len(want[n].Set) || len(rs.Delete) != len(want[n].Delete) {
			return fmt.Errorf("record %d has %d records and %d deletes, want %d and %d", n, len(rs.Set), len(rs.Delete), len(want[n].Set), len(want[n].Delete))
		}
		for j, r := range rs.Set {
			if !bytes.Equal(r.Key, want[n].Set[j].Key) || !bytes.Equal(r.Value, want[n].Set[j].Value) {
				return fmt.Errorf("record %d entry %d: %q=%d bytes, want %q=%d bytes", n, j, r.Key, len(r.Value), want[n].Set[j].Key, len(want[n].Set[j].Value))
			}
		}
		for j, k := range rs.Delete {
			if !bytes.Equal(k, want[n].Delete[j]) {
				return fmt.Errorf("record %d delete %d: %q, want %q", n, j, k, want[n].Delete[j])
			}
		}
		kept = append(kept, store.VisitRecords{Set: slices.Clone(rs.Set), Delete: slices.Clone(rs.Delete)})
		n++
		return nil
	})
	if err != nil || n != 500 {
		t.Fatalf("read back %d records: %v", n, err)
	}
	for i, rs := range kept { // not overwritten by the records after
		if !bytes.Equal(rs.Set[0].Key, want[i].Set[0].Key) {
			t.Fatalf("record %d was overwritten", i)
		}
	}
	sp.close()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("the working file outlived the import: %v", ents)
	}
}

// A working file left by a killed import (where an open file cannot be
// unlinked) goes with the next import's.
func TestImportSpillStale(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".import-123.spill")
	if err := os.WriteFile(stale, []byte("left over"), 0o600); err != nil {
		t.Fatal(err)
	}
	sp, err := newImportSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the stale working file is still there: %v", err)
	}
}

func TestImportSpillDamaged(t *testing.T) {
	sp, err := newImportSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	sp.add(0, store.VisitRecords{Set: []store.Record{{Key: []byte("k"), Value: []byte("value")}}})
	sp.w.Flush()
	// The record's size says 2 bytes more than its entries hold.
	sp.f.WriteAt([]byte{0, 0, 1, 10, 1, 'k', 7}, 0)
	err = sp.each(func(int, store.VisitRecords) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "working file") {
		t.Errorf("a damaged record: %v", err)
	}
}

// A working file that cannot be written (a full disk) says so, and what
// the import needs, rather than that visits went missing.
func TestImportSpillUnwritable(t *testing.T) {
	dir := t.TempDir()
	sp, err := newImportSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	sp.f.Close() // every write fails from here
	big := bytes.Repeat([]byte("x"), 64<<10)
	for i := range 40 { // past the 1 MB the writer buffers
		sp.add(i, store.VisitRecords{Set: []store.Record{{Key: []byte("k"), Value: big}}})
	}
	err = sp.each(func(int, store.VisitRecords) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cannot write the import's working file in "+dir) || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("an unwritable working file: %v", err)
	}

	// The write says the same, not that the check made too few visits.
	s, _ := openStore(t)
	chk := &importCheck{sha256: strings.Repeat("ab", 32)}
	for i := range 41 {
		chk.plans = append(chk.plans, visitPlan{line: i + 2, ref: domain.FormatRef("SLN", 2026, uint32(i+1)), action: actAdd})
	}
	before := storeState(t, s)
	err = writeImport(context.Background(), s, sp, "x.jsonl", chk, importOpts(t0))
	if err == nil || !strings.Contains(err.Error(), "cannot write the import's working file") {
		t.Errorf("writing from an unwritable working file: %v", err)
	}
	if storeState(t, s) != before {
		t.Error("the store changed")
	}
}

// spillBytes is everything sp's file holds, sealed chunks and all.
func spillBytes(t *testing.T, sp *importSpill) []byte {
	t.Helper()
	if err := sp.w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, err := sp.f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, fi.Size())
	if _, err := sp.f.ReadAt(b, 0); err != nil {
		t.Fatal(err)
	}
	return b
}

// Issue 18: the working file of a real import holds the visits it will
// write, and none of what identifies anyone in them is on disk in plain:
// not a subject's name or date of birth, nor an officer's name, though
// the records it holds are kept S2-compressed (whose literals are the
// plain bytes).
func TestImportSpillHoldsNothingPlain(t *testing.T) {
	laptop, central, _ := twoStores(t)
	ctx := context.Background()
	dir := t.TempDir()
	exp, err := ExportFile(ctx, laptop, filepath.Join(dir, "out.jsonl"), exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := os.ReadFile(exp.Path)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{"Arben Hoxha", "Dritan Kola", "1994-04-03", "Alice Ames", "seen working in the kitchen"}
	for _, s := range secrets {
		if !bytes.Contains(plain, []byte(s)) {
			t.Fatalf("the export does not hold %q: the test would prove nothing", s)
		}
	}
	opt := importOpts(t0.Add(300 * time.Hour))
	sig, err := readImportSig(exp.Path, central.Dir(), opt)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exp.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sp, err := newImportSpill(central.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	chk, err := checkImport(ctx, central, f, exp.Path, exp.SHA256, sig, sp, opt)
	if err != nil || len(chk.problems) > 0 || sp.n != 3 {
		t.Fatalf("check: %v %v, %d visits in the working file", err, chk.problems, sp.n)
	}
	held := spillBytes(t, sp)
	for _, s := range secrets {
		if bytes.Contains(held, []byte(s)) {
			t.Errorf("the working file holds %q in plain", s)
		}
	}
	// And it still reads back, to be written.
	if err := writeImport(ctx, central, sp, exp.Path, chk, opt); err != nil {
		t.Fatal(err)
	}
	if v := mustVisit(t, central, chk.plans[1].ref); v.Ref != chk.plans[1].ref {
		t.Errorf("read back %s", v.Ref)
	}
}

// A working file changed on disk while the import runs (a byte of a
// sealed chunk, or a chunk cut short) is refused as damaged, never read
// back as records.
func TestImportSpillTampered(t *testing.T) {
	for _, tc := range []struct {
		name string
		harm func(f *os.File, size int64)
	}{
		{"a byte flipped", func(f *os.File, size int64) {
			b := []byte{0}
			f.ReadAt(b, size/2)
			f.WriteAt([]byte{b[0] ^ 0x40}, size/2)
		}},
		{"cut short", func(f *os.File, size int64) { f.Truncate(size - 100) }},
		{"its chunks swapped", func(f *os.File, size int64) {
			b := make([]byte, size)
			f.ReadAt(b, 0)
			n := 4 + int(binary.BigEndian.Uint32(b))
			f.WriteAt(append(slices.Clone(b[n:]), b[:n]...), 0)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := newImportSpill(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer sp.close()
			val := bytes.Repeat([]byte("x"), 300<<10)
			for i := range 5 { // two chunks at least
				sp.add(i, store.VisitRecords{Set: []store.Record{{Key: []byte("k"), Value: val}}})
			}
			tc.harm(sp.f, int64(len(spillBytes(t, sp))))
			read := 0
			err = sp.each(func(int, store.VisitRecords) error { read++; return nil })
			if err == nil || !strings.Contains(err.Error(), "working file") {
				t.Errorf("read back %d visits: %v", read, err)
			}
		})
	}
}

// BenchmarkImportSpill writes and reads back a working file of visits'
// records about as large as the demo's (20 KB a visit, S2-compressed
// documents and trails being little more compressible), sealed as the
// import keeps it; "plain" is the same bytes through a plain buffered
// file, what sealing adds to.
func BenchmarkImportSpill(b *testing.B) {
	const visits = 2000
	val := make([]byte, 20<<10)
	for i := range val {
		val[i] = byte(i*7919 + i>>5)
	}
	recs := store.VisitRecords{Set: []store.Record{{Key: []byte("d/SLN-2026-0001"), Value: val}}}
	b.Run("sealed", func(b *testing.B) {
		b.SetBytes(visits * int64(len(val)))
		for b.Loop() {
			sp, err := newImportSpill(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			for i := range visits {
				sp.add(i, recs)
			}
			if err := sp.each(func(int, store.VisitRecords) error { return nil }); err != nil {
				b.Fatal(err)
			}
			sp.close()
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.SetBytes(visits * int64(len(val)))
		for b.Loop() {
			f, err := os.CreateTemp(b.TempDir(), "plain")
			if err != nil {
				b.Fatal(err)
			}
			w := bufio.NewWriterSize(f, spillChunk)
			for range visits {
				w.Write(val)
			}
			w.Flush()
			f.Seek(0, io.SeekStart)
			r := bufio.NewReaderSize(f, spillChunk)
			for range visits {
				io.ReadFull(r, val)
			}
			f.Close()
		}
	})
}
