package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// A visit's arrivals (domain.Arrival): how it came into this store from
// outside, kept apart from its audit trail, which stays the trail of the
// store it was made in. The arrivals are a trail of their own, chained
// and sealed as a visit's is, under keys of their own:
//
//	r/<ref>/<seq>   arrival entry (JSON), seq big-endian
//	s/<ref>         its head: seq, hash and seal of the last
//
// A visit made here has none, so a reader asks for its head first, one
// read, and scans only where there is one.

func arrivalPrefix(ref domain.Ref) []byte { return cat([]byte("r/"), []byte(ref), []byte("/")) }
func arrivalHeadKey(ref domain.Ref) []byte {
	return cat(prefixArrivalHead, []byte(ref))
}

var prefixArrivalHead = []byte("s/")

// arrivalRecords are the arrival entry c of ref, after prev (nil: its
// first), sealing the record as it arrived, and the head it leaves.
func arrivalRecords(ref domain.Ref, prev *domain.AuditEntry, c domain.Change, seal domain.Seal) ([]Record, error) {
	e := domain.ChainEntry(ref, prev, c, seal)
	b := e.AppendJSON(nil)
	h, err := encodeHead(e)
	if err != nil {
		return nil, err
	}
	key := binary.BigEndian.AppendUint64(arrivalPrefix(ref), e.Seq)
	return []Record{{key, b}, {arrivalHeadKey(ref), h}}, nil
}

// Arrivals returns ref's arrivals, oldest first; none for a visit made
// here.
func (s *Store) Arrivals(ctx context.Context, ref domain.Ref) ([]domain.AuditEntry, error) {
	var out []domain.AuditEntry
	err := s.db.View(func(txn *badger.Txn) (err error) {
		out, err = readArrivals(txn, ref)
		return err
	})
	return out, err
}

// Unverified gives, of refs, those whose arrivals marked them
// unverified, with their marks.
func (s *Store) Unverified(ctx context.Context, refs []domain.Ref) (map[domain.Ref][]string, error) {
	out := map[domain.Ref][]string{}
	err := s.db.View(func(txn *badger.Txn) error {
		for _, ref := range refs {
			if err := ctx.Err(); err != nil {
				return err
			}
			arr, err := readArrivals(txn, ref)
			if err != nil {
				return err
			}
			if m := domain.UnverifiedOf(arr); len(m) > 0 {
				out[ref] = m
			}
		}
		return nil
	})
	return out, err
}

// Arrivals are ref's arrivals as the snapshot holds them. Where the
// snapshot holds no visit's arrivals at all, found by one look for the
// first arrivals head, nothing more is read for any visit: an export
// asks after every visit's, and each look was a Badger Get that found
// nothing.
func (r *Reader) Arrivals(ref domain.Ref) ([]domain.AuditEntry, error) {
	if r.arrivals == 0 {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = prefixArrivalHead, false
		it := r.txn.NewIterator(opt)
		it.Rewind()
		r.arrivals = 1
		if it.Valid() {
			r.arrivals = 2
		}
		it.Close()
	}
	if r.arrivals == 1 {
		return nil, nil
	}
	return readArrivals(r.txn, ref)
}

// readArrivals reads ref's arrivals: nothing more than a look for their
// head if there are none.
func readArrivals(txn *badger.Txn, ref domain.Ref) ([]domain.AuditEntry, error) {
	if _, err := txn.Get(arrivalHeadKey(ref)); errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return readTrail(txn, arrivalPrefix(ref), "the arrivals of "+string(ref))
}

// verifyArrivals checks ref's arrivals as a trail: whole, chained, each
// entry this visit's, its head its last.
func (r *Reader) verifyArrivals(ref domain.Ref) (out []Problem) {
	bad := func(format string, a ...any) { out = append(out, Problem{Ref: ref, What: fmt.Sprintf(format, a...)}) }
	trail, err := readTrail(r.txn, arrivalPrefix(ref), "the arrivals of "+string(ref))
	if err != nil {
		bad("%v", err)
		return out
	}
	head, herr := readHead(r.txn, arrivalHeadKey(ref))
	switch {
	case herr != nil:
		bad("the head of its arrivals is damaged (%v)", herr)
	case head == nil && len(trail) > 0:
		bad("its arrivals have lost their head (the last is %d)", trail[len(trail)-1].Seq)
	case head != nil && len(trail) == 0:
		bad("its arrivals' head names entry %d, but it has none", head.Seq)
	case head != nil:
		last := trail[len(trail)-1]
		if head.Seq != last.Seq || head.Hash != last.Hash || head.Seal() != last.Seal() {
			bad("the head of its arrivals is not their last entry (%d)", last.Seq)
		}
	}
	if err := domain.VerifyChain(trail); err != nil {
		bad("its arrivals are broken: %v", err)
	}
	for _, e := range trail {
		if e.Ref != ref || e.Change.Action != domain.ArrivalAction {
			bad("arrival %d is not one of this visit's arrivals", e.Seq)
			break
		}
	}
	return out
}

// arrivalOwners are the visits with arrival entries or an arrivals head,
// which verify checks as trails: most visits have neither.
func (r *Reader) arrivalOwners() map[string]bool {
	out := map[string]bool{}
	for _, rest := range r.keysUnder([]byte("r/")) {
		out[rest[:max(0, len(rest)-9)]] = true
	}
	for _, rest := range r.keysUnder([]byte("s/")) {
		out[rest] = true
	}
	return out
}
