//go:build windows

package sysio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// LockDir says whether Badger's lock on its folder is held. On Windows
// Badger holds its folder by keeping the file LOCK open with no sharing,
// so another open of it fails with a sharing violation; a LOCK that opens
// is not held. Nothing is taken: the look over the folder's files that
// follows is not shielded from a process starting meanwhile, which then
// finds the folder free and opens it first.
func LockDir(dir string) (unlock func(), held bool, err error) {
	f, err := os.Open(filepath.Join(dir, "LOCK"))
	switch {
	case err == nil:
		f.Close()
		return func() {}, false, nil
	case errors.Is(err, fs.ErrNotExist):
		return func() {}, false, nil
	case errors.Is(err, errSharingViolation):
		return nil, true, nil
	}
	return nil, false, err
}

// errSharingViolation is Windows' ERROR_SHARING_VIOLATION, which package
// syscall does not name.
const errSharingViolation = syscall.Errno(32)
