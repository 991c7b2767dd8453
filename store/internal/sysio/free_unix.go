//go:build unix

package sysio

import "golang.org/x/sys/unix"

// FreeSpace is how many bytes the file system holding dir lets this
// process write: the blocks free to an unprivileged user, not the ones
// kept back for root, so a store run as root does not count on room an
// officer's own account would not have.
func FreeSpace(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
