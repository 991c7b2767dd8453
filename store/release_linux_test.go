package store

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// residentLog is how many kilobytes of the value-log files of the data
// folder dir this process holds resident, from /proc/self/smaps.
func residentLog(t *testing.T, dir string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	prefix := DBDir(dir) + string(filepath.Separator)
	ours, kb := false, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			// A mapping's first line: its range, then its file, if any.
			ours = len(fields) >= 6 && strings.HasPrefix(fields[5], prefix) && strings.HasSuffix(fields[5], ".vlog")
		case ours && len(fields) == 3 && fields[0] == "Rss:":
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	return kb
}

// Opening a store, Badger reads its newest value-log file through; the
// open lets those pages go, so a folder just loaded (its newest file
// tens of megabytes) is not held resident by every command that opens it.
func TestOpen_LeavesNoValueLogResident(t *testing.T) {
	s, dir, _ := measuresStore(t) // documents in the value log
	s.Close()
	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if kb := residentLog(t, dir); kb != 0 {
		t.Fatalf("after opening, %d KB of the value log is resident; want none", kb)
	}
}

// A measures record over Badger's value threshold is in the value log.
// ReleasePages, which oic measures calls after each batch, lets go of
// the pages reading them mapped; the records are read the same after.
func TestReleasePages_AfterScanMeasures(t *testing.T) {
	s, dir, vs := measuresStore(t)
	want := scanMeasures(t, s)
	// Each record padded past the threshold with spaces, which JSON
	// ignores: 64 KiB each, so that each is on its own pages.
	pad := bytes.Repeat([]byte{' '}, 64<<10)
	if err := s.db.Update(func(txn *badger.Txn) error {
		// Written as before format 8 (plain JSON), which is read the
		// same: spaces would break a sealed record's seal.
		return rewriteMeasures(txn, vs, func(b []byte) []byte { return append(readMade(b).json, pad...) })
	}); err != nil {
		t.Fatal(err)
	}
	s.ReleasePages()
	got := scanMeasures(t, s)
	if kb := residentLog(t, dir); kb < 64*len(vs) {
		t.Fatalf("reading %d records of 64 KiB from the value log left %d KB of it resident; want them all", len(vs), kb)
	}
	s.ReleasePages()
	if kb := residentLog(t, dir); kb != 0 {
		t.Fatalf("after ReleasePages, %d KB of the value log is resident; want none", kb)
	}
	if len(got) != len(want) {
		t.Fatalf("%d records read, want %d", len(got), len(want))
	}
	for ref, m := range want {
		if !reflect.DeepEqual(got[ref], m) {
			t.Fatalf("%s: read %+v, want %+v", ref, got[ref], m)
		}
	}
	if s.ReleasePages(); len(scanMeasures(t, s)) != len(vs) {
		t.Fatal("the records cannot be read again after ReleasePages")
	}
}
