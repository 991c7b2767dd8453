package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// A store written before format 5 has no premises index (i/q/, keys.go):
// its visits were filed by postcode alone, and a premises' history meant
// reading every visit at the postcode. The first time this oic opens one,
// it files every visit under its premises, then raises the format mark,
// so an earlier oic, which would not keep the index, refuses the folder.
//
// Killed part way, the mark is still the old one, and the next open
// builds the index again from the start: it first removes whatever keys
// the earlier attempt left, since an earlier oic may have opened the
// folder in between and moved a visit those keys still place.

// premisesIndexed is the format from which every visit is in the premises
// index; sealedFormat the one from which every record is sealed (the
// baseline, baseline.go).
const (
	premisesIndexed = 5
	sealedFormat    = 3
)

// premisesIndexBatch is how many keys one transaction of the build sets
// or deletes: keys alone, about 60 bytes each, well inside a
// transaction's bounds (importBatchBytes).
const premisesIndexBatch = 5000

// indexPremises builds the premises index of a store written at format
// found. It raises the mark to SchemaVersion in its last transaction when
// nothing else is left to do (the store is sealed); otherwise the
// baseline, which runs next, raises it.
func (s *Store) indexPremises(found uint64, progress func(done, total int)) error {
	began := time.Now()
	total, err := s.CountVisits(context.Background())
	if err != nil {
		return err
	}
	raise := found >= sealedFormat
	fail := func(err error) error {
		return fmt.Errorf("filing the visits of a store written by an earlier oic (format %d) under their premises: %w", found, err)
	}
	if err := s.dropPremisesIndex(); err != nil {
		return fail(err)
	}
	var keys [][]byte
	flush := func(last bool) error {
		err := s.update(func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Set(k, nil); err != nil {
					return err
				}
			}
			if last && raise {
				return txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
			}
			return nil
		})
		keys = keys[:0]
		// Every document is read once: give their pages back as it goes,
		// as the baseline does. This is the only writer.
		s.releaseMapped()
		return err
	}
	n := 0
	err = s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixVisit
		it := txn.NewIterator(opt)
		defer it.Close()
		var buf []byte
		for it.Rewind(); it.Valid(); it.Next() {
			ref := domain.Ref(it.Item().Key()[len(prefixVisit):])
			doc, err := itemDoc(it.Item(), buf)
			if err != nil {
				// Left out of the index, as it cannot be read: oic verify
				// names it, and reading it says what is wrong.
				s.log.Infof("premises index: visit %s left out: %v", ref, err)
				continue
			}
			buf = doc[:0]
			b, err := docBasics(doc)
			if err != nil {
				s.log.Infof("premises index: visit %s left out: %v", ref, err)
				continue
			}
			keys = append(keys, cat(premisesPrefix(b.Premises.Key(), true), invTime(b.PlannedStart), []byte(ref)))
			n++
			if len(keys) == premisesIndexBatch {
				if err := flush(false); err != nil {
					return err
				}
				if progress != nil {
					progress(n, total)
				}
			}
		}
		return nil
	})
	if err == nil {
		err = flush(true)
	}
	if err != nil {
		return fail(err)
	}
	s.log.Infof("store format %d: %d visits filed under their premises in %s", found, n, time.Since(began).Round(time.Millisecond))
	return nil
}

// dropPremisesIndex deletes every key of the premises index.
func (s *Store) dropPremisesIndex() error { return s.dropPrefix(prefixPremises) }

// docBasics reads the premises and planned start from a visit's document,
// stopping after its basics, which encoding/json writes fourth: decoding
// the whole document for them took the index of 100,000 visits from a
// few seconds to thirteen (BENCHMARKS.md, issue 15).
func docBasics(doc []byte) (b struct {
	Premises     domain.Premises `json:"premises"`
	PlannedStart time.Time       `json:"planned_start"`
}, err error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return b, fmt.Errorf("the document is not a JSON object (%v)", err)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return b, err
		}
		if t == "basics" {
			return b, dec.Decode(&b)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return b, err
		}
	}
	return b, errors.New("the document has no basics")
}
