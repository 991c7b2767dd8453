package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Change is what one action did to a visit: the body of an audit entry. The
// domain produces it; the store numbers, chains and keeps it in the same
// transaction as the visit.
type Change struct {
	Action    string        `json:"action"`
	Actor     StaffNo       `json:"actor"`
	ActorName string        `json:"actor_name"`
	At        time.Time     `json:"at"`
	Fields    []FieldChange `json:"fields,omitempty"`
	Reason    string        `json:"reason,omitempty"`
}

// FieldChange is one field's old and new value.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// AuditEntry is one link of an append-only audit trail: a visit's, or an
// officer profile's. Hash covers every other field, Prev and the seal
// included, so altering or removing any entry breaks every hash after it,
// and altering the record breaks its seal.
type AuditEntry struct {
	Ref Ref `json:"ref"`
	// Officer names the profile of an officer's trail; Ref is then "".
	Officer StaffNo `json:"officer,omitempty"`
	Seq     uint64  `json:"seq"` // 1, 2, 3... with no gaps
	Change  Change  `json:"change"`
	// Record and Derived seal the record as stored after the change
	// (Seal). Entries written before store format 3 sealed nothing: the
	// fields are left out of their JSON, so their hashes still verify.
	Record  string `json:"record,omitempty"`
	Derived string `json:"derived,omitempty"`
	Prev    string `json:"prev"` // hex SHA-256 of the previous entry; "" for the first
	Hash    string `json:"hash"`
}

// Seal is what an audit entry binds of the record it follows: the SHA-256
// (hex) of the record's bytes exactly as the store keeps them after the
// change, never of a re-encoding, so that a field added to a record later
// never breaks a seal. For a visit Record is its document's JSON (the
// bytes the JSON Lines export carries as the start of its line) and
// Derived the part of its export line the store keeps beside it, or ""
// where none is kept; for an officer Record is the profile's JSON.
//
// The hashes are unkeyed: they catch damage and careless edits made
// outside oic, not a forger who rewrites the whole trail.
type Seal struct{ Record, Derived string }

// SealOf is the seal of a record stored as record, with derived kept
// beside it (nil: none).
func SealOf(record, derived []byte) Seal {
	s := Seal{Record: RecordHash(record)}
	if derived != nil {
		s.Derived = RecordHash(derived)
	}
	return s
}

// RecordHash is the hex SHA-256 of a record's stored bytes.
func RecordHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Seal is what e sealed; the zero Seal for an entry written before
// store format 3.
func (e AuditEntry) Seal() Seal { return Seal{Record: e.Record, Derived: e.Derived} }

// ChainEntry builds the entry of visit ref that follows prev (nil for a
// visit's first), sealing the record as seal.
func ChainEntry(ref Ref, prev *AuditEntry, c Change, seal Seal) AuditEntry {
	return chain(AuditEntry{Ref: ref}, prev, c, seal)
}

// ChainEntryJSON is ChainEntry that also gives the entry's JSON as the
// store keeps it (AppendJSON's), made from the encoding its hash was
// computed over rather than encoded again: a bulk load of a year's visits
// encoded each entry twice (BENCHMARKS.md, issue 15's demo).
func ChainEntryJSON(ref Ref, prev *AuditEntry, c Change, seal Seal) (AuditEntry, []byte) {
	e := AuditEntry{Ref: ref, Seq: 1, Change: c, Record: seal.Record, Derived: seal.Derived}
	if prev != nil {
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	d := e.digested()
	sum := sha256.Sum256(d)
	e.Hash = hex.EncodeToString(sum[:])
	return e, storedFromDigested(d, &e)
}

// storedFromDigested is e's JSON made from d, what e's hash was computed
// over: d with the hash filled in and the time in e's own zone. A time
// the two encoders might write otherwise is encoded afresh.
func storedFromDigested(d []byte, e *AuditEntry) []byte {
	at := e.Change.At
	if !bytes.HasSuffix(d, []byte(hashTail)) || !plainTime(at) || !plainTime(at.UTC()) {
		return e.AppendJSON(nil)
	}
	body := d[:len(d)-len(hashTail)]
	var local []byte
	start, end := 0, 0
	if at.Location() != time.UTC {
		var ok bool
		if start, end, ok = changeTime(body, 0); !ok {
			return e.AppendJSON(nil)
		}
		local = at.AppendFormat(make([]byte, 0, len(time.RFC3339Nano)+6), time.RFC3339Nano)
	}
	out := make([]byte, 0, len(body)+len(local)-(end-start)+len(`"hash":""}`)+len(e.Hash))
	out = append(out, body[:start]...)
	out = append(out, local...)
	out = append(out, body[end:]...)
	out = append(out, `"hash":"`...)
	out = append(out, e.Hash...)
	return append(out, `"}`...)
}

// OfficerEntry builds the entry of officer sn's profile that follows prev
// (nil for a profile's first), sealing the profile as seal.
func OfficerEntry(sn StaffNo, prev *AuditEntry, c Change, seal Seal) AuditEntry {
	return chain(AuditEntry{Officer: sn}, prev, c, seal)
}

func chain(e AuditEntry, prev *AuditEntry, c Change, seal Seal) AuditEntry {
	e.Seq, e.Change, e.Record, e.Derived = 1, c, seal.Record, seal.Derived
	if prev != nil {
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	e.Hash = e.digest()
	return e
}

// digest is SHA-256 over the entry's JSON with Hash empty. Times are
// normalised to UTC so the same entry hashes the same on any machine.
func (e AuditEntry) digest() string {
	sum := sha256.Sum256(e.digested())
	return hex.EncodeToString(sum[:])
}

// digested is what digest hashes: the entry's JSON with Hash empty and
// its time in UTC.
func (e AuditEntry) digested() []byte {
	e.Hash = ""
	e.Change.At = e.Change.At.UTC()
	return appendEntryJSON(make([]byte, 0, entryJSONSize(&e)), &e)
}

// VerifyChain checks a visit's trail is whole: numbered from 1 without gaps,
// each entry linked to the one before, each hash matching its content. It
// returns the first break found.
func VerifyChain(entries []AuditEntry) error {
	_, err := verifyChain(entries, false)
	return err
}

// VerifyChainJSON is VerifyChain that also gives each entry's JSON, as
// json.Marshal encodes it, for a caller that keeps the entries: made
// from the encoding its hash was checked over where that is the same
// bytes but for the hash (its time in UTC), so an entry is encoded once.
func VerifyChainJSON(entries []AuditEntry) ([][]byte, error) {
	return verifyChain(entries, true)
}

// hashTail ends an entry's JSON with Hash empty: Hash is its last field.
const hashTail = `"hash":""}`

// VerifyChainAfter checks that more continues a trail whose last entry,
// already verified, is head: numbered on from it without gaps, the first
// linked to it, each linked to the one before and matching its hash. A
// screen holding a verified trail checks only what was added since, not
// the whole trail again at every save. A zero head is a trail's start:
// VerifyChainAfter(AuditEntry{}, t) is VerifyChain(t).
func VerifyChainAfter(head AuditEntry, more []AuditEntry) error {
	_, err := verifyChainFrom(head.Seq, head.Hash, more, false)
	return err
}

func verifyChain(entries []AuditEntry, encode bool) ([][]byte, error) {
	return verifyChainFrom(0, "", entries, encode)
}

// verifyChainFrom checks entries as the trail's entries after number
// seq, whose hash is prev.
func verifyChainFrom(seq uint64, prev string, entries []AuditEntry, encode bool) ([][]byte, error) {
	var out [][]byte
	if encode {
		out = make([][]byte, 0, len(entries))
	}
	for i, e := range entries {
		if e.Seq != seq+uint64(i+1) {
			// A swap shows here as well as a removal, so say both.
			return nil, fmt.Errorf("audit entry %d is numbered %d: an entry is missing or out of order", seq+uint64(i+1), e.Seq)
		}
		if e.Prev != prev {
			return nil, fmt.Errorf("audit entry %d does not follow entry %d: the chain is broken", e.Seq, e.Seq-1)
		}
		d := e.digested()
		sum := sha256.Sum256(d)
		if hex.EncodeToString(sum[:]) != e.Hash {
			return nil, fmt.Errorf("audit entry %d does not match its hash: it was altered", e.Seq)
		}
		prev = e.Hash
		if encode {
			// Hash, matched above, is hex: no escaping.
			out = append(out, storedFromDigested(d, &e))
		}
	}
	return out, nil
}

// BaselineChange is the entry a store written by an earlier oic gives
// each record the first time this oic opens it: the earlier entries
// sealed no record, so this one seals the record as it was found. It is
// made by oic itself, not an officer (Actor is empty).
func BaselineChange(at time.Time, format int) Change {
	return Change{Action: "record sealed as found", ActorName: "oic", At: at,
		Reason: fmt.Sprintf("store format %d: the entries before this one did not seal the record; this one seals it as it was found when the store was first opened by an oic that does", format)}
}

// ProfileChange is the audit entry of saving o as officer by at now,
// old being the profile it replaces (nil for a new one): each field
// altered with its old and new value.
func ProfileChange(old *Officer, o Officer, by Officer, now time.Time) Change {
	c := Change{Action: "profile created", Actor: by.StaffNo, ActorName: by.Name, At: now}
	var was Officer
	if old != nil {
		c.Action, was = "profile edited", *old
	}
	for _, f := range []struct{ field, old, new string }{
		{FieldStaffNo, string(was.StaffNo), string(o.StaffNo)},
		{FieldName, was.Name, o.Name},
		{FieldGrade, was.Grade, o.Grade},
		{FieldTeam, string(was.Team), string(o.Team)},
		{FieldArrest, arrestText(old != nil, was.ArrestTrained), arrestText(true, o.ArrestTrained)},
		{FieldRefresherOn, dateText(was.RefresherOn), dateText(o.RefresherOn)},
		{FieldRoles, rolesText(was.Roles), rolesText(o.Roles)},
		{FieldGradeConfirmed, confirmedText(was), confirmedText(o)},
	} {
		if f.old != f.new {
			c.Fields = append(c.Fields, FieldChange{Field: f.field, Old: f.old, New: f.new})
		}
	}
	return c
}

func arrestText(known, b bool) string {
	switch {
	case !known:
		return ""
	case b:
		return "yes"
	}
	return "no"
}

func dateText(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
