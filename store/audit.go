package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// The audit trail is append-only by construction: entries are only ever
// written at head+1 (one, or an import's run of them: trailrun.go), inside the same transaction as the record they
// describe, and the store has no call that rewrites or deletes one.
//
// Each entry seals the record as stored after its change (domain.Seal),
// and the trail's head keeps the seal beside the last entry's number and
// hash, so checking a record as it is read is one more read and one hash.

// head is the last entry's sequence, hash and seal, kept under h/<ref>
// (a visit's) or q/<staffno> (an officer's) so an append needs one read,
// not a scan, and a read checks its record against it:
//
//	seq uint64, hash [32]byte, then, since store format 3, record
//	[32]byte, and derived [32]byte where a derived part is kept
//
// A head written before format 3 holds no seal.
func readHead(txn *badger.Txn, key []byte) (*domain.AuditEntry, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var h *domain.AuditEntry
	err = value(item, func(b []byte) (err error) {
		h, err = decodeHead(b)
		return err
	})
	if err != nil {
		return nil, &headError{key: string(key), err: err}
	}
	return h, nil
}

// headError is a head that cannot be read as one: its record is then
// sealed by nothing oic can read, and is read marked as such (Visit).
type headError struct {
	key string
	err error
}

func (e *headError) Error() string {
	return fmt.Sprintf("the audit trail's head %s is damaged: %v", e.key, e.err)
}

func decodeHead(b []byte) (*domain.AuditEntry, error) {
	switch len(b) {
	case 8 + 32, 8 + 2*32, 8 + 3*32:
	default:
		return nil, fmt.Errorf("it holds %d bytes", len(b))
	}
	h := &domain.AuditEntry{Seq: binary.BigEndian.Uint64(b), Hash: hex.EncodeToString(b[8:40])}
	if len(b) > 40 {
		h.Record = hex.EncodeToString(b[40:72])
	}
	if len(b) > 72 {
		h.Derived = hex.EncodeToString(b[72:])
	}
	return h, nil
}

// encodeHead is the head value that makes e the last entry of its trail.
func encodeHead(e domain.AuditEntry) ([]byte, error) {
	out := binary.BigEndian.AppendUint64(make([]byte, 0, 8+3*32), e.Seq)
	for i, h := range []string{e.Hash, e.Record, e.Derived} {
		if h == "" && i > 0 {
			break
		}
		b, err := hexSum(h)
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
	return out, nil
}

// sealProblem says how the record stored as doc, with derived beside it
// (nil: none kept), differs from what head sealed; "" if it does not.
func sealProblem(head *domain.AuditEntry, doc, derived []byte) string {
	switch {
	case head == nil:
		return "it has no audit trail to seal it"
	case head.Record == "":
		return fmt.Sprintf("no audit entry seals it (entry %d, its last, was written before records were sealed)", head.Seq)
	case domain.RecordHash(doc) != head.Record:
		return fmt.Sprintf("its stored document is not the one audit entry %d sealed", head.Seq)
	}
	return derivedProblem(head, derived)
}

// derivedProblem is sealProblem of the derived part alone.
func derivedProblem(head *domain.AuditEntry, derived []byte) string {
	switch {
	case derived == nil && head.Derived != "":
		return fmt.Sprintf("the derived part of its export line that audit entry %d sealed is missing", head.Seq)
	case derived != nil && head.Derived == "":
		return fmt.Sprintf("it has a derived part of its export line that audit entry %d did not seal", head.Seq)
	case derived != nil && domain.RecordHash(derived) != head.Derived:
		return fmt.Sprintf("the stored derived part of its export line is not the one audit entry %d sealed", head.Seq)
	}
	return ""
}

// appendAudit appends c to ref's trail after its head prev (nil: the
// trail starts), sealing the record as seal.
func appendAudit(txn *badger.Txn, ref domain.Ref, prev *domain.AuditEntry, c domain.Change, seal domain.Seal) error {
	recs, err := entryRecords(domain.ChainEntry(ref, prev, c, seal))
	if err != nil {
		return err
	}
	return setAll(txn, recs...)
}

// Audit returns the visit's audit trail, oldest first.
func (s *Store) Audit(ctx context.Context, ref domain.Ref) ([]domain.AuditEntry, error) {
	var out []domain.AuditEntry
	err := s.db.View(func(txn *badger.Txn) (err error) {
		out, err = readTrail(txn, auditPrefix(ref), string(ref))
		return err
	})
	if err == nil && len(out) == 0 {
		// No trail: say whether there is no such visit. A visit that
		// fails its seal is read all the same, and so is its trail.
		if v, verr := s.Visit(ctx, ref); v == nil && verr != nil {
			return nil, verr
		}
	}
	return out, err
}

// AuditAfter returns the entries of the visit's audit trail numbered
// after seq, oldest first. In team mode every session showing a visit
// reads its trail again at each save of it; reading the whole trail
// each time, a live visit's hundred entries and more, was most of what
// the reading cost (BENCHMARKS.md, "The 50-session load: the trail read
// from where it was held").
func (s *Store) AuditAfter(ctx context.Context, ref domain.Ref, seq uint64) ([]domain.AuditEntry, error) {
	if seq == 0 {
		return s.Audit(ctx, ref)
	}
	var out []domain.AuditEntry
	err := s.db.View(func(txn *badger.Txn) (err error) {
		out, err = readTrailAfter(txn, auditPrefix(ref), string(ref), seq)
		return err
	})
	return out, err
}

// readTrail reads the entries under prefix, oldest first, whether kept
// one to a key or in runs (trailrun.go); of names the trail in messages.
func readTrail(txn *badger.Txn, prefix []byte, of string) ([]domain.AuditEntry, error) {
	return readTrailAfter(txn, prefix, of, 0)
}

// readTrailAfter is readTrail of the entries numbered after seq. Its read
// starts at the key of entry seq or, if there is none, at the run that
// holds it: a run is kept under its first entry's key (trailrun.go), so
// the last key at or before seq's is where the entries after seq begin.
func readTrailAfter(txn *badger.Txn, prefix []byte, of string, seq uint64) ([]domain.AuditEntry, error) {
	start := prefix
	if seq > 0 {
		ropt := badger.DefaultIteratorOptions
		ropt.Prefix, ropt.Reverse, ropt.PrefetchValues = prefix, true, false
		rit := txn.NewIterator(ropt)
		rit.Seek(binary.BigEndian.AppendUint64(bytes.Clone(prefix), seq))
		if rit.Valid() {
			start = rit.Item().KeyCopy(nil)
		}
		rit.Close()
	}
	var out []domain.AuditEntry
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	it := txn.NewIterator(opt)
	defer it.Close()
	for it.Seek(start); it.Valid(); it.Next() {
		err := value(it.Item(), func(b []byte) error {
			return trailValue(b, nil, func(entry []byte) error {
				var e domain.AuditEntry
				if err := segjson.Unmarshal(entry, &e); err != nil {
					return err
				}
				if e.Seq > seq || seq == 0 {
					out = append(out, e)
				}
				return nil
			})
		})
		if err != nil {
			return nil, entryUnreadable(it.Item().Key(), prefix, of, err)
		}
	}
	return out, nil
}

// entryUnreadable is the error of the trail entry under key k (prefix
// and its number) that could not be read, of naming the trail. The
// entry is named by its number: the key's binary number printed as hex
// (as before) was unreadable to anyone.
func entryUnreadable(k, prefix []byte, of string, err error) error {
	if len(k) == len(prefix)+8 {
		return unreadable(fmt.Sprintf("audit entry %d of %s", binary.BigEndian.Uint64(k[len(prefix):]), of), err)
	}
	return unreadable(fmt.Sprintf("audit entry %q of %s", k, of), err)
}

func hexSum(h string) ([]byte, error) {
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("audit hash %q is not a SHA-256", h)
	}
	return b, nil
}

// AppendTrail appends ref's audit trail to dst as a JSON array's
// contents, oldest entry first, each as stored (its JSON,
// domain.AuditEntry's encoding), commas between: what Trail hands fn,
// joined. A run of entries is decompressed straight into dst, its
// newlines (which no entry's JSON holds) made the commas, not into
// memory of its own and then copied an entry at a time: an export
// appends every visit's trail to its line.
//
// It checks the trail as it appends it, as reading the visit does:
// numbered from 1, each entry linked to the one before and matching its
// hash, the last one head. A trail that is not is a *domain.RecordError
// saying what is wrong, so that an export never carries, as if whole, a
// trail changed outside oic (the import that takes it would refuse the
// whole file). One hash an entry over the bytes in dst
// (domain.VerifyChainRaw); a trail not laid out as oic writes one is
// decoded and judged by domain.VerifyChain.
func (r *Reader) AppendTrail(ref domain.Ref, head AuditHead, dst []byte) ([]byte, error) {
	opt := badger.DefaultIteratorOptions
	opt.Prefix, opt.PrefetchValues = auditPrefix(ref), false
	it := r.txn.NewIterator(opt)
	defer it.Close()
	at, n := len(dst), uint64(0)
	var ends []int
	for it.Rewind(); it.Valid(); it.Next() {
		err := value(it.Item(), func(b []byte) error {
			var k uint64
			var err error
			if n > 0 {
				dst = append(dst, ',')
			}
			dst, k, err = appendTrailValue(dst, b, &ends)
			if k == 0 && n > 0 {
				dst = dst[:len(dst)-1] // an empty run: no comma after all
			}
			n += k
			return err
		})
		if err != nil {
			return dst, unreadable("an audit entry of "+string(ref), err)
		}
	}
	entries := make([][]byte, len(ends))
	for i, end := range ends {
		entries[i], at = dst[at:end:end], end+1 // past the comma
	}
	if raw, ok := domain.VerifyChainRaw(ref, entries); ok {
		last := ""
		if len(raw) > 0 {
			last = raw[len(raw)-1].Hash
		}
		return dst, head.endsAt(ref, uint64(len(raw)), last)
	}
	trail, err := readTrail(r.txn, auditPrefix(ref), string(ref))
	if err != nil {
		return dst, err
	}
	return dst, head.Ends(ref, trail)
}

// Trail calls fn with each entry of ref's audit trail, oldest first, as
// stored (its JSON, domain.AuditEntry's encoding), in the store's own
// memory, valid only until fn returns: an export copies them into its
// line as they are.
func (r *Reader) Trail(ref domain.Ref, fn func(entry []byte) error) error {
	opt := badger.DefaultIteratorOptions
	// Read in turn: prefetching a trail's few dozen values on goroutines
	// of Badger's own costs more than it saves.
	opt.Prefix, opt.PrefetchValues = auditPrefix(ref), false
	it := r.txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := value(it.Item(), func(b []byte) error { return trailValue(b, &r.run, fn) }); err != nil {
			return unreadable("an audit entry of "+string(ref), err)
		}
	}
	return nil
}
