package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// A store written before SchemaVersion 3 holds trails whose entries seal
// no record. The first time this oic opens one, it gives every visit and
// every officer profile one baseline entry (domain.BaselineChange) that
// seals the record as found, byte for byte as stored; only then does it
// raise the store's format mark, in the last transaction. The baseline
// does not raise a visit's version: it changes no record (the document
// keeps its bytes, and with them its version and who last changed it),
// so a visit's trail holds one entry more than its versions.
//
// Killed part way, the next open finishes it: a record whose head already
// holds a seal is passed over. A record with no trail, or a trail whose
// head is damaged, is left unsealed, to be read marked and reported by
// oic verify rather than sealed as if whole.

// baselineBatch is how many records a baseline transaction seals: each
// adds an entry (in the value log) and a head (in the tree), well inside
// a transaction's bounds (importBatchBytes).
const baselineBatch = 2000

// baseline seals every record of a store written at format found, then
// raises its mark to SchemaVersion. progress, if set, is told how many
// records are sealed of how many.
func (s *Store) baseline(found uint64, progress func(done, total int)) error {
	at := time.Now() // the domain reads no clock; the store says when it sealed
	change := domain.BaselineChange(at, SchemaVersion)
	var visits []domain.Ref
	var officers []domain.StaffNo
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Seek(prefixVisit); it.ValidForPrefix(prefixVisit); it.Next() {
			visits = append(visits, domain.Ref(it.Item().KeyCopy(nil)[len(prefixVisit):]))
		}
		for it.Seek(prefixOfficer); it.ValidForPrefix(prefixOfficer); it.Next() {
			officers = append(officers, domain.StaffNo(it.Item().KeyCopy(nil)[len(prefixOfficer):]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	total, done, skipped := len(visits)+len(officers), 0, 0
	for {
		n := min(len(visits), baselineBatch)
		batch := visits[:n]
		visits = visits[n:]
		var staff []domain.StaffNo
		if len(visits) == 0 {
			staff, officers = officers, nil // a few hundred: one batch
		}
		last := len(visits) == 0
		err := s.update(func(txn *badger.Txn) error {
			for _, ref := range batch {
				ok, err := sealVisitAsFound(txn, ref, change)
				if err != nil {
					return err
				}
				if !ok {
					skipped++
				}
			}
			for _, sn := range staff {
				ok, err := sealOfficerAsFound(txn, sn, change)
				if err != nil {
					return err
				}
				if !ok {
					skipped++
				}
			}
			if last {
				return txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("sealing the records of a store written by an earlier oic (format %d; %d of %d sealed, the rest at the next start): %w", found, done, total, err)
		}
		done += len(batch) + len(staff)
		// Every document is read once: give their pages back as it goes,
		// as an export does. Safe here: this is the only writer, and its
		// transaction has committed.
		s.releaseMapped()
		if progress != nil {
			progress(done, total)
		}
		if last {
			break
		}
	}
	s.log.Infof("store format %d raised to %d: %d records sealed as found, %d left unsealed (no readable trail)", found, SchemaVersion, done-skipped, skipped)
	return nil
}

// sealVisitAsFound appends the baseline entry to ref's trail, sealing its
// record as stored; ok is false if it was left unsealed: it has no trail,
// or its trail's head is damaged, or it cannot be read. A record already
// sealed is left alone.
func sealVisitAsFound(txn *badger.Txn, ref domain.Ref, c domain.Change) (ok bool, err error) {
	rec, head, err := readSealed(txn, ref, nil)
	switch {
	case err != nil:
		// Unreadable, or its head damaged: sealing it would hide that.
		return false, nil
	case head == nil:
		return false, nil
	case head.Record != "":
		return true, nil // sealed by a baseline that was cut short
	}
	return true, appendAudit(txn, ref, head, c, domain.SealOf(rec.doc, rec.derived))
}

// sealOfficerAsFound starts the trail of sn's profile with the baseline
// entry, sealing it as stored. A profile with a trail already is left
// alone.
func sealOfficerAsFound(txn *badger.Txn, sn domain.StaffNo, c domain.Change) (ok bool, err error) {
	b, head, err := readOfficer(txn, sn)
	switch {
	case err != nil:
		return false, nil
	case head != nil:
		return true, nil
	}
	recs, err := entryRecords(domain.OfficerEntry(sn, nil, c, domain.SealOf(b, nil)))
	if err != nil {
		return false, err
	}
	return true, setAll(txn, recs...)
}
