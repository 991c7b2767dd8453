package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFullTmpfsNeverCrashes fills a small tmpfs from a child process:
// the store refuses the write that would leave too little room, the
// child closes the store and exits of its own accord (without the check
// Badger died of SIGBUS), and every draft it acknowledged reads back.
// Mounting needs root; elsewhere TestFullDiskRefusesWrites covers the
// refusal with a disk whose free space the test sets.
func TestFullTmpfsNeverCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a tmpfs")
	}
	mnt := t.TempDir()
	// Room for the store's first files and some 30 MB of drafts before
	// minFree is reached.
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, fmt.Sprintf("size=%d", minFree+48<<20)); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v); TestFullDiskRefusesWrites covers the refusal", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmounting %s: %v", mnt, err)
		}
	})
	dir := filepath.Join(mnt, "oic")
	cmd, out, stderr := startChild(t, childModeEnv+"=fill", childDirEnv+"="+dir)
	acked, refused := 0, false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		switch line := sc.Text(); {
		case strings.HasPrefix(line, "ack "):
			acked++
		case line == "refused":
			refused = true
		default:
			t.Errorf("child printed %q", line)
		}
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		t.Fatalf("the child ended with %v after %d drafts (refused: %v): %s", ee, acked, refused, stderr.String())
	}
	if err != nil || !refused {
		t.Fatalf("the child: %v, refused %v: %s", err, refused, stderr.String())
	}
	if acked < 10 {
		t.Errorf("only %d drafts were written before the disk was full", acked)
	}
	t.Logf("%d drafts of 256 KB written, then refused", acked)

	s, err := Open(dir)
	if err != nil {
		t.Fatalf("reopening the full store: %v", err)
	}
	defer s.Close()
	for n := range acked {
		if d, err := s.Draft(context.Background(), alice.StaffNo, fmt.Sprintf("note-%d", n)); err != nil || len(d) == 0 {
			t.Fatalf("draft %d of %d acknowledged: %d bytes, %v", n, acked, len(d), err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db", "MANIFEST")); err != nil {
		t.Error(err)
	}
}
