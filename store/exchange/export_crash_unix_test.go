//go:build unix

package exchange

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"oic/store"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An export child: the test binary run again with OIC_EXPORT_CHILD set
// exports a store and, part-way, says so and waits to be killed. The
// package's init runs it in place of the tests (startChild).
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
	s, err := store.Open(dir)
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
	if _, err := ExportFile(context.Background(), s, out, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("finished")
	return 0
}

// TestExportKilledLeavesNoFile kills an export part-way (SIGKILL, no
// chance to clean up) and finds nothing under the export's name, its
// digest's or its signature's, only the hidden temporary files, the
// export's part-written.
func TestExportKilledLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenWith(dir, store.Options{Derive: Derivation()})
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
		if n == "visits.jsonl" || n == "visits.jsonl.sha256" || n == "visits.jsonl.sig" {
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
	for _, left := range []string{".visits.jsonl.sha256.partial-", ".visits.jsonl.sig.partial-"} {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, left) }) {
			t.Errorf("no temporary %s... file (%v): the signature and digest are written beside the export, whole or not at all", left, names)
		}
	}
	t.Logf("left %v; the temporary export had %d bytes", names, partial)

	// The export was only ever reading: the store opens and exports whole,
	// and the next export to the same file removes what the killed one
	// left.
	s, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := ExportFile(context.Background(), s, out, exportOpts(alice, FormatJSONL, t0))
	if err != nil || res.Count != 3*exportAfter {
		t.Errorf("export after the kill: %+v, %v", res, err)
	}
	if names := files(t, outDir); !slices.Equal(names, []string{"visits.jsonl", "visits.jsonl.sha256", "visits.jsonl.sig"}) {
		t.Errorf("after the next export the folder holds %v", names)
	}
}

// startChild starts this test binary again as a child with env added,
// running no test (the package's init reads env to know what to do), and
// returns it with its standard output to read and its standard error as
// it comes. A watchdog kills it after two minutes, so a hung child
// cannot hang the tests.
func startChild(t *testing.T, env ...string) (*exec.Cmd, io.Reader, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	stderr := new(bytes.Buffer)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	t.Cleanup(func() { watchdog.Stop() })
	return cmd, out, stderr
}
