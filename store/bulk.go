package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"oic/domain"
)

// BulkWriter loads many new visits into an empty store at once, for demo
// data and benchmarks. Writing 100,000 visits one durable transaction at a
// time would take minutes of fsyncs; a batch of visits syncs once.
// Each visit is still written whole (document, summary, indexes, audit
// chain) in one transaction, and the reference counters are set from the
// highest reference loaded, so visits created later never reuse one.
//
// The writer groups whole visits into transactions itself rather than use
// badger.WriteBatch: a WriteBatch commits whenever its transaction fills,
// wherever that falls, so a visit's keys could straddle two commits and a
// crash or a Cancel between them left a document without its audit trail
// or index keys. Here a batch only ever ends between visits, and carries
// the counters for every reference it holds.
type BulkWriter struct {
	s     *Store
	batch []Record // whole visits and officers only
	size  int      // Badger's estimate of batch (batchSize)
	seqs  map[string]uint32
	refs  map[domain.Ref]bool
	n     int
	done  bool
	// flying are the commits Badger has not yet answered: a few at once
	// are written and synced together, and the next batch is built
	// meanwhile, where one durable commit at a time left the loader
	// waiting on every sync (BENCHMARKS.md, issue 15).
	flying []chan error
}

// Batches stay inside Badger's transaction limits as Badger counts them
// (15% of the 8 MB memtable, a key and a small value or a pointer to a
// large one each: batchSize), so a commit never fails as too big. Counted
// in whole values, as they once were, a batch held a dozen visits and
// the load spent its time syncing.
const (
	bulkBatchBytes   = 900 << 10
	bulkBatchEntries = 8000
)

// NewBulkWriter refuses a store that already holds visits: bulk loading
// bypasses the conflict checks that protect existing records.
func (s *Store) NewBulkWriter(ctx context.Context) (*BulkWriter, error) {
	n, err := s.CountVisits(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("the data folder %s already holds %d visits; load demo data into an empty folder (pass --data-dir)", s.dir, n)
	}
	return &BulkWriter{s: s, seqs: map[string]uint32{}, refs: map[domain.Ref]bool{}}, nil
}

// AddOfficer queues an officer profile, c being the first entry of its
// audit trail.
func (b *BulkWriter) AddOfficer(o domain.Officer, c domain.Change) error {
	doc, err := json.Marshal(o)
	if err != nil {
		return err
	}
	trail, err := entryRecords(domain.OfficerEntry(o.StaffNo, nil, c, domain.SealOf(doc, nil)))
	if err != nil {
		return err
	}
	return b.add(append([]Record{{officerKey(o.StaffNo), doc}}, trail...))
}

// AddVisit queues a visit (Ref and Version set) and its audit trail, in
// order: one change per version, as SaveVisit would have left it.
func (b *BulkWriter) AddVisit(v *domain.Visit, changes []domain.Change) error {
	parts := strings.Split(string(v.Ref), "-")
	if len(parts) != 3 || parts[0] == "" || len(changes) == 0 {
		return fmt.Errorf("bulk: visit %q needs a reference and at least one change", v.Ref)
	}
	// Checked here, not at Flush, so a bad reference is refused before
	// anything after it is written.
	year, err := strconv.Atoi(parts[1])
	if err != nil {
		return fmt.Errorf("bulk: visit %q: the year is not a number", v.Ref)
	}
	seq, err := strconv.ParseUint(parts[2], 10, 32)
	if err != nil {
		return fmt.Errorf("bulk: visit %q: %w", v.Ref, err)
	}
	if v.Version != uint64(len(changes)) {
		return fmt.Errorf("bulk: visit %s is at version %d but has %d audit entries; each version needs one", v.Ref, v.Version, len(changes))
	}
	if b.refs[v.Ref] {
		return fmt.Errorf("bulk: visit %s was added twice", v.Ref)
	}
	recs, seal, err := b.s.visitRecords(v)
	if err != nil {
		return err
	}
	// A visit's whole trail arrives at once, as an import's does: kept
	// as one run (trailrun.go).
	entries, encoded := chainChangesJSON(v.Ref, nil, changes, seal, true)
	run, err := trailRunRecord(v.Ref, entries, encoded)
	if err != nil {
		return err
	}
	head, err := headRecord(entries[len(entries)-1])
	if err != nil {
		return err
	}
	if err := b.add(append(recs, run, head)); err != nil {
		return err
	}
	// Counted after add, which may have committed the batch before this
	// visit: a batch's counters cover exactly the visits it holds.
	b.refs[v.Ref] = true
	if k := parts[0] + "/" + strconv.Itoa(year); uint32(seq) > b.seqs[k] {
		b.seqs[k] = uint32(seq)
	}
	b.n++
	return nil
}

// add queues one visit's or officer's records, first committing the
// batch if they would not fit in it.
func (b *BulkWriter) add(recs []Record) error {
	if b.done {
		return fmt.Errorf("bulk: the writer was already flushed or cancelled")
	}
	size := 0
	for _, r := range recs {
		size += batchSize(r)
	}
	if len(b.batch) > 0 && (b.size+size > bulkBatchBytes || len(b.batch)+len(recs) > bulkBatchEntries) {
		if err := b.commit(); err != nil {
			return err
		}
	}
	b.batch = append(b.batch, recs...)
	b.size += size
	return nil
}

// commit hands the batch and the reference counters to Badger as one
// durable transaction, without waiting for it unless maxFlying are already
// in flight. Transactions take their commit order from the order they are
// handed over, so the counters of a later batch (never lower) win.
func (b *BulkWriter) commit() error {
	if err := b.s.CheckRoom(int64(b.size)); err != nil {
		return fmt.Errorf("bulk: writing %d records: %w", len(b.batch), err)
	}
	txn := b.s.db.NewTransaction(true)
	err := func() error {
		if err := setAll(txn, b.batch...); err != nil {
			return err
		}
		for k, seq := range b.seqs {
			team, year, _ := strings.Cut(k, "/")
			y, _ := strconv.Atoi(year) // checked in AddVisit
			if err := txn.Set(seqKey(domain.TeamCode(team), y), binary.BigEndian.AppendUint32(nil, seq)); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		txn.Discard()
		return fmt.Errorf("bulk: writing %d records: %w", len(b.batch), err)
	}
	done := make(chan error, 1)
	txn.CommitWith(func(err error) { done <- err })
	b.flying = append(b.flying, done)
	// Badger keeps the keys and values until the commit is written, so
	// the next batch takes a new slice.
	b.batch, b.size = nil, 0
	for len(b.flying) > maxFlying {
		if err := b.land(); err != nil {
			return err
		}
	}
	return nil
}

// land waits for the oldest commit in flight.
func (b *BulkWriter) land() error {
	done := b.flying[0]
	b.flying = b.flying[1:]
	if err := <-done; err != nil {
		return fmt.Errorf("bulk: writing a batch of visits: %w", err)
	}
	return nil
}

// landAll waits for every commit in flight, and gives the first error.
func (b *BulkWriter) landAll() error {
	var first error
	for len(b.flying) > 0 {
		if err := b.land(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Flush writes everything queued and the reference counters, then settles
// Badger's tree. A bulk load leaves many tables waiting to be compacted;
// left alone, Badger would compact them at the officer's next start, with
// hundreds of megabytes of memory while they browse. Doing it here costs
// the loader a few seconds it is waiting anyway.
func (b *BulkWriter) Flush() error {
	if b.done {
		return nil
	}
	b.done = true
	err := b.commit()
	if lerr := b.landAll(); err == nil {
		err = lerr
	}
	if err != nil {
		return err
	}
	// Opened ForBulk, nothing is on disk for sure until now.
	if err := b.s.db.Sync(); err != nil {
		return fmt.Errorf("bulk: syncing what was written: %w", err)
	}
	// Settling rewrites the tree of keys, which is written through mapped
	// files like everything else, before the old tables are removed.
	lsm, _ := b.s.db.Size()
	if err := b.s.CheckRoom(lsm); err != nil {
		return fmt.Errorf("bulk: everything is written, but the store could not be settled: %w", err)
	}
	if err := b.s.db.Flatten(2); err != nil {
		return fmt.Errorf("bulk: settling the store after loading: %w", err)
	}
	return nil
}

// Cancel drops whatever has not been written yet. What was written is whole
// visits with their reference counters.
func (b *BulkWriter) Cancel() {
	b.done = true
	b.batch = nil
	b.landAll() // written or not, nothing more is to be done about them
}
