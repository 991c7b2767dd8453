//go:build unix

package exchange

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"oic/store"
)

// An import child: the test binary run again with OIC_IMPORT_CHILD set
// imports a file into a store and, part-way through writing, says so and
// waits to be killed.
const (
	importChildEnv = "OIC_IMPORT_CHILD"
	importFileEnv  = "OIC_IMPORT_CHILD_FILE"
)

func init() {
	if dir := os.Getenv(importChildEnv); dir != "" {
		os.Exit(importChild(dir, os.Getenv(importFileEnv)))
	}
}

func importChild(dir, path string) int {
	s, err := store.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	opt := importOpts(t0.Add(time.Hour))
	opt.Progress = func(phase string, done, total int) {
		if phase == "writing" && done == 2000 {
			// Let the commits in flight land, then say so and wait.
			time.Sleep(300 * time.Millisecond)
			fmt.Printf("writing %d of %d\n", done, total)
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

// TestImportKilledResumes: an import killed part-way through writing
// (SIGKILL: no chance to take anything out) leaves a mark with the
// visits written so far; another file is refused until the same file,
// imported again, finishes it.
func TestImportKilledResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,000 visits")
	}
	laptop, _ := openStore(t)
	if err := loadClosed(t, laptop, 3000); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := exportTo(t, laptop, dir, "all.jsonl", exportOpts(alice, FormatJSONL, t0))
	centralDir := t.TempDir()

	cmd, out, stderr := startChild(t, importChildEnv+"="+centralDir, importFileEnv+"="+path)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "writing 2000 of 3000") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the child said %q (%v): %s", line, err, stderr.String())
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	central, err := store.Open(centralDir)
	if err != nil {
		t.Fatal(err)
	}
	defer central.Close()
	n, err := central.CountVisits(context.Background())
	if err != nil || n == 0 || n >= 3000 {
		t.Fatalf("%d visits written before the kill (%v): not part-way", n, err)
	}
	if m, err := central.ImportMarker(); err != nil || m == nil {
		t.Fatalf("no mark of the unfinished import (%v)", err)
	}
	other := exportTo(t, laptop, dir, "other.jsonl", exportOpts(bob, FormatJSONL, t0.Add(time.Minute)))
	if _, err := ImportFile(context.Background(), central, other, importOpts(t0.Add(2*time.Hour))); err == nil || !strings.Contains(err.Error(), "was interrupted") {
		t.Errorf("another file during an interrupted import: %v", err)
	}
	res, err := ImportFile(context.Background(), central, path, importOpts(t0.Add(3*time.Hour)))
	if err != nil || !res.Resumed || res.Added != 3000-n || res.Unchanged != n {
		t.Fatalf("finishing: %+v, %v", res, err)
	}
	if n, err := central.CountVisits(context.Background()); err != nil || n != 3000 {
		t.Errorf("%d visits, %v", n, err)
	}
	if m, err := central.ImportMarker(); err != nil || m != nil {
		t.Errorf("the import's mark is still there: %q (%v)", m, err)
	}
}
