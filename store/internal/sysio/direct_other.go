//go:build !linux

package sysio

// DirectAlign: see the Linux version. Elsewhere files are written
// through the cache, and the alignment only costs a few bytes a buffer.
const DirectAlign = 4096

func setDirect(fd uintptr, on bool) bool { return false }

func directRefused(err error) bool { return false }
