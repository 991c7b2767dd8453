package store

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Verify checks a visit's trail over the bytes the store keeps
// (domain.VerifyChainRaw): a hash an entry, where decoding every entry
// and encoding it again to hash it was two fifths of verifying 100,000
// visits, and most of the collector's work (BENCHMARKS.md, issue 14's
// verify). A trail that is not whole so, or not laid out as oic writes
// an entry, is decoded and judged by domain.VerifyChain, whose message
// names what is wrong, as before.
//
// What the quick way takes as whole is every byte of every entry covered
// by its hash and linked from the first: a change made outside oic breaks
// it as it breaks VerifyChain. It does not ask that the bytes be those
// oic's own encoder would write of the entry they decode to; only someone
// who recomputes the hashes makes bytes that hash right and are not, and
// the hashes are unkeyed, so that forger makes bytes oic would write as
// easily (signatures and encryption at rest answer them, not the chain).

// trailBytes is a trail's entries as stored, each entry's JSON, oldest
// first, read with arena as memory (returned for the next trail).
type trailBytes struct {
	entries [][]byte
	arena   []byte
	scratch []byte // a run decompressed, before its entries are copied
}

// readTrailBytes reads the entries under prefix into t, whose memory it
// reuses; of names the trail in an error, as readTrail's do.
func readTrailBytes(txn *badger.Txn, prefix []byte, of string, t *trailBytes) error {
	// Offsets into the arena while it grows, the slices made after.
	var ends []int
	t.arena, t.entries = t.arena[:0], t.entries[:0]
	opt := badger.DefaultIteratorOptions
	// Read in turn, as Reader.Trail does: prefetching copies every value
	// on goroutines of Badger's own, for a trail of a few dozen.
	opt.Prefix, opt.PrefetchValues = prefix, false
	it := txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		err := value(it.Item(), func(b []byte) error {
			return trailValue(b, &t.scratch, func(entry []byte) error {
				t.arena = append(t.arena, entry...)
				ends = append(ends, len(t.arena))
				return nil
			})
		})
		if err != nil {
			return entryUnreadable(it.Item().Key(), prefix, of, err)
		}
	}
	start := 0
	for _, end := range ends {
		t.entries = append(t.entries, t.arena[start:end:end])
		start = end
	}
	return nil
}

// verifyTrail checks visit ref's trail, read with t's memory: how many
// entries it holds, its last entry (nil: none, or none could be read as
// its own), and what is wrong with it, in verifyVisit's words.
func (r *Reader) verifyTrail(ref domain.Ref, t *trailBytes) (entries int, last *domain.RawEntry, problems []string) {
	if err := readTrailBytes(r.txn, auditPrefix(ref), string(ref), t); err != nil {
		return 0, nil, []string{err.Error()}
	}
	if len(t.entries) == 0 {
		return 0, nil, []string{"it has no audit trail"}
	}
	if raw, ok := domain.VerifyChainRaw(ref, t.entries); ok {
		return len(raw), &raw[len(raw)-1], nil
	}
	// The long way, for its message.
	trail, err := readTrail(r.txn, auditPrefix(ref), string(ref))
	if err != nil {
		return len(t.entries), nil, []string{err.Error()}
	}
	if err := domain.VerifyChain(trail); err != nil {
		problems = append(problems, fmt.Sprintf("its audit trail is broken: %v", err))
	}
	for _, e := range trail {
		if e.Ref != ref || e.Officer != "" {
			problems = append(problems, fmt.Sprintf("audit entry %d names %s%s, not this visit", e.Seq, e.Ref, e.Officer))
			break
		}
	}
	// Whole by VerifyChain and not so over its bytes is a trail an
	// earlier oic wrote otherwise: no problem.
	e := trail[len(trail)-1]
	return len(trail), &domain.RawEntry{Seq: e.Seq, Record: e.Record, Derived: e.Derived, Prev: e.Prev, Hash: e.Hash}, problems
}
