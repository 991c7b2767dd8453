package store

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// derivedOf reads ref's document (its JSON) through a snapshot, the part
// of testDerivation's version stored with it, and whether there is one
// made from that document.
func derivedOf(t testing.TB, s *Store, ref domain.Ref) (doc, part []byte, ok bool) {
	t.Helper()
	doc, part, ok, err := readDerived(t, s, ref)
	if err != nil {
		t.Fatal(err)
	}
	return doc, part, ok
}

// readDerived is derivedOf with the error Derived gave.
func readDerived(t testing.TB, s *Store, ref domain.Ref) (doc, part []byte, ok bool, err error) {
	t.Helper()
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	rd := snap.Readers()[0]
	if doc, err = rd.Document(ref, nil); err != nil {
		t.Fatal(err)
	}
	ok, err = rd.Derived(ref, headOf(t, rd, ref), testDerivation.Version, doc, func(p []byte) error {
		part = bytes.Clone(p)
		return nil
	})
	return doc, part, ok, err
}

// headOf is the head of ref's audit trail, read by rd.
func headOf(t testing.TB, rd *Reader, ref domain.Ref) AuditHead {
	t.Helper()
	h, ok, err := rd.AuditHead(ref)
	if err != nil || !ok {
		t.Fatalf("AuditHead(%s) = %v, %v", ref, ok, err)
	}
	return h
}

// TestDerivedParts: a store opened with a Derivation keeps, at each save,
// the part it makes of the visit and its document, and hands it out for
// that document and that version only: not for a document saved since by
// a store opened without it, nor to a reader of another version; a
// visit the derivation makes nothing of has none.
func TestDerivedParts(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := closedVisit(t, s, start, start.Add(3*time.Hour))
	open := create(t, s, basics("SLN", "E1 6AN", start, alice), alice, t0)

	doc, part, ok := derivedOf(t, s, v.Ref)
	if want := testDerivation.Part(v, doc); !ok || !bytes.Equal(part, want) {
		t.Fatalf("the part of a closed visit is %q (%v), want %q", part, ok, want)
	}
	if _, part, ok := derivedOf(t, s, open.Ref); ok || part != nil {
		t.Errorf("a visit the derivation makes nothing of has a part %q", part)
	}
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := snap.Readers()[0].Derived(v.Ref, headOf(t, snap.Readers()[0], v.Ref), testDerivation.Version+1, doc, func([]byte) error { return nil }); ok || err != nil {
		t.Errorf("a part was handed to a reader of another version (%v)", err)
	}
	if ok, err := snap.Readers()[0].Derived(v.Ref, headOf(t, snap.Readers()[0], v.Ref), testDerivation.Version, append(bytes.Clone(doc), ' '), func([]byte) error { return nil }); ok || err != nil {
		t.Errorf("a part was handed out for another document (%v)", err)
	}
	snap.Close()
	checkStore(t, s)
	s.Close()

	// Saved where the store keeps no part, the document moves on and the
	// part stays behind: it is never handed out again.
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cur := mustVisit(t, s, v.Ref)
	c, err := cur.RecordFollowUp("HSE", "unsafe wiring in the kitchen reported", alice, start.Add(5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(ctx, cur, c); err != nil {
		t.Fatal(err)
	}
	if _, part, ok := derivedOf(t, s, v.Ref); ok {
		t.Errorf("the part of the document before was handed out: %q", part)
	}
	checkStore(t, s)
}

// The derived part is kept compressed behind a zero byte, sealed as its
// envelope; one kept plain by an earlier oic (format 3) reads as it was,
// its seal the same; one damaged in its compressed form is named, never
// handed out.
func TestDerivedPartsCompressed(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := closedVisit(t, s, start, start.Add(3*time.Hour))
	key := derivedKey(v.Ref)
	stored := []byte(rawState(t, s)[string(key)])
	env, err := derivedEnvelope(stored)
	if err != nil || stored[0] != derivedS2 || bytes.Equal(stored, env) {
		t.Fatalf("the derived part is stored as %d bytes from %#x, its envelope %d bytes (%v): want it compressed", len(stored), stored[:1], len(env), err)
	}
	doc, part, ok := derivedOf(t, s, v.Ref)
	if want := testDerivation.Part(v, doc); !ok || !bytes.Equal(part, want) {
		t.Fatalf("the part read back is %q (%v), want %q", part, ok, want)
	}

	// As an earlier oic kept it: the envelope itself.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(key, env) }); err != nil {
		t.Fatal(err)
	}
	if _, part2, ok := derivedOf(t, s, v.Ref); !ok || !bytes.Equal(part2, part) {
		t.Errorf("a part kept plain reads as %q (%v), want %q", part2, ok, part)
	}
	checkStore(t, s)

	// Its compressed form cut short.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(key, stored[:len(stored)/2]) }); err != nil {
		t.Fatal(err)
	}
	_, _, ok, err = readDerived(t, s, v.Ref)
	if ok || err == nil || !strings.Contains(err.Error(), "the stored derived part of its export line is damaged") {
		t.Errorf("a damaged part: handed out %v, %v", ok, err)
	}
	if _, err := s.Visit(context.Background(), v.Ref); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("reading the visit with its part damaged: %v", err)
	}
}
