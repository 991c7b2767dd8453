package domaintest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"oic/domain"
)

// Officer reads one officer profile, with a *domain.RecordError if it is
// not the one its trail sealed.
func (s *Store) Officer(ctx context.Context, sn domain.StaffNo) (domain.Officer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var o domain.Officer
	r, ok := s.officers[sn]
	if !ok {
		return o, fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
	}
	if err := json.Unmarshal(r.doc, &o); err != nil {
		return o, err
	}
	if p := r.sealProblem(); p != "" {
		return o, &domain.RecordError{Officer: sn, Problem: p}
	}
	return o, nil
}

// ListOfficers returns every officer whose profile is the one its trail
// sealed, ordered by staff number, naming the others in the error.
func (s *Store) ListOfficers(ctx context.Context) ([]domain.Officer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.Officer
	var changed []error
	for _, sn := range slices.Sorted(maps.Keys(s.officers)) {
		r := s.officers[sn]
		if p := r.sealProblem(); p != "" {
			changed = append(changed, &domain.RecordError{Officer: sn, Problem: p})
			continue
		}
		var o domain.Officer
		if err := json.Unmarshal(r.doc, &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, errors.Join(changed...)
}

// SaveOfficer creates or replaces an officer profile, with c as the next
// entry of its trail; not over a profile that fails its seal.
func (s *Store) SaveOfficer(ctx context.Context, o domain.Officer, c domain.Change) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.officers[o.StaffNo]; ok {
		if p := r.sealProblem(); p != "" {
			return fmt.Errorf("nothing was saved: %w", &domain.RecordError{Officer: o.StaffNo, Problem: p})
		}
	}
	s.saveOfficer(o, c)
	if o.StaffNo != "" { // the Badger feed names no officer without a staff number
		s.feed.publish(domain.Event{Officer: o.StaffNo})
	}
	return nil
}

// saveOfficer stores o with c as the next entry of its trail. s.mu is
// held, or s is not yet shared.
func (s *Store) saveOfficer(o domain.Officer, c domain.Change) {
	b := mustJSON(o)
	r := s.officers[o.StaffNo]
	var prev *domain.AuditEntry
	if r == nil {
		r = &record{}
		s.officers[o.StaffNo] = r
	} else {
		prev = &r.head
	}
	e := domain.OfficerEntry(o.StaffNo, prev, c, domain.SealOf(b, nil))
	r.doc, r.head, r.audit = b, e, append(r.audit, mustJSON(e))
}

// OfficerAudit returns the trail of sn's profile, oldest first.
func (s *Store) OfficerAudit(ctx context.Context, sn domain.StaffNo) ([]domain.AuditEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.officers[sn]
	if !ok {
		return nil, fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
	}
	return decodeTrail(r.audit, "the profile of "+string(sn))
}

// ChangeOfficerOutside changes the stored profile of sn to what edit
// makes of it, leaving its trail as it was, as ChangeOutside does a
// visit's document.
func (s *Store) ChangeOfficerOutside(sn domain.StaffNo, edit func(doc []byte) []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.officers[sn]
	if !ok {
		return fmt.Errorf("officer %s: %w", sn, domain.ErrNotFound)
	}
	r.doc = edit(bytes.Clone(r.doc))
	return nil
}

// SignedIn returns the staff number last signed in, or "".
func (s *Store) SignedIn(ctx context.Context) (domain.StaffNo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.signedIn, nil
}

// SetSignedIn remembers who signed in last.
func (s *Store) SetSignedIn(ctx context.Context, sn domain.StaffNo) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedIn = sn
	return nil
}

type draftKey struct {
	owner domain.StaffNo
	key   string
}

// SaveDraft keeps unsaved form input for owner under key.
func (s *Store) SaveDraft(ctx context.Context, owner domain.StaffNo, key string, data []byte) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drafts[draftKey{owner, key}] = append([]byte{}, data...)
	return nil
}

// Draft returns the kept input, or nil if there is none. As from Badger,
// input saved empty (or nil) reads back empty but not nil.
func (s *Store) Draft(ctx context.Context, owner domain.StaffNo, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.drafts[draftKey{owner, key}]
	if !ok {
		return nil, nil
	}
	return append([]byte{}, b...), nil
}

// DeleteDraft drops kept input; dropping none is not an error.
func (s *Store) DeleteDraft(ctx context.Context, owner domain.StaffNo, key string) error {
	if err := s.refuse(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.drafts, draftKey{owner, key})
	return nil
}
