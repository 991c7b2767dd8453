package store

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"oic/domain"
)

// A visit's record can carry a part derived from its document, made at
// each save by code outside the store (Options.Derive) so that a reader
// copies it rather than derives it again: oic's is the derived part of a
// closed visit's export line, whose deriving was most of an export's work
// (store/exchange). The store keeps the part under x/<ref>, in an
// envelope naming the document it was derived from (its length and
// CRC-32C) and the version of the derivation, and hands it out
// (Reader.Derived) only when both match. A part left beside another
// document (an import writes documents without one; a store opened
// without the derivation keeps the old part through a save) or made by
// another version is never used: the reader derives afresh, correct and
// only slower.
//
//	uvarint version, uvarint len(doc), uint32 CRC-32C(doc), part
//
// Since store format 4 the envelope is kept compressed with S2, as a
// document is, behind a zero byte, which no envelope starts with (a
// derivation's version is at least 1): the part is a third of the bytes
// a year's import writes, and S2 takes it to a fifth (BENCHMARKS.md,
// issue 14's import). Its seal, like a document's, is of the envelope
// itself, not of its compressed form. Envelopes stored plain by an
// earlier oic are read as they are.

// Derivation makes the part of a visit's record derived from its
// document.
type Derivation struct {
	// Version numbers how Part derives: a part made by another version
	// is never handed out.
	Version uint64
	// Part is the part derived from v, whose document (its JSON) is doc,
	// or nil for none.
	Part func(v *domain.Visit, doc []byte) []byte
}

var prefixDerived = []byte("x/")

// crcTable is CRC-32C, which the processor computes: the envelope's note
// of its document.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

func derivedKey(ref domain.Ref) []byte { return cat(prefixDerived, []byte(ref)) }

// record is the derived part of v, whose document is doc, as stored,
// and its envelope, which its seal is of; ok is false if there is none.
func (d Derivation) record(v *domain.Visit, doc []byte) (rec Record, env []byte, ok bool) {
	if d.Part == nil {
		return Record{}, nil, false
	}
	part := d.Part(v, doc)
	if part == nil {
		return Record{}, nil, false
	}
	env = envelope(d.Version, doc, part)
	return derivedRecord(v.Ref, env), env, true
}

// DerivedSeal is the seal (domain.Seal's Derived) of part, derived from
// doc by version, as the store would keep it: an import tells by it
// whether the part a visit brings is the one its trail sealed.
func DerivedSeal(version uint64, doc, part []byte) string {
	return domain.RecordHash(envelope(version, doc, part))
}

// derivedS2 marks an envelope kept compressed.
const derivedS2 byte = 0x00

// derivedRecord keeps env, ref's derived part in its envelope, compressed.
func derivedRecord(ref domain.Ref, env []byte) Record {
	return Record{Key: derivedKey(ref), Value: compressed(derivedS2, env)}
}

// derivedEnvelope is the envelope stored holds, in fresh memory if it was
// compressed, else stored itself.
func derivedEnvelope(stored []byte) ([]byte, error) { return derivedEnvelopeIn(nil, stored) }

// derivedEnvelopeIn is derivedEnvelope decompressing into *scratch's
// memory, grown if it is too small (nil: fresh memory), which the
// envelope returned then shares: valid until *scratch is used again.
func derivedEnvelopeIn(scratch *[]byte, stored []byte) ([]byte, error) {
	if len(stored) == 0 || stored[0] != derivedS2 {
		return stored, nil
	}
	var dst []byte
	if scratch != nil {
		dst = *scratch
	}
	env, err := decompressed(dst, stored[1:], maxDocument)
	if err != nil {
		return nil, fmt.Errorf("the stored derived part of its export line is damaged: %w", err)
	}
	if scratch != nil {
		*scratch = env
	}
	return env, nil
}

// envelope is part, derived from doc by version, as the store keeps it.
func envelope(version uint64, doc, part []byte) []byte {
	b := binary.AppendUvarint(make([]byte, 0, 2*binary.MaxVarintLen64+4+len(part)), version)
	b = binary.AppendUvarint(b, uint64(len(doc)))
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(doc, crcTable))
	return append(b, part...)
}

// derivedPart is the part in rec, an envelope record made, if it was
// derived from doc by version; ok is false if not.
func derivedPart(rec []byte, version uint64, doc []byte) (part []byte, ok bool) {
	ver, n := binary.Uvarint(rec)
	if n <= 0 || ver != version {
		return nil, false
	}
	rec = rec[n:]
	size, n := binary.Uvarint(rec)
	if n <= 0 || size != uint64(len(doc)) || len(rec) < n+4 {
		return nil, false
	}
	rec = rec[n:]
	if binary.BigEndian.Uint32(rec) != crc32.Checksum(doc, crcTable) {
		return nil, false
	}
	return rec[4:], true
}
