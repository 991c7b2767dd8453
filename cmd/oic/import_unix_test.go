//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 14, section 5: oic import takes regular files only. A named pipe
// (which blocked the import waiting for a writer), /dev/zero (read
// without end) or a folder is refused at once, before anything is opened
// or read, saying what it is, and no data folder is made.
func TestImportTakesRegularFilesOnly(t *testing.T) {
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, "visits.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(tmp, "folder.jsonl")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	// A regular file whose digest file is a pipe.
	withPipe := filepath.Join(tmp, "ok.jsonl")
	if err := os.WriteFile(withPipe, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(withPipe+".sha256", 0o600); err != nil {
		t.Fatal(err)
	}
	// A link to a device is a device.
	zero := filepath.Join(tmp, "zero.jsonl")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, kind string }{
		{fifo, "a named pipe (FIFO)"},
		{"/dev/zero", "a device"},
		{zero, "a device"},
		{folder, "a folder"},
		{withPipe, "a named pipe (FIFO)"},
	} {
		data := filepath.Join(tmp, "data")
		type result struct {
			code         int
			stdout, errs string
		}
		done := make(chan result, 1)
		go func() {
			code, out, errs := runOIC(t, context.Background(), "import", "--as", "CR0001", "--data-dir", data, c.path)
			done <- result{code, out, errs}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(2 * time.Second):
			t.Fatalf("import %s: still waiting after 2 s", c.path)
		}
		if r.code != 1 || !strings.Contains(r.errs, "it is "+c.kind+", not a file") || !strings.Contains(r.errs, "nothing was imported") {
			t.Errorf("import %s: exit %d\n%s%s", c.path, r.code, r.stdout, r.errs)
		}
		if _, err := os.Stat(data); err == nil {
			t.Errorf("import %s made the data folder", c.path)
		}
	}
}
