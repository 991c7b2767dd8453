// Package sysio holds the few file tricks the store and its exchange
// formats play on the operating system: a file that appears whole or not
// at all (AtomicFile), writes past the page cache (O_DIRECT), and telling
// the kernel a process is done with pages of files it has mapped. Each is
// a small, measured gain over the plain path (BENCHMARKS.md); what is
// Linux-only has a plain version elsewhere.
package sysio

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// AtomicFile is a file that appears under its final name whole or not at
// all: it is written to a hidden temporary file in the same folder, then
// synced, renamed over the final name and the folder synced, so a crash or
// a kill part-way never leaves a partial file under the final name (a
// rename within one folder is atomic). An export killed part-way leaves
// only the hidden temporary file, named ".NAME.partial-XXXXXXXX".
type AtomicFile struct {
	f     *os.File
	final string
	done  bool
	// direct: 0 not tried, 1 the file is open O_DIRECT, -1 it cannot be.
	direct int
}

// CreateAtomic starts a file that will be named path once committed. The
// folder must exist and be writable; if not, the error says which folder
// and why, in words for the officer.
func CreateAtomic(path string) (*AtomicFile, error) {
	if strings.HasSuffix(path, string(filepath.Separator)) || strings.HasSuffix(path, "/") {
		return nil, fmt.Errorf("%s is a folder: give the name of a file to write", path)
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("cannot write %s: the folder %s does not exist", path, filepath.Clean(dir))
	case errors.Is(err, syscall.ENOTDIR):
		return nil, fmt.Errorf("cannot write %s: %s is not a folder", path, filepath.Clean(dir))
	case err != nil:
		return nil, fmt.Errorf("cannot write %s: %w", path, PlainPathError(err))
	case !fi.IsDir():
		return nil, fmt.Errorf("cannot write %s: %s is not a folder", path, filepath.Clean(dir))
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder: give the name of a file to write", path)
	}
	var rnd [4]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, partialPrefix(base)+hex.EncodeToString(rnd[:]))
	// Readable by its owner alone, as the records it holds are in the
	// data folder: the rename keeps the mode.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("cannot write %s: the folder %s cannot be written to (permission denied)", path, filepath.Clean(dir))
		}
		return nil, fmt.Errorf("cannot write %s: %w", path, PlainPathError(err))
	}
	return &AtomicFile{f: f, final: path}, nil
}

// partialPrefix begins the name of the temporary file of the file named
// base; 8 hex digits follow.
func partialPrefix(base string) string { return "." + base + ".partial-" }

// ErrFolderUnreadable is SweepPartials' error when the folder to sweep
// cannot be read (it does not exist, it is a file...).
var ErrFolderUnreadable = errors.New("the folder cannot be read")

// SweepPartials removes the temporary files an AtomicFile for path left
// behind when the process writing it was killed: hidden files in path's
// folder named ".NAME.partial-" and 8 hex digits. It returns the names
// removed. An AtomicFile for path being written at the same moment by
// another process is removed too, and that process's Commit then fails,
// leaving nothing under path: two writers of one path are one too many.
func SweepPartials(path string) ([]string, error) {
	dir, prefix := filepath.Dir(path), partialPrefix(filepath.Base(path))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFolderUnreadable, err)
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || len(rest) != 8 || !e.Type().IsRegular() {
			continue
		}
		if _, err := hex.DecodeString(rest); err != nil {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, name)
	}
	return removed, nil
}

// PlainPathError drops the operation and path Go puts in front of a file
// error ("open /x/.y.partial-1a2b: read-only file system"), which name the
// temporary file the officer never asked for.
func PlainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Write writes to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.direct == 1 {
		a.buffered()
	}
	return a.f.Write(p)
}

// WriteBlocks writes p, whole blocks of DirectAlign bytes from a buffer
// aligned to DirectAlign (Aligned), at an offset that is a multiple of it
// (every write so far was WriteBlocks), bypassing the page cache where
// the file system allows it (direct_linux.go); elsewhere it is Write.
func (a *AtomicFile) WriteBlocks(p []byte) (int, error) {
	if a.direct == 0 {
		a.direct = -1
		if setDirect(a.f.Fd(), true) {
			a.direct = 1
		}
	}
	n, err := a.f.Write(p)
	if err != nil && a.direct == 1 && n == 0 && directRefused(err) {
		a.buffered()
		return a.f.Write(p)
	}
	return n, err
}

// buffered turns direct writes off for good: what follows is not whole
// blocks, or the file system refused.
func (a *AtomicFile) buffered() {
	setDirect(a.f.Fd(), false)
	a.direct = -1
}

// Name is the final name.
func (a *AtomicFile) Name() string { return a.final }

// Sync flushes the temporary file to disk, before Rename.
func (a *AtomicFile) Sync() error {
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", a.final, PlainPathError(err))
	}
	return nil
}

// rename closes the synced temporary file and gives it its final name.
// The folder still needs syncing (syncDir) for the rename to be durable.
func (a *AtomicFile) rename() error {
	if err := a.f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", a.final, PlainPathError(err))
	}
	if err := os.Rename(a.f.Name(), a.final); err != nil {
		return fmt.Errorf("writing %s: %w", a.final, PlainPathError(err))
	}
	a.done = true
	return nil
}

// Commit syncs the file, renames it to its final name and syncs the
// folder, so the file survives a power cut once Commit returns.
func (a *AtomicFile) Commit() error {
	if err := a.Sync(); err != nil {
		a.Abort()
		return err
	}
	if err := a.rename(); err != nil {
		a.Abort()
		return err
	}
	return syncDir(filepath.Dir(a.final))
}

// CommitNew is Commit for a file that must never replace another, as a
// signing key must not: the temporary file is linked to its final name,
// which fails if that name is taken, even by another process making the
// same file at the same moment. The error then wraps fs.ErrExist, and the
// file there is left as it is. Where the file system has no links, the
// name is checked and the file renamed, which only two processes racing
// to the same name can get wrong.
func (a *AtomicFile) CommitNew() error {
	if err := a.Sync(); err != nil {
		a.Abort()
		return err
	}
	if err := a.f.Close(); err != nil {
		a.Abort()
		return fmt.Errorf("writing %s: %w", a.final, PlainPathError(err))
	}
	tmp := a.f.Name()
	err := os.Link(tmp, a.final)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		if _, serr := os.Lstat(a.final); serr == nil {
			err = fs.ErrExist
		} else {
			err = os.Rename(tmp, a.final)
		}
	}
	if err != nil {
		a.Abort()
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s is already there: %w", a.final, fs.ErrExist)
		}
		return fmt.Errorf("writing %s: %w", a.final, PlainPathError(err))
	}
	os.Remove(tmp) // linked: the final name keeps the file
	a.done = true
	return syncDir(filepath.Dir(a.final))
}

// Abort removes the temporary file. It does nothing after a Commit, so it
// can be deferred.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// CommitAll commits files together: every file is synced before any is
// renamed, so a crash leaves either none of them or the first ones renamed
// (each whole), never a partial file; the folders are synced last.
func CommitAll(files ...*AtomicFile) error {
	abort := func() {
		for _, f := range files {
			f.Abort()
		}
	}
	for _, f := range files {
		if err := f.Sync(); err != nil {
			abort()
			return err
		}
	}
	dirs := map[string]bool{}
	for i, f := range files {
		if err := f.rename(); err != nil {
			// Undo the renames already done: a set of files is all there or
			// not at all (an export without its digest file is no use).
			for _, done := range files[:i] {
				os.Remove(done.final)
			}
			abort()
			return err
		}
		dirs[filepath.Dir(f.final)] = true
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// syncDir makes a rename in dir durable. Windows cannot sync a folder;
// there the rename is as durable as the system makes it.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	// A few file systems (some network ones) refuse to sync a folder.
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("syncing the folder %s: %w", dir, PlainPathError(err))
	}
	return nil
}

// WriteAtomic writes b to path whole or not at all (an AtomicFile),
// readable by its owner alone; fresh: never over a file there (the error
// then wraps fs.ErrExist). The folder's small files (its key file, its
// signing key) are written so.
func WriteAtomic(path string, b []byte, fresh bool) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("writing %s: %w", path, PlainPathError(err))
	}
	if fresh {
		return f.CommitNew()
	}
	return f.Commit()
}
