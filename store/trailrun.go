package store

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/klauspost/compress/s2"

	"oic/domain"
)

// A trail's entries are kept one to a key (a/<ref>/<seq>) as a save
// appends them, one at a time. A visit arriving by oic import brings a
// dozen or more new entries at once: they are kept together, under the
// key of the first of them, as one run: their JSON, one entry to a line,
// compressed with S2 as a document is, behind one byte naming the
// encoding. A year's import then writes one value a visit for its trail
// rather than one an entry, and a third of the bytes (BENCHMARKS.md,
// issue 14's import). A value that starts with '{' is one entry; a trail
// may hold both kinds, in the order of their numbers, and whoever reads
// it reads entries, never the runs. Each run's entries still chain as
// they did: its key says only where it starts, and the chain's check
// (domain.VerifyChain) numbers and links every entry read.
const trailRunS2 byte = 0x02

// maxTrailRun bounds a run read back, so a damaged length cannot ask for
// gigabytes: a visit's whole trail is tens of kilobytes.
const maxTrailRun = 256 << 20

// encodeTrailRun is the stored form of entries, each the JSON of one
// audit entry (json.Marshal's, which never holds a raw newline).
func encodeTrailRun(entries [][]byte) []byte {
	return compressed(trailRunS2, bytes.Join(entries, []byte{'\n'}))
}

// trailValue calls fn with each entry's JSON that the stored trail value
// holds: itself, if it is one entry, or each of a run's, decompressed
// into *scratch's memory, grown if it is too small (nil: fresh memory).
// The bytes are valid only until fn returns.
func trailValue(stored []byte, scratch *[]byte, fn func(entry []byte) error) error {
	if len(stored) == 0 {
		return fmt.Errorf("it is empty")
	}
	switch stored[0] {
	case '{':
		return fn(stored)
	case trailRunS2:
		var dst []byte
		if scratch != nil {
			dst = *scratch
		}
		plain, err := decompressed(dst, stored[1:], maxTrailRun)
		if err != nil {
			return fmt.Errorf("its run of entries is damaged: %w", err)
		}
		if scratch != nil {
			*scratch = plain
		}
		for len(plain) > 0 {
			line := plain
			if i := bytes.IndexByte(plain, '\n'); i >= 0 {
				line, plain = plain[:i], plain[i+1:]
			} else {
				plain = nil
			}
			if err := fn(line); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("it is in an encoding this oic does not know (%#x)", stored[0])
}

// appendTrailValue appends to dst the entries the stored trail value
// holds, as trailValue hands them on, joined by commas, and says how
// many it appended: a run's decompressed in place in dst's spare
// memory, grown if it is too small. Where each entry appended ends in
// dst is appended to ends.
func appendTrailValue(dst, stored []byte, ends *[]int) ([]byte, uint64, error) {
	if len(stored) == 0 {
		return dst, 0, fmt.Errorf("it is empty")
	}
	switch stored[0] {
	case '{':
		dst = append(dst, stored...)
		*ends = append(*ends, len(dst))
		return dst, 1, nil
	case trailRunS2:
		size, err := s2.DecodedLen(stored[1:])
		switch {
		case err != nil:
			return dst, 0, fmt.Errorf("its run of entries is damaged: %w", err)
		case size > maxTrailRun:
			return dst, 0, fmt.Errorf("its run of entries is damaged: it claims %d bytes", size)
		case size == 0:
			return dst, 0, nil
		}
		at := len(dst)
		dst = slices.Grow(dst, size)[:at+size]
		plain, err := s2.Decode(dst[at:], stored[1:])
		if err != nil || len(plain) != size {
			return dst[:at], 0, fmt.Errorf("its run of entries is damaged: %v", err)
		}
		// A run's last entry ends it, or a newline does (trailValue
		// reads no entry after it).
		n := uint64(1)
		if dst[len(dst)-1] == '\n' {
			dst = dst[:len(dst)-1]
		}
		for i := at; ; {
			j := bytes.IndexByte(dst[i:], '\n')
			if j < 0 {
				break
			}
			dst[i+j] = ','
			*ends = append(*ends, i+j)
			i += j + 1
			n++
		}
		*ends = append(*ends, len(dst))
		return dst, n, nil
	}
	return dst, 0, fmt.Errorf("it is in an encoding this oic does not know (%#x)", stored[0])
}

// trailRunRecord is the record keeping entries, a stretch of ref's trail
// in order, as one run under the first one's key: encoded, if given, are
// their JSON (domain.VerifyChainJSON's), else they are encoded here.
func trailRunRecord(ref domain.Ref, entries []domain.AuditEntry, encoded [][]byte) (Record, error) {
	if encoded == nil {
		encoded = make([][]byte, len(entries))
		for i, e := range entries {
			encoded[i] = e.AppendJSON(nil)
		}
	}
	return Record{auditKey(ref, entries[0].Seq), encodeTrailRun(encoded)}, nil
}
