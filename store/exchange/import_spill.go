package exchange

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"oic/store/internal/sysio"

	"oic/store"
)

// importSpill keeps, in a temporary file, the records the check makes for
// each visit to write (store.VisitRecords), in the file's order, until the
// whole file is known good and they can be written. The checking workers
// have each line in hand and two cores to make the records on
// (compressing the document, chaining the audit entry); the write that
// follows is Badger's single writer, and anything else running beside it
// costs it dear: each page of its value log it syncs must be unmapped on
// every core running this process, an interrupt to each, and a virtual
// machine's are slow. So the write reads back what it writes, already
// made and compressed (BENCHMARKS.md, the import's steps).
//
// The file is unlinked as soon as it is made (where the system allows),
// so it goes with the process however that ends, and is only read while
// it is in the page cache. It holds personal data, so it is sealed under
// a key held only in memory (import_spill_seal.go).
type importSpill struct {
	dir    string
	f      *os.File
	aead   cipher.AEAD
	w      *sealWriter
	linked bool // not unlinked yet: removed on close
	n      int
	err    error
	hdr    []byte
}

func newImportSpill(dir string) (*importSpill, error) {
	// One left by an import killed where files cannot be unlinked while
	// open: the store's lock says no other import is running.
	if stale, _ := filepath.Glob(filepath.Join(dir, ".import-*.spill")); len(stale) > 0 {
		for _, p := range stale {
			os.Remove(p)
		}
	}
	f, err := os.CreateTemp(dir, ".import-*.spill")
	if err != nil {
		return nil, fmt.Errorf("cannot make the import's working file in %s: %w", dir, sysio.PlainPathError(err))
	}
	sp := &importSpill{dir: dir, f: f}
	if os.Remove(f.Name()) != nil {
		sp.linked = true // Windows: removed on close
	}
	if sp.aead, err = newSpillSeal(); err != nil {
		sp.close()
		return nil, err
	}
	sp.w = newSealWriter(f, sp.aead)
	return sp, nil
}

// add keeps the records of the visit of plan number plan:
//
//	uvarint plan, uvarint deletes, uvarint sets, uvarint size of what
//	follows; each key to delete, each record to set, length-prefixed
func (sp *importSpill) add(plan int, recs store.VisitRecords) {
	if sp.err != nil {
		return
	}
	size := 0
	for _, k := range recs.Delete {
		size += uvarintLen(len(k)) + len(k)
	}
	for _, r := range recs.Set {
		size += uvarintLen(len(r.Key)) + len(r.Key) + uvarintLen(len(r.Value)) + len(r.Value)
	}
	h := binary.AppendUvarint(sp.hdr[:0], uint64(plan))
	h = binary.AppendUvarint(h, uint64(len(recs.Delete)))
	h = binary.AppendUvarint(h, uint64(len(recs.Set)))
	h = binary.AppendUvarint(h, uint64(size))
	sp.hdr = h
	sp.write(h)
	for _, k := range recs.Delete {
		sp.bytes(k)
	}
	for _, r := range recs.Set {
		sp.bytes(r.Key)
		sp.bytes(r.Value)
	}
	sp.n++
}

// bytes writes b, length-prefixed.
func (sp *importSpill) bytes(b []byte) {
	sp.write(binary.AppendUvarint(sp.hdr[:0], uint64(len(b))))
	sp.write(b)
}

func (sp *importSpill) write(b []byte) {
	if sp.err == nil {
		if _, err := sp.w.Write(b); err != nil {
			sp.err = sp.writeError(err)
		}
	}
}

// writeError says the working file could not be written, most likely
// for want of room, and what the import needs.
func (sp *importSpill) writeError(err error) error {
	return fmt.Errorf("cannot write the import's working file in %s: %w.\n"+
		"It needs about half the export's size free on that disk, besides what the store grows by; nothing was imported",
		sp.dir, sysio.PlainPathError(err))
}

func uvarintLen(n int) int {
	l := 1
	for ; n >= 0x80; n >>= 7 {
		l++
	}
	return l
}

// size is how many bytes the file holds.
func (sp *importSpill) size() (int64, error) {
	fi, err := sp.f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size() + int64(sp.w.Buffered()), nil
}

// each hands each visit's records back, in the order added. The keys and
// values of one visit share memory of their own, which each may keep;
// the lists of them (recs.Set, recs.Delete) are reused for the next
// visit, as the writer copies what it queues.
func (sp *importSpill) each(fn func(plan int, recs store.VisitRecords) error) error {
	if sp.err != nil {
		return sp.err
	}
	if err := sp.w.Flush(); err != nil {
		return sp.writeError(err)
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := newOpenReader(sp.f, sp.aead)
	damaged := errSpillDamaged
	var recs store.VisitRecords
	for range sp.n {
		plan, err1 := binary.ReadUvarint(r)
		dels, err2 := binary.ReadUvarint(r)
		sets, err3 := binary.ReadUvarint(r)
		size, err4 := binary.ReadUvarint(r)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return fmt.Errorf("reading the import's working file: %w", err)
		}
		if size > maxLine || dels > size || sets > size || dels+sets > size {
			return damaged
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(r, body); err != nil {
			return fmt.Errorf("reading the import's working file: %w", err)
		}
		recs.Set = slices.Grow(recs.Set[:0], int(sets))[:sets]
		recs.Delete = slices.Grow(recs.Delete[:0], int(dels))[:dels]
		var ok bool
		for i := range recs.Delete {
			if recs.Delete[i], body, ok = cutUvarint(body); !ok {
				return damaged
			}
		}
		for i := range recs.Set {
			k, rest, ok := cutUvarint(body)
			if !ok {
				return damaged
			}
			v, rest, ok := cutUvarint(rest)
			if !ok {
				return damaged
			}
			recs.Set[i], body = store.Record{Key: k, Value: v}, rest
		}
		if err := fn(int(plan), recs); err != nil {
			return err
		}
	}
	return nil
}

// cutUvarint cuts a length-prefixed run of bytes off the front of b.
func cutUvarint(b []byte) (run, rest []byte, ok bool) {
	n, l := binary.Uvarint(b)
	if l <= 0 || uint64(len(b)-l) < n {
		return nil, nil, false
	}
	b = b[l:]
	return b[:n:n], b[n:], true
}

func (sp *importSpill) close() {
	sp.f.Close()
	if sp.linked {
		os.Remove(sp.f.Name())
	}
}
