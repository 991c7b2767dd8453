//go:build !linux

package main

import "os"

// swapFolders exchanges the folders a and b by three renames: elsewhere
// than Linux there is no exchange in one step, and a kill between them
// leaves a folder under a third name (a+".swap"), which oic encrypt
// names if it finds it.
func swapFolders(a, b string) error {
	tmp := a + ".swap"
	if err := os.Rename(a, tmp); err != nil {
		return err
	}
	if err := os.Rename(b, a); err != nil {
		os.Rename(tmp, a)
		return err
	}
	return os.Rename(tmp, b)
}
