//go:build !unix && !windows

package sysio

import "errors"

// FreeSpace cannot be measured here; the store then writes as if there
// were room.
func FreeSpace(dir string) (uint64, error) {
	return 0, errors.ErrUnsupported
}
