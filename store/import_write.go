package store

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
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

// writeJob is one visit line to write: read again by the reader, made
// into entries by a worker, committed by the collector in file order.
type writeJob struct {
	seq     int // the job's place among the lines written, from 0
	line    int
	buf     *[]byte
	plan    *visitPlan
	entries []*badger.Entry
	err     error
}

// writeImport reads the file again and writes the visits the check
// planned, whole visits to a transaction. Every line is checked against
// the checksum of what was verified. A worker a core makes each visit's
// entries, compressing its document (doc.go), while the collector
// commits; Badger's single writer is the rest.
func (s *Store) writeImport(ctx context.Context, f io.Reader, path string, chk *importCheck, opt ImportOptions) error {
	plans := map[int]*visitPlan{}
	toWrite := 0
	for i := range chk.plans {
		p := &chk.plans[i]
		if p.action == actAdd || p.action == actReplace {
			plans[p.line] = p
			toWrite++
		}
	}
	reason := fmt.Sprintf("export %s (SHA-256 %s) made by %s at %s with oic %s",
		filepath.Base(path), chk.sha256, officerLabel(chk.prov.ExportedBy), chk.prov.ExportedAt.Format(time.RFC3339), chk.prov.ToolVersion)
	change := func(p *visitPlan) domain.Change {
		c := domain.Change{Action: "imported from export", Actor: opt.By.StaffNo, ActorName: opt.By.Name, At: opt.At,
			Reason: reason,
			Fields: []domain.FieldChange{
				{Field: "version", New: strconv.FormatUint(p.version, 10)},
				{Field: "exported audit trail", New: fmt.Sprintf("%d entries, last %s", p.srcAudit.Entries, p.srcAudit.Head)},
			}}
		if c.ActorName == "" {
			c.ActorName = "oic import"
		}
		if p.action == actReplace {
			c.Action = "replaced by a newer version from export"
			c.Fields[0].Old = strconv.FormatUint(p.oldVer, 10)
		}
		return c
	}
	marker, err := json.Marshal(importMarker{SHA256: chk.sha256, Path: path, Started: opt.At})
	if err != nil {
		return err
	}
	counters, err := s.importCounters(plans)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lr := &lineReader{r: bufio.NewReaderSize(f, 1<<20), h: io.Discard}
	if _, _, err := lr.next(); err != nil { // the provenance
		return fmt.Errorf("reading %s again: %w", path, err)
	}

	// The reader hands each planned line, copied, to the workers.
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *writeJob, 2*workers)
	results := make(chan *writeJob, 2*workers)
	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		for ctx.Err() == nil {
			text, _, err := lr.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				readErr = fmt.Errorf("reading %s again: %w", path, plainPathError(err))
				return
			}
			p := plans[lr.n]
			if p == nil {
				continue
			}
			buf := linePool.Get().(*[]byte)
			*buf = append((*buf)[:0], text...)
			jobs <- &writeJob{seq: seq, line: lr.n, buf: buf, plan: p}
			seq++
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Opened before the first commit, so it does not wait for one:
			// it reads only the audit trails of visits being replaced,
			// which nothing in this import writes before their own line.
			txn := s.db.NewTransaction(false)
			defer txn.Discard()
			for j := range jobs {
				text := *j.buf
				switch {
				case ctx.Err() != nil:
					j.err = ctx.Err()
				case crc32.Checksum(text, crcTable) != j.plan.crc:
					j.err = fmt.Errorf("%s changed while it was being imported (line %d); import it again", path, j.line)
				default:
					j.entries, j.err = importRecords(txn, text, j.plan, change(j.plan))
					if j.err != nil {
						j.err = fmt.Errorf("line %d: %w", j.line, j.err)
					}
				}
				linePool.Put(j.buf)
				j.buf = nil
				results <- j
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	w := s.newImportWriter(marker, counters, toWrite)
	defer w.ahead.stop()
	var werr error
	done := 0
	inOrder(results, 0, func(j *writeJob) int { return j.seq }, func(j *writeJob) {
		if werr != nil {
			return // drain what the workers still hand on
		}
		if j.err != nil {
			werr = j.err
			cancel()
			return
		}
		if w.full(j) {
			if err := ctx.Err(); err != nil {
				werr = fmt.Errorf("import interrupted after writing %d of %d visits; import the same file again to finish it: %w", w.written, toWrite, err)
				cancel()
				return
			}
			if err := w.commit(false); err != nil {
				werr = err
				cancel()
				return
			}
		}
		w.add(j)
		done++
		if opt.Progress != nil && done%1000 == 0 {
			opt.Progress("writing", done, toWrite)
		}
	})
	if werr == nil {
		werr = readErr
	}
	if werr == nil && done != toWrite {
		werr = fmt.Errorf("reading %s again: %d of the %d visits to write were found", path, done, toWrite)
	}
	if werr == nil {
		werr = w.commit(true)
	}
	if werr != nil {
		w.abandon()
		return werr
	}
	if opt.Progress != nil {
		opt.Progress("writing", toWrite, toWrite)
	}
	return nil
}

// importWriter gathers the visits' entries into write transactions and
// commits them, up to maxFlying at once.
type importWriter struct {
	s        *Store
	ahead    *txnsAhead
	marker   []byte
	counters map[string][]byte
	toWrite  int

	batch    []*badger.Entry
	deletes  [][]byte
	size     int
	inBatch  int
	written  int
	released int
	first    bool
	flying   []flyingCommit
}

type flyingCommit struct {
	done   chan error
	visits int
}

func (s *Store) newImportWriter(marker []byte, counters map[string][]byte, toWrite int) *importWriter {
	return &importWriter{s: s, ahead: openAhead(s.db, maxFlying), marker: marker, counters: counters, toWrite: toWrite, first: true}
}

func jobSize(j *writeJob) int {
	n := 0
	for _, e := range j.entries {
		n += batchSize(e)
	}
	for _, k := range j.plan.oldKeys {
		n += len(k) + 2
	}
	return n
}

// full says whether j's visit would take the batch past a transaction's
// bounds.
func (w *importWriter) full(j *writeJob) bool {
	return len(w.batch) > 0 && (w.size+jobSize(j) > importBatchBytes ||
		len(w.batch)+len(j.entries)+len(w.deletes)+len(j.plan.oldKeys) > importBatchEntries)
}

func (w *importWriter) add(j *writeJob) {
	w.batch = append(w.batch, j.entries...)
	w.size += jobSize(j)
	w.deletes = append(w.deletes, j.plan.oldKeys...)
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
	// Badger writes through memory-mapped files: let the pages go, so
	// an import's resident memory does not grow with the file.
	if w.written-w.released > 2000 {
		w.s.releaseMapped()
		w.released = w.written
	}
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

// importCounters are the reference counters an import sets: for each
// team and year it brings visits of, the highest sequence among them and
// the counter here, so a visit created here later never takes an
// imported reference.
func (s *Store) importCounters(plans map[int]*visitPlan) (map[string][]byte, error) {
	high := map[string]uint32{}
	for _, p := range plans {
		parts := strings.Split(string(p.ref), "-")
		year, err1 := strconv.Atoi(parts[1])
		seq, err2 := strconv.ParseUint(parts[2], 10, 32)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s is not a visit reference", p.ref)
		}
		k := string(seqKey(domain.TeamCode(parts[0]), year))
		high[k] = max(high[k], uint32(seq))
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
				if err := item.Value(func(b []byte) error {
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

// importRecords are the entries that put one imported visit in the
// store: its document, summary and index keys, and an audit entry chained
// to its trail here, read in txn. text is the caller's own copy of the
// line, and is changed.
func importRecords(txn *badger.Txn, text []byte, p *visitPlan, c domain.Change) ([]*badger.Entry, error) {
	var doc []byte
	if p.docEnd > 0 {
		// The document is the line up to the export's own members, closed.
		text[p.docEnd] = '}'
		doc = encodeDoc(text[:p.docEnd+1])
	} else {
		var line visitLine
		if err := decodeLine(text, &line); err != nil {
			return nil, err
		}
		b, err := json.Marshal(line.Visit)
		if err != nil {
			return nil, err
		}
		doc = encodeDoc(b)
	}
	sum := p.summary
	keys := indexKeys(&domain.Visit{Ref: sum.Ref, State: sum.State,
		Basics: domain.Basics{Team: sum.Team, PlannedStart: sum.PlannedStart, Premises: domain.Premises{Postcode: sum.Postcode}}})
	out := make([]*badger.Entry, 0, len(keys)+4)
	out = append(out, badger.NewEntry(visitKey(p.ref), doc), badger.NewEntry(keys[0], encodeSummary(sum)))
	for _, k := range keys[1:] {
		out = append(out, badger.NewEntry(k, nil))
	}
	var prev *domain.AuditEntry
	if p.action == actReplace {
		var err error
		if prev, err = readHead(txn, p.ref); err != nil {
			return nil, err
		}
	}
	e := domain.ChainEntry(p.ref, prev, c)
	rec, err := auditRecord(e)
	if err != nil {
		return nil, err
	}
	head, err := headRecord(e)
	if err != nil {
		return nil, err
	}
	return append(out, rec, head), nil
}
