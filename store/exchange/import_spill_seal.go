package exchange

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// The import's working file holds every visit it will write: documents,
// names, dates of birth, the whole trail. It sits beside the store, on
// the same disk, and a killed import (or a system that cannot unlink an
// open file) can leave it there, so it never holds them in plain (issue
// 18): it is written sealed with AES-256-GCM under a key made for the one
// import and held only in this process's memory. Once the process ends
// the file, if it outlives it, is noise to anyone; and a working file
// changed on disk while the import runs fails its seal when read back,
// rather than putting what someone wrote there in the store.
//
// The file is a run of sealed chunks, each its length (4 bytes, big
// endian) and then up to spillChunk bytes sealed, numbered from 0 by its
// nonce, so a chunk moved, repeated or left out fails too.

// spillChunk is how much of the working file is sealed at once: large
// enough that sealing costs little more than copying, small enough that
// reading back holds only a little of it.
const spillChunk = 1 << 20

// errSpillDamaged is a working file that does not read back as written.
var errSpillDamaged = errors.New("the import's working file is damaged")

// newSpillSeal is the cipher of one import's working file, under a key
// of its own.
func newSpillSeal() (cipher.AEAD, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("cannot make the key of the import's working file: %w", err)
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// spillNonce is chunk n's nonce: chunks are numbered, never a nonce twice
// under one key.
func spillNonce(dst []byte, n uint64) []byte {
	dst = append(dst[:0], 0, 0, 0, 0)
	return binary.BigEndian.AppendUint64(dst, n)
}

// sealWriter seals what is written to it, a chunk at a time, into w.
// A chunk is sealed where it was gathered, behind room for its length,
// so sealing copies nothing.
type sealWriter struct {
	w     io.Writer
	aead  cipher.AEAD
	buf   []byte // the length's 4 bytes, then what waits to be sealed
	nonce []byte
	n     uint64 // chunks written
}

func newSealWriter(w io.Writer, aead cipher.AEAD) *sealWriter {
	return &sealWriter{w: w, aead: aead, buf: make([]byte, 4, 4+spillChunk+aead.Overhead())}
}

func (s *sealWriter) Write(p []byte) (int, error) {
	done := 0
	for len(p) > 0 {
		k := copy(s.buf[len(s.buf):4+spillChunk], p)
		s.buf = s.buf[:len(s.buf)+k]
		p, done = p[k:], done+k
		if len(s.buf) == 4+spillChunk {
			if err := s.Flush(); err != nil {
				return done, err
			}
		}
	}
	return done, nil
}

// Flush seals and writes what is waiting.
func (s *sealWriter) Flush() error {
	if len(s.buf) == 4 {
		return nil
	}
	s.nonce = spillNonce(s.nonce, s.n)
	sealed := s.aead.Seal(s.buf[4:4], s.nonce, s.buf[4:], nil)
	binary.BigEndian.PutUint32(s.buf, uint32(len(sealed)))
	out := s.buf[:4+len(sealed)]
	s.buf = s.buf[:4]
	s.n++
	_, err := s.w.Write(out)
	return err
}

// Buffered is how many bytes wait to be sealed.
func (s *sealWriter) Buffered() int { return len(s.buf) - 4 }

// openReader reads back what a sealWriter wrote, checking each chunk's
// seal.
type openReader struct {
	r     io.Reader
	aead  cipher.AEAD
	buf   []byte
	plain []byte // read and not yet handed on
	nonce []byte
	n     uint64
}

func newOpenReader(r io.Reader, aead cipher.AEAD) *openReader {
	return &openReader{r: r, aead: aead}
}

// fill reads and opens the next chunk.
func (o *openReader) fill() error {
	var hdr [4]byte
	if _, err := io.ReadFull(o.r, hdr[:]); err != nil {
		return err // io.EOF between chunks
	}
	size := int(binary.BigEndian.Uint32(hdr[:]))
	if size <= o.aead.Overhead() || size > spillChunk+o.aead.Overhead() {
		return errSpillDamaged
	}
	o.buf = slices.Grow(o.buf[:0], size)[:size]
	if _, err := io.ReadFull(o.r, o.buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	o.nonce = spillNonce(o.nonce, o.n)
	plain, err := o.aead.Open(o.buf[:0], o.nonce, o.buf, nil)
	if err != nil {
		return errSpillDamaged
	}
	o.plain = plain
	o.n++
	return nil
}

func (o *openReader) Read(p []byte) (int, error) {
	if len(o.plain) == 0 {
		if err := o.fill(); err != nil {
			return 0, err
		}
	}
	k := copy(p, o.plain)
	o.plain = o.plain[k:]
	return k, nil
}

func (o *openReader) ReadByte() (byte, error) {
	if len(o.plain) == 0 {
		if err := o.fill(); err != nil {
			return 0, err
		}
	}
	b := o.plain[0]
	o.plain = o.plain[1:]
	return b, nil
}
