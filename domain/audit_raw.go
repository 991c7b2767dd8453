package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// A trail that arrives as JSON (an import) is checked over the bytes it
// came as, where they are laid out as oic writes an entry: the hash is
// SHA-256 over the entry's JSON with Hash empty and its time in UTC
// (digested), and those are the entry's own bytes with two spans
// replaced, its time and its hash. Checking so costs a hash per entry,
// where decoding every entry and encoding it again cost four times that
// (BENCHMARKS.md, issue 14). An entry laid out otherwise is not judged
// here: the caller decodes it and checks it with VerifyChain, whose
// verdict and message stand.
//
// Accepting bytes whose hash matches adds nothing a forger could not do
// already (the hashes are unkeyed: a forger recomputes them over any
// content), and every byte of an accepted entry is covered by its hash.
// Bytes that hash right and yet are not as oic encodes their entry are
// made by no oic: taken so, they are kept as they came. oic verify judges
// a held trail over its stored bytes the same way (store/verify_trail.go);
// the Audit tab, which decodes the entries and hashes them as oic encodes
// them (VerifyChain), shows such bytes as altered.

// RawEntry is an entry as VerifyChainRaw reads it from its bytes: all but
// its Change.
type RawEntry struct {
	Seq                         uint64
	Record, Derived, Prev, Hash string
	digits                      int // how many the number takes
}

const (
	rawHashKey = `,"hash":"`
	rawPrevKey = `,"prev":"`
	rawHexLen  = 64
)

// VerifyChainRaw checks that raw, the JSON of each entry of visit ref's
// trail from its first, is whole as VerifyChain would find it: numbered
// from 1, each linked to the one before, each hash matching. It reads
// what it needs from the bytes themselves and answers ok only if every
// entry is laid out as oic writes one and verifies; otherwise the caller
// decodes the entries and asks VerifyChain, which says what is wrong.
func VerifyChainRaw(ref Ref, raw [][]byte) ([]RawEntry, bool) {
	out := make([]RawEntry, len(raw))
	h := sha256.New()
	var sum [sha256.Size]byte
	var hexSum [2 * sha256.Size]byte
	var at [len(time.RFC3339Nano) + 8]byte
	prefix := append(append([]byte(`{"ref":"`), ref...), `","seq":`...)
	prev := ""
	for i, b := range raw {
		e, ok := rawEntry(b, prefix)
		if !ok || e.Seq != uint64(i+1) || e.Prev != prev {
			return nil, false
		}
		// The change follows the number at once: no officer between.
		open := len(prefix) + e.digits
		if !bytes.HasPrefix(b[open:], []byte(`,"change":{`)) {
			return nil, false
		}
		start, end, ok := changeTime(b, open)
		if !ok {
			return nil, false
		}
		utc, ok := utcTime(at[:0], b[start:end])
		if !ok {
			return nil, false
		}
		hashAt := len(b) - len(rawHashKey) - rawHexLen - 2
		h.Reset()
		h.Write(b[:start])
		h.Write(utc)
		h.Write(b[end : hashAt+1]) // through the comma before "hash"
		h.Write([]byte(hashTail))
		hex.Encode(hexSum[:], h.Sum(sum[:0]))
		if string(hexSum[:]) != e.Hash {
			return nil, false
		}
		out[i] = e
		prev = e.Hash
	}
	return out, true
}

// changeTime is where the value of an entry's change's time lies in b,
// the entry's JSON, its change opening at or after from: the first "at"
// member there, which in an entry laid out as oic writes it is the
// change's own (its action, actor and actor_name come first, and "at"
// cannot occur unescaped inside a string).
func changeTime(b []byte, from int) (start, end int, ok bool) {
	open := bytes.Index(b[from:], []byte(`,"change":{`))
	if open < 0 {
		return 0, 0, false
	}
	k := bytes.Index(b[from+open:], []byte(`,"at":"`))
	if k < 0 {
		return 0, 0, false
	}
	start = from + open + k + len(`,"at":"`)
	q := bytes.IndexByte(b[start:], '"')
	if q < 0 {
		return 0, 0, false
	}
	return start, start + q, true
}

// rawEntry reads an entry's number, seal and links from its bytes,
// which must begin with prefix and end with its prev and hash members.
func rawEntry(b, prefix []byte) (RawEntry, bool) {
	var e RawEntry
	if !bytes.HasPrefix(b, prefix) || !bytes.HasSuffix(b, []byte(`"}`)) {
		return e, false
	}
	digits := b[len(prefix):]
	n := bytes.IndexByte(digits, ',')
	if n <= 0 || (n > 1 && digits[0] == '0') {
		return e, false
	}
	seq, err := strconv.ParseUint(string(digits[:n]), 10, 64)
	if err != nil {
		return e, false
	}
	e.Seq, e.digits = seq, n
	// From the end: ,"hash":"H"} then ,"prev":"P" (P empty or hex), then
	// optionally ,"derived":"D" and ,"record":"R".
	tail := b[:len(b)-1]
	hash, tail, ok := rawHexMember(tail, rawHashKey, false)
	if !ok {
		return e, false
	}
	e.Hash = hash
	if e.Prev, tail, ok = rawHexMember(tail, rawPrevKey, true); !ok {
		return e, false
	}
	if d, t, ok := rawHexMember(tail, `,"derived":"`, false); ok {
		e.Derived, tail = d, t
	}
	if r, t, ok := rawHexMember(tail, `,"record":"`, false); ok {
		e.Record, tail = r, t
	}
	// What is left is the entry up to its change's close.
	if len(tail) <= len(prefix) || tail[len(tail)-1] != '}' {
		return e, false
	}
	return e, true
}

// rawHexMember reads the member `key` HEX `"` that ends tail (key
// holds the comma before the member and the value's opening quote), HEX
// 64 bytes, or nothing if empty may be. It gives the
// value and tail up to the member.
func rawHexMember(tail []byte, key string, empty bool) (string, []byte, bool) {
	if len(tail) == 0 || tail[len(tail)-1] != '"' {
		return "", tail, false
	}
	body := tail[:len(tail)-1]
	if empty && bytes.HasSuffix(body, []byte(key)) {
		return "", body[:len(body)-len(key)], true
	}
	if len(body) < rawHexLen+len(key) {
		return "", tail, false
	}
	v := body[len(body)-rawHexLen:]
	// Not checked as hex: a hash and a link are compared with those
	// computed, and a seal with the record's (its last entry's, decoded).
	if !bytes.HasSuffix(body[:len(body)-rawHexLen], []byte(key)) {
		return "", tail, false
	}
	return string(v), body[:len(body)-rawHexLen-len(key)], true
}

// utcTime is s, a time as JSON carries it, as digested writes it: in
// UTC, appended to dst. A time already in UTC is s itself.
func utcTime(dst, s []byte) ([]byte, bool) {
	if len(s) > 0 && s[len(s)-1] == 'Z' {
		return s, true
	}
	t, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return nil, false
	}
	return t.UTC().AppendFormat(dst, time.RFC3339Nano), true
}
