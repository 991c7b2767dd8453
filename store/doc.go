package store

import (
	"errors"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/s2"
)

// A visit's document is stored as its JSON compressed with S2 (Snappy's
// faster successor, from klauspost/compress, which Badger itself already
// depends on), behind one byte naming the encoding. S2 makes a closed
// visit's JSON a fraction of its size in microseconds and gives it back
// faster than it can be read from disk. Every byte of a document goes
// through Badger's value log, copied into fresh memory-mapped pages and
// synced, and that copying and syncing was most of what writing a year's
// imported visits took; the store is smaller on a laptop's disk too
// (BENCHMARKS.md, the import's steps). Badger's own compression only
// covers its tables of keys and small values, and stays off, as DESIGN.md
// has it.
//
// Stores written before SchemaVersion 2 hold plain JSON documents, which
// start with '{'; they are read as they are and compressed at their next
// save, so an older store needs no conversion.
const docS2 byte = 0x01

// maxDocument bounds a stored document: a visit's is tens of kilobytes.
const maxDocument = 64 << 20

// encodeDoc is the stored form of the JSON document doc.
func encodeDoc(doc []byte) []byte { return compressed(docS2, doc) }

// compressed is plain compressed with S2 behind the byte marker, in
// memory of its own size: S2 needs room for the worst case, several
// times what a record takes, and a batch of an import holds thousands.
// Documents, trail runs (trailrun.go) and derived parts (derived.go) are
// kept so.
func compressed(marker byte, plain []byte) []byte {
	scratch := encodePool.Get().(*[]byte)
	defer encodePool.Put(scratch)
	if need := s2.MaxEncodedLen(len(plain)); cap(*scratch) < need {
		*scratch = make([]byte, need)
	}
	// S2's Snappy-compatible block: faster to make than its own, for a
	// few more bytes, and s2.Decode reads both.
	enc := s2.EncodeSnappy((*scratch)[:cap(*scratch)], plain)
	out := make([]byte, 1+len(enc))
	out[0] = marker
	copy(out[1:], enc)
	return out
}

// decompressed is body, what compressed wrote after its marker, in dst's
// memory if it is large enough, else in fresh memory; never in body's,
// which inside Badger's Item.Value is Badger's mapped file. A damaged
// length must not ask for gigabytes: more than limit is refused.
func decompressed(dst, body []byte, limit int) ([]byte, error) {
	n, err := s2.DecodedLen(body)
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("it claims %d bytes", n)
	}
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	return s2.Decode(dst[:n], body)
}

var encodePool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// errEmptyDoc is a document stored as empty: oic never stores one so. (A
// value Badger could not read, which it hands back empty, is told apart
// before this, by value: a LostValueError.)
var errEmptyDoc = errors.New("the stored document is empty")

// decodeDoc is the JSON of the stored document stored, in dst's memory
// if it is large enough, else in fresh memory; never in stored's, which
// inside Badger's Item.Value is Badger's mapped file.
func decodeDoc(dst, stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, errEmptyDoc
	}
	switch stored[0] {
	case '{':
		return append(dst[:0], stored...), nil
	case docS2:
		out, err := decompressed(dst, stored[1:], maxDocument)
		if err != nil {
			return nil, fmt.Errorf("the stored document is damaged: %w", err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("the stored document is in an encoding this oic does not know (%#x)", stored[0])
}

// itemDoc is the JSON of the document item holds, decoded into dst's
// memory if it is large enough.
func itemDoc(item *badger.Item, dst []byte) (doc []byte, err error) {
	err = value(item, func(stored []byte) error {
		doc, err = decodeDoc(dst, stored)
		return err
	})
	return doc, err
}
