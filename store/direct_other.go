//go:build !linux

package store

// directAlign: see the Linux version. Elsewhere exports are written
// through the cache, and the alignment only costs a few bytes a buffer.
const directAlign = 4096

func setDirect(fd uintptr, on bool) bool { return false }

func directRefused(err error) bool { return false }
