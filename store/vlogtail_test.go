package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// storeWithRecords makes a store of a visit naming Arben Hoxha
// (subjectVisit) and twenty visits saved after it, closed once: its
// newest value-log file holds them all, the subject's document in the
// middle. It returns the folder, the visits' references in the order
// made, and the newest value-log file's path.
func storeWithRecords(t *testing.T) (dir string, refs []domain.Ref, vlog string) {
	t.Helper()
	dir = t.TempDir()
	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	refs = append(refs, subjectVisit(t, s).Ref)
	for i := range 20 {
		v := create(t, s, basics("SLN", postcodes[i%len(postcodes)], t0.Add(time.Duration(50+i)*time.Hour), alice), alice, t0)
		refs = append(refs, v.Ref)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, refs, newestLogPath(t, dir)
}

// newestLogPath is the path of the newest value-log file in dir's store.
func newestLogPath(t testing.TB, dir string) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(DBDir(dir), "*.vlog"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	name, ok := newestLog(names)
	if !ok {
		t.Fatalf("no value-log file in %s: %v", dir, names)
	}
	return filepath.Join(DBDir(dir), name)
}

// logEntries are the offsets and lengths of the entries of a value-log
// file, walked as Badger's opening walks it.
func logEntries(data []byte) (offs, lens []int) {
	for at := logHeader; ; {
		n, ok := logEntryAt(data, at)
		if !ok {
			return offs, lens
		}
		offs, lens = append(offs, at), append(lens, n)
		at += n
	}
}

// entryHolding is the offset of the entry whose bytes hold offset at.
func entryHolding(t *testing.T, data []byte, at int) int {
	t.Helper()
	offs, lens := logEntries(data)
	for i, off := range offs {
		if off <= at && at < off+lens[i] {
			return off
		}
	}
	t.Fatalf("no entry holds byte %d", at)
	return 0
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// badgerCut opens the store in dir with Badger alone, as oic did before
// the newest value-log file was checked, closes it, and returns the size
// Badger left the file at path.
func badgerCut(t *testing.T, dir, path string) int64 {
	t.Helper()
	db, err := badger.Open(options_(DBDir(dir), nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return fileSize(t, path)
}

// The case issue 14 was reopened for: a subject's name edited at the same
// length in the middle of the newest value-log file. Badger's opening
// would cut the file at that entry, losing every record after it; oic
// refuses the store, naming the file, the entry's offset and what follows
// it, and changes nothing, however often it is opened.
func TestNewestLog_EditInTheMiddleRefused(t *testing.T) {
	dir, _, vlog := storeWithRecords(t)
	b := readFile(t, vlog)
	at := bytes.Index(b, []byte("Arben Hoxha"))
	if at < 0 {
		t.Fatal("the subject's name is not in the newest value-log file")
	}
	entry := entryHolding(t, b, at)
	if entry > len(b)/2 {
		t.Fatalf("the edit at byte %d of %d is not in the middle", entry, len(b))
	}
	copy(b[at:], "Arben Haxha")
	writeFile(t, vlog, b)
	unchecked := t.TempDir()
	copyDir(t, dir, unchecked)

	before := fileStates(t, DBDir(dir))
	for range 2 {
		s, err := Open(dir)
		if err == nil {
			s.Close()
			t.Fatal("a store whose newest value-log file is damaged in the middle opened")
		}
		var de *DamagedError
		if !errors.As(err, &de) || de.Dir != dir || de.File != filepath.Join("db", filepath.Base(vlog)) {
			t.Fatalf("Open: %v, want a *DamagedError naming %s", err, vlog)
		}
		msg := err.Error()
		for _, want := range []string{
			fmt.Sprintf("db/%s has a damaged entry at byte %d of its %d: it was written whole, but its checksum fails", filepath.Base(vlog), entry, len(b)),
			"Badger would cut the file there, and the ",
			" bytes of records after that entry would be lost with it",
			"Nothing was changed. Restore the data folder from a backup",
		} {
			if !strings.Contains(msg, filepath.FromSlash(want)) {
				t.Errorf("the refusal lacks %q:\n%s", want, msg)
			}
		}
	}
	after := fileStates(t, DBDir(dir))
	if len(after) != len(before) {
		t.Errorf("refusing the store changed its files: %v, were %v", after, before)
	}
	for name, was := range before {
		if after[name] != was {
			t.Errorf("refusing the store changed %s: %s, was %s", name, after[name], was)
		}
	}

	// What the refusal saves: Badger alone cuts the file at the entry
	// named, and everything after it is gone.
	if got := badgerCut(t, unchecked, filepath.Join(DBDir(unchecked), filepath.Base(vlog))); got != int64(entry) {
		t.Errorf("Badger cut the file at %d, not at the entry named (%d)", got, entry)
	}
}

// A write torn by a crash still opens, as it always has: Badger cuts the
// newest value-log file where the torn entry begins, and only that entry
// is lost. Each tear is made on the last entry of a store Badger wrote;
// the store is opened by oic, the file is cut exactly there, and every
// visit but the last saved reads whole.
func TestNewestLog_TornTailOpens(t *testing.T) {
	room := make([]byte, 1<<20) // the zeros a new value-log file is made with
	cases := []struct {
		name string
		tear func(b []byte, last, n int) []byte
		lost bool // the last entry is lost (not for zeros alone)
	}{
		{"last entry cut short by the file's end", func(b []byte, last, n int) []byte { return b[:last+n/2] }, true},
		{"last entry half written, zeros after it", func(b []byte, last, n int) []byte {
			clear(b[last+n/2:])
			return append(b, room...)
		}, true},
		{"last entry's header alone written", func(b []byte, last, n int) []byte {
			clear(b[last+3:])
			return append(b, room...)
		}, true},
		{"last entry's checksum not written", func(b []byte, last, n int) []byte {
			clear(b[last+n-logCRC:])
			return append(b, room...)
		}, true},
		{"zeros past the last entry", func(b []byte, last, n int) []byte { return append(b, room...) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, refs, vlog := storeWithRecords(t)
			b := readFile(t, vlog)
			offs, lens := logEntries(b)
			if len(offs) == 0 || offs[len(offs)-1]+lens[len(lens)-1] != len(b) {
				t.Fatalf("the file Badger wrote does not end with its last entry: %d entries, %d bytes", len(offs), len(b))
			}
			last, n := offs[len(offs)-1], lens[len(lens)-1]
			writeFile(t, vlog, c.tear(b, last, n))

			s, err := Open(dir)
			if err != nil {
				t.Fatalf("a torn last entry: %v", err)
			}
			unreadable := 0
			for i, ref := range refs {
				_, verr := s.Visit(context.Background(), ref)
				_, aerr := s.Audit(context.Background(), ref)
				if verr != nil || aerr != nil {
					unreadable++
					if i != len(refs)-1 || !c.lost {
						t.Errorf("visit %s, not saved last, is lost: %v, %v", ref, verr, aerr)
					}
				}
			}
			if c.lost && unreadable != 1 {
				t.Errorf("the last visit saved, whose entry was torn, reads: %d unreadable", unreadable)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			want := int64(last)
			if !c.lost {
				want = int64(len(b))
			}
			if got := fileSize(t, vlog); got != want {
				t.Errorf("the file was cut at %d, want %d (the torn entry's start, of %d)", got, want, len(b))
			}
		})
	}
}

// lastLogEnd on a file Badger wrote, damaged or torn in the ways the
// design sets apart (vlogtail.go).
func TestLastLogEnd(t *testing.T) {
	_, _, vlog := storeWithRecords(t)
	clean := readFile(t, vlog)
	offs, lens := logEntries(clean)
	mid, last := len(offs)/2, len(offs)-1
	room := make([]byte, 64<<10)
	cases := []struct {
		name    string
		damage  func(b []byte) []byte
		cut     int    // where Badger's cut would be
		damaged string // in why, if refused; "?" for any reason
	}{
		{"clean", func(b []byte) []byte { return b }, len(clean), ""},
		{"zeros after the end", func(b []byte) []byte { return append(b, room...) }, len(clean), ""},
		{"a byte of a middle entry's value changed", func(b []byte) []byte {
			b[offs[mid]+lens[mid]/2] ^= 0x20
			return b
		}, offs[mid], "written whole, but its checksum fails"},
		{"a middle entry's checksum changed", func(b []byte) []byte {
			b[offs[mid]+lens[mid]-1] ^= 1
			return b
		}, offs[mid], "written whole, but its checksum fails"},
		{"a middle entry's length the most its header holds", func(b []byte) []byte {
			return setValueLength(t, b, offs[mid], 1<<14-1)
		}, offs[mid], "?"},
		{"a middle entry's key length zero", func(b []byte) []byte {
			b[offs[mid]+2] = 0
			return b
		}, offs[mid], "whole entries follow them"},
		{"a middle entry's length a byte short", func(b []byte) []byte {
			h, _ := logEntryHeader(b, offs[mid])
			return setValueLength(t, b, offs[mid], uint64(h.vlen)-1)
		}, offs[mid], "?"},
		{"a block of zeros in the middle", func(b []byte) []byte {
			clear(b[offs[mid]+8 : offs[mid+1]+8])
			return append(b, room...)
		}, offs[mid], "whole entries follow them"},
		{"the last entry changed, zeros after", func(b []byte) []byte {
			b[offs[last]+lens[last]/2] ^= 0x20
			return append(b, room...)
		}, offs[last], "written whole, but its checksum fails"},
		{"the last entry cut short", func(b []byte) []byte { return b[:offs[last]+lens[last]-1] }, offs[last], ""},
		{"the last entry torn, zeros after", func(b []byte) []byte {
			clear(b[offs[last]+10:])
			return append(b, room...)
		}, offs[last], ""},
		{"bytes not an entry after the end", func(b []byte) []byte {
			return append(append(b, bytes.Repeat([]byte("oic!"), 25)...), room...)
		}, len(clean), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.damage(bytes.Clone(clean))
			end := lastLogEnd(b)
			// The walk at opening, through a window of the file, judges
			// it the same.
			path := filepath.Join(t.TempDir(), "000001.vlog")
			writeFile(t, path, b)
			if problem, err := checkNewestLog(filepath.Dir(path), filepath.Base(path)); err != nil || (problem != "") != end.damaged {
				t.Errorf("checkNewestLog = %q, %v; lastLogEnd damaged = %v", problem, err, end.damaged)
			}
			if int(end.cut) != c.cut {
				t.Errorf("cut at %d, want %d", end.cut, c.cut)
			}
			switch {
			case c.damaged == "" && end.damaged:
				t.Errorf("refused: %s", end.why)
			case c.damaged != "" && !end.damaged:
				t.Errorf("taken for a torn write; want refused (%s)", c.damaged)
			case c.damaged != "" && c.damaged != "?" && !strings.Contains(end.why, c.damaged):
				t.Errorf("refused as %q, want %q", end.why, c.damaged)
			case end.damaged && c.cut != offs[last] && end.follow <= 0:
				t.Errorf("refused with %d bytes of records after the entry", end.follow)
			}
		})
	}
}

// setValueLength rewrites the value length in the header of the entry at
// off, which must keep its encoded size.
func setValueLength(t *testing.T, b []byte, off int, vlen uint64) []byte {
	t.Helper()
	i := off + 2
	_, kn := binary.Uvarint(b[i:])
	i += kn
	_, vn := binary.Uvarint(b[i:])
	enc := binary.AppendUvarint(nil, vlen)
	if len(enc) != vn {
		// Pad a shorter one with continuation bytes, as a uvarint may be.
		for len(enc) < vn {
			enc[len(enc)-1] |= 0x80
			enc = append(enc, 0)
		}
		if len(enc) != vn {
			t.Fatalf("the value length %d does not fit the %d bytes of the old one", vlen, vn)
		}
	}
	copy(b[i:], enc)
	return b
}

// The walk follows the entries of Badger v4.9.6 (vlogtail.go). Another
// release may write or cut its value logs otherwise: read its value.go,
// memtable.go (logFile.iterate) and structs.go (header) again, then move
// this version on.
func TestLastLogEnd_FollowsBadgerVersion(t *testing.T) {
	const follows = "github.com/dgraph-io/badger/v4 v4.9.6"
	mod := readFile(t, filepath.Join("..", "go.mod"))
	for _, line := range strings.Split(string(mod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/dgraph-io/badger/v4" {
			if got := f[0] + " " + f[1]; got != follows {
				t.Fatalf("the newest value-log file's walk follows %s; go.mod asks for %s", follows, got)
			}
			return
		}
	}
	t.Fatal("go.mod does not name Badger")
}

// An entry larger than the window the walk reads through is read whole,
// and judged as any other.
func TestNewestLog_EntryLargerThanTheWindow(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(options_(DBDir(dir), nil))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i, size := range []int{600, 3 * logWindowSize, 700, 800} {
		val := make([]byte, size)
		for k := range val {
			val[k] = byte(rng.Uint32())
		}
		if err := db.Update(func(txn *badger.Txn) error { return txn.Set(fmt.Appendf(nil, "k%d", i), val) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	vlog := newestLogPath(t, dir)
	b := readFile(t, vlog)
	if offs, _ := logEntries(b); len(offs) != 4 {
		t.Fatalf("%d entries, want 4", len(offs))
	}
	if problem, err := checkNewestLog(filepath.Dir(vlog), filepath.Base(vlog)); problem != "" || err != nil {
		t.Fatalf("the file as Badger wrote it: %q, %v", problem, err)
	}
	b[len(b)/2] ^= 1
	writeFile(t, vlog, b)
	if problem, err := checkNewestLog(filepath.Dir(vlog), filepath.Base(vlog)); !strings.Contains(problem, "checksum fails") || err != nil {
		t.Fatalf("a byte of the large entry changed: %q, %v", problem, err)
	}
}
