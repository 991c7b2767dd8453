package store

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// importBatchBytes and importBatchEntries keep a write transaction well
// inside Badger's limits with an 8 MB memtable (1.26 MB of its size
// estimate, about 11,000 entries), so a commit never fails as too big:
// the estimate counts a key, and a value under the value threshold, or
// else its 12-byte pointer into the value log (batchSize). Documents and
// audit entries go to the value log, so a transaction takes a thousand
// visits or more, and a few dozen syncs write 100,000.
const (
	importBatchBytes   = 900 << 10
	importBatchEntries = 8000
	valueThreshold     = 512 // as options_ sets it
)

// batchSize is Badger's estimate of an entry's share of a transaction.
func batchSize(e *badger.Entry) int {
	if len(e.Value) < valueThreshold {
		return len(e.Key) + len(e.Value) + 2
	}
	return len(e.Key) + 12 + 2
}

// maxFlying is how many write transactions an import lets Badger have at
// once: it writes and syncs those waiting together, so a few in flight
// means a few times fewer syncs of its value log.
const maxFlying = 6

// importWriter gathers the visits' entries into write transactions and
// commits them, up to maxFlying at once.
type importWriter struct {
	s        *Store
	ahead    *txnsAhead
	marker   []byte
	counters map[string][]byte
	toWrite  int

	batch   []*badger.Entry
	deletes [][]byte
	size    int
	inBatch int
	written int
	first   bool
	flying  []flyingCommit
}

type flyingCommit struct {
	done   chan error
	visits int
}

func (s *Store) newImportWriter(marker []byte, counters map[string][]byte, toWrite int) *importWriter {
	return &importWriter{s: s, ahead: openAhead(s.db, maxFlying), marker: marker, counters: counters, toWrite: toWrite, first: true}
}

func visitSize(p *visitPlan, entries []*badger.Entry) int {
	n := 0
	for _, e := range entries {
		n += batchSize(e)
	}
	for _, k := range p.oldKeys {
		n += len(k) + 2
	}
	return n
}

// full says whether the visit, of Badger's size estimate size
// (visitSize), would take the batch past a transaction's bounds.
func (w *importWriter) full(p *visitPlan, entries []*badger.Entry, size int) bool {
	return len(w.batch) > 0 && (w.size+size > importBatchBytes ||
		len(w.batch)+len(entries)+len(w.deletes)+len(p.oldKeys) > importBatchEntries)
}

func (w *importWriter) add(p *visitPlan, entries []*badger.Entry, size int) {
	w.batch = append(w.batch, entries...)
	w.size += size
	w.deletes = append(w.deletes, p.oldKeys...)
	w.inBatch++
}

// land waits for the oldest commit in flight.
func (w *importWriter) land() error {
	f := w.flying[0]
	w.flying = w.flying[1:]
	if err := <-f.done; err != nil {
		return fmt.Errorf("writing the imported visits (%d of %d written): %w", w.written, w.toWrite, err)
	}
	w.written += f.visits
	return nil
}

// commit writes the batch in a transaction of its own, while the next
// ones are made. The transactions only write, so they never conflict.
// The first sets the import's mark and the reference counters; the
// last, which removes the mark, waits for all the others first.
func (w *importWriter) commit(last bool) error {
	if last {
		for len(w.flying) > 0 {
			if err := w.land(); err != nil {
				return err
			}
		}
	}
	txn := w.ahead.next()
	err := func() error {
		if w.first {
			if err := txn.Set(importKey, w.marker); err != nil {
				return err
			}
			for k, v := range w.counters {
				if err := txn.Set([]byte(k), v); err != nil {
					return err
				}
			}
		}
		for _, k := range w.deletes {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for _, e := range w.batch {
			if err := txn.SetEntry(e); err != nil {
				return err
			}
		}
		if last {
			return txn.Delete(importKey)
		}
		return nil
	}()
	if err != nil {
		txn.Discard()
		return fmt.Errorf("writing the imported visits (%d of %d written): %w", w.written, w.toWrite, err)
	}
	done := make(chan error, 1)
	txn.CommitWith(func(err error) { done <- err })
	w.flying = append(w.flying, flyingCommit{done, w.inBatch})
	w.first = false
	w.batch, w.deletes, w.size, w.inBatch = nil, nil, 0, 0
	for len(w.flying) > maxFlying || (last && len(w.flying) > 0) {
		if err := w.land(); err != nil {
			return err
		}
	}
	return nil
}

// abandon waits for the commits in flight, whatever they come to.
func (w *importWriter) abandon() {
	for len(w.flying) > 0 {
		w.land()
	}
}

// txnsAhead opens write transactions before they are needed. Badger
// opens a transaction at a read timestamp it first waits for: every
// commit before it must be written and synced. Opened one by one as
// each batch is ready, each import transaction would wait for the
// previous one's sync, and no two commits would ever share one.
type txnsAhead struct {
	ch   chan *badger.Txn
	quit chan struct{}
	done chan struct{}
}

func openAhead(db *badger.DB, n int) *txnsAhead {
	a := &txnsAhead{ch: make(chan *badger.Txn, n), quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		for {
			txn := db.NewTransaction(true)
			select {
			case a.ch <- txn:
			case <-a.quit:
				txn.Discard()
				return
			}
		}
	}()
	return a
}

func (a *txnsAhead) next() *badger.Txn { return <-a.ch }

// stop discards the transactions opened and not used.
func (a *txnsAhead) stop() {
	close(a.quit)
	<-a.done
	for {
		select {
		case txn := <-a.ch:
			txn.Discard()
		default:
			return
		}
	}
}
