package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// openChild opens the store in dir and reads every visit and its audit
// trail, printing what it met: "refused: <error>" if the store was not
// opened, then a line for each visit that could not be read or read as
// less than it is, then "read N visits, M unreadable". The damage tests
// run it as a child process, so a panic of Badger's in a goroutine of its
// own ends the child, not the tests.
func openChild(dir string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Printf("refused: %v\n", err)
		return 0
	}
	ctx := context.Background()
	n, bad := 0, 0
	err = s.ScanSummaries(ctx, 500, func(b []domain.Summary) error {
		for _, sum := range b {
			n++
			v, err := s.Visit(ctx, sum.Ref)
			if err != nil {
				bad++
				fmt.Printf("visit: %v\n", err)
				continue
			}
			trail, err := s.Audit(ctx, sum.Ref)
			switch {
			case err != nil:
				bad++
				fmt.Printf("trail: %v\n", err)
			case v.Ref != sum.Ref || v.Version == 0:
				bad++
				fmt.Printf("empty: %s read as %q version %d\n", sum.Ref, v.Ref, v.Version)
			case uint64(len(trail)) != v.Version:
				bad++
				fmt.Printf("empty: %s at version %d has %d audit entries\n", sum.Ref, v.Version, len(trail))
			}
		}
		return nil
	})
	if err != nil {
		fmt.Printf("scan: %v\n", err)
	}
	fmt.Printf("read %d visits, %d unreadable\n", n, bad)
	if err := s.Close(); err != nil {
		fmt.Printf("close: %v\n", err)
	}
	return 0
}

// fileStates is the name, size and SHA-256 of every file in dir.
func fileStates(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%d bytes, %x", len(b), sha256.Sum256(b))
	}
	return out
}

// copyDir copies the files of the folder from, and of its folders, into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A folder Badger has only begun to make (its lock, a MANIFEST being
// written) holds nothing to lose: it opens as a new store.
func TestBarelyMadeFolderOpens(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(DBDir(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"LOCK", "MANIFEST-REWRITE"} {
		if err := os.WriteFile(filepath.Join(DBDir(dir), name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("a folder holding only Badger's lock and a half-made MANIFEST: %v", err)
	}
	s.Close()
}

// The refusal is a *DamagedError naming the data folder and the file,
// and a store refused is one a second look refuses the same way.
func TestDamagedErrorNamesFolderAndFile(t *testing.T) {
	s, dir := openStore(t)
	create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	s.Close()
	if err := os.Remove(filepath.Join(DBDir(dir), "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, err := Open(dir)
		var de *DamagedError
		if !errors.As(err, &de) {
			t.Fatalf("Open without a MANIFEST: %v, want *DamagedError", err)
		}
		if de.Dir != dir || de.File != filepath.Join("db", "MANIFEST") {
			t.Errorf("DamagedError = %+v", de)
		}
		msg := err.Error()
		for _, want := range []string{dir, "db/MANIFEST is missing", "Nothing was changed", "Restore the data folder from a backup"} {
			if !strings.Contains(msg, filepath.FromSlash(want)) {
				t.Errorf("message lacks %q: %s", want, msg)
			}
		}
	}
}
