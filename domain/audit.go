package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

// AuditEntry is one link of a visit's append-only audit trail. Hash covers
// every other field, Prev included, so altering or removing any entry breaks
// every hash after it.
type AuditEntry struct {
	Ref    Ref    `json:"ref"`
	Seq    uint64 `json:"seq"` // 1, 2, 3... with no gaps
	Change Change `json:"change"`
	Prev   string `json:"prev"` // hex SHA-256 of the previous entry; "" for the first
	Hash   string `json:"hash"`
}

// ChainEntry builds the entry that follows prev (nil for a visit's first).
func ChainEntry(ref Ref, prev *AuditEntry, c Change) AuditEntry {
	e := AuditEntry{Ref: ref, Seq: 1, Change: c}
	if prev != nil {
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	e.Hash = e.digest()
	return e
}

// digest is SHA-256 over the entry's JSON with Hash empty. Times are
// normalised to UTC so the same entry hashes the same on any machine.
func (e AuditEntry) digest() string {
	e.Hash = ""
	e.Change.At = e.Change.At.UTC()
	b, err := json.Marshal(e)
	if err != nil { // cannot happen: every field is a plain value
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// VerifyChain checks a visit's trail is whole: numbered from 1 without gaps,
// each entry linked to the one before, each hash matching its content. It
// returns the first break found.
func VerifyChain(entries []AuditEntry) error {
	prev := ""
	for i, e := range entries {
		if e.Seq != uint64(i+1) {
			// A swap shows here as well as a removal, so say both.
			return fmt.Errorf("audit entry %d is numbered %d: an entry is missing or out of order", i+1, e.Seq)
		}
		if e.Prev != prev {
			return fmt.Errorf("audit entry %d does not follow entry %d: the chain is broken", e.Seq, e.Seq-1)
		}
		if e.digest() != e.Hash {
			return fmt.Errorf("audit entry %d does not match its hash: it was altered", e.Seq)
		}
		prev = e.Hash
	}
	return nil
}
