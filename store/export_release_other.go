//go:build !linux

package store

// releaseMapped is a no-op where the pages of mapped files are not
// counted against the process the same way (see the Linux version).
func (s *Store) releaseMapped() {}
