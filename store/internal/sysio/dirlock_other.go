//go:build !unix && !windows

package sysio

// LockDir has no lock to probe on this system: it reports the folder
// free, and Badger's own lock decides.
func LockDir(dir string) (unlock func(), held bool, err error) {
	return func() {}, false, nil
}
