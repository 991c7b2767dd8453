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
	"strconv"
	"strings"
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

// writeImport reads the file again and writes the visits the check
// planned, whole visits to a transaction. Every line is checked against
// the checksum of what was verified.
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
	change := func(p *visitPlan) domain.Change {
		c := domain.Change{Action: "imported from export", Actor: opt.By.StaffNo, ActorName: opt.By.Name, At: opt.At,
			Reason: fmt.Sprintf("export %s (SHA-256 %s) made by %s at %s with oic %s",
				filepath.Base(path), chk.sha256, officerLabel(chk.prov.ExportedBy), chk.prov.ExportedAt.Format(time.RFC3339), chk.prov.ToolVersion),
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

	// Every line written is checked against its checksum from the check,
	// so the file cannot change between the check and the write unseen.
	lr := &lineReader{r: bufio.NewReaderSize(f, 1<<20), h: io.Discard}
	type inFlight struct {
		done   chan error
		visits int
	}
	var (
		batch    []*badger.Entry
		deletes  [][]byte
		size     int
		written  int
		inBatch  int
		released int
		first    = true
		flying   []inFlight
	)
	// land waits for the oldest commit in flight.
	land := func() error {
		f := flying[0]
		flying = flying[1:]
		if err := <-f.done; err != nil {
			return fmt.Errorf("writing the imported visits (%d of %d written): %w", written, toWrite, err)
		}
		written += f.visits
		// Badger writes through memory-mapped files: let the pages go, so
		// an import's resident memory does not grow with the file.
		if written-released > 2000 {
			s.releaseMapped()
			released = written
		}
		return nil
	}
	// commit writes the batch in a transaction of its own, while the next
	// ones are made: up to maxFlying commits in flight, their disk syncs
	// overlapping the reading. The transactions only write, so they never conflict. The
	// last, which removes the import's mark, waits for all the others.
	commit := func(last bool) error {
		if last {
			for len(flying) > 0 {
				if err := land(); err != nil {
					return err
				}
			}
		}
		txn := s.db.NewTransaction(true)
		err := func() error {
			if first {
				if err := txn.Set(importKey, marker); err != nil {
					return err
				}
				for k, v := range counters {
					if err := txn.Set([]byte(k), v); err != nil {
						return err
					}
				}
			}
			for _, k := range deletes {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			for _, e := range batch {
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
			return fmt.Errorf("writing the imported visits (%d of %d written): %w", written, toWrite, err)
		}
		done := make(chan error, 1)
		txn.CommitWith(func(err error) { done <- err })
		flying = append(flying, inFlight{done, inBatch})
		first = false
		batch, deletes, size, inBatch = nil, nil, 0, 0
		for len(flying) > maxFlying || (last && len(flying) > 0) {
			if err := land(); err != nil {
				return err
			}
		}
		return nil
	}
	abandon := func() {
		for len(flying) > 0 {
			land()
		}
	}

	if _, _, err := lr.next(); err != nil { // the provenance
		return fmt.Errorf("reading %s again: %w", path, err)
	}
	done := 0
	for {
		text, _, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			abandon()
			return fmt.Errorf("reading %s again: %w", path, plainPathError(err))
		}
		p := plans[lr.n]
		if p == nil {
			continue
		}
		if crc32.Checksum(text, crcTable) != p.crc {
			abandon()
			return fmt.Errorf("%s changed while it was being imported (line %d); import it again", path, lr.n)
		}
		entries, err := s.importRecords(text, p, change(p))
		if err != nil {
			abandon()
			return fmt.Errorf("line %d: %w", lr.n, err)
		}
		esize := 0
		for _, e := range entries {
			esize += batchSize(e)
		}
		for _, k := range p.oldKeys {
			esize += len(k) + 2
		}
		if len(batch) > 0 && (size+esize > importBatchBytes || len(batch)+len(entries)+len(deletes)+len(p.oldKeys) > importBatchEntries) {
			if err := ctx.Err(); err != nil {
				abandon()
				return fmt.Errorf("import interrupted after writing %d of %d visits; import the same file again to finish it: %w", written, toWrite, err)
			}
			if err := commit(false); err != nil {
				abandon()
				return err
			}
		}
		batch = append(batch, entries...)
		size += esize
		deletes = append(deletes, p.oldKeys...)
		inBatch++
		done++
		if opt.Progress != nil && done%1000 == 0 {
			opt.Progress("writing", done, toWrite)
		}
	}
	if err := commit(true); err != nil {
		abandon()
		return err
	}
	if opt.Progress != nil {
		opt.Progress("writing", toWrite, toWrite)
	}
	return nil
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
// to its trail here.
func (s *Store) importRecords(text []byte, p *visitPlan, c domain.Change) ([]*badger.Entry, error) {
	var doc []byte
	if p.docEnd > 0 {
		doc = make([]byte, 0, p.docEnd+1)
		doc = append(append(doc, text[:p.docEnd]...), '}')
	} else {
		var line visitLine
		if err := decodeLine(text, &line); err != nil {
			return nil, err
		}
		b, err := json.Marshal(line.Visit)
		if err != nil {
			return nil, err
		}
		doc = b
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
		err := s.db.View(func(txn *badger.Txn) (err error) {
			prev, err = readHead(txn, p.ref)
			return err
		})
		if err != nil {
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
