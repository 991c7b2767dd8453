package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// BulkWriter loads many new visits into an empty store at once, for demo
// data and benchmarks. Writing 100,000 visits one durable transaction at a
// time would take minutes of fsyncs; a write batch syncs once per batch.
// Each visit is still written whole (document, summary, indexes, audit
// chain), and the reference counters are set from the highest reference
// loaded, so visits created later never reuse one.
type BulkWriter struct {
	s    *Store
	wb   *badger.WriteBatch
	seqs map[string]uint32 // "TEAM/YEAR" -> highest sequence
	n    int
}

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
	return &BulkWriter{s: s, wb: s.db.NewWriteBatch(), seqs: map[string]uint32{}}, nil
}

// AddOfficer queues an officer profile.
func (b *BulkWriter) AddOfficer(o domain.Officer) error {
	doc, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return b.wb.Set(officerKey(o.StaffNo), doc)
}

// AddVisit queues a visit (Ref and Version set) and its audit trail, in order.
func (b *BulkWriter) AddVisit(v *domain.Visit, changes []domain.Change) error {
	parts := strings.Split(string(v.Ref), "-")
	if len(parts) != 3 || len(changes) == 0 {
		return fmt.Errorf("bulk: visit %q needs a reference and at least one change", v.Ref)
	}
	seq, err := strconv.ParseUint(parts[2], 10, 32)
	if err != nil {
		return fmt.Errorf("bulk: visit %q: %w", v.Ref, err)
	}
	if k := parts[0] + "/" + parts[1]; uint32(seq) > b.seqs[k] {
		b.seqs[k] = uint32(seq)
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := b.wb.Set(visitKey(v.Ref), doc); err != nil {
		return err
	}
	keys := indexKeys(v)
	if err := b.wb.Set(keys[0], encodeSummary(v.Summary())); err != nil {
		return err
	}
	for _, k := range keys[1:] {
		if err := b.wb.Set(k, nil); err != nil {
			return err
		}
	}
	var prev *domain.AuditEntry
	for _, c := range changes {
		e := domain.ChainEntry(v.Ref, prev, c)
		eb, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := b.wb.Set(auditKey(v.Ref, e.Seq), eb); err != nil {
			return err
		}
		prev = &e
	}
	sum, err := hexSum(prev.Hash)
	if err != nil {
		return err
	}
	b.n++
	return b.wb.Set(headKey(v.Ref), append(binary.BigEndian.AppendUint64(nil, prev.Seq), sum...))
}

// Flush writes everything queued and the reference counters.
func (b *BulkWriter) Flush() error {
	for k, seq := range b.seqs {
		team, year, _ := strings.Cut(k, "/")
		y, err := strconv.Atoi(year)
		if err != nil {
			return err
		}
		if err := b.wb.Set(seqKey(domain.TeamCode(team), y), binary.BigEndian.AppendUint32(nil, seq)); err != nil {
			return err
		}
	}
	return b.wb.Flush()
}

// Cancel drops whatever has not been written yet.
func (b *BulkWriter) Cancel() { b.wb.Cancel() }
