//go:build unix

package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"oic/domain"
)

// crashChild writes to the store until it is killed. Two workers create
// visits and edit the ones they made (planned start, postcode, team, state),
// each printing "ack <ref> <version>" only after the call has returned: a
// line on stdout is a promise that the save is on disk.
func crashChild(dir string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	if err := s.SaveOfficer(ctx, alice, domain.ProfileChange(nil, alice, alice, t0)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	// Visits left by an earlier round are edited too, so a reopened store
	// is written to again before the next kill.
	var old []*domain.Visit
	if err := s.ScanSummaries(ctx, 500, func(b []domain.Summary) error {
		for _, sum := range b {
			v, err := s.Visit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			old = append(old, v)
		}
		return nil
	}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var (
		wg   sync.WaitGroup
		fail = make(chan error, 2)
	)
	for w := range 2 {
		var mine []*domain.Visit
		for i, v := range old {
			if i%2 == w {
				mine = append(mine, v)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(w)))
			for n := 0; ; n++ {
				now := t0.Add(time.Duration(n) * time.Second)
				if len(mine) == 0 || rng.IntN(3) == 0 {
					start := t0.Add(time.Duration(1+rng.IntN(24*60)) * time.Hour)
					b := basics(teams[rng.IntN(len(teams))], postcodes[rng.IntN(len(postcodes))], start, alice)
					v, c, err := domain.NewVisit(b, alice, now)
					if err == nil {
						v, err = s.CreateVisit(ctx, v, c)
					}
					if err != nil {
						fail <- fmt.Errorf("create: %w", err)
						return
					}
					fmt.Printf("ack %s %d\n", v.Ref, v.Version)
					mine = append(mine, v)
					continue
				}
				i := rng.IntN(len(mine))
				v, c := edit(mine[i], alice, now, n)
				if v == nil { // finished with: stop editing it
					mine = append(mine[:i], mine[i+1:]...)
					continue
				}
				v, err := s.SaveVisit(ctx, v, c)
				if err != nil {
					fail <- fmt.Errorf("save: %w", err)
					return
				}
				fmt.Printf("ack %s %d\n", v.Ref, v.Version)
				mine[i] = v
			}
		}()
	}
	err = <-fail
	fmt.Fprintln(os.Stderr, err)
	return 2
}

// TestCrashLosesNoAcknowledgedSave kills a writing child process with
// SIGKILL at a random point, several times over the same store, and checks
// after each kill that every save the child acknowledged is there at its
// acknowledged version or later, and that every stored visit is whole.
// The newest value-log file, as the kill left it (zeros past its last
// entry, the last write perhaps torn), is never taken for damage, and
// Badger's opening cuts it where oic's walk of it ends (vlogtail.go).
func TestCrashLosesNoAcknowledgedSave(t *testing.T) {
	dir := t.TempDir()
	acked := map[domain.Ref]uint64{}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for round := range rounds {
		n := crashRound(t, dir, 200+rand.IntN(200), acked)
		vlog := newestLogPath(t, dir)
		end := lastLogEnd(readFile(t, vlog))
		if offs, _ := logEntries(readFile(t, vlog)); end.damaged || len(offs) == 0 {
			t.Fatalf("round %d: the newest value-log file, of %d entries, taken for damage: %s", round, len(offs), end.why)
		}
		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopening after the crash: %v", round, err)
		}
		if got := fileSize(t, vlog); got != end.cut {
			t.Errorf("round %d: Badger cut the newest value-log file (%d bytes) at %d; oic's walk ended at %d", round, end.size, got, end.cut)
		}
		stored := checkStore(t, s)
		for ref, ver := range acked {
			v := stored[ref]
			switch {
			case v == nil:
				t.Errorf("round %d: acknowledged visit %s is missing", round, ref)
			case v.Version < ver:
				t.Errorf("round %d: %s is at version %d, but version %d was acknowledged", round, ref, v.Version, ver)
			}
		}
		t.Logf("round %d: killed after %d acknowledgements; %d visits stored, all whole", round, n, len(stored))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// startChild starts this test binary again as a child with env added,
// running no test (TestMain reads env to know what to do), and returns it
// with its standard output to read and its standard error as it comes. A
// watchdog kills it after two minutes, so a hung child cannot hang the
// tests.
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

// crashRound runs the crash child on dir, kills it with SIGKILL once it has
// acknowledged at least killAfter saves, and records every acknowledgement
// it printed, including those still in the pipe when it died.
func crashRound(t *testing.T, dir string, killAfter int, acked map[domain.Ref]uint64) int {
	t.Helper()
	cmd, out, stderr := startChild(t, childModeEnv+"=crash", childDirEnv+"="+dir)

	n := 0
	record := func(line string) {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "ack" {
			t.Errorf("child printed %q", line)
			return
		}
		ver, err := strconv.ParseUint(f[2], 10, 64)
		if err != nil {
			t.Errorf("child printed %q", line)
			return
		}
		ref := domain.Ref(f[1])
		acked[ref] = max(acked[ref], ver)
		n++
	}
	sc := bufio.NewScanner(out)
	for n < killAfter && sc.Scan() {
		record(sc.Text())
	}
	if n < killAfter {
		cmd.Wait()
		t.Fatalf("the child stopped after %d acknowledgements: %s", n, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Lines already written were acknowledged before the kill.
	for sc.Scan() {
		record(sc.Text())
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed by SIGKILL: %v; %s", err, stderr.String())
	}
	return n
}

// TestLockedByOtherProcess opens a store held by a child process, then again
// after the child has crashed and left its LOCK file behind.
func TestLockedByOtherProcess(t *testing.T) {
	dir := t.TempDir()
	for _, how := range []string{"exit", "kill"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childModeEnv+"=hold", childDirEnv+"="+dir)
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		watchdog := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			cmd.Wait()
			t.Fatalf("child did not open the store: %v; %s", err, stderr.String())
		}
		if line != fmt.Sprintf("ready %d\n", cmd.Process.Pid) {
			t.Fatalf("child said %q", line)
		}

		s, err := Open(dir)
		var le *LockedError
		if !errors.As(err, &le) {
			if s != nil {
				s.Close()
			}
			t.Fatalf("Open of a store held by another process: %v, want *LockedError", err)
		}
		if le.Dir != dir || le.PID != cmd.Process.Pid {
			t.Errorf("LockedError = %+v, want dir %s pid %d", le, dir, cmd.Process.Pid)
		}
		msg := err.Error()
		for _, want := range []string{dir, strconv.Itoa(cmd.Process.Pid)} {
			if !strings.Contains(msg, want) {
				t.Errorf("message does not name %q: %s", want, msg)
			}
		}
		if strings.Contains(msg, "Badger") {
			t.Errorf("message leaks Badger's wording: %s", msg)
		}

		if how == "exit" {
			in.Close()
		} else {
			cmd.Process.Signal(syscall.SIGKILL)
		}
		cmd.Wait()
		watchdog.Stop()
		if how == "kill" {
			if _, err := os.Stat(DBDir(dir) + "/LOCK"); err != nil {
				t.Logf("no stale LOCK file after the kill (%v)", err)
			}
		}
		// Once the holder is gone (cleanly or not), the store opens.
		s, err = Open(dir)
		if err != nil {
			t.Fatalf("after the holder %s: %v", how, err)
		}
		s.Close()
	}
}
