package store

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"
	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
)

// FeedbackWaiting gives, of refs, those whose assurance feedback waits
// for sn, their OIC, to acknowledge it, decoding of each record only the
// part that says so (domain.FeedbackPart). In team mode every session
// looks for its officer's feedback at sign-in, and decoded each of the
// officer's assured visits whole to find it (BENCHMARKS.md, "The
// 50-session load: the trail read from where it was held"). The seal is
// not checked here: the caller reads with Visit the few it shows.
func (s *Store) FeedbackWaiting(ctx context.Context, sn domain.StaffNo, refs []domain.Ref) ([]domain.Ref, error) {
	var out []domain.Ref
	err := s.db.View(func(txn *badger.Txn) error {
		var buf []byte
		for _, ref := range refs {
			if err := ctx.Err(); err != nil {
				return err
			}
			item, err := txn.Get(visitKey(ref))
			if errors.Is(err, badger.ErrKeyNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			doc, err := itemDoc(item, buf)
			if err != nil {
				continue // unreadable: shown for what it is where it is opened
			}
			buf = doc[:0]
			var p domain.FeedbackPart
			if segjson.Unmarshal(doc, &p) == nil && p.WaitsFor(sn) {
				out = append(out, ref)
			}
		}
		return nil
	})
	return out, err
}
