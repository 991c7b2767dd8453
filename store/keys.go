package store

import (
	"encoding/binary"
	"strings"
	"time"

	"oic/domain"
)

// Key layout. Every key starts with a one-letter family and a slash, so a
// family is one prefix scan and families never interleave.
//
//	m/schema                        store format version (uint64)
//	m/signedin                      staff number last signed in
//	o/<staffno>                     officer profile (JSON)
//	p/<staffno>/<seq>               officer profile's audit entry (JSON)
//	q/<staffno>                     its audit head: seq, hash and seal
//	v/<ref>                         visit document (JSON)
//	l/<inv start>/<ref>             list summary (binary), newest planned start first
//	i/t/<team>/<inv start>/<ref>    index: team by date
//	i/s/<state>/<inv start>/<ref>   index: state by date
//	i/p/<postcode>/<ref>            index: premises by postcode
//	i/q/<n><postcode><n><address line><inv start><ref>
//	                                index: a premises' history (REC-5), by
//	                                domain.PremisesKey, newest first
//	i/o/<staffno>/<ref>             index: the visits an officer takes part in
//	a/<ref>/<seq>                   audit entry (JSON), seq big-endian; or a
//	                                run of entries from seq (trailrun.go)
//	h/<ref>                         audit head: seq, hash and seal of the last entry
//	x/<ref>                         the part derived from the document (derived.go)
//	n/<team>/<year>                 last reference sequence issued
//	b/i/<team>/<year><first>        a block of reference numbers this
//	                                folder reserved for a laptop (JSON,
//	                                domain.RefBlock; refblocks.go)
//	b/h/<team>/<year><first>        a block a server reserved for this
//	                                folder, and what of it is used
//	d/<staffno>/<key>               draft form input
//	w/<staffno>                     the officer's PIN: its hash and wrong tries (pins.go)
//	g/<seq>                         access log entry (JSON), seq big-endian,
//	                                only ever added (access_log.go)
//
// In i/q/, <n> is the length of what follows as a big-endian uint16, so
// a postcode or an address line, whatever its text, never runs into the
// next: one premises is one prefix, one postcode a shorter one.
//
// <inv start> is the bitwise complement of the planned start in Unix seconds,
// big-endian, so a forward scan runs newest first.
var (
	keySchema   = []byte("m/schema")
	keySignedIn = []byte("m/signedin")

	prefixOfficer = []byte("o/")
	prefixVisit   = []byte("v/")
	prefixList    = []byte("l/")
)

func cat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func invTime(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(nil, ^uint64(t.Unix()))
}

func visitKey(ref domain.Ref) []byte { return cat(prefixVisit, []byte(ref)) }
func officerKey(sn domain.StaffNo) []byte {
	return cat(prefixOfficer, []byte(sn))
}
func auditPrefix(ref domain.Ref) []byte { return cat([]byte("a/"), []byte(ref), []byte("/")) }
func auditKey(ref domain.Ref, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(auditPrefix(ref), seq)
}
func headKey(ref domain.Ref) []byte { return cat([]byte("h/"), []byte(ref)) }
func officerAuditPrefix(sn domain.StaffNo) []byte {
	return cat([]byte("p/"), []byte(sn), []byte("/"))
}
func officerAuditKey(sn domain.StaffNo, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(officerAuditPrefix(sn), seq)
}
func officerHeadKey(sn domain.StaffNo) []byte { return cat(prefixOfficerHead, []byte(sn)) }

var prefixOfficerHead = []byte("q/")

func seqKey(team domain.TeamCode, year int) []byte {
	return binary.BigEndian.AppendUint32(cat([]byte("n/"), []byte(team), []byte("/")), uint32(year))
}
func draftKey(sn domain.StaffNo, key string) []byte {
	return cat([]byte("d/"), []byte(sn), []byte("/"), []byte(key))
}

// indexKeys are every key made from a visit's summary besides its
// document: the list summary key first, then the indexes. A save deletes
// the old set and writes the new one in the same transaction.
func indexKeys(s domain.Summary) [][]byte {
	ref, inv := []byte(s.Ref), invTime(s.PlannedStart)
	slash := []byte("/")
	keys := [][]byte{
		cat(prefixList, inv, slash, ref),
		cat([]byte("i/t/"), []byte(s.Team), slash, inv, slash, ref),
		cat([]byte("i/s/"), []byte(s.State), slash, inv, slash, ref),
		cat([]byte("i/p/"), []byte(s.Postcode), slash, ref),
	}
	// A summary read back from the list has no Place: it names no
	// premises key to write or delete.
	if s.Place != "" {
		keys = append(keys, placeKey(s))
	}
	// Nor does it name the officers taking part.
	for sn := range strings.FieldsSeq(s.Parts) {
		keys = append(keys, partKey(domain.StaffNo(sn), s.Ref))
	}
	return keys
}

// placeKey is the visit's key in the premises index.
func placeKey(s domain.Summary) []byte {
	return cat(premisesPrefix(s.Place, true), invTime(s.PlannedStart), []byte(s.Ref))
}

// prefixParts is the officers' index: each visit filed under every
// officer taking part (domain.Visit.Parts), for the visits of other
// teams an officer's register lists (Store.PartIn).
var prefixParts = []byte("i/o/")

func partsPrefix(sn domain.StaffNo) []byte { return cat(prefixParts, []byte(sn), []byte("/")) }
func partKey(sn domain.StaffNo, ref domain.Ref) []byte {
	return cat(partsPrefix(sn), []byte(ref))
}

var prefixPremises = []byte("i/q/")

// premisesPrefix is the prefix of place's keys in the premises index; or,
// without its address, of every premises at its postcode.
func premisesPrefix(place domain.PremisesKey, withAddress bool) []byte {
	// The postcode's normal form has no "|"; the address line, being
	// words, has none either, but the last one is the divider all the
	// same.
	i := max(0, strings.LastIndexByte(string(place), '|'))
	pc, addr := string(place[:i]), strings.TrimPrefix(string(place[i:]), "|")
	out := appendLenPrefixed(append([]byte(nil), prefixPremises...), pc)
	if withAddress {
		out = appendLenPrefixed(out, addr)
	}
	return out
}

func appendLenPrefixed(b []byte, s string) []byte {
	s = s[:min(len(s), 0xffff)]
	return append(binary.BigEndian.AppendUint16(b, uint16(len(s))), s...)
}

// premisesEntry reads a premises index key back; ok is false for one
// that is not whole.
func premisesEntry(k []byte) (e domain.PremisesVisit, ok bool) {
	k, ok = bytesCut(k, prefixPremises)
	if !ok {
		return e, false
	}
	var pc, addr []byte
	if pc, k, ok = lenPrefixed(k); !ok {
		return e, false
	}
	if addr, k, ok = lenPrefixed(k); !ok || len(k) <= 8 {
		return e, false
	}
	start := int64(^binary.BigEndian.Uint64(k[:8]))
	return domain.PremisesVisit{Ref: domain.Ref(k[8:]), Place: domain.PremisesKey(string(pc) + "|" + string(addr)),
		PlannedStart: time.Unix(start, 0)}, true
}

func lenPrefixed(b []byte) (s, rest []byte, ok bool) {
	if len(b) < 2 {
		return nil, nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	if len(b) < 2+n {
		return nil, nil, false
	}
	return b[2 : 2+n], b[2+n:], true
}

func bytesCut(b, prefix []byte) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != string(prefix) {
		return nil, false
	}
	return b[len(prefix):], true
}

// refFromKey returns the visit reference in a v/ key, or "".
func refFromVisitKey(k []byte) domain.Ref {
	if len(k) > len(prefixVisit) && string(k[:len(prefixVisit)]) == string(prefixVisit) {
		return domain.Ref(k[len(prefixVisit):])
	}
	return ""
}
