//go:build unix

package store

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"oic/domain"
)

// TestDamagedStoreFailsSafe damages a store as a crash, a full disk or a
// careless copy leaves one, and opens it in a child process, as oic would
// (so a panic in one of Badger's goroutines ends the child, not the
// tests). Each damage is either refused, with a message naming the file
// and saying nothing was changed, and nothing is changed; or, where the
// store can still be opened (a value-log file missing or cut short), every
// visit it can no longer read is an error naming the visit and the file,
// never a visit read as empty or a trail vanished.
func TestDamagedStoreFailsSafe(t *testing.T) {
	// crashed is a store as a kill leaves it: the latest saves still in
	// Badger's write-ahead files (.mem). closed is the same store opened
	// and closed again: the saves in tables of keys (.sst) and the
	// documents and trails in the value log (.vlog).
	crashed := t.TempDir()
	crashRound(t, crashed, 150, map[domain.Ref]uint64{})
	closed := t.TempDir()
	copyDir(t, crashed, closed)
	s, err := Open(closed)
	if err != nil {
		t.Fatal(err)
	}
	visits := len(checkStore(t, s))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if len(files(t, closed, ".sst")) == 0 || len(files(t, crashed, ".mem")) == 0 {
		t.Fatalf("the stores to damage are not as expected: %v, %v", files(t, closed, ""), files(t, crashed, ""))
	}

	truncate := func(ext string, size func(int64) int64) func(*testing.T, string) string {
		return func(t *testing.T, db string) string {
			name := largest(t, db, ext)
			fi, err := os.Stat(filepath.Join(db, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(filepath.Join(db, name), size(fi.Size())); err != nil {
				t.Fatal(err)
			}
			return name
		}
	}
	remove := func(ext string) func(*testing.T, string) string {
		return func(t *testing.T, db string) string {
			name := largest(t, db, ext)
			if err := os.Remove(filepath.Join(db, name)); err != nil {
				t.Fatal(err)
			}
			return name
		}
	}
	removeAll := func(ext string) func(*testing.T, string) string {
		return func(t *testing.T, db string) string {
			for _, name := range files(t, filepath.Dir(db), ext) {
				if err := os.Remove(filepath.Join(db, name)); err != nil {
					t.Fatal(err)
				}
			}
			return ""
		}
	}
	cases := []struct {
		name   string
		store  string
		damage func(t *testing.T, db string) string // the file damaged
		opens  bool                                 // the store opens; the visits in the file do not
		want   []string                             // in the child's output; FILE is the file damaged
	}{
		{name: "MANIFEST missing", store: closed, damage: remove("MANIFEST"),
			want: []string{"db/MANIFEST is missing, yet the folder holds the store's files"}},
		{name: "MANIFEST missing after a crash", store: crashed, damage: remove("MANIFEST"),
			want: []string{"db/MANIFEST is missing"}},
		{name: "MANIFEST empty", store: closed, damage: truncate("MANIFEST", zero),
			want: []string{"db/MANIFEST cannot be read (Badger: manifest has bad magic)"}},
		{name: "table cut short", store: closed, damage: truncate(".sst", half),
			// Badger's cause depends on the bytes the cut leaves at the
			// table's end (a checksum's length, or an index that does not
			// parse), so only that it is given is fixed.
			want: []string{"db/FILE is cut short or corrupt: its index cannot be read (Badger: "}},
		{name: "table's end overwritten", store: closed, damage: overwriteEnd(".sst"),
			want: []string{"db/FILE is cut short or corrupt", "checksum"}},
		{name: "table empty", store: closed, damage: truncate(".sst", zero),
			want: []string{"db/FILE is empty (0 bytes)"}},
		{name: "table missing", store: closed, damage: remove(".sst"),
			want: []string{"db/FILE is missing: the MANIFEST lists it"}},
		{name: "value log empty", store: closed, damage: truncate(".vlog", zero),
			want: []string{"db/FILE is 0 bytes long, shorter than the 20-byte header"}},
		{name: "every value log missing", store: closed, damage: removeAll(".vlog"),
			want: []string{"no value-log file (.vlog)"}},
		{name: "write-ahead file empty", store: crashed, damage: truncate(".mem", zero),
			want: []string{"db/FILE is 0 bytes long, shorter than the 20-byte header"}},
		{name: "newest value log changed in the middle", store: crashed, damage: changeNewestLogMiddle,
			want: []string{"db/FILE has a damaged entry at byte ", "it was written whole, but its checksum fails. Opening the store, Badger would cut the file there"}},
		{name: "value log missing", store: closed, damage: remove(".vlog"), opens: true,
			want: []string{"is unreadable: it cannot be read from db/FILE, which is missing or damaged (Badger: file with ID: ", "not found). Restore the data folder from a backup"}},
		{name: "value log overwritten", store: closed, damage: overwriteMiddle(".vlog"), opens: true,
			want: []string{"is unreadable: its stored bytes were changed outside oic, or damaged (", "Run oic verify, and restore the data folder from a backup"}},
		// Badger v4.9.6 keeps such a file locked (store/log.go,
		// heldByBadger), and its Close would wait for it forever.
		{name: "value log entries' lengths changed", store: closed, damage: lengthenKeys(".vlog"), opens: true,
			want: []string{"is unreadable: ", "(Badger: Invalid read: Len: ",
				"close: the store could not be closed cleanly: Badger still holds db/FILE after reading a damaged entry from it"}},
		{name: "value log cut short", store: closed, damage: truncate(".vlog", half), opens: true,
			want: []string{"is unreadable: it cannot be read from db/FILE, which is missing or damaged (Badger: "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, c.store, dir)
			file := c.damage(t, DBDir(dir))
			before := fileStates(t, DBDir(dir))
			out := openInChild(t, dir)
			for _, want := range c.want {
				if want = strings.ReplaceAll(want, "FILE", file); !strings.Contains(out, want) {
					t.Errorf("the child's output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "(Badger: )") {
				t.Errorf("Badger's cause is left empty:\n%s", out)
			}
			if c.opens {
				unreadable := regexp.MustCompile(`read (\d+) visits, (\d+) unreadable`).FindStringSubmatch(out)
				if strings.Contains(out, "refused:") || strings.Contains(out, "empty:") || unreadable == nil || unreadable[2] == "0" {
					t.Errorf("want the store opened and its lost visits named, not read as empty:\n%s", out)
				}
				for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
					if !strings.HasPrefix(line, "read ") && !strings.HasPrefix(line, "close: ") && !regexp.MustCompile(`^(visit|trail): visit [A-Z]{3}-\d{4}-\d{4} `).MatchString(line) &&
						!regexp.MustCompile(`^trail: audit entry \d+ of [A-Z]{3}-\d{4}-\d{4} `).MatchString(line) {
						t.Errorf("a lost record not named by its visit: %s", line)
					}
				}
				t.Logf("%d visits in the store; %s", visits, unreadable[0])
				return
			}
			if !strings.HasPrefix(out, "refused: the store in "+dir+" is damaged: ") || !strings.Contains(out, "Nothing was changed.") {
				t.Errorf("want a refusal saying what is damaged and that nothing was changed:\n%s", out)
			}
			after := fileStates(t, DBDir(dir))
			for name, was := range before {
				if after[name] != was {
					t.Errorf("refusing the store changed %s: %s, was %s", name, after[name], was)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok {
					t.Errorf("refusing the store made %s", name)
				}
			}
		})
	}
}

func zero(int64) int64   { return 0 }
func half(n int64) int64 { return n / 2 }

// overwriteEnd overwrites the last bytes of the largest file named ext,
// where a table keeps the checksum of its index.
func overwriteEnd(ext string) func(*testing.T, string) string {
	return overwrite(ext, func(size int64) int64 { return size - 60 }, []byte("oic!oic!"))
}

// overwriteMiddle overwrites a stretch of the middle of the largest file
// named ext.
func overwriteMiddle(ext string) func(*testing.T, string) string {
	return overwrite(ext, func(size int64) int64 { return size / 2 }, bytes.Repeat([]byte("oic!"), 1024))
}

// lengthenKeys makes every entry of the largest file named ext claim a
// key of 127 bytes, where each is shorter: the header still decodes, but
// the key and value it claims run past the entry's end.
func lengthenKeys(ext string) func(*testing.T, string) string {
	return func(t *testing.T, db string) string {
		name := largest(t, db, ext)
		path := filepath.Join(db, name)
		b := readFile(t, path)
		offs, _ := logEntries(b)
		changed := 0
		for _, off := range offs {
			// meta, user meta, then the key's length as a varint: one
			// byte for every key oic writes.
			if klen := b[off+2]; klen < 0x7f {
				b[off+2] = 0x7f
				changed++
			}
		}
		if changed == 0 {
			t.Fatalf("no entry of %s to change", path)
		}
		writeFile(t, path, b)
		return name
	}
}

// changeNewestLogMiddle changes a byte in the middle of the entry in the
// middle of the newest value-log file, the one Badger reads through and
// cuts at its opening.
func changeNewestLogMiddle(t *testing.T, db string) string {
	path := newestLogPath(t, filepath.Dir(db))
	b := readFile(t, path)
	offs, lens := logEntries(b)
	if len(offs) < 3 {
		t.Fatalf("%s holds %d entries", path, len(offs))
	}
	mid := len(offs) / 2
	b[offs[mid]+lens[mid]/2] ^= 0x20
	writeFile(t, path, b)
	return filepath.Base(path)
}

// overwrite writes b over the largest file named ext, at the offset at
// gives for its size.
func overwrite(ext string, at func(size int64) int64, b []byte) func(*testing.T, string) string {
	return func(t *testing.T, db string) string {
		name := largest(t, db, ext)
		f, err := os.OpenFile(filepath.Join(db, name), os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(b, at(fi.Size())); err != nil {
			t.Fatal(err)
		}
		return name
	}
}

// openInChild runs openChild on dir in a child process and returns what
// it printed. The child must end on its own, without a panic.
func openInChild(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childModeEnv+"=open", childDirEnv+"="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A child still running after a minute has hung: SIGQUIT has Go
	// print where each of its goroutines waits.
	watchdog := time.AfterFunc(time.Minute, func() { cmd.Process.Signal(syscall.SIGQUIT) })
	defer watchdog.Stop()
	if err := cmd.Wait(); err != nil {
		lines := 8
		if !watchdog.Stop() {
			lines = 400
		}
		t.Fatalf("the child opening the damaged store failed: %v\n%s%s", err, stdout.String(), firstLines(stderr.String(), lines))
	}
	return stdout.String()
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}

// files lists the files in dir's db folder whose names end in ext.
func files(t *testing.T, dir, ext string) []string {
	t.Helper()
	entries, err := os.ReadDir(DBDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ext) {
			out = append(out, e.Name())
		}
	}
	return out
}

// largest is the largest file in db whose name ends in ext.
func largest(t *testing.T, db, ext string) string {
	t.Helper()
	var best string
	var size int64 = -1
	for _, name := range files(t, filepath.Dir(db), ext) {
		fi, err := os.Stat(filepath.Join(db, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > size {
			best, size = name, fi.Size()
		}
	}
	if best == "" {
		t.Fatalf("no file ending %s in %s", ext, db)
	}
	return best
}
