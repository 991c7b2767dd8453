package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"oic/domain"
)

// atPremises stores a visit at addr, pc, planned days after t0.
func atPremises(t testing.TB, s *Store, addr string, pc domain.Postcode, days int) *domain.Visit {
	t.Helper()
	b := basics("SLN", pc, t0.Add(time.Duration(days)*24*time.Hour), alice)
	b.Premises.Address = addr
	return create(t, s, b, alice, t0.Add(-time.Hour))
}

func refs(vs []*domain.Visit) []domain.Ref {
	out := make([]domain.Ref, len(vs))
	for i, v := range vs {
		out[i] = v.Ref
	}
	return out
}

// TestVisitsAtPremises_REC5: the visits to one premises, however its
// address was typed, newest first; not the neighbours at the same postcode,
// nor the same address at another postcode.
func TestVisitsAtPremises_REC5(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	first := atPremises(t, s, "12 High Street, Croydon", "CR0 1ND", 1)
	second := atPremises(t, s, "12 High St", "CR0 1ND", 9)
	third := atPremises(t, s, "12, high street", "CR0 1ND", 5)
	neighbour := atPremises(t, s, "14 High Street, Croydon", "CR0 1ND", 3)
	atPremises(t, s, "12 High Street, Sutton", "SM1 1DH", 4) // same words, another town
	atPremises(t, s, "12 High Street", "CR0 1NE", 6)         // the postcode next door

	got, err := s.VisitsAtPremises(ctx, domain.Premises{Address: "12 High St.", Postcode: "cr01nd"})
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.Ref{second.Ref, third.Ref, first.Ref}
	if fmt.Sprint(refs(got)) != fmt.Sprint(want) {
		t.Errorf("VisitsAtPremises = %v, want %v (newest planned start first)", refs(got), want)
	}
	for _, v := range got {
		if v.Basics.Intel.Summary == "" {
			t.Errorf("%s came back without its document", v.Ref)
		}
	}

	// No address: every visit at the postcode, for a search by postcode.
	got, err = s.VisitsAtPremises(ctx, domain.Premises{Postcode: "CR0 1ND"})
	if err != nil {
		t.Fatal(err)
	}
	want = []domain.Ref{second.Ref, third.Ref, neighbour.Ref, first.Ref}
	if fmt.Sprint(refs(got)) != fmt.Sprint(want) {
		t.Errorf("whole postcode = %v, want %v", refs(got), want)
	}

	// A postcode with no visits is an empty answer, not an error.
	if got, err := s.VisitsAtPremises(ctx, domain.Premises{Address: "1 Any Road", Postcode: "E1 6AN"}); err != nil || len(got) != 0 {
		t.Errorf("empty postcode = %v, %v", refs(got), err)
	}
	// An unparseable one is refused, in words an officer can act on.
	if _, err := s.VisitsAtPremises(ctx, domain.Premises{Postcode: "CR0 1ZZZ"}); err == nil {
		t.Error("a bad postcode was accepted")
	}
}

// A visit whose postcode is corrected leaves the old postcode's answer and
// joins the new one's: the index moves with the record.
func TestVisitsAtPremises_FollowsAnEdit(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := atPremises(t, s, "12 High Street", "CR0 1ND", 2)
	nv := v.Clone()
	b := nv.Basics
	b.Premises.Postcode = "CR0 2RH"
	c, err := nv.EditBasics(b, alice, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(ctx, nv, c); err != nil {
		t.Fatal(err)
	}
	old, err := s.VisitsAtPremises(ctx, domain.Premises{Address: "12 High Street", Postcode: "CR0 1ND"})
	if err != nil || len(old) != 0 {
		t.Errorf("old postcode still gives %v, %v", refs(old), err)
	}
	cur, err := s.VisitsAtPremises(ctx, domain.Premises{Address: "12 High St", Postcode: "CR0 2RH"})
	if err != nil || len(cur) != 1 || cur[0].Ref != v.Ref || cur[0].Version != 2 {
		t.Errorf("new postcode gives %v, %v", refs(cur), err)
	}
	checkStore(t, s)
}

// BenchmarkVisitsAtPremises reads one premises' history in the store of
// 100,000 visits: three visits there among five at its postcode. The
// synthetic store puts its other visits at five postcodes of 20,000 each,
// a case no real postcode comes near; "crowded" measures it anyway.
func BenchmarkVisitsAtPremises(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	p := domain.Premises{Address: "12 High Street, Croydon", Postcode: "CR0 1ND"}
	have, err := s.VisitsAtPremises(ctx, domain.Premises{Postcode: p.Postcode})
	if err != nil {
		b.Fatal(err)
	}
	for i := len(have); i < 5; i++ { // once per store, which may be kept between runs
		addr := p.Address
		if i >= 3 {
			addr = fmt.Sprintf("%d High Street", 20+i)
		}
		atPremises(b, s, addr, p.Postcode, i+1)
	}
	b.Run("premises", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			vs, err := s.VisitsAtPremises(ctx, p)
			if err != nil || len(vs) != 3 {
				b.Fatalf("%d visits, %v", len(vs), err)
			}
		}
	})
	b.Run("crowded", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.VisitsAtPremises(ctx, domain.Premises{Address: "1 High Street", Postcode: "E1 6AN"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPremisesHistory lists the history of premises visited 20,000
// times (the synthetic store's "1 High Street" at E1 6AN) from the index,
// and then reads the first page of records, as the premises screen does
// before it is first drawn ("first page": firstPage in tui/premises).
func BenchmarkPremisesHistory(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	p := domain.Premises{Address: "1 High Street", Postcode: "E1 6AN"}
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hs, err := s.PremisesHistory(ctx, p)
			if err != nil || len(hs) != benchN/len(postcodes) {
				b.Fatalf("%d visits, %v", len(hs), err)
			}
		}
	})
	b.Run("first page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hs, err := s.PremisesHistory(ctx, domain.Premises{Postcode: p.Postcode})
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range hs[:60] {
				if _, err := s.Visit(ctx, h.Ref); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
