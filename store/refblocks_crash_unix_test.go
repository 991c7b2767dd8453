//go:build unix

package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"

	"oic/domain"
)

// TestRefBlocksCrashNeverHandsNumbersTwice kills a child reserving blocks
// and creating visits at a random point, several times over one store,
// and checks after each kill that every block it printed is recorded as
// issued, that no two blocks share a number, and that no visit of the
// server's own has a number of a block; then reserves again on the
// reopened store, which must start past them all.
func TestRefBlocksCrashNeverHandsNumbersTwice(t *testing.T) {
	dir := t.TempDir()
	var given []domain.RefBlock // every block a laptop may have been given
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for round := range rounds {
		cmd, out, stderr := startChild(t, childModeEnv+"=reserve", childDirEnv+"="+dir)
		sc := bufio.NewScanner(out)
		killAt, n := 50+rand.IntN(150), 0
		record := func(line string) {
			var first, last uint32
			if _, err := fmt.Sscanf(line, "block %d %d", &first, &last); err == nil {
				given = append(given, domain.RefBlock{Team: "SLN", Year: 2026, First: first, Last: last})
			} else if !strings.HasPrefix(line, "visit ") {
				t.Errorf("child printed %q", line)
			}
			n++
		}
		for n < killAt && sc.Scan() {
			record(sc.Text())
		}
		if n < killAt {
			cmd.Wait()
			t.Fatalf("round %d: the child stopped after %d lines: %s", round, n, stderr.String())
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() {
			record(sc.Text())
		}
		cmd.Wait()

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopening after the crash: %v", round, err)
		}
		issued, err := s.IssuedRefs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range given {
			found := false
			for _, b := range issued {
				found = found || (b.First == g.First && b.Last == g.Last)
			}
			if !found {
				t.Errorf("round %d: block %s was handed out but is not recorded as issued", round, g)
			}
		}
		for i, a := range issued {
			for _, b := range issued[i+1:] {
				if a.Overlaps(b) {
					t.Errorf("round %d: blocks %s and %s share numbers", round, a, b)
				}
			}
		}
		for _, ref := range rawKeys(t, s, "v/") {
			_, _, seq, _ := domain.Ref(strings.TrimPrefix(ref, "v/")).Parts()
			if domain.PastReserved(issued, "SLN", 2026, seq) != seq {
				t.Errorf("round %d: the server's visit %s has a number of a reserved block", round, ref)
			}
		}
		b, err := s.ReserveRefs(context.Background(), "SLN", 2026, 5, laptopA, alice.StaffNo, t0)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range append(given, issued...) {
			if g.Overlaps(b) {
				t.Errorf("round %d: after the crash, %s was reserved again (it overlaps %s)", round, b, g)
			}
		}
		given = append(given, b)
		t.Logf("round %d: killed after %d lines; %d blocks issued", round, n, len(issued)+1)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
