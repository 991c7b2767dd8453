package exchange

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"oic/store/internal/sysio"
)

// CheckImportable refuses, before anything is opened or read, a path that
// is not a regular file (a link to one will do): opening a named pipe
// waits for a writer that may never come, /dev/zero never ends, and a
// folder is no export. The digest file and the signature beside it are
// held to the same, and the digest file must be there and read as one:
// its digest is returned, for the check of the file against it.
func CheckImportable(path string) (digest string, err error) {
	for _, p := range exportFiles(path) {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) && p != path {
			continue // readDigestFile says what is missing
		}
		if err != nil {
			return "", fmt.Errorf("cannot read %s: %w", p, sysio.PlainPathError(err))
		}
		if !fi.Mode().IsRegular() {
			return "", fmt.Errorf("cannot import %s: it is %s, not a file. Give the path of an export, like visits.jsonl, with its digest visits.jsonl.sha256 beside it; nothing was imported", p, fileKind(fi.Mode()))
		}
	}
	// An export copied without its digest, or with another's, cannot be
	// imported: said before a folder is made for it (and a passphrase
	// asked for that folder).
	return readDigestFile(path)
}

// fileKind names what a path is that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}
