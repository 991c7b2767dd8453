package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

func TestOfficers(t *testing.T) {
	s, dir := openStore(t)
	ctx := context.Background()
	if _, err := s.Officer(ctx, "A1001"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Officer on an empty store: %v, want ErrNotFound", err)
	}
	if list, err := s.ListOfficers(ctx); err != nil || len(list) != 0 {
		t.Fatalf("ListOfficers on an empty store: %v, %v", list, err)
	}
	carol := domain.Officer{StaffNo: "C3003", Name: "Carol Cole", Grade: "G7", Team: "WLN",
		RefresherOn: domain.Date{Year: 2025, Month: 6, Day: 1}, ArrestTrained: true, UpdatedAt: t0}
	for _, o := range []domain.Officer{carol, bob, alice} {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, t0)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Officer(ctx, "C3003")
	if err != nil || got.Name != carol.Name || got.RefresherOn != carol.RefresherOn || !got.UpdatedAt.Equal(t0) {
		t.Fatalf("Officer = %+v, %v", got, err)
	}
	renamed := alice
	renamed.Name = "Alice Ames-Smith"
	if err := s.SaveOfficer(ctx, renamed, domain.ProfileChange(&alice, renamed, renamed, t0)); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListOfficers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range list {
		names = append(names, string(o.StaffNo)+" "+o.Name)
	}
	if want := "[A1001 Alice Ames-Smith B2002 Bob Brown C3003 Carol Cole]"; fmt.Sprint(names) != want {
		t.Fatalf("ListOfficers = %v, want %s", names, want)
	}

	if sn, err := s.SignedIn(ctx); err != nil || sn != "" {
		t.Fatalf("SignedIn on a new store = %q, %v", sn, err)
	}
	if err := s.SetSignedIn(ctx, "B2002"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sn, err := s.SignedIn(ctx); err != nil || sn != "B2002" {
		t.Fatalf("SignedIn after reopening = %q, %v", sn, err)
	}
	if o, err := s.Officer(ctx, "A1001"); err != nil || o.Name != "Alice Ames-Smith" {
		t.Fatalf("Officer after reopening = %+v, %v", o, err)
	}
}

func TestDrafts(t *testing.T) {
	s, dir := openStore(t)
	ctx := context.Background()
	if d, err := s.Draft(ctx, "A1001", "new-visit"); err != nil || d != nil {
		t.Fatalf("Draft with none kept = %q, %v", d, err)
	}
	if err := s.SaveDraft(ctx, "A1001", "new-visit", []byte(`{"premises":"Star"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "A1001", "new-visit", []byte(`{"premises":"Star Takeaway"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "B2002", "new-visit", []byte(`bob's`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "A1001", "edit:SLN-2026-0001", []byte(`edit`)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ owner, key, want string }{
		{"A1001", "new-visit", `{"premises":"Star Takeaway"}`},
		{"B2002", "new-visit", `bob's`},
		{"A1001", "edit:SLN-2026-0001", `edit`},
	} {
		if d, err := s.Draft(ctx, domain.StaffNo(c.owner), c.key); err != nil || string(d) != c.want {
			t.Errorf("Draft(%s, %s) = %q, %v; want %q", c.owner, c.key, d, err, c.want)
		}
	}
	if err := s.DeleteDraft(ctx, "A1001", "new-visit"); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Draft(ctx, "A1001", "new-visit"); err != nil || d != nil {
		t.Errorf("Draft after delete = %q, %v", d, err)
	}
	if d, _ := s.Draft(ctx, "B2002", "new-visit"); string(d) != "bob's" {
		t.Errorf("deleting A1001's draft touched B2002's: %q", d)
	}
	if err := s.DeleteDraft(ctx, "A1001", "never-saved"); err != nil {
		t.Errorf("DeleteDraft of nothing: %v", err)
	}
}

// synth builds the i-th of a set of small synthetic visits spread over
// fifteen years and all fifteen teams, as bulk loads and benchmarks use.
// seqs tracks the last sequence issued per team and year.
func synth(i int, seqs map[string]uint32) (*domain.Visit, []domain.Change) {
	created := time.Date(2011, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 79 * time.Minute)
	team := domain.Teams[i%len(domain.Teams)].Code
	b := basics(team, postcodes[i%len(postcodes)], created.Add(48*time.Hour), alice)
	b.Premises.Name = fmt.Sprintf("Premises %d", i)
	v, c, err := domain.NewVisit(b, alice, created)
	if err != nil {
		panic(err)
	}
	k := fmt.Sprintf("%s/%d", team, created.Year())
	seqs[k]++
	v.Ref = domain.FormatRef(team, created.Year(), seqs[k])
	v.Version = 1
	return v, []domain.Change{c}
}

// bulkLoad fills an empty store with n synthetic visits.
func bulkLoad(t testing.TB, s *Store, n int) []*domain.Visit {
	t.Helper()
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string]uint32{}
	out := make([]*domain.Visit, n)
	for i := range n {
		v, cs := synth(i, seqs)
		if err := bw.AddVisit(v, cs); err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBulkWriter(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	bw, err := s.NewBulkWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := bw.AddOfficer(bob, domain.ProfileChange(nil, bob, bob, t0)); err != nil {
		t.Fatal(err)
	}
	// Visits with longer histories, one of them with a gap in the references.
	for _, seq := range []uint32{1, 2, 7} {
		v, c, err := domain.NewVisit(basics("SLN", "SW1A 1AA", t0.Add(time.Duration(seq)*time.Hour), alice), alice, t0)
		if err != nil {
			t.Fatal(err)
		}
		v.Ref = domain.FormatRef("SLN", 2026, seq)
		changes := append([]domain.Change{c}, briefedChanges(t, v, t0.Add(time.Minute))...)
		v.Version = uint64(len(changes))
		if err := bw.AddVisit(v, changes); err != nil {
			t.Fatal(err)
		}
	}
	v, c, _ := domain.NewVisit(basics("WLN", "E1 6AN", t0.Add(time.Hour), alice), alice, t0)
	v.Ref, v.Version = "WLN-2026-0003", 1
	if err := bw.AddVisit(v, []domain.Change{c}); err != nil {
		t.Fatal(err)
	}
	if err := bw.AddVisit(v, []domain.Change{c}); err == nil {
		t.Error("the same reference was accepted twice")
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}

	stored := checkStore(t, s)
	if len(stored) != 4 {
		t.Fatalf("%d visits stored, want 4", len(stored))
	}
	trail, err := s.Audit(ctx, "SLN-2026-0007")
	if err != nil || uint64(len(trail)) != stored["SLN-2026-0007"].Version || len(trail) < 5 || domain.VerifyChain(trail) != nil {
		t.Fatalf("Audit of a bulk-loaded visit: %d entries, %v", len(trail), err)
	}
	if o, err := s.Officer(ctx, bob.StaffNo); err != nil || o.Name != bob.Name {
		t.Fatalf("bulk-loaded officer: %+v, %v", o, err)
	}
	if got := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0).Ref; got != "SLN-2026-0008" {
		t.Errorf("next SLN reference after a bulk load up to 0007 is %s, want SLN-2026-0008", got)
	}
	if got := create(t, s, basics("WLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0).Ref; got != "WLN-2026-0004" {
		t.Errorf("next WLN reference is %s, want WLN-2026-0004", got)
	}
	// A bulk-loaded visit saves like any other: the OIC records the verbal
	// briefing and the confirmation, and deploys.
	sv := stored["SLN-2026-0002"]
	at := t0.Add(time.Hour)
	for _, step := range []func() (domain.Change, error){
		func() (domain.Change, error) {
			return sv.RecordVerbal(domain.VerbalBriefing{At: at, Risks: "Rear exit to a yard", NoQuestions: true}, alice, at)
		},
		func() (domain.Change, error) {
			return sv.Confirm(slices.Repeat([]bool{true}, len(domain.ConfirmItems)), "", domain.DefaultConfig(), alice, at)
		},
		func() (domain.Change, error) { return sv.Deploy(domain.DefaultConfig(), alice, at) },
	} {
		c, err := step()
		if err != nil {
			t.Fatal(err)
		}
		if sv, err = s.SaveVisit(ctx, sv, c); err != nil {
			t.Fatal(err)
		}
	}
	if sv.State != domain.Deployed {
		t.Fatalf("the bulk-loaded visit is %s after deploying", sv.State)
	}
	checkStore(t, s)

	// The store now holds visits: a second bulk load is refused.
	if _, err := s.NewBulkWriter(ctx); err == nil || !strings.Contains(err.Error(), "already holds 6 visits") {
		t.Fatalf("NewBulkWriter on a store with visits: %v", err)
	}
}

// briefedChanges takes a new visit to briefed at now through the domain,
// returning each change: authorised (domaintest completes its plan), the
// team rostered by its OIC, alice, as OIC and bronze with domaintest's
// officers as gold, silver (both on call) and the arrest team, the
// briefing issued, and every officer's own acceptance.
func briefedChanges(t *testing.T, v *domain.Visit, now time.Time) []domain.Change {
	t.Helper()
	cfg := domain.DefaultConfig()
	c, err := domaintest.Authorise(v, bob, now)
	if err != nil {
		t.Fatal(err)
	}
	out := []domain.Change{c}
	team := []struct {
		o             domain.Officer
		role, command string
	}{
		{alice, "", "OIC, bronze"},
		{domaintest.Authoriser, domain.RoleOffSite, "gold"},
		{domaintest.Silver, domain.RoleOffSite, "silver"},
		{domaintest.Arrest, domain.RoleArrest, ""},
	}
	for _, m := range team {
		e, err := v.ParseRosterEntry(domain.RosterInput{StaffNo: string(m.o.StaffNo), Role: m.role, Command: m.command}, m.o, false, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if c, err = v.AddToRoster(e, alice, now); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if c, err = v.IssueBriefing("", alice, now); err != nil {
		t.Fatal(err)
	}
	out = append(out, c)
	for _, m := range team {
		if c, err = v.AcceptBriefing(1, m.o, now); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if v.State != domain.Briefed {
		t.Fatalf("%s is %s after its briefing was issued and accepted", v.Ref, v.State)
	}
	return out
}

func TestBulkWriterRefusesBadInput(t *testing.T) {
	s, _ := openStore(t)
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer bw.Cancel()
	v, c, _ := domain.NewVisit(basics("SLN", "SW1A 1AA", t0.Add(time.Hour), alice), alice, t0)
	for _, tc := range []struct {
		ref     domain.Ref
		version uint64
		changes []domain.Change
	}{
		{"", 1, []domain.Change{c}},
		{"SLN-2026", 1, []domain.Change{c}},
		{"SLN-20x6-0001", 1, []domain.Change{c}},
		{"SLN-2026-00x1", 1, []domain.Change{c}},
		{"SLN-2026-0001", 1, nil},
		{"SLN-2026-0001", 2, []domain.Change{c}}, // a version without its audit entry
	} {
		w := v.Clone()
		w.Ref, w.Version = tc.ref, tc.version
		if err := bw.AddVisit(w, tc.changes); err == nil {
			t.Errorf("AddVisit accepted ref %q version %d with %d changes", tc.ref, tc.version, len(tc.changes))
		}
	}
}

// TestBulkCancelLeavesWholeVisits cancels a load part-way. Whatever was
// written before the cancel must be whole visits, never a document without
// its audit trail or index keys.
func TestBulkCancelLeavesWholeVisits(t *testing.T) {
	s, _ := openStore(t)
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string]uint32{}
	for i := range 3000 {
		v, cs := synth(i, seqs)
		if err := bw.AddVisit(v, cs); err != nil {
			t.Fatal(err)
		}
	}
	bw.Cancel()
	stored := checkStore(t, s)
	t.Logf("%d of 3000 visits were written before the cancel", len(stored))
	if len(stored) == 0 || len(stored) == 3000 {
		t.Logf("(the cancel did not land mid-load, so this run proves less)")
	}
	// References continue after whatever was written.
	if len(stored) > 0 {
		then := time.Date(2011, 1, 2, 9, 0, 0, 0, time.UTC)
		create(t, s, basics("SCO", "SW1A 1AA", then.Add(48*time.Hour), alice), alice, then)
		checkStore(t, s)
	}
}
