package exchange

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
