package signing

import (
	"errors"
	"io"
	"os"
)

// errNotRegular is readBounded's error for a path that is a folder, a
// pipe or a device: a pipe could keep a reader waiting for ever.
var errNotRegular = errors.New("it is not a regular file")

// readBounded reads the regular file at path, at most max+1 bytes: its
// caller refuses a file longer than max by its length, without reading
// the rest. Every file signing reads is small and from outside, or may be.
func readBounded(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return io.ReadAll(io.LimitReader(f, int64(max)+1))
}

// ReadSignatureFile reads FILE.sig for ParseSignature, which refuses it
// if it is longer than a signature. A file that is not there is an error
// that wraps fs.ErrNotExist.
func ReadSignatureFile(path string) ([]byte, error) { return readBounded(path, MaxSignature) }
