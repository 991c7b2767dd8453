//go:build unix

package store

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
)

// An export child: the test binary run again with OIC_EXPORT_CHILD set
// exports a store and, part-way, says so and waits to be killed. (The
// store's TestMain runs the other children; this one needs nothing of it.)
const (
	exportChildEnv = "OIC_EXPORT_CHILD"
	exportOutEnv   = "OIC_EXPORT_CHILD_OUT"
	exportAfter    = 100
)

func init() {
	if dir := os.Getenv(exportChildEnv); dir != "" {
		os.Exit(exportChild(dir, os.Getenv(exportOutEnv)))
	}
}

func exportChild(dir, out string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	progressEvery = 1
	opt := exportOpts(alice, FormatJSONL, t0)
	opt.Progress = func(done, total int) {
		if done == exportAfter {
			// Give the chunks handed on (a megabyte each) time to reach
			// the file, then say so and wait to be killed.
			time.Sleep(300 * time.Millisecond)
			fmt.Printf("written %d of %d\n", done, total)
			select {}
		}
	}
	if _, err := s.ExportFile(context.Background(), out, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("finished")
	return 0
}

// TestExportKilledLeavesNoFile kills an export part-way (SIGKILL, no
// chance to clean up) and finds nothing under the export's name or its
// digest's, only the hidden temporary file, part-written.
func TestExportKilledLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadClosed(t, s, 3*exportAfter); err != nil {
		t.Fatal(err)
	}
	s.Close()
	outDir := t.TempDir()
	out := filepath.Join(outDir, "visits.jsonl")

	cmd, stdout, stderr := startChild(t, exportChildEnv+"="+dir, exportOutEnv+"="+out)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, fmt.Sprintf("written %d of %d", exportAfter, 3*exportAfter)) {
		cmd.Wait()
		t.Fatalf("the child said %q (%v): %s", line, err, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	names := files(t, outDir)
	for _, n := range names {
		if n == "visits.jsonl" || n == "visits.jsonl.sha256" {
			t.Errorf("a killed export left %s under its final name", n)
		}
	}
	var partial int64
	for _, n := range names {
		if strings.HasPrefix(n, ".visits.jsonl.partial-") {
			fi, err := os.Stat(filepath.Join(outDir, n))
			if err != nil {
				t.Fatal(err)
			}
			partial = fi.Size()
		}
	}
	if partial == 0 {
		t.Errorf("no part-written temporary file (%v): the kill did not come part-way", names)
	}
	t.Logf("left %v; the temporary export had %d bytes", names, partial)

	// The export was only ever reading: the store opens and exports whole.
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.ExportFile(context.Background(), out, exportOpts(alice, FormatJSONL, t0))
	if err != nil || res.Count != 3*exportAfter {
		t.Errorf("export after the kill: %+v, %v", res, err)
	}
}
