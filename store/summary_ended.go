package store

import (
	"context"
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// The register marks the visits past retention (RET-1) from their list
// entries alone, which since this oic say when each visit's record ended,
// and the look for assurance feedback reads only the visits whose entries
// say it waits (summary.go). An entry an earlier oic wrote says neither:
// FillEntries writes both into those entries, from each visit's document,
// once. oic retention runs it, as it has to read those documents anyway.

// fillBatch is how many entries one transaction mends: small
// enough that a save of one of them meanwhile costs a retry of a few.
const fillBatch = 512

// FillEntries writes into every list entry of an ended visit (closed,
// cancelled, stood down) that has no end or no feedback mark, the time
// its record ended and whether its assurance feedback waits, as its
// document says. An entry is only ever rewritten as its document
// would write it, in a transaction that read both: should a save change
// the visit meanwhile, the transaction is refused (Badger's conflict
// check) and tried again, and finds the entry the save wrote, which has
// its end. progress, if set, is told how many of how many are done. It
// returns how many entries it mended.
func (s *Store) FillEntries(ctx context.Context, progress func(done, total int)) (int, error) {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = prefixList, false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var missing bool
			err := value(it.Item(), func(v []byte) error {
				sum, hasEnd, err := decodeSummaryEnd(v)
				missing = err == nil && sum.State.Ended() && (!hasEnd || sum.Feedback == domain.FeedbackUnknown)
				return nil // an entry that cannot be read is oic verify's to report
			})
			if err != nil {
				return err
			}
			if missing {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	if err != nil || len(keys) == 0 {
		return 0, err
	}
	mended := 0
	for i := 0; i < len(keys); i += fillBatch {
		if err := ctx.Err(); err != nil {
			return mended, err
		}
		batch := keys[i:min(i+fillBatch, len(keys))]
		var n int
		for try := 0; ; try++ {
			err = s.update(func(txn *badger.Txn) error {
				n = 0
				for _, k := range batch {
					ok, err := fillEnd(txn, k)
					if err != nil {
						return err
					}
					if ok {
						n++
					}
				}
				return nil
			})
			if !errors.Is(err, badger.ErrConflict) || try == 3 {
				break
			}
		}
		if err != nil {
			return mended, err
		}
		mended += n
		if progress != nil {
			progress(i+len(batch), len(keys))
		}
	}
	return mended, nil
}

// fillEnd writes the end and the feedback mark into the list entry
// under key k, if it still lacks either and its visit's document is in
// the state and at the time it says. The rest of the entry is kept as it is.
func fillEnd(txn *badger.Txn, k []byte) (bool, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil // the visit was saved since, under another time
	}
	if err != nil {
		return false, err
	}
	var old []byte
	if old, err = item.ValueCopy(nil); err != nil {
		return false, err
	}
	sum, hasEnd, err := decodeSummaryEnd(old)
	if err != nil || hasEnd && sum.Feedback != domain.FeedbackUnknown || !sum.State.Ended() {
		return false, nil
	}
	end, feedback, ok, err := docEnd(txn, sum)
	if err != nil || !ok {
		return false, err
	}
	sum.Ended, sum.Feedback = end, feedback
	return true, txn.Set(k, encodeSummary(sum))
}

// endOnly is the part of a visit's document that says when it ended:
// decoding only that, with segmentio/encoding as measuresOfDoc does, is
// several times quicker than the whole visit with encoding/json, and a
// folder an earlier oic wrote has 100,000 to read (BENCHMARKS.md).
type endOnly struct {
	State   domain.State         `json:"state"`
	History []domain.StateChange `json:"history"`
	Basics  struct {
		PlannedStart time.Time `json:"planned_start"`
	} `json:"basics"`
	Assurance domain.Assurance `json:"assurance"`
}

// docEnd is when the visit of list entry sum ended, and its feedback
// mark, as its document says; false where the entry is not its
// document's (another state or time: oic verify reports it) or the
// document cannot be read (so does it).
func docEnd(txn *badger.Txn, sum domain.Summary) (time.Time, domain.FeedbackMark, bool, error) {
	item, err := txn.Get(visitKey(sum.Ref))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return time.Time{}, 0, false, nil
	}
	if err != nil {
		return time.Time{}, 0, false, err
	}
	doc, err := itemDoc(item, nil)
	if err != nil {
		return time.Time{}, 0, false, nil
	}
	var e endOnly
	if segjson.Unmarshal(doc, &e) != nil || e.State != sum.State || e.Basics.PlannedStart.Unix() != sum.PlannedStart.Unix() {
		return time.Time{}, 0, false, nil
	}
	v := domain.Visit{State: e.State, History: e.History, Assurance: e.Assurance}
	end, _ := v.EndedAt()
	return end, v.FeedbackMark(), true, nil
}
