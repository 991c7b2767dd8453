package domaintest

import (
	"context"
	"encoding/json"
	"slices"

	"oic/domain"
)

// ScanMeasures calls fn with batches of every visit's measures, in order
// of reference, as the Badger store does. They are made from the
// documents as they stand, and pass through JSON as the Badger store's
// records do; a document that cannot be decoded is left out, as the
// Badger store leaves out a visit it cannot read when it builds them.
func (s *Store) ScanMeasures(ctx context.Context, batch int, fn func([]domain.VisitMeasures) error) error {
	if batch <= 0 {
		batch = 1000
	}
	s.mu.Lock()
	refs := make([]domain.Ref, 0, len(s.visits))
	for ref := range s.visits {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	all := make([]domain.VisitMeasures, 0, len(refs))
	for _, ref := range refs {
		var v domain.Visit
		if json.Unmarshal(s.visits[ref].doc, &v) != nil {
			continue
		}
		b, err := json.Marshal(domain.MeasuresOf(&v))
		if err != nil {
			s.mu.Unlock()
			return err
		}
		var m domain.VisitMeasures
		if err := json.Unmarshal(b, &m); err != nil {
			s.mu.Unlock()
			return err
		}
		all = append(all, m)
	}
	s.mu.Unlock()
	return inBatches(ctx, all, batch, fn)
}
