package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

// A fixed clock: the domain never reads one, and neither do these tests.
var (
	t0    = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	alice = domain.Officer{StaffNo: "A1001", Name: "Alice Ames", Grade: "HEO", Team: "SLN", ArrestTrained: true}
	bob   = domain.Officer{StaffNo: "B2002", Name: "Bob Brown", Grade: "SEO", Team: "SLN", ArrestTrained: true}
)

var (
	postcodes = []domain.Postcode{"SW1A 1AA", "E1 6AN", "M1 1AE", "CR0 2RH", "N17 0AP"}
	teams     = []domain.TeamCode{"SLN", "WLN", "CLN"}
)

func basics(team domain.TeamCode, pc domain.Postcode, start time.Time, oic domain.Officer) domain.Basics {
	return domain.Basics{
		Team: team,
		Premises: domain.Premises{
			Name: "Star Takeaway", Address: "1 High Street, London", Postcode: pc, Sector: "Restaurant / takeaway",
		},
		Intel: domain.Intelligence{Ref: "INT-0001", Received: domain.Date{Year: 2026, Month: 2, Day: 1}, Priority: 3,
			Summary: "Workers seen arriving before opening"},
		Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Local tasking meeting",
			DecidedAt: t0.Add(-24 * time.Hour), Rationale: "Credible, recent, specific"},
		PlannedStart: start, OIC: oic.StaffNo, OICName: oic.Name,
	}
}

// openStore opens a store in a fresh folder as oic does: its saves keep
// the derived parts of export lines (Derivation).
func openStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := store.OpenWith(dir, store.Options{Derive: Derivation()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func create(t testing.TB, s *store.Store, b domain.Basics, by domain.Officer, now time.Time) *domain.Visit {
	t.Helper()
	v, c, err := domain.NewVisit(b, by, now)
	if err != nil {
		t.Fatalf("NewVisit: %v", err)
	}
	nv, err := s.CreateVisit(context.Background(), v, c)
	if err != nil {
		t.Fatalf("CreateVisit: %v", err)
	}
	return nv
}

func mustVisit(t testing.TB, s *store.Store, ref domain.Ref) *domain.Visit {
	t.Helper()
	v, err := s.Visit(context.Background(), ref)
	if err != nil {
		t.Fatalf("Visit(%s): %v", ref, err)
	}
	return v
}

// deployedVisit stores a visit planned to start at start and deployed,
// through the domain, half an hour before.
func deployedVisit(t testing.TB, s *store.Store, start time.Time) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	v := create(t, s, basics("SLN", "SW1A 1AA", start, alice), alice, start.Add(-time.Hour))
	if err := domaintest.Deploy(v, alice, start.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVisit(ctx, v, domain.Change{Action: "planned, briefed and deployed (fixture)", Actor: alice.StaffNo, At: start.Add(-30 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// closedVisit stores a visit deployed, visited, debriefed and closed
// through the domain, closing it at closeAt.
func closedVisit(t testing.TB, s *store.Store, start, closeAt time.Time) *domain.Visit {
	t.Helper()
	v := deployedVisit(t, s, start)
	if err := domaintest.VisitAndClose(v, alice, closeAt); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVisit(context.Background(), v, domain.Change{Action: "visited, debriefed and closed (fixture)", Actor: alice.StaffNo, At: closeAt})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// storeState is what the store shows through its API: every visit's
// summary, document, audit trail and arrivals, every officer, and the mark of an
// unfinished import. Two equal states are the same store to everything
// that reads it.
func storeState(t testing.TB, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	show := func(what string, v any) {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s\n", what, j)
	}
	err := s.ScanSummaries(ctx, 1000, func(sums []domain.Summary) error {
		for _, sum := range sums {
			show("summary", sum)
			v, err := s.Visit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			show("visit", v)
			trail, err := s.Audit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			show("audit", trail)
			arr, err := s.Arrivals(ctx, sum.Ref)
			if err != nil {
				return err
			}
			show("arrivals", arr)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	officers, err := s.ListOfficers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	show("officers", officers)
	n, err := s.CountVisits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	show("count", n)
	m, err := s.ImportMarker()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "import marker %q\n", m)
	return b.String()
}
