package store

import (
	"encoding/json"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// The records a visit puts in the store, described once: a save in a
// transaction, a bulk load and an import write exactly these, so a new
// index added here reaches all three.

// Record is one key and its value, as the store keeps them.
type Record struct{ Key, Value []byte }

// visitRecords are the visit's document, its list summary and its index
// keys, in the order of indexKeys, its measures (measures.go), then the
// part derived from its document, if the store's Derivation makes one
// (derived.go); and the seal of the record they store, for its audit
// entry.
func (s *Store) visitRecords(v *domain.Visit) ([]Record, domain.Seal, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, domain.Seal{}, fmt.Errorf("encode %s: %w", v.Ref, err)
	}
	out := documentRecords(encodeDoc(doc), v.Summary(), 2)
	var derived []byte
	d, env, hasDerived := s.derive.record(v, doc)
	if hasDerived {
		derived = env
	}
	seal := domain.SealOf(doc, derived)
	m, err := measuresRecord(v, seal.Record)
	if err != nil {
		return nil, domain.Seal{}, err
	}
	out = append(out, m)
	if hasDerived {
		out = append(out, d)
	}
	return out, seal, nil
}

// documentRecords are a visit's stored document, the list summary sum and
// the index keys it implies, with room for extra more.
func documentRecords(stored []byte, sum domain.Summary, extra int) []Record {
	keys := indexKeys(sum)
	out := make([]Record, 0, len(keys)+1+extra)
	out = append(out, Record{visitKey(sum.Ref), stored}, Record{keys[0], encodeSummary(sum)})
	for _, k := range keys[1:] {
		out = append(out, Record{Key: k})
	}
	return out
}

// auditRecord is one audit entry under its sequence number: a visit's,
// or an officer's.
func auditRecord(e domain.AuditEntry) (Record, error) {
	b := e.AppendJSON(nil)
	if e.Officer != "" {
		return Record{officerAuditKey(e.Officer, e.Seq), b}, nil
	}
	return Record{auditKey(e.Ref, e.Seq), b}, nil
}

// headRecord makes e the head of its chain: its sequence, hash and seal,
// so the next append reads one key instead of scanning the trail, and a
// read checks its record against it.
func headRecord(e domain.AuditEntry) (Record, error) {
	b, err := encodeHead(e)
	if err != nil {
		return Record{}, err
	}
	if e.Officer != "" {
		return Record{officerHeadKey(e.Officer), b}, nil
	}
	return Record{headKey(e.Ref), b}, nil
}

// entryRecords are e and the head that makes it the last of its trail.
func entryRecords(e domain.AuditEntry) ([]Record, error) {
	rec, err := auditRecord(e)
	if err != nil {
		return nil, err
	}
	head, err := headRecord(e)
	if err != nil {
		return nil, err
	}
	return []Record{rec, head}, nil
}

// auditRecords are the audit entries of changes (at least one) chained
// after prev (nil: the trail starts), and the head they leave. The last
// entry seals the record as seal; those before it stand for versions not
// kept, whose records cannot be sealed.
func auditRecords(ref domain.Ref, prev *domain.AuditEntry, changes []domain.Change, seal domain.Seal) ([]Record, error) {
	entries := chainChanges(ref, prev, changes, seal)
	out := make([]Record, 0, len(entries)+1)
	for _, e := range entries {
		rec, err := auditRecord(e)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	head, err := headRecord(entries[len(entries)-1])
	if err != nil {
		return nil, err
	}
	return append(out, head), nil
}

// chainChanges are the audit entries of changes (at least one) chained
// after prev (nil: the trail starts), the last sealing the record as
// seal.
func chainChanges(ref domain.Ref, prev *domain.AuditEntry, changes []domain.Change, seal domain.Seal) []domain.AuditEntry {
	out, _ := chainChangesJSON(ref, prev, changes, seal, false)
	return out
}

// chainChangesJSON is chainChanges that also gives each entry's JSON as
// the store keeps it, if encoded, made as its hash is (ChainEntryJSON).
func chainChangesJSON(ref domain.Ref, prev *domain.AuditEntry, changes []domain.Change, seal domain.Seal, encoded bool) ([]domain.AuditEntry, [][]byte) {
	out := make([]domain.AuditEntry, 0, len(changes))
	var enc [][]byte
	if encoded {
		enc = make([][]byte, 0, len(changes))
	}
	for i, c := range changes {
		var s domain.Seal
		if i == len(changes)-1 {
			s = seal
		}
		if encoded {
			e, b := domain.ChainEntryJSON(ref, prev, c, s)
			out, enc = append(out, e), append(enc, b)
		} else {
			out = append(out, domain.ChainEntry(ref, prev, c, s))
		}
		prev = &out[len(out)-1]
	}
	return out, enc
}

func setAll(txn *badger.Txn, recs ...Record) error {
	for _, r := range recs {
		if err := txn.Set(r.Key, r.Value); err != nil {
			return err
		}
	}
	return nil
}
