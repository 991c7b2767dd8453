package sysio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestAtomicFileWriteBlocks: whole aligned chunks written direct (where
// the file system allows it, and through the cache where it does not,
// like tmpfs), then a short tail through the cache, read back as written.
func TestAtomicFileWriteBlocks(t *testing.T) {
	dirs := []string{t.TempDir()}
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		shm, err := os.MkdirTemp("/dev/shm", "oic-direct-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(shm) })
			dirs = append(dirs, shm)
		}
	}
	for _, dir := range dirs {
		path := filepath.Join(dir, "out.jsonl")
		f, err := CreateAtomic(path)
		if err != nil {
			t.Fatal(err)
		}
		var want []byte
		for i := range 3 {
			c := Aligned(1 << 20)
			c = c[:cap(c)]
			for j := range c {
				c[j] = byte('a' + (i+j)%26)
			}
			if _, err := f.WriteBlocks(c); err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			want = append(want, c...)
		}
		tail := []byte("the last, short part\n")
		if _, err := f.Write(tail); err != nil {
			t.Fatal(err)
		}
		want = append(want, tail...)
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read back %d bytes differing from the %d written", dir, len(got), len(want))
		}
	}
}

// TestCommitNew: a file committed new appears whole; one whose name is
// taken leaves the file there as it was, and no temporary file.
func TestCommitNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "key")
	for i, content := range []string{"first\n", "second\n"} {
		f, err := CreateAtomic(path)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
		err = f.CommitNew()
		if i == 0 && err != nil {
			t.Fatal(err)
		}
		if i == 1 && !errors.Is(err, fs.ErrExist) {
			t.Fatalf("committing over a file: %v, want fs.ErrExist", err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != "first\n" {
		t.Errorf("the file reads %q, want the first", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the one", len(entries))
	}
}
