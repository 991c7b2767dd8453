package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"oic/domain"
	"oic/store"
)

// importChange is the first audit entry of a visit from a file without
// history (schema version 1): the trail it starts here says which export
// it came from (the file, its digest, who made it, when, with what), and
// the version and trail it had there.
func importChange(path, sha string, prov provenance, opt ImportOptions) func(p *visitPlan) domain.Change {
	reason := fmt.Sprintf("export %s (SHA-256 %s) made by %s at %s with oic %s, without its history (schema version 1): its audit trail there is not here",
		filepath.Base(path), sha, officerLabel(prov.ExportedBy), prov.ExportedAt.Format(time.RFC3339), prov.ToolVersion)
	return func(p *visitPlan) domain.Change {
		c := domain.Change{Action: "imported without its history from export", Actor: opt.By.StaffNo, ActorName: opt.By.Name, At: opt.At,
			Reason: reason,
			Fields: []domain.FieldChange{
				{Field: "version", New: strconv.FormatUint(p.version, 10)},
				{Field: "exported audit trail", New: fmt.Sprintf("%d entries, last %s", p.srcAudit.Entries, p.srcAudit.Head)},
			}}
		if c.ActorName == "" {
			c.ActorName = string(c.Actor) // an officer with no profile here
		}
		return c
	}
}

// writeImport writes the visits the check planned, from the records it
// made (importSpill), whole visits to a transaction.
func writeImport(ctx context.Context, s *store.Store, sp *importSpill, path string, chk *importCheck, opt ImportOptions) error {
	refs := make([]domain.Ref, 0, len(chk.plans))
	for _, p := range chk.plans {
		if p.writes() {
			refs = append(refs, p.ref)
		}
	}
	toWrite := len(refs)
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
	// Room for what the import writes, asked once before it begins, so
	// a disk that cannot take it refuses it whole rather than part-way:
	// the working file's bytes go to the value log much as they are, and
	// the keys among them through level-0 tables that are merged later;
	// twice the file covers both.
	if n, err := sp.size(); err == nil {
		if err := s.CheckRoom(2 * n); err != nil {
			return fmt.Errorf("cannot import %s: %w; nothing was imported", path, err)
		}
	}
	w, err := s.NewImportWriter(marker, refs)
	if err != nil {
		return err
	}
	done := 0
	err = sp.each(func(i int, recs store.VisitRecords) error {
		if i < 0 || i >= len(chk.plans) {
			return fmt.Errorf("the import's working file is damaged")
		}
		if err := w.Add(ctx, recs); err != nil {
			return err
		}
		done++
		if opt.Progress != nil && (done%1000 == 0 || done == toWrite) {
			opt.Progress("writing", done, toWrite)
		}
		return nil
	})
	if err == nil {
		// Stopped after the last visit is queued is stopped still.
		if err = ctx.Err(); err == nil {
			err = w.Finish()
		}
	}
	if err != nil {
		return undoImport(w, sp, path, err)
	}
	return nil
}

// undoImport takes out what a stopped or failed import wrote, so the
// store is as it was: an import is all or nothing, cancelled in any
// phase. If even that fails, the import's marker stays, and the same
// file imported again finishes it.
func undoImport(w *store.ImportWriter, sp *importSpill, path string, cause error) error {
	uerr := w.Undo(func(fn func(store.VisitRecords) error) error {
		return sp.each(func(_ int, recs store.VisitRecords) error { return fn(recs) })
	})
	if uerr != nil {
		return fmt.Errorf("the import of %s stopped (%w), and what it had written could not be taken out again (%v). "+
			"Part of the file is imported: import the same file again to finish it", path, cause, uerr)
	}
	return &nothingImported{fmt.Sprintf("the import of %s stopped (%v) and what it had written was taken out again", path, cause), cause}
}

// nothingImported is an import stopped, or failed, that left the store
// as it was.
type nothingImported struct {
	what  string
	cause error
}

func (e *nothingImported) Error() string {
	return e.what + ". Nothing was imported; the store is as it was"
}

func (e *nothingImported) Unwrap() error { return e.cause }

// importRecords are the records that put one imported visit in the
// store: its document, summary and index keys; its trail as it came
// (with the derived part its last entry sealed) or, from a file without
// history, c starting one here; and the entry arrived adds to its
// arrivals. text is the caller's own copy of the line, and is changed.
// derivedBy is the derivation that made the line's derived keys, as the
// file says (0: it does not say): the part is kept as made by it, so that
// it is read again for an export only if this oic derives the same way,
// and is derived afresh otherwise, never handed on stale.
func importRecords(rd *store.Reader, text []byte, p *visitPlan, c, arrived domain.Change, derivedBy uint64) (store.VisitRecords, error) {
	a := store.Arrival{Summary: p.summary, Replaces: p.replaces, Change: c, Trail: p.srcAudit.Trail, TrailJSON: p.trailJSON, Arrived: arrived,
		Visit: p.visit, DocHash: p.docHash}
	if a.Trail != nil && p.derivedEnd > 0 {
		// Copied before the line is cut short to its document.
		a.Derived = bytes.Clone(text[p.docEnd:p.derivedEnd])
	}
	if p.docEnd > 0 {
		// The document is the line up to the export's own members, closed.
		text[p.docEnd] = '}'
		a.Doc = text[:p.docEnd+1]
	} else {
		var line visitLine
		if err := decodeLine(text, &line); err != nil {
			return store.VisitRecords{}, err
		}
		b, err := json.Marshal(line.Visit)
		if err != nil {
			return store.VisitRecords{}, err
		}
		a.Doc = b
	}
	if a.Derived != nil {
		a.DerivedVersion, a.DerivedAfresh = derivedMadeBy(&a, derivedBy)
	}
	recs, err := rd.Records(a)
	if err != nil {
		return recs, fmt.Errorf("%w%s", err, writeDo(err))
	}
	return recs, nil
}

// writeDo is what to do about a visit the store would not take.
func writeDo(err error) string {
	var he *store.HistoryError
	if errors.As(err, &he) {
		return differentHistoryDo
	}
	return ""
}

// derivedMadeBy is the derivation that made the derived part a brings:
// the one whose envelope its trail's last entry sealed, of those
// derivationsOf(derivedBy) names. Failing that (a visit closed under an
// earlier derivation and exported by an oic deriving another way), the
// part is kept afresh (store.Arrival.DerivedAfresh): as this oic's if it
// is exactly what this oic derives from a's document, or as the one the
// file names if that is another oic's. A part the file says this oic's
// derivation made, and that is not, the store refuses as not the part
// sealed. Deriving is the export's costliest
// work, so it is done only when no sealed part matches.
func derivedMadeBy(a *store.Arrival, derivedBy uint64) (version uint64, afresh bool) {
	sealed := a.Trail[len(a.Trail)-1].Derived
	if sealed == "" {
		return derivedVersion, false
	}
	for _, v := range derivationsOf(derivedBy) {
		if store.DerivedSeal(v, a.Doc, a.Derived) == sealed {
			return v, false
		}
	}
	v := new(domain.Visit)
	if err := json.Unmarshal(a.Doc, v); err == nil && bytes.Equal(derive(v, a.Doc), a.Derived) {
		return derivedVersion, true
	}
	if derivedBy != 0 && derivedBy != derivedVersion {
		// Made by another oic's derivation, which this one cannot
		// repeat: kept as that one's, which no oic able to open this
		// folder hands on, so its exports derive the part afresh.
		return derivedBy, true
	}
	return derivedVersion, false
}

// derivationsOf are the derivations that may have made the derived keys
// of a line of a file that names derivedBy (0: a file from before they
// were named): that one first, then every one there has been, newest
// first, since a visit closed under an earlier one carries the part its
// trail sealed then. The trail's seal of the part, whose envelope names
// its derivation, tells which made it (store.Arrival).
func derivationsOf(derivedBy uint64) []uint64 {
	out := make([]uint64, 0, derivedVersion+1)
	if derivedBy != 0 {
		out = append(out, derivedBy)
	}
	for v := uint64(derivedVersion); v >= 1; v-- {
		if v != derivedBy {
			out = append(out, v)
		}
	}
	return out
}
