package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// Each visit's measures of effect (domain.VisitMeasures, MOE-1) are kept
// beside its document under e/<ref>, written in the transaction that
// writes the document (visitRecords; an import's Records), so the
// figures of 100,000 visits are tallied from a few hundred bytes each
// rather than from every document decoded.
//
// m/measures holds the domain.MeasuresVersion the records were made by.
// A store without it (written before format 6), or made by another
// version, has every record made again when it opens (buildMeasures),
// the mark set last: killed part way, the next open starts again.

var (
	prefixMeasures = []byte("e/")
	keyMeasures    = []byte("m/measures")
)

// measuresFormat is the store format from which every visit has its
// measures record; partsFormat the one from which every visit is filed
// under the officers taking part (i/o/, keys.go), which the same work
// makes from the same decoding (madeOfDoc).
// sealedMeasuresFormat the one from which each record is sealed to its
// document (measures_seal.go). A store below either has every record
// made again when it opens.
const (
	measuresFormat       = 6
	partsFormat          = 7
	sealedMeasuresFormat = 8
)

func measuresKey(ref domain.Ref) []byte { return cat(prefixMeasures, []byte(ref)) }

// measuresOfDoc is the measures record of the visit whose JSON document
// is doc, for a visit arriving as a document (an import) or read for the
// records of a store that has none. Decoding is most of that work, so it
// uses segmentio/encoding's drop-in replacement for encoding/json, as
// the export does (store/exchange, TestExportDecoding): the measures of
// 100,000 visits are made in half the time (BENCHMARKS.md, issue 16).
func measuresOfDoc(ref domain.Ref, doc []byte, docHash string) (Record, error) {
	v, err := decodeForMade(ref, doc)
	if err != nil {
		return Record{}, err
	}
	return measuresRecord(v, docHash)
}

func decodeForMade(ref domain.Ref, doc []byte) (*domain.Visit, error) {
	v := new(domain.Visit)
	if err := segjson.Unmarshal(doc, v); err != nil {
		return nil, unreadable("visit "+string(ref), err)
	}
	v.Ref = ref
	return v, nil
}

// madeOfDoc are the records buildMeasures makes of one document: its
// measures record, and its keys in the officers' index (with an empty
// value, not none, which setOrDelete would take for a deletion).
func madeOfDoc(ref domain.Ref, doc []byte) ([]Record, error) {
	v, err := decodeForMade(ref, doc)
	if err != nil {
		return nil, err
	}
	m, err := measuresRecord(v, domain.RecordHash(doc))
	if err != nil {
		return nil, err
	}
	out := []Record{m}
	for _, sn := range v.Parts() {
		out = append(out, Record{partKey(sn, ref), []byte{}})
	}
	return out, nil
}

// ScanMeasures calls fn with batches of every visit's measures, in order
// of reference, until all are sent, fn returns an error, or ctx ends. A
// record that cannot be read stops the scan with an error naming it.
func (s *Store) ScanMeasures(ctx context.Context, batch int, fn func([]domain.VisitMeasures) error) error {
	if batch <= 0 {
		batch = 1000
	}
	return s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixMeasures
		it := txn.NewIterator(opt)
		defer it.Close()
		out := make([]domain.VisitMeasures, 0, batch)
		for it.Rewind(); it.Valid(); it.Next() {
			var m domain.VisitMeasures
			// segmentio/encoding, as for the documents (measuresOfDoc):
			// encoding/json was two thirds of counting 100,000 visits.
			if err := value(it.Item(), func(b []byte) error {
				made := readMade(b)
				if made.sealed && !made.whole {
					return errors.New("it was changed outside oic, or damaged")
				}
				return segjson.Unmarshal(made.json, &m)
			}); err != nil {
				ref := string(it.Item().Key()[len(prefixMeasures):])
				return fmt.Errorf("the measures record of %s cannot be read (%w); run oic verify", ref, err)
			}
			out = append(out, m)
			if len(out) == batch {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := fn(out); err != nil {
					return err
				}
				out = out[:0]
			}
		}
		if len(out) == 0 {
			return nil
		}
		return fn(out)
	})
}

// measuresCurrent says whether every visit's measures record was made by
// this oic's domain.MeasuresVersion.
func (s *Store) measuresCurrent() (bool, error) {
	var ok bool
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keyMeasures)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return value(item, func(b []byte) error {
			ok = len(b) == 8 && binary.BigEndian.Uint64(b) == domain.MeasuresVersion
			return nil
		})
	})
	return ok, err
}

// buildMeasures makes every visit's measures record and its keys in the
// officers' index afresh (the index dropped first, so none is left of a
// visit or an officer no document names), decoding each document on
// every core, then sets the mark; it first raises the store's format to
// SchemaVersion if it was below sealedMeasuresFormat. progress, if set, is told
// how many visits are done of how many.
func (s *Store) buildMeasures(found uint64, progress func(done, total int)) error {
	began := time.Now()
	total, err := s.CountVisits(context.Background())
	if err != nil {
		return err
	}
	fail := func(err error) error {
		return fmt.Errorf("counting the measures of effect of each visit (store format %d): %w", found, err)
	}
	if found < sealedMeasuresFormat {
		// The mark raised first and the measures' own cleared with it:
		// an earlier oic, which would misread a sealed record, refuses
		// the folder from now, and a build cut short here is begun
		// again at the next open, the measures not being current.
		if err := s.update(func(txn *badger.Txn) error {
			if err := txn.Delete(keyMeasures); err != nil {
				return err
			}
			return txn.Set(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
		}); err != nil {
			return fail(err)
		}
	}
	if err := s.dropPrefix(prefixParts); err != nil {
		return fail(err)
	}
	type doc struct {
		ref domain.Ref
		doc []byte
	}
	docs := make(chan doc, 64)
	recs := make(chan []Record, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range docs {
				r, err := madeOfDoc(d.ref, d.doc)
				if err != nil {
					// Left without a record, as it cannot be read (and
					// any record another count made of it removed): oic
					// verify names it, and reading it says what is wrong.
					s.log.Infof("measures: visit %s left out: %v", d.ref, err)
					r = []Record{{Key: measuresKey(d.ref)}}
				}
				recs <- r
			}
		}()
	}
	go func() { wg.Wait(); close(recs) }()
	readErr := make(chan error, 1)
	go func() {
		defer close(docs)
		readErr <- s.db.View(func(txn *badger.Txn) error {
			opt := badger.DefaultIteratorOptions
			opt.Prefix = prefixVisit
			it := txn.NewIterator(opt)
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				ref := domain.Ref(it.Item().Key()[len(prefixVisit):])
				d, err := itemDoc(it.Item(), nil)
				if err != nil {
					s.log.Infof("measures: visit %s left out: %v", ref, err)
					d = nil // no document: its record is removed
				}
				docs <- doc{ref, d}
			}
			return nil
		})
	}()
	var batch []Record
	size, n := 0, 0
	flush := func() error {
		err := s.update(func(txn *badger.Txn) error { return setOrDelete(txn, batch) })
		batch, size = batch[:0], 0
		s.releaseMapped()
		return err
	}
	var werr error
	for rs := range recs {
		if werr != nil {
			continue // drain, so the workers end
		}
		for _, r := range rs {
			batch = append(batch, r)
			size += batchSize(r)
		}
		n++
		if size > importBatchBytes || len(batch) >= importBatchEntries {
			werr = flush()
			if progress != nil {
				progress(n, total)
			}
		}
	}
	if err := <-readErr; err != nil {
		return fail(err)
	}
	if werr != nil {
		return fail(werr)
	}
	if err := s.update(func(txn *badger.Txn) error {
		if err := setOrDelete(txn, batch); err != nil {
			return err
		}
		return txn.Set(keyMeasures, binary.BigEndian.AppendUint64(nil, domain.MeasuresVersion))
	}); err != nil {
		return fail(err)
	}
	s.log.Infof("store format %d: the measures of %d visits made in %s", found, n, time.Since(began).Round(time.Millisecond))
	return nil
}

// setOrDelete writes recs, deleting the key of each without a value.
func setOrDelete(txn *badger.Txn, recs []Record) error {
	for _, r := range recs {
		var err error
		if r.Value == nil {
			err = txn.Delete(r.Key)
		} else {
			err = txn.Set(r.Key, r.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
