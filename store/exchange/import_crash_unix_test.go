//go:build unix

package exchange

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"oic/store"
)

// An import child: the test binary run again with OIC_IMPORT_CHILD set
// imports a file into a store and, once it has written part of it, says
// so and waits to be killed.
const (
	importChildEnv  = "OIC_IMPORT_CHILD"
	importFileEnv   = "OIC_IMPORT_CHILD_FILE"
	importKillAfter = 2000
)

func init() {
	if dir := os.Getenv(importChildEnv); dir != "" {
		os.Exit(importChild(dir, os.Getenv(importFileEnv)))
	}
}

func importChild(dir, path string) int {
	s, err := store.OpenWith(dir, store.Options{ForImport: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	opt := importOpts(t0.Add(time.Hour))
	opt.Progress = func(phase string, done, total int) {
		if phase == "writing" && done >= importKillAfter {
			// What is handed to the writer commits in the background:
			// wait until the first transactions have landed (a fixed
			// pause was too short under the race detector).
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if n, err := s.CountVisits(context.Background()); err == nil && n > 0 {
					break
				}
			}
			fmt.Printf("written %d of %d\n", done, total)
			select {}
		}
	}
	if _, err := ImportFile(context.Background(), s, path, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("finished")
	return 0
}

// TestImportKilledHalfDone kills an import part-way (SIGKILL), then opens
// the store: it says an import is half done, refuses to export, leaving
// nothing, until the same file imported again finishes the import.
func TestImportKilledHalfDone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,000 visits")
	}
	laptop, _ := openStore(t)
	if err := loadClosed(t, laptop, 3000); err != nil {
		t.Fatal(err)
	}
	path := exportTo(t, laptop, t.TempDir(), "all visits.jsonl", exportOpts(alice, FormatJSONL, t0))
	central := t.TempDir()

	cmd, stdout, stderr := startChild(t, importChildEnv+"="+central, importFileEnv+"="+path)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "written ") {
		cmd.Wait()
		t.Fatalf("the child said %q (%v): %s", line, err, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	s, err := store.OpenWith(central, store.Options{Derive: Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	n, err := s.CountVisits(ctx)
	if err != nil || n == 0 || n >= 3000 {
		t.Fatalf("%d visits written before the kill (%v): not part-way", n, err)
	}
	p, err := PendingImportOf(s)
	if err != nil || p == nil || p.Path != path {
		t.Fatalf("the half-done import: %+v, %v", p, err)
	}
	if msg := p.String(); !strings.Contains(msg, "an import of "+path) || !strings.Contains(msg, "was interrupted and never finished") ||
		!strings.Contains(msg, "Import "+path+" again to finish it") {
		t.Errorf("it says: %s", msg)
	}

	outDir := t.TempDir()
	out := filepath.Join(outDir, "out.jsonl")
	for _, overwrite := range []bool{false, true} {
		opt := exportOpts(alice, FormatJSONL, t0.Add(2*time.Hour))
		opt.Overwrite = overwrite
		_, err = ExportFile(ctx, s, out, opt)
		if err == nil || !strings.Contains(err.Error(), "cannot export from "+central+" yet: an import of "+path) || !strings.Contains(err.Error(), "Nothing was written") {
			t.Errorf("export of a half-imported store: %v", err)
		}
	}
	if names := files(t, outDir); len(names) > 0 {
		t.Errorf("the refused export left %v", names)
	}

	// Another file waits until this one is finished.
	other := exportTo(t, laptop, t.TempDir(), "other.jsonl", exportOpts(bob, FormatJSONL, t0.Add(time.Minute)))
	if _, err := ImportFile(ctx, s, other, importOpts(t0.Add(2*time.Hour))); err == nil || !strings.Contains(err.Error(), "was interrupted") {
		t.Errorf("another file during an interrupted import: %v", err)
	}
	res, err := ImportFile(ctx, s, path, importOpts(t0.Add(3*time.Hour)))
	if err != nil || !res.Resumed || res.Added != 3000-n {
		t.Fatalf("importing again: %+v, %v", res, err)
	}
	if p, err := PendingImportOf(s); err != nil || p != nil {
		t.Errorf("after finishing: %+v, %v", p, err)
	}
	if res, err := ExportFile(ctx, s, out, exportOpts(alice, FormatJSONL, t0.Add(4*time.Hour))); err != nil || res.Count != 3000 {
		t.Errorf("export once the import is finished: %+v, %v", res, err)
	}
	t.Logf("killed after %d of 3000 visits", n)
}
