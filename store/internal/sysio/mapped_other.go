//go:build !linux

package sysio

// DropMapped is a no-op where the pages of mapped files are not counted
// against the process the same way (see the Linux version).
func DropMapped(dir, suffix string) {}
