package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The walk of the newest value-log file before opening (vlogtail.go)
// needs no key: Badger encrypts an entry's key and value, not its header
// or checksum. On an encrypted store it reads every entry of a clean
// file, and an entry changed in the middle of the file is still refused,
// nothing changed.
func TestNewestLogOfAnEncryptedStore(t *testing.T) {
	s, v, dir := openEncrypted(t)
	for i := range 3 {
		create(t, s, basics("SLN", "E1 6AN", t0.Add(time.Duration(48+i)*time.Hour), alice), alice, t0)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	dbDir := DBDir(dir)
	names, _ := filepath.Glob(filepath.Join(dbDir, "*.vlog"))
	var bases []string
	for _, n := range names {
		bases = append(bases, filepath.Base(n))
	}
	name, ok := newestLog(bases)
	if !ok {
		t.Fatal("no value-log file")
	}
	// The newest file may be a new, empty one: the records are in the
	// one before it, which is then walked as it would be if newest.
	newest := name
	path := filepath.Join(dbDir, name)
	b := readFile(t, path)
	offs, lens := logEntries(b)
	if len(offs) < 2 {
		for _, n := range names {
			if c := readFile(t, n); len(c) > len(b) {
				path, b = n, c
			}
		}
		name = filepath.Base(path)
		offs, lens = logEntries(b)
	}
	if len(offs) < 2 || offs[len(offs)-1]+lens[len(lens)-1] != len(b) {
		t.Fatalf("the walk does not read the encrypted file through: %d entries", len(offs))
	}
	if problem, err := checkNewestLog(dbDir, name); err != nil || problem != "" {
		t.Fatalf("a clean encrypted file judged damaged: %q, %v", problem, err)
	}
	b[offs[0]+lens[0]/2] ^= 0xff
	writeFile(t, path, b)
	if problem, err := checkNewestLog(dbDir, name); err != nil || !strings.Contains(problem, "damaged entry") {
		t.Fatalf("an entry changed in an encrypted file went unseen: %q, %v", problem, err)
	}
	// Opening walks only the newest file: it refuses the store if that is
	// the one changed.
	if name == newest {
		_, err := OpenWith(dir, Options{Vault: v})
		var de *DamagedError
		if !errors.As(err, &de) {
			t.Fatalf("opened over a damaged entry: %v", err)
		}
	}
}
