package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"oic/domain"
)

// From store format 8 a visit's measures record (e/<ref>) says which
// document it was made from and what else that document makes, and
// seals itself:
//
//	0x01, the document's SHA-256 (its seal's Record, 32 bytes),
//	SHA-256 over all that follows it (32 bytes),
//	its premises index key and the officers taking part (each a uvarint
//	length, then the bytes), then the measures' JSON.
//
// oic verify then takes a record that is whole and made from the document
// the trail seals as that document's, with the index keys it names, and
// need not decode the document: decoding every document to make its
// measures again was two thirds of verifying 100,000 visits
// (BENCHMARKS.md, issue 14's verify). A record that is not whole, or was
// made from another document, or written before format 8 (plain JSON),
// is judged as before, by decoding the document and making its records
// again. The measures' own version is the store's (m/measures: a store
// whose records another count made has them all made again at open),
// so a record bound to its document holds this oic's count of it.
//
// Its self-seal is unkeyed, as the trail's are: it catches damage and an
// edit made outside oic, not someone who recomputes it.

const measuresSealed byte = 0x01

// madeRecord is a measures record as stored.
type madeRecord struct {
	doc    [sha256.Size]byte // the document it was made from; zero if not sealed
	sealed bool              // written from format 8, with the header
	whole  bool              // sealed and its self-seal holds
	place  []byte            // its premises index key; nil if none
	parts  string            // the officers taking part (domain.Summary.Parts)
	json   []byte            // the measures (domain.VisitMeasures)
}

// measuresRecord is v's measures record, v being the visit whose stored
// document hashes to docHash (hex, domain.RecordHash).
func measuresRecord(v *domain.Visit, docHash string) (Record, error) {
	m, err := json.Marshal(domain.MeasuresOf(v))
	if err != nil {
		return Record{}, fmt.Errorf("encode the measures of %s: %w", v.Ref, err)
	}
	doc, err := hex.DecodeString(docHash)
	if err != nil || len(doc) != sha256.Size {
		return Record{}, fmt.Errorf("the measures of %s: %q is not a document's SHA-256", v.Ref, docHash)
	}
	sum := v.Summary()
	var place []byte
	if sum.Place != "" {
		place = placeKey(sum)
	}
	b := make([]byte, 0, 1+2*sha256.Size+2*binary.MaxVarintLen32+len(place)+len(sum.Parts)+len(m))
	b = append(b, measuresSealed)
	b = append(b, doc...)
	b = append(b, make([]byte, sha256.Size)...)
	b = binary.AppendUvarint(b, uint64(len(place)))
	b = append(b, place...)
	b = binary.AppendUvarint(b, uint64(len(sum.Parts)))
	b = append(b, sum.Parts...)
	b = append(b, m...)
	self := sha256.Sum256(b[1+2*sha256.Size:])
	copy(b[1+sha256.Size:], self[:])
	return Record{measuresKey(v.Ref), b}, nil
}

// readMade reads a stored measures record: the measures' JSON of one
// written before format 8 is b itself.
func readMade(b []byte) madeRecord {
	if len(b) == 0 || b[0] != measuresSealed {
		return madeRecord{json: b}
	}
	m := madeRecord{sealed: true}
	if len(b) < 1+2*sha256.Size {
		return m
	}
	copy(m.doc[:], b[1:])
	rest := b[1+2*sha256.Size:]
	self := sha256.Sum256(rest)
	m.whole = bytes.Equal(self[:], b[1+sha256.Size:1+2*sha256.Size])
	var fields [2][]byte
	for i := range fields {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			m.whole = false
			return m
		}
		fields[i], rest = rest[k:k+int(n)], rest[k+int(n):]
	}
	if len(fields[0]) > 0 {
		m.place = fields[0]
	}
	m.parts, m.json = string(fields[1]), rest
	return m
}

// madeFrom says whether m is whole and was made from the document whose
// hash (hex) is docHash.
func (m madeRecord) madeFrom(docHash string) bool {
	if !m.whole || len(docHash) != 2*sha256.Size {
		return false
	}
	var h [sha256.Size]byte
	_, err := hex.Decode(h[:], []byte(docHash))
	return err == nil && h == m.doc
}
