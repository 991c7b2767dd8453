package store

import (
	"encoding/binary"
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
//	a/<ref>/<seq>                   audit entry (JSON), seq big-endian; or a
//	                                run of entries from seq (trailrun.go)
//	h/<ref>                         audit head: seq, hash and seal of the last entry
//	x/<ref>                         the part derived from the document (derived.go)
//	n/<team>/<year>                 last reference sequence issued
//	d/<staffno>/<key>               draft form input
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
func officerHeadKey(sn domain.StaffNo) []byte { return cat([]byte("q/"), []byte(sn)) }
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
	return [][]byte{
		cat(prefixList, inv, slash, ref),
		cat([]byte("i/t/"), []byte(s.Team), slash, inv, slash, ref),
		cat([]byte("i/s/"), []byte(s.State), slash, inv, slash, ref),
		cat([]byte("i/p/"), []byte(s.Postcode), slash, ref),
	}
}

// refFromKey returns the visit reference in a v/ key, or "".
func refFromVisitKey(k []byte) domain.Ref {
	if len(k) > len(prefixVisit) && string(k[:len(prefixVisit)]) == string(prefixVisit) {
		return domain.Ref(k[len(prefixVisit):])
	}
	return ""
}
