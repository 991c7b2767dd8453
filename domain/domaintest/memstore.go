package domaintest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"oic/domain"
)

// Store is a domain.Store held in memory, for tests of screens that should
// not need Badger. It behaves as the Badger store (package store) does in
// everything a caller can observe: references, versions and conflicts, the
// append-only check, the audit chain, the order of lists, and the change
// feed, the seals of records and what a record that fails its seal does.
// StoreContract holds both to that. Visits, audit entries and officers
// are kept as JSON, as the store keeps them, so what a caller reads is
// always its own copy; each record's seal is of that JSON (a visit has no
// derived part here). Safe for concurrent use.
type Store struct {
	mu       sync.Mutex
	visits   map[domain.Ref]*record
	seqs     map[teamYear]uint32
	officers map[domain.StaffNo]*record
	signedIn domain.StaffNo
	pins     map[domain.StaffNo]*pin
	drafts   map[draftKey][]byte
	feed     feed
	full     atomic.Bool // SetFull
	access   accessLog
}

var _ domain.Store = (*Store)(nil)

// record is one visit, or one officer's profile: its document, its list
// entry (a visit's) and its audit trail.
type record struct {
	doc     []byte
	summary domain.Summary
	parts   []domain.StaffNo // the officers taking part (Visit.Parts)
	audit   [][]byte
	head    domain.AuditEntry // the last entry
	// arrivals are a visit's arrivals' entries (Arrive), a trail apart.
	arrivals [][]byte
}

// sealProblem is what the Badger store says of a record that is not the
// one its trail's last entry sealed; "" if it is.
func (r *record) sealProblem() string {
	switch {
	case r.head.Record == "":
		return fmt.Sprintf("no audit entry seals it (entry %d, its last, was written before records were sealed)", r.head.Seq)
	case domain.RecordHash(r.doc) != r.head.Record:
		return fmt.Sprintf("its stored document is not the one audit entry %d sealed", r.head.Seq)
	}
	return ""
}

type teamYear struct {
	team domain.TeamCode
	year int
}

// NewStore returns an empty store holding the officers given.
func NewStore(officers ...domain.Officer) *Store {
	s := &Store{
		visits:   map[domain.Ref]*record{},
		seqs:     map[teamYear]uint32{},
		officers: map[domain.StaffNo]*record{},
		drafts:   map[draftKey][]byte{},
		pins:     map[domain.StaffNo]*pin{},
	}
	for _, o := range officers {
		s.saveOfficer(o, domain.ProfileChange(nil, o, o, o.UpdatedAt))
	}
	return s
}

// CreateVisit allocates the next reference for the visit's team and the
// year it was created, and stores it at version 1 with its first audit
// entry.
func (s *Store) CreateVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	if v.Ref != "" {
		return nil, fmt.Errorf("create %s: a new visit must not have a reference yet", v.Ref)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.refuse(); err != nil {
		return nil, err
	}
	k := teamYear{v.Basics.Team, v.CreatedAt.Year()}
	s.mu.Lock()
	defer s.mu.Unlock()
	nv := *v
	nv.Ref = domain.FormatRef(k.team, k.year, s.seqs[k]+1)
	nv.Version = 1
	if err := s.write(nil, &nv, c); err != nil {
		return nil, err
	}
	s.seqs[k]++
	return &nv, nil
}

// SaveVisit stores v as the next version if nobody has saved since v was
// read; otherwise it returns *domain.ConflictError naming who did and when.
func (s *Store) SaveVisit(ctx context.Context, v *domain.Visit, c domain.Change) (*domain.Visit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.refuse(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.visit(v.Ref)
	var re *domain.RecordError
	if errors.As(err, &re) {
		return nil, fmt.Errorf("nothing was saved: %w", re)
	}
	if err != nil {
		return nil, err
	}
	nv := *v
	if cur.Version != v.Version {
		// Both only added (timeline entries, an acceptance, an
		// acknowledgement): mine goes on top, as in the Badger store.
		merged, mc, ok := domain.MergeAppends(cur, v, c)
		if !ok {
			return nil, conflict(v, cur)
		}
		nv, c = *merged, mc
	}
	nv.Version = cur.Version + 1
	if err := s.write(cur, &nv, c); err != nil {
		return nil, err
	}
	return &nv, nil
}

// conflict is the store's refusal of a stale save.
func conflict(mine, cur *domain.Visit) error {
	by := cur.UpdatedByName
	if by == "" {
		by = string(cur.UpdatedBy)
	} else {
		by += " (" + string(cur.UpdatedBy) + ")"
	}
	return &domain.ConflictError{Ref: mine.Ref, Version: mine.Version, Current: cur.Version, By: by, At: cur.UpdatedAt}
}

// write checks and stores v, old being the stored visit (nil for a new
// one), appends c to its audit trail and tells listeners. Nothing is
// stored unless every check passes. s.mu is held.
func (s *Store) write(old, v *domain.Visit, c domain.Change) error {
	if old != nil {
		if err := domain.AppendOnly(old, v); err != nil {
			return err
		}
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", v.Ref, err)
	}
	r := s.visits[v.Ref]
	var prev *domain.AuditEntry
	if r != nil {
		prev = &r.head
	}
	e := domain.ChainEntry(v.Ref, prev, c, domain.SealOf(doc, nil))
	entry, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if r == nil {
		r = &record{}
		s.visits[v.Ref] = r
	}
	r.doc, r.summary, r.parts = doc, summaryOf(v), v.Parts()
	r.audit, r.head = append(r.audit, entry), e
	s.feed.publish(domain.Event{Ref: v.Ref})
	return nil
}

// Visit reads one visit.
func (s *Store) Visit(ctx context.Context, ref domain.Ref) (*domain.Visit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.visit(ref)
}

// visit decodes the stored visit, with a *domain.RecordError if it is
// not the record its trail sealed. s.mu is held.
func (s *Store) visit(ref domain.Ref) (*domain.Visit, error) {
	r, ok := s.visits[ref]
	if !ok {
		return nil, fmt.Errorf("visit %s: %w", ref, domain.ErrNotFound)
	}
	var sealErr error
	if p := r.sealProblem(); p != "" {
		sealErr = &domain.RecordError{Ref: ref, Problem: p}
	}
	v := new(domain.Visit)
	if err := json.Unmarshal(r.doc, v); err != nil {
		return nil, errors.Join(fmt.Errorf("visit %s is unreadable: %w", ref, err), sealErr)
	}
	return v, sealErr
}

// CheckRecords checks the stored records of refs as Visit does.
func (s *Store) CheckRecords(ctx context.Context, refs []domain.Ref) (map[domain.Ref]error, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[domain.Ref]error{}
	for _, ref := range refs {
		if r, ok := s.visits[ref]; ok {
			if p := r.sealProblem(); p != "" {
				out[ref] = &domain.RecordError{Ref: ref, Problem: p}
			}
		}
	}
	return out, nil
}

// ChangeOutside changes the stored document of visit ref to what edit
// makes of it, leaving its audit trail as it was: what someone editing
// the store's files outside oic does, for tests of how that is shown.
func (s *Store) ChangeOutside(ref domain.Ref, edit func(doc []byte) []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.visits[ref]
	if !ok {
		return fmt.Errorf("visit %s: %w", ref, domain.ErrNotFound)
	}
	r.doc = edit(bytes.Clone(r.doc))
	return nil
}

// Audit returns the visit's audit trail, oldest first.
func (s *Store) Audit(ctx context.Context, ref domain.Ref) ([]domain.AuditEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.visits[ref]
	if !ok {
		return nil, fmt.Errorf("visit %s: %w", ref, domain.ErrNotFound)
	}
	return decodeTrail(r.audit, string(ref))
}

// FeedbackWaiting gives, of refs, those whose feedback waits for sn.
func (s *Store) FeedbackWaiting(ctx context.Context, sn domain.StaffNo, refs []domain.Ref) ([]domain.Ref, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []domain.Ref
	for _, ref := range refs {
		r, ok := s.visits[ref]
		if !ok {
			continue
		}
		var p domain.FeedbackPart
		if json.Unmarshal(r.doc, &p) == nil && p.WaitsFor(sn) {
			out = append(out, ref)
		}
	}
	return out, nil
}

// AuditAfter returns the entries of the visit's trail numbered after seq.
func (s *Store) AuditAfter(ctx context.Context, ref domain.Ref, seq uint64) ([]domain.AuditEntry, error) {
	trail, err := s.Audit(ctx, ref)
	if err != nil {
		return nil, err
	}
	for i, e := range trail {
		if e.Seq > seq {
			return trail[i:], nil
		}
	}
	return nil, nil
}

// decodeTrail decodes the entries of a trail; of names it in messages.
func decodeTrail(audit [][]byte, of string) ([]domain.AuditEntry, error) {
	out := make([]domain.AuditEntry, len(audit))
	for i, b := range audit {
		if err := json.Unmarshal(b, &out[i]); err != nil {
			return nil, fmt.Errorf("audit entry %d of %s is unreadable: %w", i+1, of, err)
		}
	}
	return out, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
