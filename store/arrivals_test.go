package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// records is what Records makes of a, read through a fresh snapshot.
func records(t *testing.T, s *Store, a Arrival) (VisitRecords, error) {
	t.Helper()
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	return snap.Readers()[0].Records(a)
}

// An arriving trail is written as it is and must extend the trail here:
// a newer version whose trail goes on from the head here is taken; one
// whose trail differs before that head, or stops short of it, or whose
// last entry does not seal the document it brings, or a visit without a
// trail arriving for one here, is refused, naming the visit.
func TestRecords_TrailExtendsTheOneHere(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	seqs := map[string]uint32{}
	trails := map[domain.Ref][]domain.AuditEntry{}
	v, cs := synth(1, seqs)
	if err := arrive(t, s, "first", []Arrival{arrival(t, v, nil, trails, cs[0])}, 0); err != nil {
		t.Fatal(err)
	}
	ref := v.Ref
	newer := func() (*domain.Visit, domain.Change) {
		n := v.Clone()
		b := n.Basics
		b.PlannedStart = b.PlannedStart.Add(time.Hour)
		c, err := n.EditBasics(b, bob, v.CreatedAt.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		n.Version = 2
		return n, c
	}

	// Another history: the first entry is not the one here.
	n, c := newer()
	other := map[domain.Ref][]domain.AuditEntry{}
	cs0 := cs[0]
	cs0.Reason = "made elsewhere"
	arrival(t, v, nil, other, cs0)
	a := arrival(t, n, v, other, c)
	_, err := records(t, s, a)
	var he *HistoryError
	if !errors.As(err, &he) || he.Ref != ref || !strings.Contains(err.Error(), "a different history of "+string(ref)) {
		t.Fatalf("a trail of another history: %v", err)
	}

	// Short of the head here: the same trail with its entry removed.
	a.Trail = a.Trail[1:]
	if _, err := records(t, s, a); !errors.As(err, &he) {
		t.Fatalf("a trail short of the head here: %v", err)
	}

	// The head does not seal the document brought.
	a = arrival(t, n, v, map[domain.Ref][]domain.AuditEntry{ref: trails[ref]}, c)
	a.Doc = bytes.Replace(a.Doc, []byte(`"version":2`), []byte(`"version":3`), 1)
	if _, err := records(t, s, a); err == nil || !strings.Contains(err.Error(), "not the one audit entry 2 sealed") {
		t.Fatalf("a document its head does not seal: %v", err)
	}

	// Without a trail, for a visit here.
	a = arrival(t, n, v, map[domain.Ref][]domain.AuditEntry{ref: trails[ref]}, c)
	a.Trail = nil
	if _, err := records(t, s, a); err == nil || !strings.Contains(err.Error(), "can only arrive new") {
		t.Fatalf("a visit without its trail, here already: %v", err)
	}

	// The newer version, extending the trail here: taken, the trail here
	// the one that came, and a second arrival chained on the first.
	if err := arrive(t, s, "second", []Arrival{arrival(t, n, v, trails, c)}, 0); err != nil {
		t.Fatal(err)
	}
	trail, err := s.Audit(ctx, ref)
	if err != nil || len(trail) != 2 || trail[1].Hash != trails[ref][1].Hash {
		t.Fatalf("trail after the newer version: %+v, %v", trail, err)
	}
	if _, err := s.Visit(ctx, ref); err != nil {
		t.Fatalf("the newer version read back: %v", err)
	}
	arr, err := s.Arrivals(ctx, ref)
	if err != nil || len(arr) != 2 || domain.VerifyChain(arr) != nil {
		t.Fatalf("arrivals: %+v, %v", arr, err)
	}
	if _, problems := verify(t, s); len(problems) != 0 {
		t.Fatalf("verify after two arrivals:\n%s", strings.Join(problems, "\n"))
	}
}

// A visit arriving without its trail starts one here, and its arrival
// carries its mark, which Unverified gives; oic verify checks arrivals
// as trails, and names a broken one.
func TestArrivals_MarksAndVerify(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	seqs := map[string]uint32{}
	v, cs := synth(1, seqs)
	doc, _ := json.Marshal(v)
	a := Arrival{Doc: doc, Summary: v.Summary(), Change: cs[0],
		Arrived: domain.Arrival{At: t0, By: bob.StaffNo, ByName: bob.Name, Version: 1, Schema: 1,
			Unverified: []string{domain.UnverifiedNoHistory}}.Change()}
	if err := arrive(t, s, "first", []Arrival{a}, 0); err != nil {
		t.Fatal(err)
	}
	w := create(t, s, basics("WLN", "E1 6AN", t0.Add(48*time.Hour), bob), bob, t0)
	marks, err := s.Unverified(ctx, []domain.Ref{v.Ref, w.Ref})
	if err != nil || len(marks) != 1 || strings.Join(marks[v.Ref], ",") != domain.UnverifiedNoHistory {
		t.Fatalf("Unverified = %v, %v", marks, err)
	}
	if trail, err := s.Audit(ctx, v.Ref); err != nil || len(trail) != 1 || trail[0].Record != domain.RecordHash(doc) {
		t.Fatalf("the trail started here: %+v, %v", trail, err)
	}
	if _, problems := verify(t, s); len(problems) != 0 {
		t.Fatalf("verify:\n%s", strings.Join(problems, "\n"))
	}
	k := binary.BigEndian.AppendUint64(arrivalPrefix(v.Ref), 1)
	putRaw(t, s, k, bytes.Replace(getRaw(t, s, k), []byte(bob.Name), []byte("Ann Other"), 1))
	_, problems := verify(t, s)
	if len(problems) != 1 || !strings.Contains(problems[0], string(v.Ref)+": its arrivals are broken: audit entry 1 does not match its hash") {
		t.Fatalf("verify of an altered arrival:\n%s", strings.Join(problems, "\n"))
	}
	deleteRaw(t, s, visitKey(v.Ref))
	if _, problems := verify(t, s); !strings.Contains(strings.Join(problems, "\n"), "arrival entries left without its record") {
		t.Fatalf("verify of arrivals without their visit:\n%s", strings.Join(problems, "\n"))
	}
}

// A Reader looks for a visit's arrivals only where its snapshot holds
// some: a snapshot taken before any arrived says none for every visit,
// one taken after gives each visit's as the store holds them, whichever
// visit it is asked about first.
func TestReaderArrivals_AsTheSnapshotHolds(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	seqs := map[string]uint32{}
	made := bulkLoad(t, s, 1)[0]
	seqs[fmt.Sprintf("%s/%d", made.Basics.Team, made.CreatedAt.Year())] = 1
	before, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	v, cs := synth(7, seqs)
	if err := arrive(t, s, "first", []Arrival{arrival(t, v, nil, map[domain.Ref][]domain.AuditEntry{}, cs[0])}, 0); err != nil {
		t.Fatal(err)
	}
	want, err := s.Arrivals(ctx, v.Ref)
	if err != nil || len(want) != 1 {
		t.Fatalf("the arrival: %+v, %v", want, err)
	}
	ask := func(snap *Snapshot, ref domain.Ref) int {
		t.Helper()
		arr, err := snap.Readers()[0].Arrivals(ref)
		if err != nil {
			t.Fatal(err)
		}
		return len(arr)
	}
	if n := ask(before, v.Ref); n != 0 {
		t.Fatalf("a snapshot from before the arrival gives %d arrivals", n)
	}
	for _, order := range [][]domain.Ref{{made.Ref, v.Ref}, {v.Ref, made.Ref}} {
		after, err := s.Snapshot(1)
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range order {
			wantN := 0
			if ref == v.Ref {
				wantN = 1
			}
			if n := ask(after, ref); n != wantN {
				t.Fatalf("asked in the order %v: %s has %d arrivals, want %d", order, ref, n, wantN)
			}
		}
		after.Close()
	}
}
