package main

import "golang.org/x/sys/unix"

// swapFolders exchanges the folders a and b in one step (renameat2's
// RENAME_EXCHANGE): there is no moment at which either name is missing,
// so a kill leaves one folder or the other under each name.
func swapFolders(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
