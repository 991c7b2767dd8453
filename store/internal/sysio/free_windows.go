//go:build windows

package sysio

import "golang.org/x/sys/windows"

// FreeSpace is how many bytes the volume holding dir lets this process
// write (its quota, if the volume has one).
func FreeSpace(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var free, total, all uint64
	if err := windows.GetDiskFreeSpaceEx(p, &free, &total, &all); err != nil {
		return 0, err
	}
	return free, nil
}
