package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// The records a visit puts in the store, described once: a save in a
// transaction and a bulk load write exactly these, so a new index added
// here reaches both.

// visitRecords are the visit's document, its list summary and its index
// keys, in the order of indexKeys, then, for a closed visit, the derived
// part of its export line (derived.go).
func visitRecords(v *domain.Visit) ([]*badger.Entry, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", v.Ref, err)
	}
	keys := indexKeys(v)
	out := make([]*badger.Entry, 0, len(keys)+2)
	out = append(out, badger.NewEntry(visitKey(v.Ref), encodeDoc(doc)), badger.NewEntry(keys[0], encodeSummary(v.Summary())))
	for _, k := range keys[1:] {
		out = append(out, badger.NewEntry(k, nil))
	}
	if d := derivedRecord(v, doc); d != nil {
		out = append(out, d)
	}
	return out, nil
}

// auditRecord is one audit entry under its sequence number.
func auditRecord(e domain.AuditEntry) (*badger.Entry, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	return badger.NewEntry(auditKey(e.Ref, e.Seq), b), nil
}

// headRecord makes e the head of its chain: its sequence and hash, so the
// next append reads one key instead of scanning the trail.
func headRecord(e domain.AuditEntry) (*badger.Entry, error) {
	sum, err := hexSum(e.Hash)
	if err != nil {
		return nil, err
	}
	return badger.NewEntry(headKey(e.Ref), append(binary.BigEndian.AppendUint64(nil, e.Seq), sum...)), nil
}

func setAll(txn *badger.Txn, entries ...*badger.Entry) error {
	for _, e := range entries {
		if err := txn.SetEntry(e); err != nil {
			return err
		}
	}
	return nil
}
