package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"

	"oic/store/internal/sysio"
)

// Before Badger opens a data folder, oic looks over Badger's files
// (checkFiles), because given a damaged folder Badger does worse than
// refuse it:
//
//   - with no MANIFEST it starts an empty store, deleting every table of
//     keys the new, empty MANIFEST does not list (all of them), and writes
//     new tables under their names;
//   - a table cut short or overwritten at its end makes it panic in a
//     goroutine of its own, where no recover can reach, and oic dies;
//   - a value-log or write-ahead file shorter than its header it stretches
//     to full size before it fails.
//
// The look reads what Badger's own opening reads, and no more: the
// MANIFEST, and of each table it lists the index at the table's end and
// the first and last keys, through Badger's own table code
// (table.OpenTable) in a goroutine of ours, where its panic is caught.
// The records inside the tables and value logs are not read here: a
// value that cannot be read is an error when it is read (value.go), and
// oic verify reads them all. The one exception is the newest value-log
// file, which Badger's opening reads through and cuts short at the first
// entry it cannot read: it is walked first (vlogtail.go), and a cut that
// would take away more than a write torn by a crash is refused.

// DamagedError says the store's files are damaged. Nothing was changed.
type DamagedError struct {
	Dir     string // the data folder
	File    string // the file at fault, inside Dir: db/000001.sst, or db itself
	Problem string // what is wrong with it, after its name
	Cause   error  // Badger's own words, if it has any
}

func (e *DamagedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the store in %s is damaged: %s %s", e.Dir, e.File, e.Problem)
	if e.Cause != nil {
		fmt.Fprintf(&b, " (Badger: %s)", oneLine(e.Cause.Error()))
	}
	b.WriteString(".\nNothing was changed. Restore the data folder from a backup, or pass --data-dir to use another folder.")
	return b.String()
}

func (e *DamagedError) Unwrap() error { return e.Cause }

// checkBeforeOpen runs checkFiles under Badger's lock on the folder, so
// that no process writing it moves files under the look (a table merged
// away between reading the MANIFEST and looking for the table is not
// damage). A folder another process holds is not looked at: Badger's own
// opening then says who holds it (LockedError). A folder that cannot be
// locked or read is left to Badger's opening to report.
func checkBeforeOpen(dataDir string, logger badger.Logger) error {
	unlock, held, err := sysio.LockDir(DBDir(dataDir))
	if err != nil || held {
		return nil
	}
	defer unlock()
	return checkFiles(dataDir, logger)
}

// logHeader is the size of the header every value-log and write-ahead
// file of Badger's starts with (its key id and IV).
const logHeader = 20

// checkFiles looks over Badger's files in dataDir's db folder before
// Badger opens them; see above. A folder not made yet, or empty, is
// fine: Badger makes a new store in it.
func checkFiles(dataDir string, logger badger.Logger) error {
	dbDir := DBDir(dataDir)
	entries, err := os.ReadDir(dbDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read the store's folder %s: %w", dbDir, err)
	}
	damaged := func(file, problem string, cause error) error {
		return &DamagedError{Dir: dataDir, File: filepath.Join("db", file), Problem: problem, Cause: cause}
	}
	var held, vlogs []string
	manifest := false
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == badger.ManifestFilename:
			manifest = true
		case name == "LOCK" || name == "MANIFEST-REWRITE":
			// Made as Badger makes a new store, before any record: a
			// folder holding only these holds nothing to lose.
		default:
			held = append(held, name)
		}
		ext := filepath.Ext(name)
		if ext != ".vlog" && ext != ".mem" {
			continue
		}
		if ext == ".vlog" {
			vlogs = append(vlogs, name)
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("cannot read the store's folder %s: %w", dbDir, err)
		}
		if info.Size() < logHeader {
			what := "value-log file (where records are kept)"
			if ext == ".mem" {
				what = "write-ahead file (the latest saves)"
			}
			return damaged(name, fmt.Sprintf("is %d bytes long, shorter than the %d-byte header every %s starts with", info.Size(), logHeader, what), nil)
		}
	}
	if !manifest {
		if len(held) == 0 {
			return nil
		}
		return damaged(badger.ManifestFilename, fmt.Sprintf("is missing, yet the folder holds the store's files (%s): "+
			"the MANIFEST says which of them hold the records, and without it a new, empty store would be made over them", listNames(held)), nil)
	}

	f, err := os.Open(filepath.Join(dbDir, badger.ManifestFilename))
	if err != nil {
		return damaged(badger.ManifestFilename, "cannot be read", err)
	}
	m, _, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dbDir).WithLogger(logger))
	f.Close()
	if err != nil {
		return damaged(badger.ManifestFilename, "cannot be read", err)
	}
	if len(m.Tables) > 0 && len(vlogs) == 0 {
		return damaged("", fmt.Sprintf("holds %d tables of keys but no value-log file (.vlog), where the records themselves are kept", len(m.Tables)), nil)
	}
	ids := make([]uint64, 0, len(m.Tables))
	for id := range m.Tables {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the same file named first every time
	for _, id := range ids {
		tm := m.Tables[id]
		name := table.IDToFilename(id)
		info, err := os.Stat(filepath.Join(dbDir, name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return damaged(name, "is missing: the MANIFEST lists it as a table of the store's keys", nil)
		case err != nil:
			return damaged(name, "cannot be read", err)
		case info.Size() == 0:
			return damaged(name, "is empty (0 bytes): it should be a table of the store's keys", nil)
		}
		if tm.KeyID != 0 {
			// An encrypted table (encryption.go) needs its data key,
			// which lives in Badger's key registry, read only as Badger
			// opens: such a table is not oic's to judge here, and
			// Badger's own opening decides.
			continue
		}
		if err := checkTable(filepath.Join(dbDir, name), tm); err != nil {
			return damaged(name, "is cut short or corrupt: its index cannot be read", err)
		}
	}
	if name, ok := newestLog(vlogs); ok {
		problem, err := checkNewestLog(dbDir, name)
		if err != nil {
			return damaged(name, "cannot be read", err)
		}
		if problem != "" {
			return damaged(name, problem, nil)
		}
	}
	return nil
}

// checkTable opens the table at path as Badger does when it opens the
// store, reading its index and its first and last keys, and closes it
// again. A panic of Badger's while reading it is its error.
func checkTable(path string, tm badger.TableManifest) (err error) {
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	// table.OpenTable closes mf itself only where it cannot fail here (it
	// cannot stat the file it was given, or the file's name is not a
	// table's), so it is closed once, here, whatever happens.
	defer mf.Close(-1)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s", badgerPanic(r))
		}
	}()
	_, err = table.OpenTable(mf, table.Options{
		Compression: tm.Compression,
		BlockSize:   badger.DefaultOptions("").BlockSize,
		ChkMode:     options.NoVerification,
	})
	return err
}

// badgerPanic is what Badger panicked with, on one line. Reading a
// table's index, Badger catches its own panic and panics again with what
// it saw, framed by "== Recovering from initIndex crash ==" and "==
// Recovered ==": the frame goes, the findings stay.
func badgerPanic(r any) string {
	s := fmt.Sprint(r)
	for _, frame := range []string{"== Recovering from initIndex crash ==", "== Recovered =="} {
		s = strings.ReplaceAll(s, frame, "")
	}
	return oneLine(s)
}

// oneLine joins the lines of s with spaces, and its runs of spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// listNames lists a few file names and counts the rest.
func listNames(names []string) string {
	const shown = 3
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}
