package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Visits arriving from outside the store, many at once (oic import): the
// records that put each in the store are made ahead, on as many cores as
// the caller likes (Reader.Records), and written later in large
// transactions, several in flight (ImportWriter), under a marker that
// says an import is under way.

// Arrival is a visit arriving from outside the store.
type Arrival struct {
	// Doc is its JSON document, as it is to be stored.
	Doc []byte
	// Summary is its list summary, from which its index keys are made.
	Summary domain.Summary
	// Replaces is the summary of the version here it replaces; nil if it
	// is new here.
	Replaces *domain.Summary
	// Trail is its audit trail as it comes, from its first entry: the
	// caller has checked it is whole (domain.VerifyChain). It is kept
	// exactly as it is, so that it verifies from its first entry: its
	// last entry must seal Doc (and Derived), and where a version is here
	// already, it must extend the trail here (Extends). Nil for a visit
	// that comes without its trail: it must be new here, and starts a
	// trail here of Change alone, which seals it.
	Trail []domain.AuditEntry
	// TrailJSON, if set, is each entry of Trail as json.Marshal encodes
	// it (domain.VerifyChainJSON gives it), stored as it is.
	TrailJSON [][]byte
	Change    domain.Change
	// Derived is the part derived from the document (derived.go) that
	// Trail's last entry sealed; nil: none. DerivedVersion is the version
	// of the derivation that made it, which its envelope, and so its
	// seal, names: the caller finds which, and the part is read again
	// (Reader.Derived) only by a reader of that version.
	Derived        []byte
	DerivedVersion uint64
	// DerivedAfresh says Derived is not the part Trail's last entry
	// sealed but one made since, by DerivedVersion: this oic's, as the
	// caller has checked, or the exporting oic's: a visit closed under an
	// earlier derivation, exported by an oic deriving differently, brings
	// the part that oic derived, not the one it kept. It is kept, sealed by
	// the head of the trail here and by its arrival, and the trail is
	// kept as it came (verify accepts a head whose derived seal is its
	// arrival's).
	DerivedAfresh bool
	// Arrived is the entry its arrival adds to its arrivals (arrivals.go),
	// never to its trail.
	Arrived domain.Change
	// Visit, if set, is Doc decoded, and DocHash, if set, Doc's
	// domain.RecordHash: the caller has them already, and each is made
	// here otherwise (its measures record, its seal).
	Visit   *domain.Visit
	DocHash string
}

// HistoryError is a trail that arrives and is not a later state of the
// trail here: a different history of the visit.
type HistoryError struct {
	Ref     domain.Ref
	Problem string
}

func (e *HistoryError) Error() string {
	return fmt.Sprintf("a different history of %s: %s", e.Ref, e.Problem)
}

// Extends says where trail, arriving for ref, goes on from the trail
// held here (its head held; nil: none): the number of its entries
// already here. Anything but the held entries followed by new ones is a
// *HistoryError.
func Extends(ref domain.Ref, held *domain.AuditEntry, trail []domain.AuditEntry) (int, error) {
	if held == nil {
		return 0, nil
	}
	n := len(trail)
	switch {
	case uint64(n) < held.Seq:
		return 0, &HistoryError{ref, fmt.Sprintf("its trail here has %d entries, the one arriving only %d", held.Seq, n)}
	case trail[held.Seq-1].Hash != held.Hash:
		return 0, &HistoryError{ref, fmt.Sprintf("entry %d of the trail arriving (%.12s…) is not entry %d here (%.12s…)",
			held.Seq, trail[held.Seq-1].Hash, held.Seq, held.Hash)}
	}
	return int(held.Seq), nil
}

// VisitRecords are what putting one visit in the store writes: the keys
// of the version it replaces to delete, then the records to set.
type VisitRecords struct {
	Delete [][]byte
	Set    []Record
}

// Records makes what putting the arrival a in the store writes, reading
// the heads of its audit trail and its arrivals here. With a trail, its
// entries new here and its derived part, if its head sealed one; without
// one, an entry that starts its trail here and seals it, and no derived
// part (a reader derives it afresh). Either way, an entry of its
// arrivals, sealing the record as it arrived.
func (r *Reader) Records(a Arrival) (VisitRecords, error) {
	var out VisitRecords
	ref := a.Summary.Ref
	held, err := readHead(r.txn, headKey(ref))
	if err != nil {
		return VisitRecords{}, err
	}
	if a.Replaces != nil {
		out.Delete = append(indexKeys(*a.Replaces), derivedKey(ref))
		if held == nil {
			return VisitRecords{}, fmt.Errorf("%s here has no audit trail; the store is damaged and nothing was written", ref)
		}
	} else if held != nil {
		return VisitRecords{}, fmt.Errorf("the audit trail of %s already holds %d entries though the visit is new here; the store is damaged and nothing was written", ref, held.Seq)
	}
	var audit []Record
	var derived []byte
	var seal domain.Seal
	if a.Trail == nil {
		seal = domain.SealOf(a.Doc, nil)
		if a.Replaces != nil {
			return VisitRecords{}, fmt.Errorf("%s is here already: a visit without its audit trail can only arrive new", ref)
		}
		if audit, err = auditRecords(ref, nil, []domain.Change{a.Change}, seal); err != nil {
			return VisitRecords{}, err
		}
	} else {
		from, err := Extends(ref, held, a.Trail)
		if err != nil {
			return VisitRecords{}, err
		}
		last := a.Trail[len(a.Trail)-1]
		if from == len(a.Trail) {
			return VisitRecords{}, &HistoryError{ref, fmt.Sprintf("its record differs from the one here, yet its trail adds no entry to the %d here", from)}
		}
		if a.Derived != nil && (a.DerivedAfresh || last.Derived != "") {
			derived = envelope(a.DerivedVersion, a.Doc, a.Derived)
		}
		// Hashed once, for this check and the arrival's seal alike.
		seal = a.seal(derived)
		switch {
		case last.Record != seal.Record:
			return VisitRecords{}, fmt.Errorf("%s: its document is not the one audit entry %d sealed", ref, last.Seq)
		case a.DerivedAfresh && derived != nil:
			// Sealed here by the head and the arrival (DerivedAfresh).
			last.Derived = seal.Derived
		case last.Derived != seal.Derived:
			return VisitRecords{}, fmt.Errorf("%s: the part derived from its document that it brings is neither the one audit entry %d sealed nor what this oic derives from its document", ref, last.Seq)
		}
		if a.TrailJSON != nil && len(a.TrailJSON) != len(a.Trail) {
			return VisitRecords{}, fmt.Errorf("%s: %d encodings of %d audit entries", ref, len(a.TrailJSON), len(a.Trail))
		}
		for i, e := range a.Trail[from:] {
			if e.Ref != ref || e.Officer != "" {
				return VisitRecords{}, fmt.Errorf("%s: audit entry %d names %s%s, not this visit", ref, e.Seq, e.Ref, e.Officer)
			}
			// Its key is its number: never one held here already.
			if e.Seq != uint64(from+i+1) {
				return VisitRecords{}, fmt.Errorf("%s: audit entry %d of the trail arriving is numbered %d", ref, from+i+1, e.Seq)
			}
		}
		// The entries new here, kept together as one run (trailrun.go).
		var encoded [][]byte
		if a.TrailJSON != nil {
			encoded = a.TrailJSON[from:]
		}
		run, err := trailRunRecord(ref, a.Trail[from:], encoded)
		if err != nil {
			return VisitRecords{}, err
		}
		h, err := headRecord(last)
		if err != nil {
			return VisitRecords{}, err
		}
		audit = append(audit, run, h)
	}
	prev, err := readHead(r.txn, arrivalHeadKey(ref))
	if err != nil {
		return VisitRecords{}, err
	}
	arrived, err := arrivalRecords(ref, prev, a.Arrived, seal)
	if err != nil {
		return VisitRecords{}, err
	}
	var m Record
	if a.Visit != nil {
		m, err = measuresRecord(a.Visit, seal.Record)
	} else {
		m, err = measuresOfDoc(ref, a.Doc, seal.Record)
	}
	if err != nil {
		return VisitRecords{}, err
	}
	extra := len(audit) + len(arrived) + 2
	out.Set = append(documentRecords(encodeDoc(a.Doc), a.Summary, extra), m)
	out.Set = append(out.Set, audit...)
	if derived != nil {
		out.Set = append(out.Set, derivedRecord(ref, derived))
	}
	out.Set = append(out.Set, arrived...)
	return out, nil
}

// seal is the seal of a's document stored with derived beside it.
func (a *Arrival) seal(derived []byte) domain.Seal {
	if a.DocHash == "" {
		return domain.SealOf(a.Doc, derived)
	}
	s := domain.Seal{Record: a.DocHash}
	if derived != nil {
		s.Derived = domain.RecordHash(derived)
	}
	return s
}

// importKey marks an import under way: written with the first visits,
// removed with the last, so an interrupted import is noticed.
var importKey = []byte("m/import")

// ImportMarker is the marker of an import that was under way and never
// finished (what NewImportWriter was given), or nil if there is none.
func (s *Store) ImportMarker() ([]byte, error) {
	var m []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(importKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		m, err = valueCopy(item)
		return err
	})
	return m, err
}

// ClearImportMarker removes the marker of an unfinished import, once
// what it was writing is known to be here.
func (s *Store) ClearImportMarker() error {
	return s.update(func(txn *badger.Txn) error { return txn.Delete(importKey) })
}

// importBatchBytes and importBatchEntries keep a write transaction well
// inside Badger's limits with an 8 MB memtable (15% of it, by Badger's
// size estimate), so a commit never fails as too big: the estimate
// counts a key, and a value under the value threshold, or else its
// 12-byte pointer into the value log (batchSize). Documents and audit
// entries go to the value log, so a transaction takes a thousand visits
// or more.
const (
	importBatchBytes   = 900 << 10
	importBatchEntries = 8000
	valueThreshold     = 512 // as options_ sets it
)

// batchSize is Badger's estimate of a record's share of a transaction.
func batchSize(r Record) int {
	if len(r.Value) < valueThreshold {
		return len(r.Key) + len(r.Value) + 2
	}
	return len(r.Key) + 12 + 2
}

// maxFlying is how many write transactions an import lets Badger have at
// once: it writes and syncs those waiting together, so a few in flight
// means a few times fewer syncs of its value log.
const maxFlying = 6

// ImportWriter writes the records of many visits, gathered into write
// transactions of whole visits, up to maxFlying committing at once. The
// first transaction sets the import's marker and the reference counters
// past every visit it will write; the last, which removes the marker,
// waits for all the others first. The transactions only write, so they
// never conflict.
type ImportWriter struct {
	s *Store
	// before reads the store as it was before the writer's first
	// commit, for Undo: Badger keeps what an open transaction can see.
	before   *badger.Txn
	queued   int // visits given to Add
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
	stopped bool
}

type flyingCommit struct {
	done   chan error
	visits int
}

// NewImportWriter starts writing the visits of refs, under marker (what
// ImportMarker gives back if the import never finishes). Add each visit's
// records, then Finish; or Abandon.
func (s *Store) NewImportWriter(marker []byte, refs []domain.Ref) (*ImportWriter, error) {
	counters, err := s.importCounters(refs)
	if err != nil {
		return nil, err
	}
	return &ImportWriter{s: s, before: s.db.NewTransaction(false), ahead: openAhead(s.db, maxFlying),
		marker: marker, counters: counters, toWrite: len(refs), first: true}, nil
}

// importCounters are the reference counters an import sets: for each
// team and year it brings visits of, the highest sequence among them and
// the counter here, so a visit created here later never takes an
// imported reference.
func (s *Store) importCounters(refs []domain.Ref) (map[string][]byte, error) {
	high := map[string]uint32{}
	for _, ref := range refs {
		team, year, seq, ok := ref.Parts()
		if !ok {
			return nil, fmt.Errorf("%s is not a visit reference", ref)
		}
		k := string(seqKey(team, year))
		high[k] = max(high[k], seq)
	}
	out := map[string][]byte{}
	err := s.db.View(func(txn *badger.Txn) error {
		for k, seq := range high {
			item, err := txn.Get([]byte(k))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
			case err != nil:
				return err
			default:
				if err := value(item, func(b []byte) error {
					if len(b) == 4 {
						seq = max(seq, binary.BigEndian.Uint32(b))
					}
					return nil
				}); err != nil {
					return err
				}
			}
			out[k] = binary.BigEndian.AppendUint32(nil, seq)
		}
		return nil
	})
	return out, err
}

// Add queues one visit's records, first committing the batch, unless ctx
// is done, if they would take it past a transaction's bounds. It copies
// the lists in v, not the keys and values, which must not change until
// Finish or Abandon returns.
func (w *ImportWriter) Add(ctx context.Context, v VisitRecords) error {
	size := 0
	for _, r := range v.Set {
		size += batchSize(r)
	}
	for _, k := range v.Delete {
		size += len(k) + 2
	}
	if len(w.batch) > 0 && (w.size+size > importBatchBytes ||
		len(w.batch)+len(v.Set)+len(w.deletes)+len(v.Delete) > importBatchEntries) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("import stopped at visit %d of %d: %w", w.queued+1, w.toWrite, err)
		}
		if err := w.commit(false); err != nil {
			return err
		}
	}
	w.queued++
	for _, r := range v.Set {
		w.batch = append(w.batch, badger.NewEntry(r.Key, r.Value))
	}
	w.size += size
	w.deletes = append(w.deletes, v.Delete...)
	w.inBatch++
	return nil
}

// Finish commits what is queued, removing the import's marker, and waits
// for every commit. If it fails, Undo or Abandon what was written.
func (w *ImportWriter) Finish() error {
	if err := w.commit(true); err != nil {
		return err
	}
	w.stop()
	return nil
}

// Abandon waits for the commits in flight, whatever they come to, and
// writes nothing more: the marker stays, and the same import run again
// finishes the work.
func (w *ImportWriter) Abandon() {
	w.abandon()
	w.stop()
}

func (w *ImportWriter) stop() {
	if !w.stopped {
		w.stopped = true
		w.ahead.stop()
		w.before.Discard()
	}
}

// Undo puts the store back as it was before the writer's first commit,
// so a stopped import writes nothing: it waits for the commits in flight,
// then gives every key that the visits given to Add set or deleted, the
// reference counters and, last, the import's marker, the value it had
// before (or deletes it), in transactions of its own. replay calls fn
// with the records of each visit given to Add, in the same order (the
// import's working file read again), and stops when fn says so.
//
// It takes about as long as the writing it undoes took. An Undo stopped
// part-way (the process killed) leaves whole visits and the marker, as an
// import stopped part-way does, and the same import run again finishes
// the work.
func (w *ImportWriter) Undo(replay func(fn func(VisitRecords) error) error) error {
	w.abandon()
	defer w.stop()
	if w.first { // nothing committed
		return nil
	}
	u := &undoer{w: w}
	n := 0
	errDone := errors.New("done")
	err := replay(func(v VisitRecords) error {
		if n == w.queued {
			return errDone
		}
		n++
		// A visit new here replaces nothing (no keys to delete): none of
		// its keys was here before, and each goes without asking.
		isNew := len(v.Delete) == 0
		for _, k := range v.Delete {
			if err := u.restore(k); err != nil {
				return err
			}
		}
		for _, r := range v.Set {
			var err error
			if isNew {
				err = u.queue(r.Key, nil, false)
			} else {
				err = u.restore(r.Key)
			}
			if err != nil {
				return err
			}
		}
		// Whole visits to a transaction, as they were written: an undo
		// stopped part-way leaves each visit as it was or as imported.
		if u.size > importBatchBytes || len(u.batch)+len(u.dels) > importBatchEntries {
			return u.flush(false)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDone) {
		return u.fail(err)
	}
	for k := range w.counters {
		if err := u.restore([]byte(k)); err != nil {
			return u.fail(err)
		}
	}
	if err := u.flush(true); err != nil {
		return u.fail(err)
	}
	if err := u.restore(importKey); err != nil {
		return u.fail(err)
	}
	if err := u.flush(true); err != nil {
		return u.fail(err)
	}
	return nil
}

// undoer writes keys back to what they were before an import, in
// transactions of whole visits as large as the import's, several
// committing at once as the import's do, so that Badger syncs them
// together.
type undoer struct {
	w      *ImportWriter
	batch  []*badger.Entry
	dels   [][]byte
	size   int
	flying []chan error
}

// restore queues key's value as it was before the import.
func (u *undoer) restore(key []byte) error {
	item, err := u.w.before.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return u.queue(key, nil, false)
	}
	if err != nil {
		return err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return err
	}
	return u.queue(key, v, true)
}

// queue sets key to v, or deletes it.
func (u *undoer) queue(key, v []byte, set bool) error {
	key = bytes.Clone(key)
	if set {
		u.batch = append(u.batch, badger.NewEntry(key, v))
		u.size += batchSize(Record{Key: key, Value: v})
	} else {
		u.dels = append(u.dels, key)
		u.size += len(key) + 2
	}
	return nil
}

// flush commits what is queued, waiting for every commit if last.
// Not refused for want of room (update): taking an import out may dip
// into the room minFree keeps, as it writes less than the import did,
// and an import stopped for want of room must still come out.
func (u *undoer) flush(last bool) error {
	if len(u.batch)+len(u.dels) > 0 {
		txn := u.w.s.db.NewTransaction(true)
		err := func() error {
			for _, k := range u.dels {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			for _, e := range u.batch {
				if err := txn.SetEntry(e); err != nil {
					return err
				}
			}
			return nil
		}()
		if err != nil {
			txn.Discard()
			return err
		}
		done := make(chan error, 1)
		txn.CommitWith(func(err error) { done <- err })
		u.flying = append(u.flying, done)
		u.batch, u.dels, u.size = nil, nil, 0
	}
	for len(u.flying) > maxFlying || (last && len(u.flying) > 0) {
		err := <-u.flying[0]
		u.flying = u.flying[1:]
		if err != nil {
			return err
		}
	}
	return nil
}

// fail waits for the commits in flight and says why the undo stopped.
func (u *undoer) fail(err error) error {
	for _, f := range u.flying {
		<-f
	}
	u.flying = nil
	return fmt.Errorf("undoing the import: %w", err)
}

// land waits for the oldest commit in flight.
func (w *ImportWriter) land() error {
	f := w.flying[0]
	w.flying = w.flying[1:]
	if err := <-f.done; err != nil {
		return fmt.Errorf("writing the imported visits (%d of %d written): %w", w.written, w.toWrite, err)
	}
	w.written += f.visits
	return nil
}

// commit writes the batch in a transaction of its own, while the next
// ones are made.
func (w *ImportWriter) commit(last bool) error {
	if last {
		for len(w.flying) > 0 {
			if err := w.land(); err != nil {
				return err
			}
		}
	}
	// Refused for want of room before Badger, which would die of it.
	if err := w.s.CheckRoom(int64(w.size)); err != nil {
		return fmt.Errorf("writing the imported visits (%d of %d written): %w", w.written, w.toWrite, err)
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
func (w *ImportWriter) abandon() {
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
