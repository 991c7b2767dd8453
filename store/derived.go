package store

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// A closed visit's export line is its stored document followed by what
// the export derives from it: the debrief sections and the planning
// summary. Deriving them means decoding the document and walking the
// debrief, which was nine tenths of an export's work for each visit, and
// a closed visit is final (only follow-ups and assurance add to it, each
// a save). So a save of a visit in an export state also writes the
// derived part of its line, under x/<ref>, and the export copies it
// instead of deriving it again.
//
// The record names the document it was derived from (its length and
// CRC-32C) and the derivation's version. An export uses it only if both
// match, and derives the part afresh otherwise: a document written
// without one (by an import, or by a build before this one) or a build
// whose derivation differs (derivedVersion) still exports correctly,
// only more slowly.

// derivedVersion numbers how the derived part is made. Change it whenever
// the debrief sections (domain.Visit.DebriefSections), the planning
// summary or their encoding change, so tails written by earlier builds
// are derived again; TestDerivedVersion holds it to the golden file
// testdata/export/derived.golden.
const derivedVersion = 1

var prefixDerived = []byte("x/")

// crcTable is CRC-32C, which the processor computes: a stored derived
// part's note of its document.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

func derivedKey(ref domain.Ref) []byte { return cat(prefixDerived, []byte(ref)) }

// derivedRecord is the derived part of v's export line, for the document
// doc, or nil if v is not in a state the export takes.
func derivedRecord(v *domain.Visit, doc []byte) *badger.Entry {
	if !slices.Contains(ExportStates, v.State) {
		return nil
	}
	b := binary.AppendUvarint(nil, derivedVersion)
	b = binary.AppendUvarint(b, uint64(len(doc)))
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(doc, crcTable))
	b = appendDerived(b, sectionsOf(v.DebriefSections()), planningOf(v))
	return badger.NewEntry(derivedKey(v.Ref), b)
}

// derivedPart is the derived part in rec, a record derivedRecord made,
// if it was made from doc by this build's derivation; ok is false if not.
func derivedPart(rec, doc []byte) (part []byte, ok bool) {
	ver, n := binary.Uvarint(rec)
	if n <= 0 || ver != derivedVersion {
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

// storedLine appends ref's JSON Lines export line to dst straight from
// the store, if a derived part made from its document is stored with it:
// the document is uncompressed into *scratch (doc.go) and the part read
// where Badger maps it, and neither is decoded. ok is false if there is
// no such part, and the line is to be rendered from the document.
func storedLine(txn *badger.Txn, ref domain.Ref, head auditHead, dst []byte, scratch *[]byte) (out []byte, ok bool, err error) {
	out = dst
	dItem, err := txn.Get(derivedKey(ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return dst, false, nil
	}
	if err != nil {
		return dst, false, err
	}
	vItem, err := txn.Get(visitKey(ref))
	if err != nil {
		return dst, false, err
	}
	doc, err := itemDoc(vItem, *scratch)
	if err != nil {
		return dst, false, err
	}
	*scratch = doc
	err = dItem.Value(func(rec []byte) error {
		part, match := derivedPart(rec, doc)
		if !match {
			return nil
		}
		var lerr error
		out, lerr = appendVisitLine(dst, doc, part, head)
		ok = lerr == nil
		return lerr
	})
	return out, ok, err
}
