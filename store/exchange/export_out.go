package exchange

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"oic/store"
	"oic/store/internal/sysio"
)

// Where an export may be written (ExportFile): never inside the data
// folder, whose files it could overwrite (an export onto db/MANIFEST
// destroyed a store); never over a file already there unless asked to;
// and never while an import into the folder is half done, since the
// export would hold some of that import's visits and not others.

// physicalPath is path with its folder as the system finds it: links
// followed, and ".." taken after the link before it, as the system takes
// it, where Go's filepath.Clean (and so filepath.Dir, Abs and Join)
// drops "L/.." before L is followed. Checked one way and written the
// other, "link/../db/MANIFEST" passed for a folder outside the store and
// was renamed over the store's MANIFEST. A folder that cannot be found
// leaves path as it is: the system cannot find it either, and the export
// says so.
func physicalPath(path string) string {
	i := len(path) - 1
	for i >= 0 && !os.IsPathSeparator(path[i]) {
		i--
	}
	if i < len(filepath.VolumeName(path)) {
		return path // a name alone, in the working folder: no link to follow
	}
	dir, base := path[:i+1], path[i+1:]
	if base == "" || base == "." || base == ".." {
		return path // a folder's name: the export refuses it
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return path
	}
	if real, err = filepath.Abs(real); err != nil {
		return path
	}
	return filepath.Join(real, base)
}

// checkOut refuses to write the export at path, or its digest beside it,
// for any of the reasons above, before anything is read or written.
func checkOut(s *store.Store, path string, overwrite bool) error {
	if err := outsideDataFolder(s.Dir(), path); err != nil {
		return err
	}
	if p, err := PendingImportOf(s); err != nil {
		return err
	} else if p != nil {
		return fmt.Errorf("cannot export from %s yet: %s. Nothing was written", s.Dir(), p)
	}
	if overwrite {
		return nil
	}
	return notThere(path)
}

// companions are the files an export writes beside FILE: its digest
// and its signature.
var companions = []string{".sha256", ".sig"}

// exportFiles are the names an export to path writes.
func exportFiles(path string) []string {
	out := []string{path}
	for _, ext := range companions {
		out = append(out, path+ext)
	}
	return out
}

// notThere refuses path if the export, its digest file or its signature
// is already there.
func notThere(path string) error {
	for _, p := range exportFiles(path) {
		if _, err := os.Lstat(p); err == nil {
			return alreadyThere(p)
		}
	}
	return nil
}

// alreadyThere is the refusal of a file already there; it is
// fs.ErrExist, so a caller can offer to overwrite it.
type alreadyThere string

func (p alreadyThere) Error() string {
	return string(p) + " is already there; nothing was written, and it was left as it is"
}

func (alreadyThere) Unwrap() error { return fs.ErrExist }

// outsideDataFolder refuses path if it is inside the data folder dataDir
// however it is written: relative, through "..", through a link to a
// folder, or as a link to a file inside. The folders are compared as the
// system sees them (os.SameFile), so another name for the data folder
// (a link, a bind mount, another case on a system that ignores case) is
// the data folder too.
func outsideDataFolder(dataDir, path string) error {
	data, err := os.Stat(dataDir)
	if err != nil {
		return nil // no data folder, nothing to overwrite in it
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	inside := func(p string) bool {
		for {
			if fi, err := os.Stat(p); err == nil && os.SameFile(fi, data) {
				return true
			}
			parent := filepath.Dir(p)
			if parent == p {
				return false
			}
			p = parent
		}
	}
	// The folder the file goes in, with its links followed where they
	// are there to follow; and the file itself if it is a link already.
	where := []string{filepath.Dir(abs)}
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		where = append(where, real)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
		where = append(where, filepath.Dir(real))
	}
	for _, w := range where {
		if inside(w) {
			return fmt.Errorf("cannot write %s: it is inside the data folder %s, where oic keeps its records, and writing there could overwrite them. "+
				"Nothing was written; choose a file outside that folder", path, dataDir)
		}
	}
	return nil
}

// sweepPartials removes what an export to path killed part-way left
// behind (sysio.SweepPartials), for the export, its digest and its
// signature. A folder that cannot be read has nothing to sweep here: the
// export then says what is wrong with it.
func sweepPartials(path string) error {
	for _, p := range exportFiles(path) {
		if _, err := sysio.SweepPartials(p); err != nil && !errors.Is(err, sysio.ErrFolderUnreadable) {
			return fmt.Errorf("cannot remove what an earlier export to %s left behind: %w", path, sysio.PlainPathError(err))
		}
	}
	return nil
}

// PrepareOut is what a file written as an export is (a backup: oic
// backup) goes through before anything is read: path as the system finds
// it, refused inside the data folder dataDir or, unless overwrite, where
// it or its digest or signature is already there (the error wraps
// fs.ErrExist), and what an earlier write to it killed part-way left
// swept away.
func PrepareOut(dataDir, path string, overwrite bool) (string, error) {
	path = physicalPath(path)
	if err := outsideDataFolder(dataDir, path); err != nil {
		return "", err
	}
	if !overwrite {
		if err := notThere(path); err != nil {
			return "", err
		}
	}
	return path, sweepPartials(path)
}

// NotThere refuses path if it, its digest or its signature is there.
func NotThere(path string) error { return notThere(path) }

// DigestLine is the line of FILE.sha256 for the file named name.
func DigestLine(sum, name string) []byte { return digestLine(sum, name) }
