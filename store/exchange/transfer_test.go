package exchange

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/signing"
)

// renamed saves a new premises name for ref on s.
func renamed(t *testing.T, s *store.Store, ref domain.Ref, name string, by domain.Officer, at time.Time) {
	t.Helper()
	v := mustVisit(t, s, ref)
	old := v.Basics.Premises.Name
	v.Basics.Premises.Name = name
	if _, err := s.SaveVisit(context.Background(), v, domain.Change{Action: "premises renamed", Actor: by.StaffNo, ActorName: by.Name, At: at,
		Fields: []domain.FieldChange{{Field: "basics.premises.name", Old: old, New: name}}}); err != nil {
		t.Fatal(err)
	}
}

// A push: the visits chosen travel in every state, an open one too, and
// land whole with their trails; changed on both sides since, the next
// is refused naming the visit and each side's last change, and nothing
// is written.
func TestImportTransfer(t *testing.T) {
	ctx := context.Background()
	laptop, _ := openStore(t)
	server, _ := openStore(t)
	open := deployedVisit(t, laptop, t0.Add(48*time.Hour))
	closed := closedVisit(t, laptop, t0.Add(24*time.Hour), t0.Add(27*time.Hour))
	key, err := signing.FolderKey(laptop.Dir(), laptop.Vault())
	if err != nil {
		t.Fatal(err)
	}
	allowed := pin(t, server, key.AllowedSignersLine())
	at := t0.Add(100 * time.Hour)
	opt := exportOpts(alice, FormatJSONL, at)
	opt.Visits = []domain.Ref{open.Ref, closed.Ref}
	path := exportTo(t, laptop, t.TempDir(), "push.jsonl", opt)
	topt := TransferOptions{By: alice, At: at, AllowedSigners: allowed}
	res, err := ImportTransfer(ctx, server, path, topt)
	if err != nil || res.Added != 2 {
		t.Fatalf("the push: %+v, %v", res, err)
	}
	if got := mustVisit(t, server, open.Ref); got.State != domain.Deployed || got.Version != open.Version {
		t.Errorf("the open visit on the server: %s version %d", got.State, got.Version)
	}
	if _, problems, err := server.Verify(ctx, nil); err != nil || len(problems) > 0 {
		t.Fatalf("verify after the push: %+v, %v", problems, err)
	}
	// The records clerk's export is as it was: closed visits only.
	if n := strings.Count(string(exportBytes(t, laptop, exportOpts(alice, FormatJSONL, at))), "\n"); n != 2 {
		t.Errorf("the clerk's export holds %d lines; want the provenance and the closed visit", n)
	}

	renamed(t, server, open.Ref, "Moon Takeaway", bob, at.Add(time.Hour))
	renamed(t, laptop, open.Ref, "Sun Takeaway", alice, at.Add(2*time.Hour))
	before := storeState(t, server)
	path = exportTo(t, laptop, t.TempDir(), "push.jsonl", opt)
	_, err = ImportTransfer(ctx, server, path, topt)
	var te *TransferError
	if !errors.As(err, &te) || len(te.Conflicts) != 1 {
		t.Fatalf("a push changed on both sides: %v", err)
	}
	c := te.Conflicts[0]
	if c.Ref != open.Ref || c.Here.Change.Actor != bob.StaffNo || c.There.Change.Actor != alice.StaffNo || c.Common != c.Here.Entries-1 {
		t.Errorf("the conflict: %+v", c)
	}
	if !strings.Contains(err.Error(), string(open.Ref)+" was changed on both sides") || !strings.Contains(err.Error(), "Nothing was taken in") {
		t.Errorf("the refusal: %v", err)
	}
	if after := storeState(t, server); after != before {
		t.Errorf("a refused push changed the server:\n%s\n%s", before, after)
	}
	// Taken from no pinned folder, never.
	if _, err := ImportTransfer(ctx, server, path, TransferOptions{By: alice, At: at}); err == nil || !strings.Contains(err.Error(), "no allowed signers were given") {
		t.Errorf("a transfer with no allowed signers: %v", err)
	}
}

// SelectVisits decodes only part of each visit: what it gives keep
// decides as the whole record would, for every visit of the fixtures
// and every officer asked.
func TestSelectVisitsAsTheWholeRecord(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	deployedVisit(t, s, t0.Add(48*time.Hour))
	closedVisit(t, s, t0.Add(24*time.Hour), t0.Add(27*time.Hour))
	closedVisit(t, s, t0.Add(72*time.Hour), t0.Add(75*time.Hour))
	create(t, s, basics("WLN", "E1 6AN", t0.Add(96*time.Hour), bob), bob, t0)
	cfg := administeredConfig()
	for _, o := range []domain.Officer{alice, bob, importer} {
		mine, err := s.PartIn(ctx, o.StaffNo)
		if err != nil {
			t.Fatal(err)
		}
		pre := func(sum domain.Summary) bool { return cfg.PullCandidate(o, sum, slices.Contains(mine, sum.Ref)) }
		got, err := SelectVisits(ctx, s, pre, func(v *domain.Visit) bool { return cfg.Pulls(o, v) })
		if err != nil {
			t.Fatal(err)
		}
		var want []domain.Ref
		err = s.ScanSummaries(ctx, 100, func(sums []domain.Summary) error {
			for _, sum := range sums {
				if cfg.Pulls(o, mustVisit(t, s, sum.Ref)) {
					want = append(want, sum.Ref)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: SelectVisits took %v; the whole records %v", o.StaffNo, got, want)
		}
	}
}

func administeredConfig() domain.Config {
	c := domain.DefaultConfig()
	c.Administered = true
	return c
}
