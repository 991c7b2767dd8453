package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dgraph-io/ristretto/v2/z"
)

// The newest value-log file, read before Badger opens it (issue 14,
// section 4).
//
// Opening a store, Badger reads its newest value-log file through, to
// find where the records in it end, and cuts the file there
// (valueLog.open and logFile.iterate in Badger v4.9.6): a write torn by a
// crash is then never read. It stops at the first entry it cannot take:
// a header of zeros (the room a new file is made with), a key longer than
// 64 KiB, an entry running past the end of the file, or one whose
// checksum fails. It cannot tell a torn write from an entry damaged in
// the middle of the file, and cuts there too, so every record after that
// entry is lost for good. No option of Badger's turns the cut off; its
// ReadOnly mode skips it, but opens a store nothing can be saved to.
//
// So oic walks that file as Badger will (lastLogEnd), before Badger
// opens it, and judges what the cut would take away:
//
//   - nothing, or nothing but zeros: the file's clean end;
//   - the remains of the one write a crash cut short: the entry Badger
//     stops at was not written whole (its header is zeros or cut off, it
//     runs past the file's end, or the place of its checksum is still
//     zeros), and no whole entry with a good checksum starts anywhere
//     after it. Badger cuts it, as it always has: that write was never
//     acknowledged (a save returns only once its bytes are synced);
//   - anything else is damage, and the store is refused, nothing
//     changed: an entry written whole whose checksum fails (an edit made
//     in the file, a bit flipped on the disk), or whole entries after the
//     one Badger stops at.
//
// A power cut may leave on the disk a later page of the write it
// interrupted and not an earlier one: whole entries after zeros. That is
// refused too, failing safe, though Badger's cut would lose nothing ever
// acknowledged; telling the two apart would take the keys that point into
// the file, which live in the tables and write-ahead files.
//
// The entries are Badger's: a header (meta and user-meta bytes, then the
// key's length, the value's length and the expiry as uvarints), the key,
// the value, and a CRC-32 (Castagnoli, big-endian) of all of them, as
// logFile.encodeEntry writes it in Badger v4.9.6. The tests tear and
// damage files Badger wrote and check that Badger cuts them where the walk
// says (TestNewestLog_TornTailOpens, TestCrashLosesNoAcknowledgedSave), so a
// release of Badger that writes or cuts otherwise fails a test, not a
// store; TestLastLogEnd_FollowsBadgerVersion asks for this to be read again
// at any upgrade. An encrypted store (a later issue) encrypts only the
// key and the value, and the checksum is of the bytes as written, so the
// walk needs no key: it meets encrypted files unchanged.
//
// Older value-log files are not read here: Badger never cuts them, and a
// value in one that fails its checksum is an error when it is read, or
// found by its seal (value.go, seal.go), and oic verify reads them all.
// Reading every file at each start would read the whole store.
//
// It costs a read of the newest file, which Badger's own opening then
// reads again from the page cache: on a full 64 MiB file, a few tens of
// milliseconds (BENCHMARKS.md).

// logEnd is what the walk of a value-log file found.
type logEnd struct {
	size int64 // the file's size
	cut  int64 // where Badger would cut it: after the last entry it takes
	// data is where the last byte that is not zero ends: Badger's cut
	// takes away [cut, data); zeros after that are room, not records.
	data int64
	// damaged says what the cut would take away is not a torn write.
	damaged bool
	why     string // what is wrong at cut, if damaged
	// follow is how many bytes of records would be lost after the damaged
	// entry itself: from its end, or from the first whole entry after it.
	follow int64
}

// Badger's value-log entry: the largest key it reads, the transaction
// marks its value logs never hold (value.go's write strips them), and the
// size of the checksum.
const (
	logMaxKey = 1 << 16
	logTxnBit = 1<<6 | 1<<7
	logCRC    = crc32.Size
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// newestLog is the name of the value-log file Badger writes last and
// reads through at opening: the one with the highest number. ok is false
// if there is none, or a name Badger's opening would refuse itself.
func newestLog(names []string) (name string, ok bool) {
	var best uint64
	for _, n := range names {
		fid, err := strconv.ParseUint(strings.TrimSuffix(n, ".vlog"), 10, 32)
		if err != nil {
			return "", false
		}
		if !ok || fid > best {
			name, best, ok = n, fid, true
		}
	}
	return name, ok
}

// checkNewestLog walks the value-log file name in dbDir (see above) and
// says what is wrong with it, or "" if Badger may open it.
//
// The walk reads the file through a window (logWindow) rather than
// mapping it: mapping it costs a page fault for every few pages, which
// took longer than the checksums (BENCHMARKS.md). Only a file whose walk
// stops short of bytes that are not zeros, after a crash or damage, is
// mapped whole, to be judged (lastLogEnd).
func checkNewestLog(dbDir, name string) (problem string, err error) {
	f, err := os.Open(filepath.Join(dbDir, name))
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if fi.Size() <= logHeader { // checkFiles has refused a shorter one
		return "", nil
	}
	if fi.Size() > math.MaxUint32 {
		return fmt.Sprintf("is %d bytes long, more than a value-log file can be", fi.Size()), nil
	}
	w := &logWindow{f: f, size: fi.Size()}
	cut, err := w.walk()
	if err != nil {
		return "", err
	}
	data, err := w.nonZeroEnd(cut)
	if err != nil || data <= cut {
		return "", err // a clean end: nothing, or only zeros, after the cut
	}
	mapped, err := z.Mmap(f, false, fi.Size())
	if err != nil {
		return "", err
	}
	defer z.Munmap(mapped)
	end := lastLogEnd(mapped)
	if !end.damaged {
		return "", nil
	}
	lost := "that entry would be lost"
	if end.follow > 0 {
		lost = fmt.Sprintf("the %d bytes of records after that entry would be lost with it", end.follow)
	}
	return fmt.Sprintf("has a damaged entry at byte %d of its %d: %s. Opening the store, Badger would cut the file there, and %s",
		end.cut, end.size, end.why, lost), nil
}

// logWindow reads a value-log file through a window of it.
type logWindow struct {
	f    *os.File
	size int64
	buf  []byte // the file's bytes from off
	off  int64
}

// logWindowSize is how much of the file a window holds, unless an entry
// needs more.
const logWindowSize = 1 << 20

// span returns the file's bytes [off, off+n), or those up to its end,
// reading them in if the window does not hold them. The bytes are good
// until the next call.
func (w *logWindow) span(off int64, n int) ([]byte, error) {
	n = int(min(int64(n), w.size-off))
	if off >= w.off && off+int64(n) <= w.off+int64(len(w.buf)) {
		return w.buf[off-w.off:][:n], nil
	}
	m := int(min(max(int64(n), logWindowSize), w.size-off))
	if cap(w.buf) < m {
		w.buf = make([]byte, m)
	}
	w.buf, w.off = w.buf[:m], off
	if _, err := w.f.ReadAt(w.buf, off); err != nil {
		w.buf = w.buf[:0]
		return nil, err
	}
	return w.buf[:n], nil
}

// logHeaderMax is the most bytes a header can take: its two bytes, and
// three uvarints of up to ten.
const logHeaderMax = 2 + 3*binary.MaxVarintLen64

// walk walks the file's entries as Badger's opening does (logEntryAt),
// and returns where Badger would cut it.
func (w *logWindow) walk() (int64, error) {
	at := int64(logHeader)
	for at < w.size {
		b, err := w.span(at, logHeaderMax)
		if err != nil {
			return 0, err
		}
		h, ok := logEntryHeader(b, 0)
		if !ok {
			break
		}
		if b, err = w.span(at, h.hlen+int(h.klen)+int(h.vlen)+logCRC); err != nil {
			return 0, err
		}
		n, ok := logEntryAt(b, 0)
		if !ok {
			break
		}
		at += int64(n)
	}
	return at, nil
}

// nonZeroEnd is where the file's last byte at or after from that is not
// zero ends, or from if there is none.
func (w *logWindow) nonZeroEnd(from int64) (int64, error) {
	end := w.size
	for end > from {
		start := max(from, end-logWindowSize)
		b, err := w.span(start, int(end-start))
		if err != nil {
			return 0, err
		}
		if n := nonZeroLen(b); n > 0 {
			return start + int64(n), nil
		}
		end = start
	}
	return from, nil
}

// lastLogEnd walks the entries of the newest value-log file, data, as
// Badger's opening does, and judges what its cut would take away.
func lastLogEnd(data []byte) logEnd {
	end := logEnd{size: int64(len(data))}
	at := logHeader
	for {
		n, ok := logEntryAt(data, at)
		if !ok {
			break
		}
		at += n
	}
	end.cut = int64(at)
	end.data = int64(at + nonZeroLen(data[at:]))
	if end.data <= end.cut {
		return end // a clean end: nothing, or only zeros, after it
	}
	if whole, n := writtenWhole(data, at); whole {
		end.damaged, end.why = true, "it was written whole, but its checksum fails"
		end.follow = max(end.data-int64(at+n), 0)
		return end
	}
	if next := nextLogEntry(data, at+1, int(end.data)); next >= 0 {
		end.damaged = true
		end.why = fmt.Sprintf("its %d bytes up to byte %d are not an entry Badger can read, yet whole entries follow them", next-at, next)
		end.follow = end.data - int64(next)
	}
	return end // else a write torn by a crash: Badger cuts it
}

// logEntryAt reads the entry at off in data as Badger's opening does
// (safeRead.Entry, logFile.iterate), and returns its length, or ok false
// where Badger would stop: the end of the file, a header cut off or not
// an entry's, a key empty or longer than Badger reads, an entry running
// past the end of the file, a checksum that fails. An entry bearing the
// transaction marks, which Badger v4 never writes in a value log, stops
// the walk too, so that what follows is judged.
func logEntryAt(data []byte, off int) (n int, ok bool) {
	h, ok := logEntryHeader(data, off)
	if !ok || h.klen == 0 || h.klen > logMaxKey || h.meta&logTxnBit != 0 {
		return 0, false
	}
	n = h.hlen + int(h.klen) + int(h.vlen) + logCRC
	if n > len(data)-off {
		return 0, false
	}
	body := data[off : off+n-logCRC]
	if crc32.Checksum(body, castagnoli) != binary.BigEndian.Uint32(data[off+n-logCRC:]) {
		return 0, false
	}
	return n, true
}

// logHeaderFields are an entry's header, as header.DecodeFrom reads it.
type logHeaderFields struct {
	meta       byte
	klen, vlen uint32
	hlen       int // the header's own length
}

// logEntryHeader decodes the header at off. ok is false if it is cut off
// by the end of the file, a length overflows (Badger would fail to open),
// or its lengths together pass 4 GiB (no file of Badger's holds that).
func logEntryHeader(data []byte, off int) (h logHeaderFields, ok bool) {
	if len(data)-off < 2 {
		return h, false
	}
	h.meta = data[off]
	i := off + 2
	var lens [3]uint64
	for k := range lens {
		v, m := binary.Uvarint(data[i:])
		if m <= 0 {
			return h, false
		}
		lens[k], i = v, i+m
	}
	// Badger keeps the lengths as uint32 (header.klen, vlen): a larger
	// one is cut to its low bits.
	h.klen, h.vlen, h.hlen = uint32(lens[0]), uint32(lens[1]), i-off
	if uint64(h.klen)+uint64(h.vlen) > math.MaxUint32 {
		return h, false
	}
	return h, true
}

// writtenWhole says whether the entry at off, which Badger does not take,
// was nonetheless written whole: its header is an entry's, it lies within
// the file, and the place of its checksum is not zeros, as it is in a
// write a crash cut short (the file is made full of zeros; a write fills
// it from the front). n is its length.
func writtenWhole(data []byte, off int) (whole bool, n int) {
	h, ok := logEntryHeader(data, off)
	if !ok || h.klen == 0 || h.klen > logMaxKey {
		return false, 0
	}
	n = h.hlen + int(h.klen) + int(h.vlen) + logCRC
	if n > len(data)-off {
		return false, 0
	}
	return binary.BigEndian.Uint32(data[off+n-logCRC:]) != 0, n
}

// nextLogEntry is the offset of the first whole entry with a good
// checksum that starts at or after from and ends by dataEnd (the end of
// the bytes that are not zero; its checksum may end in zero bytes), or -1.
// A checksum of zeros is taken for a place never written, and missed.
func nextLogEntry(data []byte, from, dataEnd int) int {
	limit := min(len(data), dataEnd+logCRC-1)
	for p := from; p+2 < dataEnd; p++ {
		if data[p+2] == 0 { // the key's length would be zero
			continue
		}
		h, ok := logEntryHeader(data, p)
		if !ok || h.klen > logMaxKey || h.meta&logTxnBit != 0 {
			continue
		}
		n := h.hlen + int(h.klen) + int(h.vlen) + logCRC
		if n > limit-p {
			continue
		}
		sum := binary.BigEndian.Uint32(data[p+n-logCRC:])
		if sum != 0 && crc32.Checksum(data[p:p+n-logCRC], castagnoli) == sum {
			return p
		}
	}
	return -1
}

// nonZeroLen is the length of b without the zeros it ends with.
func nonZeroLen(b []byte) int {
	const chunk = 4096
	var zeros [chunk]byte
	end := len(b)
	for end > 0 {
		start := max(0, end-chunk)
		if !bytes.Equal(b[start:end], zeros[:end-start]) {
			break
		}
		end = start
	}
	for end > 0 && b[end-1] == 0 {
		end--
	}
	return end
}
