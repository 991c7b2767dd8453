package store

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Snapshot is the store as it stood at one moment, read through Readers
// that each serve one goroutine: a long read (an export, an import's
// check) spread over every core that sees one consistent store, however
// much is saved meanwhile. Close it when done.
type Snapshot struct {
	s       *Store
	readers []*Reader
}

// Reader reads a Snapshot. It is not safe for use by several goroutines
// at once: give each its own.
type Reader struct {
	txn *badger.Txn
	// run and env are where a trail's compressed runs and a derived
	// part's envelope are decompressed, again and again: an export reads
	// every visit's, and fresh memory for each was a tenth of its CPU
	// (allocating, clearing and collecting it; BENCHMARKS.md).
	run, env []byte
	// arrivals is whether the snapshot holds any visit's arrivals (0: not
	// yet looked): most folders hold none, and then no visit is looked
	// up for them (Arrivals).
	arrivals int8
}

// Snapshot opens a snapshot with n readers (at least one).
func (s *Store) Snapshot(n int) (*Snapshot, error) {
	n = max(n, 1)
	// Transactions opened at once read the same snapshot unless a save
	// lands between them; then they are opened again.
	for range 100 {
		sn := &Snapshot{s: s, readers: make([]*Reader, n)}
		same := true
		for i := range sn.readers {
			sn.readers[i] = &Reader{txn: s.db.NewTransaction(false)}
			same = same && sn.readers[i].txn.ReadTs() == sn.readers[0].txn.ReadTs()
		}
		if same {
			return sn, nil
		}
		sn.Close()
	}
	return nil, fmt.Errorf("the store is being saved to too often to read one consistent copy of it; try again")
}

// Readers are the snapshot's readers, one for each goroutine reading.
func (sn *Snapshot) Readers() []*Reader { return sn.readers }

// Close ends the snapshot. Nothing read through it may be used after.
func (sn *Snapshot) Close() {
	for _, r := range sn.readers {
		r.txn.Discard()
	}
}

// ReleasePages tells the kernel the reads so far are done with the pages
// of the store's files they touched (release.go), so that a read of the
// whole store does not hold it all in resident memory. Call it every few
// megabytes read; never while writing.
func (sn *Snapshot) ReleasePages() { sn.s.releaseMapped() }

// Selection chooses visits by what their summaries hold. Zero values do
// not choose.
type Selection struct {
	// From and Until bound the planned start: From <= start < Until.
	From, Until time.Time
	// States are the states taken; none: every state.
	States []domain.State
	// Team is the team taken; "": every team.
	Team domain.TeamCode
}

func (sel *Selection) takes(s domain.Summary) bool {
	return (len(sel.States) == 0 || slices.Contains(sel.States, s.State)) && (sel.Team == "" || s.Team == sel.Team)
}

// Select calls fn with the summary of each visit sel takes, in order of
// planned start, oldest first, then by reference. It reads only the list
// summaries (small, in the LSM tree): the list keys run newest first, and
// a scan backwards from the last key of From's second gives date order
// and stops past Until.
func (r *Reader) Select(ctx context.Context, sel Selection, fn func(domain.Summary) error) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix, opt.PrefetchValues, opt.Reverse = prefixList, false, true
	it := r.txn.NewIterator(opt)
	defer it.Close()
	// Past every list key: an inverted time is 8 bytes, often 0xff-led.
	seek := cat(prefixList, bytes.Repeat([]byte{0xff}, 9))
	if !sel.From.IsZero() {
		// The last key of the earliest second the range takes: every key
		// at or before it in this (reversed) scan starts at From or later.
		seek = cat(prefixList, invTime(sel.From), []byte{'/', 0xff})
	}
	// The keys of one second come backwards by reference: each second's
	// visits are gathered and put in order before they are handed on.
	var second []domain.Summary
	flush := func() error {
		slices.SortFunc(second, func(a, b domain.Summary) int { return cmp.Compare(a.Ref, b.Ref) })
		for _, s := range second {
			if err := fn(s); err != nil {
				return err
			}
		}
		second = second[:0]
		return nil
	}
	n := 0
	for it.Seek(seek); it.Valid(); it.Next() {
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var sum domain.Summary
		if err := value(it.Item(), func(b []byte) (err error) {
			sum, err = decodeSummary(b)
			return err
		}); err != nil {
			return fmt.Errorf("reading list entry %q: %w", it.Item().Key(), err)
		}
		if !sel.Until.IsZero() && !sum.PlannedStart.Before(sel.Until) {
			break
		}
		if !sel.From.IsZero() && sum.PlannedStart.Before(sel.From) {
			continue // not reached: the seek starts at From
		}
		if !sel.takes(sum) {
			continue
		}
		if len(second) > 0 && !second[0].PlannedStart.Equal(sum.PlannedStart) {
			if err := flush(); err != nil {
				return err
			}
		}
		second = append(second, sum)
	}
	return flush()
}

// Document is ref's document, its JSON, uncompressed into dst's memory
// if it is large enough, else into fresh memory; never the store's. For
// a visit not stored the error is domain.ErrNotFound itself, made once:
// the import asks after every visit it brings, most of them new.
func (r *Reader) Document(ref domain.Ref, dst []byte) ([]byte, error) {
	item, err := r.txn.Get(visitKey(ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, domain.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return itemDoc(item, dst)
}

// Derived calls fn with the part of ref's record derived from its
// document doc (Document) by version of a Derivation, if one is stored,
// and reports whether it was: not if there is none, or it was derived
// from another document or by another version. The part is the store's
// own memory, valid only until fn returns. A stored part that is not the
// one head (ref's AuditHead) sealed, or none where head sealed one, is a
// *domain.RecordError, and fn is not called.
func (r *Reader) Derived(ref domain.Ref, head AuditHead, version uint64, doc []byte, fn func(part []byte) error) (bool, error) {
	item, err := r.txn.Get(derivedKey(ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		if head.Derived != "" {
			return false, &domain.RecordError{Ref: ref, Problem: fmt.Sprintf("the derived part of its export line that audit entry %d sealed is missing", head.Seq)}
		}
		return false, nil
	}
	if err != nil {
		return false, err
	}
	found := false
	err = value(item, func(stored []byte) error {
		rec, err := derivedEnvelopeIn(&r.env, stored)
		if err != nil {
			return &domain.RecordError{Ref: ref, Problem: err.Error()}
		}
		if head.Derived == "" || domain.RecordHash(rec) != head.Derived {
			return &domain.RecordError{Ref: ref, Problem: fmt.Sprintf("the stored derived part of its export line is not the one audit entry %d sealed", head.Seq)}
		}
		part, ok := derivedPart(rec, version, doc)
		if !ok {
			return nil
		}
		found = true
		return fn(part)
	})
	return found, err
}

// DerivedSealed checks the part of ref's record derived from its
// document, as stored, or that none is, against h, ref's AuditHead: a
// *domain.RecordError if it is not what h sealed. A reader that uses the
// part has Derived check it instead.
func (r *Reader) DerivedSealed(ref domain.Ref, h AuditHead) error {
	item, err := r.txn.Get(derivedKey(ref))
	var part []byte
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return err
	default:
		if part, err = valueCopy(item); err != nil {
			return err
		}
		if part, err = derivedEnvelope(part); err != nil {
			return &domain.RecordError{Ref: ref, Problem: err.Error()}
		}
	}
	if p := derivedProblem(&domain.AuditEntry{Seq: h.Seq, Derived: h.Derived}, part); p != "" {
		return &domain.RecordError{Ref: ref, Problem: p}
	}
	return nil
}

// AuditHead is the last entry of a visit's audit trail.
type AuditHead struct {
	Seq  uint64 // its number: the trail's length
	Hash string // its SHA-256, hex
	// Record and Derived are the record it sealed (domain.Seal): empty
	// if it sealed none.
	Record, Derived string
}

// AuditHead is the last entry of ref's audit trail; ok is false if ref
// has none.
func (r *Reader) AuditHead(ref domain.Ref) (h AuditHead, ok bool, err error) {
	e, err := readHead(r.txn, headKey(ref))
	if err != nil || e == nil {
		return AuditHead{}, false, err
	}
	return AuditHead{Seq: e.Seq, Hash: e.Hash, Record: e.Record, Derived: e.Derived}, true, nil
}

// Ends checks that trail, ref's audit trail decoded, is whole
// (domain.VerifyChain) and ends at h, as an export carrying it must: a
// broken trail is a *domain.RecordError, as a record failing its seal is.
func (h AuditHead) Ends(ref domain.Ref, trail []domain.AuditEntry) error {
	if err := domain.VerifyChain(trail); err != nil {
		return &domain.RecordError{Ref: ref, Problem: "its audit trail is broken: " + err.Error()}
	}
	last := ""
	if len(trail) > 0 {
		last = trail[len(trail)-1].Hash
	}
	return h.endsAt(ref, uint64(len(trail)), last)
}

// endsAt checks that a whole trail of n entries, the last hashed last,
// ends at h.
func (h AuditHead) endsAt(ref domain.Ref, n uint64, last string) error {
	if n != h.Seq {
		return fmt.Errorf("the audit trail of %s holds %d entries but its head is entry %d: the store is damaged (run oic verify)", ref, n, h.Seq)
	}
	if last != h.Hash {
		return &domain.RecordError{Ref: ref, Problem: fmt.Sprintf("its audit trail does not end at its head, entry %d", h.Seq)}
	}
	return nil
}

// Sealed checks that doc, ref's document as Document read it, is the one
// h sealed: a *domain.RecordError if not.
func (h AuditHead) Sealed(ref domain.Ref, doc []byte) error {
	// The derived part is left out here: Derived checks it where it is
	// read.
	if p := sealProblem(&domain.AuditEntry{Seq: h.Seq, Record: h.Record}, doc, nil); p != "" {
		return &domain.RecordError{Ref: ref, Problem: p}
	}
	return nil
}
