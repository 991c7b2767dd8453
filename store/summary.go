package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Summaries are stored in a small binary form rather than JSON: the register
// reads every one of them at start, and with 100,000 visits JSON decoding
// alone would cost more than the whole first-frame budget.
//
//	byte 1 (format), varint planned start (Unix s), then length-prefixed
//	ref, premises, postcode, team, state, OIC name; then, for a visit
//	whose record has ended (closed, cancelled, stood down), a varint of
//	when it ended (Unix s; 0: no time recorded), for the register's mark
//	of the visits past retention (RET-1), and a byte of whether its
//	assurance feedback waits (Summary.Feedback).
//
// The end and the feedback are fields added after the others, not a new
// format: an earlier oic reads the six fields and leaves what follows, so
// a folder keeps opening in both. An entry an earlier oic wrote has no
// end, or no feedback: the end is written with the visit's next save, or
// by FillEntries; the feedback likewise, and until then the record is
// read for it.
const summaryFormat = 1

func encodeSummary(s domain.Summary) []byte {
	b := make([]byte, 0, 96)
	b = append(b, summaryFormat)
	b = binary.AppendVarint(b, s.PlannedStart.Unix())
	for _, f := range [...]string{string(s.Ref), s.Premises, string(s.Postcode), string(s.Team), string(s.State), s.OIC} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	if s.State.Ended() {
		var end int64
		if !s.Ended.IsZero() {
			end = s.Ended.Unix()
		}
		b = binary.AppendVarint(b, end)
		if s.Feedback != domain.FeedbackUnknown {
			b = append(b, byte(s.Feedback))
		}
	}
	return b
}

// interned holds the few distinct team and state strings, so 100,000
// summaries share them instead of each holding a copy.
var interned = func() map[string]string {
	m := map[string]string{}
	for _, t := range domain.Teams {
		m[string(t.Code)] = string(t.Code)
	}
	for _, s := range domain.States {
		m[string(s)] = string(s)
	}
	return m
}()

func decodeSummary(b []byte) (domain.Summary, error) {
	s, _, err := decodeSummaryEnd(b)
	return s, err
}

// decodeSummaryEnd is decodeSummary, and whether the entry holds the end
// field (an entry an earlier oic wrote does not).
func decodeSummaryEnd(b []byte) (s domain.Summary, hasEnd bool, err error) {
	if len(b) < 2 || b[0] != summaryFormat {
		return s, false, fmt.Errorf("summary: unknown format")
	}
	b = b[1:]
	sec, n := binary.Varint(b)
	if n <= 0 {
		return s, false, fmt.Errorf("summary: bad time")
	}
	b = b[n:]
	s.PlannedStart = time.Unix(sec, 0)
	// Find the six fields first, then copy the free-text ones into one
	// string and slice it: one allocation a summary instead of four, which
	// with 100,000 summaries held by the register is megabytes.
	var raw [6][]byte
	size := 0
	for i := range raw {
		l, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < l {
			return s, false, fmt.Errorf("summary: truncated")
		}
		raw[i] = b[n : n+int(l)]
		b = b[n+int(l):]
		if i != 3 && i != 4 {
			size += int(l)
		}
	}
	if len(b) > 0 {
		end, n := binary.Varint(b)
		if n <= 0 {
			return s, false, fmt.Errorf("summary: bad end time")
		}
		if hasEnd = true; end != 0 {
			s.Ended = time.Unix(end, 0)
		}
		if b = b[n:]; len(b) > 0 {
			// A mark this oic does not know leaves the record to say.
			if f := domain.FeedbackMark(b[0]); f == domain.FeedbackNone || f == domain.FeedbackWaits {
				s.Feedback = f
			}
		}
		// Whatever follows is a field a later oic added.
	}
	buf := make([]byte, 0, size)
	var at [6][2]int
	for _, i := range [...]int{0, 1, 2, 5} {
		at[i] = [2]int{len(buf), len(buf) + len(raw[i])}
		buf = append(buf, raw[i]...)
	}
	all := string(buf)
	field := func(i int) string { return all[at[i][0]:at[i][1]] }
	s.Ref, s.Premises, s.Postcode, s.OIC = domain.Ref(field(0)), field(1), domain.Postcode(field(2)), field(5)
	s.Team, s.State = domain.TeamCode(intern(raw[3])), domain.State(intern(raw[4]))
	return s, hasEnd, nil
}

// intern returns the shared copy of a team code or state name.
func intern(b []byte) string {
	if v, ok := interned[string(b)]; ok {
		return v
	}
	return string(b)
}

// ScanSummaries streams every visit's summary, newest planned start first,
// in batches of size batch. The first batch arrives after reading only batch
// keys, so a list can draw its first screen before the rest is read.
func (s *Store) ScanSummaries(ctx context.Context, batch int, fn func([]domain.Summary) error) error {
	if batch <= 0 {
		batch = 1000
	}
	return s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefixList
		// Badger prefetches values with one goroutine per item; summaries
		// are small and held in the LSM tree, so reading each in place is
		// much faster (BENCHMARKS.md, "What moved these figures").
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		out := make([]domain.Summary, 0, batch)
		for it.Rewind(); it.Valid(); it.Next() {
			var sum domain.Summary
			err := value(it.Item(), func(v []byte) (err error) {
				sum, err = decodeSummary(v)
				return err
			})
			if err != nil {
				return fmt.Errorf("reading list entry %q: %w", it.Item().Key(), err)
			}
			out = append(out, sum)
			if len(out) == batch {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := fn(out); err != nil {
					return err
				}
				out = make([]domain.Summary, 0, batch)
			}
		}
		if len(out) > 0 {
			return fn(out)
		}
		return nil
	})
}

// CountVisits counts visit documents with a key-only scan.
func (s *Store) CountVisits(ctx context.Context) (int, error) {
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = prefixVisit, false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
			if n%10000 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
		}
		return nil
	})
	return n, err
}
