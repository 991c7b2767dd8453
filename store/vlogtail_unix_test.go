//go:build unix

package store

import (
	"testing"

	"oic/domain"
)

// After a writer is killed, its newest value-log file, as Badger left it
// (the room it was made with still zeros past the last entry, the last
// write perhaps torn), is never refused, and the walk ends where Badger's
// own opening cuts it: the same entries, read the same way.
func TestNewestLog_AfterACrash(t *testing.T) {
	dir := t.TempDir()
	acked := map[domain.Ref]uint64{}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for round := range rounds {
		crashRound(t, dir, 100+50*round, acked)
		path := newestLogPath(t, dir)
		b := readFile(t, path)
		end := lastLogEnd(b)
		if end.damaged {
			t.Fatalf("round %d: the file a crash left is taken for damage: %s", round, end.why)
		}
		if offs, _ := logEntries(b); len(offs) == 0 {
			t.Fatalf("round %d: no entry in %s", round, path)
		}
		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got := fileSize(t, path); got != end.cut {
			t.Errorf("round %d: Badger cut the file (%d bytes) at %d; the walk ended at %d", round, len(b), got, end.cut)
		}
		t.Logf("round %d: %d bytes, records to %d, cut at %d", round, end.size, end.data, end.cut)
	}
}
