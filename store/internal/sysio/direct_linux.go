package sysio

import (
	"errors"
	"syscall"
)

// Writing a large file through the page cache cost more CPU than making
// the export it held, on two cores most of the export's budget; written
// with O_DIRECT, straight from the writer's buffers to the disk, it costs
// a small part of that (BENCHMARKS.md, "Direct writes"). So whole aligned
// blocks go direct where the file system allows it, and the rest through
// the cache as before.

// DirectAlign is the alignment O_DIRECT asks of buffers, lengths and
// file offsets: 4096 covers every block size Linux file systems use.
const DirectAlign = 4096

// setDirect turns O_DIRECT on or off for fd's file. It reports whether
// the flag is now as asked; a file system that does not do direct I/O
// (tmpfs, some network ones) refuses, and the file stays buffered.
func setDirect(fd uintptr, on bool) bool {
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
	if errno != 0 {
		return false
	}
	if on {
		flags |= syscall.O_DIRECT
	} else {
		flags &^= syscall.O_DIRECT
	}
	_, _, errno = syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_SETFL, flags)
	return errno == 0
}

// directRefused says a write failed because the file system will not
// take it direct (EINVAL on some that accept the flag but not the write).
func directRefused(err error) bool { return errors.Is(err, syscall.EINVAL) }
