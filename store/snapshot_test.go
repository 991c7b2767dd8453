package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"oic/domain"
)

// TestSelect: a reader selects visits by planned start, state and team,
// oldest first and, within one second, by reference, from one snapshot.
func TestSelect(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	// Created so that the references of one second run against the
	// order the list keys are scanned in.
	var refs []domain.Ref
	for _, c := range []struct {
		team domain.TeamCode
		at   time.Time
	}{{"SLN", day(10, 9)}, {"SLN", day(4, 9)}, {"WLN", day(7, 9)}, {"SLN", day(7, 9)}, {"SLN", day(7, 9)}, {"SLN", day(8, 0)}} {
		refs = append(refs, create(t, s, basics(c.team, "SW1A 1AA", c.at, alice), alice, t0).Ref)
	}
	closed := closedVisit(t, s, day(7, 9), day(7, 12))
	snap, err := s.Snapshot(2)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	// Saved after the snapshot: not in it.
	create(t, s, basics("SLN", "SW1A 1AA", day(7, 9), alice), alice, t0)

	sel := func(rd *Reader, sel Selection) []domain.Ref {
		var out []domain.Ref
		if err := rd.Select(ctx, sel, func(sum domain.Summary) error {
			out = append(out, sum.Ref)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	seventh := []domain.Ref{refs[3], refs[4], closed.Ref}
	slices.Sort(seventh)
	wln := refs[2]
	for _, c := range []struct {
		name string
		sel  Selection
		want []domain.Ref
	}{
		{"all", Selection{}, append(append([]domain.Ref{refs[1]}, sortedWith(seventh, wln)...), refs[5], refs[0])},
		{"from", Selection{From: day(7, 9)}, append(sortedWith(seventh, wln), refs[5], refs[0])},
		{"until", Selection{Until: day(8, 0)}, append([]domain.Ref{refs[1]}, sortedWith(seventh, wln)...)},
		{"a day", Selection{From: day(7, 0), Until: day(8, 0)}, sortedWith(seventh, wln)},
		{"a team", Selection{From: day(7, 0), Until: day(8, 0), Team: "SLN"}, seventh},
		{"a state", Selection{States: []domain.State{domain.Closed, domain.Assured}}, []domain.Ref{closed.Ref}},
		{"nothing", Selection{From: day(11, 0)}, nil},
	} {
		for i, rd := range snap.Readers() {
			if got := sel(rd, c.sel); !slices.Equal(got, c.want) {
				t.Errorf("%s, reader %d: %v, want %v", c.name, i, got, c.want)
			}
		}
	}
}

// sortedWith is refs with more, sorted.
func sortedWith(refs []domain.Ref, more ...domain.Ref) []domain.Ref {
	out := append(slices.Clone(refs), more...)
	slices.Sort(out)
	return out
}

// TestSnapshotDocument: a reader gives a stored document as its JSON, in
// the caller's memory when it is large enough, and a visit not stored as
// not found; the audit head is the trail's last entry.
func TestSnapshotDocument(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	v := closedVisit(t, s, t0.Add(48*time.Hour), t0.Add(51*time.Hour))
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	rd := snap.Readers()[0]
	doc, err := rd.Document(v.Ref, nil)
	if err != nil || string(doc) != string(mustDoc(t, s, v.Ref)) {
		t.Fatalf("Document: %.80s, %v", doc, err)
	}
	big := make([]byte, 0, 1<<20)
	if again, err := rd.Document(v.Ref, big); err != nil || &again[0] != &big[:1][0] {
		t.Errorf("a document was not put in the memory given (%v)", err)
	}
	if _, err := rd.Document("SLN-2026-9999", nil); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a visit not stored: %v", err)
	}
	trail, err := s.Audit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	h, ok, err := rd.AuditHead(v.Ref)
	if last := trail[len(trail)-1]; err != nil || !ok || h.Seq != last.Seq || h.Hash != last.Hash {
		t.Errorf("AuditHead = %+v, %v, %v; the trail ends at %d %s", h, ok, err, last.Seq, last.Hash)
	}
	if _, ok, err := rd.AuditHead("SLN-2026-9999"); ok || err != nil {
		t.Errorf("the audit head of a visit not stored: %v, %v", ok, err)
	}
}
