//go:build unix

package sysio

import (
	"errors"
	"os"
	"syscall"
)

// LockDir takes the lock Badger takes on its folder (flock on the folder
// itself, exclusive, not waiting), so a look over the folder's files is
// not disturbed by a process writing them. held is true, and nothing is
// taken, when another holder has it, in this process or another. The
// lock is given back by unlock, before Badger takes it for itself.
func LockDir(dir string) (unlock func(), held bool, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, true, nil
		}
		return nil, false, err
	}
	return func() { f.Close() }, false, nil // closing the folder releases its lock
}
