package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// importChange is the audit entry an imported visit gets here: which
// export it came from (the file, its digest, who made it, when, with
// what), and the version and audit trail it had there.
func importChange(path, sha string, prov provenance, opt ImportOptions) func(p *visitPlan) domain.Change {
	reason := fmt.Sprintf("export %s (SHA-256 %s) made by %s at %s with oic %s",
		filepath.Base(path), sha, officerLabel(prov.ExportedBy), prov.ExportedAt.Format(time.RFC3339), prov.ToolVersion)
	return func(p *visitPlan) domain.Change {
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
}

// writeImport writes the visits the check planned, from the entries it
// made (importSpill), whole visits to a transaction.
func (s *Store) writeImport(ctx context.Context, sp *importSpill, path string, chk *importCheck, opt ImportOptions) error {
	toWrite := 0
	for _, p := range chk.plans {
		if p.writes() {
			toWrite++
		}
	}
	if sp.err != nil {
		return sp.err
	}
	if sp.n != toWrite {
		return fmt.Errorf("the check made the entries of %d visits of the %d to write; nothing was written", sp.n, toWrite)
	}
	marker, err := json.Marshal(importMarker{SHA256: chk.sha256, Path: path, Started: opt.At})
	if err != nil {
		return err
	}
	counters, err := s.importCounters(chk.plans)
	if err != nil {
		return err
	}
	w := s.newImportWriter(marker, counters, toWrite)
	defer w.ahead.stop()
	done := 0
	err = sp.each(func(i int, entries []*badger.Entry) error {
		if i < 0 || i >= len(chk.plans) {
			return fmt.Errorf("the import's working file is damaged")
		}
		p := &chk.plans[i]
		size := visitSize(p, entries)
		if w.full(p, entries, size) {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("import interrupted after writing %d of %d visits; import the same file again to finish it: %w", w.written, toWrite, err)
			}
			if err := w.commit(false); err != nil {
				return err
			}
		}
		w.add(p, entries, size)
		done++
		if opt.Progress != nil && done%1000 == 0 {
			opt.Progress("writing", done, toWrite)
		}
		return nil
	})
	if err == nil {
		err = w.commit(true)
	}
	if err != nil {
		w.abandon()
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
func (s *Store) importCounters(plans []visitPlan) (map[string][]byte, error) {
	high := map[string]uint32{}
	for _, p := range plans {
		if !p.writes() {
			continue
		}
		team, year, seq, ok := p.ref.Parts()
		if !ok {
			return nil, fmt.Errorf("%s is not a visit reference", p.ref)
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
