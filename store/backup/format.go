// Package backup writes a data folder's backup (oic backup) and restores
// one into a new folder (oic restore).
//
// A backup is one file, written as exports are (0600, whole or not at
// all, FILE.sha256 and FILE.sig beside it; store/exchange), encrypted with
// age when it is given recipients or a passphrase. Its plaintext is:
//
//	line 1   the header, one JSON object: "format": "oic backup", its
//	         version, the store format, the folder's principal and public
//	         signing key, when, by whom, with which oic, how many visits,
//	         and the folder's own files a restored folder needs (its
//	         signing key and principal, config.json, allowed_signers, the
//	         server's host key, the servers it pinned), each as base64
//	then     Badger's backup stream (store.Backup), in frames: a 4-byte
//	         big-endian length and that many bytes, ending with a frame of
//	         length 0
//	last     the SHA-256 of the stream and its length (8 bytes, big
//	         endian), and the line "oic backup end\n"
//
// So a backup cut short, or damaged in a way its digest file and
// signature were made again to hide, is found by reading it through: a
// restore does so as it writes, into a hidden folder it renames only once
// the stream closes as it should (Restore). Full backups only
// (dgraph-io/badger issue 2060).
package backup

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"oic/store/vault"
	"path"
	"strings"
	"time"
)

// Format is the header's "format": what tells a backup from any file.
const Format = "oic backup"

// Version is the layout above.
const Version = 1

// endLine ends every whole backup.
const endLine = "oic backup end\n"

// maxHeader bounds the header line: a few kilobytes of keys and config.
const maxHeader = 16 << 20

// maxFrame bounds one frame, as written (frameSize) and as read.
const maxFrame = 4 << 20

const frameSize = 1 << 20

// Header says what a backup is.
type Header struct {
	Format      string    `json:"format"`
	Version     int       `json:"version"`
	StoreFormat uint64    `json:"store_format"`
	Principal   string    `json:"principal"`
	PublicKey   string    `json:"public_key"`
	MadeAt      time.Time `json:"made_at"`
	MadeBy      string    `json:"made_by"`
	Tool        string    `json:"oic"`
	Visits      int       `json:"visits"`
	Encrypted   string    `json:"encrypted,omitempty"` // how: "passphrase", "recipients"; "" plain
	Files       []File    `json:"files"`
}

// File is one of the folder's own files, by its path in the folder.
type File struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

// folderFiles are the files of a data folder a backup carries, beside the
// store: what a restored folder needs to sign as the same folder, apply
// the same grades and trust the same signers and servers. An encrypted
// folder's keys are sealed (the .sealed files) and its data key wrapped
// under its passphrase (vault.json): carried as they are, they open in
// the restored folder with the same passphrase, and with nothing else.
var folderFiles = []string{"config.json", "allowed_signers", "signing/export_ed25519", "signing/principal", "ssh_host_ed25519_key",
	vault.File, "signing/export_ed25519.sealed", "ssh_host_ed25519_key.sealed"}

// serversDir holds the servers a laptop's folder pinned (oic pull).
const serversDir = "servers"

// validName says a file's name in a header is one a backup carries, so
// a restore never writes outside its folder or anywhere unexpected.
func validName(n string) bool {
	for _, f := range folderFiles {
		if n == f {
			return true
		}
	}
	dir, base := path.Split(n)
	return dir == serversDir+"/" && strings.HasSuffix(base, ".json") && base != ".json" &&
		!strings.ContainsAny(base, "/\\\x00") && !strings.HasPrefix(base, ".")
}

// frameWriter writes the stream in frames, hashing it.
type frameWriter struct {
	w   *bufio.Writer
	h   hash.Hash
	n   int64
	buf []byte
}

func newFrameWriter(w *bufio.Writer) *frameWriter {
	return &frameWriter{w: w, h: sha256.New(), buf: make([]byte, 0, frameSize)}
}

func (f *frameWriter) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		k := min(len(p), frameSize-len(f.buf))
		f.buf = append(f.buf, p[:k]...)
		p = p[k:]
		if len(f.buf) == frameSize {
			if err := f.flush(); err != nil {
				return 0, err
			}
		}
	}
	return total, nil
}

func (f *frameWriter) flush() error {
	if len(f.buf) == 0 {
		return nil
	}
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(f.buf)))
	if _, err := f.w.Write(l[:]); err != nil {
		return err
	}
	if _, err := f.w.Write(f.buf); err != nil {
		return err
	}
	f.h.Write(f.buf)
	f.n += int64(len(f.buf))
	f.buf = f.buf[:0]
	return nil
}

// end writes the last frame, the end frame and the trailer.
func (f *frameWriter) end() error {
	if err := f.flush(); err != nil {
		return err
	}
	var tail [4 + sha256.Size + 8]byte
	copy(tail[4:], f.h.Sum(nil))
	binary.BigEndian.PutUint64(tail[4+sha256.Size:], uint64(f.n))
	if _, err := f.w.Write(tail[:]); err != nil {
		return err
	}
	_, err := f.w.WriteString(endLine)
	return err
}

// ErrNotBackup is a file that is not an oic backup at all.
var ErrNotBackup = errors.New("not an oic backup")

// readHeader reads and checks the header line.
func readHeader(r *bufio.Reader) (Header, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxHeader {
			return Header{}, fmt.Errorf("%w: its first line is longer than any backup's header", ErrNotBackup)
		}
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(line) == 0 {
			return Header{}, fmt.Errorf("%w: it is empty", ErrNotBackup)
		}
		return Header{}, fmt.Errorf("%w: it has no whole first line (%v)", ErrNotBackup, err)
	}
	var h Header
	if err := json.Unmarshal(line, &h); err != nil || h.Format != Format {
		return Header{}, fmt.Errorf("%w: its first line does not say \"format\": %q", ErrNotBackup, Format)
	}
	if h.Version != Version {
		return Header{}, fmt.Errorf("it is an oic backup of version %d, which this oic does not read (it reads version %d): use the oic that made it, or a newer one", h.Version, Version)
	}
	for _, f := range h.Files {
		if !validName(f.Name) {
			return Header{}, fmt.Errorf("its header names a file %q that a backup never carries: it was not made by oic backup", f.Name)
		}
	}
	return h, nil
}

// frameReader reads the stream back out of its frames; at its end it
// checks the trailer: the stream's SHA-256 and length, and the end line.
// Anything short, long or different is an error, never an early EOF.
type frameReader struct {
	r    *bufio.Reader
	h    hash.Hash
	n    int64
	left int
	done bool
	// err is the first error Read returned: the stream damaged or cut
	// short.
	err error
}

func newFrameReader(r *bufio.Reader) *frameReader { return &frameReader{r: r, h: sha256.New()} }

// ErrDamaged is a backup whose stream is cut short or altered.
var ErrDamaged = errors.New("the backup is damaged or cut short")

func (f *frameReader) Read(p []byte) (int, error) {
	n, err := f.read(p)
	if err != nil && err != io.EOF && f.err == nil {
		f.err = err
	}
	return n, err
}

func (f *frameReader) read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.done {
		return 0, io.EOF
	}
	for f.left == 0 {
		var l [4]byte
		if _, err := io.ReadFull(f.r, l[:]); err != nil {
			return 0, fmt.Errorf("%w: it ends part-way through its records (%v)", ErrDamaged, err)
		}
		n := binary.BigEndian.Uint32(l[:])
		if n == 0 {
			if err := f.trailer(); err != nil {
				return 0, err
			}
			f.done = true
			return 0, io.EOF
		}
		if n > maxFrame {
			return 0, fmt.Errorf("%w: a frame of its records claims %d bytes", ErrDamaged, n)
		}
		f.left = int(n)
	}
	if len(p) > f.left {
		p = p[:f.left]
	}
	k, err := f.r.Read(p)
	f.h.Write(p[:k])
	f.n += int64(k)
	f.left -= k
	if err != nil && !(errors.Is(err, io.EOF) && f.left == 0) {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return k, fmt.Errorf("%w: it ends part-way through its records (%v)", ErrDamaged, err)
	}
	return k, nil
}

func (f *frameReader) trailer() error {
	var tail [sha256.Size + 8]byte
	if _, err := io.ReadFull(f.r, tail[:]); err != nil {
		return fmt.Errorf("%w: it ends before its closing digest", ErrDamaged)
	}
	if !bytes.Equal(tail[:sha256.Size], f.h.Sum(nil)) || binary.BigEndian.Uint64(tail[sha256.Size:]) != uint64(f.n) {
		return fmt.Errorf("%w: its records do not match the digest they close with", ErrDamaged)
	}
	end := make([]byte, len(endLine))
	if _, err := io.ReadFull(f.r, end); err != nil || string(end) != endLine {
		return fmt.Errorf("%w: it does not end as a backup does", ErrDamaged)
	}
	if _, err := f.r.ReadByte(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: there is more after its end", ErrDamaged)
	}
	return nil
}
