package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
	"oic/domain/domaintest"
)

func TestCreateVisitAllocatesRefAndVersion(t *testing.T) {
	s, _ := openStore(t)
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	if v.Ref != "SLN-2026-0001" || v.Version != 1 {
		t.Fatalf("created %s v%d, want SLN-2026-0001 v1", v.Ref, v.Version)
	}
	w := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	x := create(t, s, basics("WLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	if w.Ref != "SLN-2026-0002" || x.Ref != "WLN-2026-0001" {
		t.Fatalf("refs %s, %s: want SLN-2026-0002, WLN-2026-0001", w.Ref, x.Ref)
	}
	got := mustVisit(t, s, v.Ref)
	if got.Version != 1 || got.Basics.Premises.Name != "Star Takeaway" || !got.Basics.PlannedStart.Equal(v.Basics.PlannedStart) {
		t.Fatalf("read back %+v", got)
	}

	pre := &domain.Visit{Ref: "SLN-2026-0009"}
	if _, err := s.CreateVisit(context.Background(), pre, domain.Change{}); err == nil {
		t.Fatal("CreateVisit accepted a visit that already has a reference")
	}
	if _, err := s.Visit(context.Background(), "SLN-2026-0099"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Visit of an unknown ref: %v, want ErrNotFound", err)
	}
	missing := v.Clone()
	missing.Ref = "SLN-2026-0099"
	if _, err := s.SaveVisit(context.Background(), missing, domain.Change{}); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("SaveVisit of an unknown ref: %v, want ErrNotFound", err)
	}
	checkStore(t, s)
}

func TestStaleSaveIsRefused(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)

	mine := mustVisit(t, s, v.Ref) // alice's copy, version 1
	theirs := mustVisit(t, s, v.Ref)
	at := t0.Add(10 * time.Minute)
	b := theirs.Basics
	b.Premises.Name = "Moon Takeaway"
	c, err := theirs.EditBasics(b, bob, at)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := s.SaveVisit(ctx, theirs, c)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 {
		t.Fatalf("saved version %d, want 2", saved.Version)
	}

	b = mine.Basics
	b.Premises.Sector = "Hand car wash"
	c, err = mine.EditBasics(b, alice, t0.Add(20*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.SaveVisit(ctx, mine, c)
	ce, ok := isConflict(err)
	if !ok {
		t.Fatalf("stale save: %v, want *domain.ConflictError", err)
	}
	if ce.Ref != v.Ref || ce.Version != 1 || ce.Current != 2 || !ce.At.Equal(at) || !strings.Contains(ce.By, bob.Name) {
		t.Fatalf("ConflictError = %+v", ce)
	}
	msg := err.Error()
	for _, want := range []string{"Bob Brown (B2002)", at.Format(domain.DateTimeLayout), string(v.Ref)} {
		if !strings.Contains(msg, want) {
			t.Errorf("conflict message does not name %q: %s", want, msg)
		}
	}
	// Nothing of the stale save was written.
	got := mustVisit(t, s, v.Ref)
	if got.Version != 2 || got.Basics.Premises.Name != "Moon Takeaway" || got.Basics.Premises.Sector != "Restaurant / takeaway" {
		t.Fatalf("after the refused save: v%d %+v", got.Version, got.Basics.Premises)
	}
	checkStore(t, s)
}

// TestConcurrentSavesOneWins races two saves of the same version, many
// times. Sometimes the loser reads the winner's version before writing,
// sometimes both read the same version and Badger refuses the loser's
// commit; either way the loser must be told who won and when.
func TestConcurrentSavesOneWins(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	rounds := 200
	if testing.Short() {
		rounds = 50
	}
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	officers := [2]domain.Officer{alice, bob}
	for round := range rounds {
		base := mustVisit(t, s, v.Ref)
		var (
			copies  [2]*domain.Visit
			changes [2]domain.Change
			saved   [2]*domain.Visit
			errs    [2]error
		)
		for i := range 2 {
			copies[i] = base.Clone()
			b := copies[i].Basics
			b.Premises.Name = fmt.Sprintf("Round %d by %s", round, officers[i].Name)
			var err error
			if changes[i], err = copies[i].EditBasics(b, officers[i], t0.Add(time.Duration(round*2+i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 2 {
			wg.Go(func() {
				<-start
				saved[i], errs[i] = s.SaveVisit(ctx, copies[i], changes[i])
			})
		}
		close(start)
		wg.Wait()

		win, lose := 0, 1
		if errs[0] != nil {
			win, lose = 1, 0
		}
		if errs[win] != nil {
			t.Fatalf("round %d: both saves failed: %v; %v", round, errs[0], errs[1])
		}
		ce, ok := isConflict(errs[lose])
		if !ok {
			t.Fatalf("round %d: both saves succeeded, or the loser got %v", round, errs[lose])
		}
		w := saved[win]
		if w.Version != base.Version+1 || ce.Current != w.Version || ce.Version != base.Version {
			t.Fatalf("round %d: winner v%d, conflict %+v", round, w.Version, ce)
		}
		if !strings.Contains(ce.By, officers[win].Name) || !ce.At.Equal(w.UpdatedAt) {
			t.Fatalf("round %d: conflict names %q at %s; the winner was %s at %s",
				round, ce.By, ce.At, officers[win].Name, w.UpdatedAt)
		}
		if got := mustVisit(t, s, v.Ref); got.Version != w.Version || got.Basics.Premises.Name != w.Basics.Premises.Name {
			t.Fatalf("round %d: stored %d %q, want the winner's", round, got.Version, got.Basics.Premises.Name)
		}
	}
	checkStore(t, s)
}

// TestConcurrentCreatesTakeConsecutiveRefs creates visits for one team and
// year from many goroutines at once.
func TestConcurrentCreatesTakeConsecutiveRefs(t *testing.T) {
	s, _ := openStore(t)
	const workers, each = 16, 8
	var (
		mu   sync.Mutex
		refs []domain.Ref
		wg   sync.WaitGroup
		errs = make(chan error, workers*each)
	)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				b := basics("SLN", "E1 6AN", t0.Add(time.Duration(1+w*each+i)*time.Hour), alice)
				v, c, err := domain.NewVisit(b, alice, t0)
				if err != nil {
					errs <- err
					return
				}
				nv, err := s.CreateVisit(context.Background(), v, c)
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				refs = append(refs, nv.Ref)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("CreateVisit: %v", err)
	}
	slices.Sort(refs)
	if len(refs) != workers*each {
		t.Fatalf("%d visits created, want %d", len(refs), workers*each)
	}
	for i, r := range refs {
		if want := domain.FormatRef("SLN", 2026, uint32(i+1)); r != want {
			t.Fatalf("refs[%d] = %s, want %s (refs must be distinct and consecutive)", i, r, want)
		}
	}
	checkStore(t, s)
}

func TestAuditTrail(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)

	// Edit several fields at once, then move the state on.
	b := v.Basics
	b.Premises.Postcode = "E1 6AN"
	b.PlannedStart = t0.Add(72 * time.Hour)
	b.Intel.Priority = 2
	c, err := v.EditBasics(b, bob, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	c, err = domaintest.Authorise(v, bob, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}

	trail, err := s.Audit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 3 || uint64(len(trail)) != v.Version {
		t.Fatalf("%d audit entries at version %d, want 3", len(trail), v.Version)
	}
	for i, e := range trail {
		if e.Seq != uint64(i+1) || e.Ref != v.Ref {
			t.Fatalf("entry %d is %s #%d", i, e.Ref, e.Seq)
		}
	}
	if err := domain.VerifyChain(trail); err != nil {
		t.Fatalf("VerifyChain: %v", err)
	}
	if trail[0].Change.Action != "created" || trail[0].Change.Actor != alice.StaffNo || !trail[0].Change.At.Equal(t0) {
		t.Errorf("entry 1 = %+v", trail[0].Change)
	}
	want := map[string][2]string{
		domain.FieldPostcode:     {"SW1A 1AA", "E1 6AN"},
		domain.FieldPlannedStart: {t0.Add(48 * time.Hour).Format(time.RFC3339), t0.Add(72 * time.Hour).Format(time.RFC3339)},
		domain.FieldPriority:     {"3", "2"},
	}
	got := map[string][2]string{}
	for _, f := range trail[1].Change.Fields {
		got[f.Field] = [2]string{f.Old, f.New}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || trail[1].Change.ActorName != bob.Name {
		t.Errorf("entry 2 fields = %v by %s, want %v by %s", got, trail[1].Change.ActorName, want, bob.Name)
	}
	if f := trail[2].Change.Fields; len(f) != 4 || f[3] != (domain.FieldChange{Field: "state", Old: "planning", New: "authorised"}) ||
		trail[2].Change.Action != "authorised" {
		t.Errorf("entry 3 = %+v", trail[2].Change)
	}

	if _, err := s.Audit(ctx, "SLN-2026-0099"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Audit of an unknown ref: %v, want ErrNotFound", err)
	}

	// Tamper with entry 2 in the database: VerifyChain names it.
	key := auditKeyLiteral(v.Ref, 2)
	var e domain.AuditEntry
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error { return json.Unmarshal(b, &e) })
	}); err != nil {
		t.Fatalf("reading %q: %v", key, err)
	}
	e.Change.Fields[0].New = "N17 0AP"
	raw, _ := json.Marshal(e)
	putRaw(t, s, key, raw)
	trail, err = s.Audit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	err = domain.VerifyChain(trail)
	if err == nil || !strings.Contains(err.Error(), "audit entry 2 ") {
		t.Fatalf("VerifyChain after tampering with entry 2: %v", err)
	}

	// Removing an entry is caught too.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(key) }); err != nil {
		t.Fatal(err)
	}
	trail, _ = s.Audit(ctx, v.Ref)
	if err := domain.VerifyChain(trail); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("VerifyChain after deleting entry 2: %v", err)
	}
}

// auditKeyLiteral is the documented a/<ref>/<seq big-endian> layout.
func auditKeyLiteral(ref domain.Ref, seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte("a/"+string(ref)+"/"), seq)
}

// TestIndexKeysFollowEdits moves a visit's planned start, team, postcode and
// state and checks the old list and index keys go and the new ones come.
func TestIndexKeysFollowEdits(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	other := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	before := wantKeys(v)

	b := v.Basics
	b.PlannedStart = t0.Add(96 * time.Hour)
	b.Team = "WLN"
	b.Premises.Postcode = "E1 6AN"
	c, err := v.EditBasics(b, alice, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	c, err = v.Transition(domain.Cancelled, "intelligence withdrawn", alice, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	after := wantKeys(v)

	keys := append(rawKeys(t, s, "l/"), rawKeys(t, s, "i/")...)
	for _, k := range before {
		if slices.Contains(keys, k) && !slices.Contains(after, k) { // the officers' keys stay: the same OIC
			t.Errorf("old key %q is still there", k)
		}
	}
	for _, k := range append(after, wantKeys(other)...) {
		if !slices.Contains(keys, k) {
			t.Errorf("key %q is missing", k)
		}
	}
	if len(keys) != 2*len(before) {
		t.Errorf("%d list and index keys, want %d: %q", len(keys), 2*len(before), keys)
	}
	// The prefixes the register filters with find the visit.
	if got := rawKeys(t, s, "i/t/WLN/"); len(got) != 1 || !strings.HasSuffix(got[0], string(v.Ref)) {
		t.Errorf("team index WLN: %q", got)
	}
	if got := rawKeys(t, s, "i/s/cancelled/"); len(got) != 1 {
		t.Errorf("state index cancelled: %q", got)
	}
	if got := rawKeys(t, s, "i/p/E1 6AN/"); len(got) != 1 {
		t.Errorf("postcode index E1 6AN: %q", got)
	}
	if got := rawKeys(t, s, "i/p/SW1A 1AA/"); len(got) != 1 || !strings.HasSuffix(got[0], string(other.Ref)) {
		t.Errorf("postcode index SW1A 1AA: %q", got)
	}
	checkStore(t, s)
}

func TestScanSummaries(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	const n = 25
	starts := map[domain.Ref]time.Time{}
	for i := range n {
		// Planned starts out of creation order, some equal.
		start := t0.Add(time.Duration(1+(i*7)%n/2) * time.Hour)
		v := create(t, s, basics(teams[i%3], postcodes[i%5], start, alice), alice, t0)
		starts[v.Ref] = start
	}
	if got, err := s.CountVisits(ctx); err != nil || got != n {
		t.Fatalf("CountVisits = %d, %v; want %d", got, err, n)
	}
	var sizes []int
	var all []domain.Summary
	if err := s.ScanSummaries(ctx, 10, func(b []domain.Summary) error {
		sizes = append(sizes, len(b))
		all = append(all, b...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sizes) != "[10 10 5]" {
		t.Errorf("batch sizes %v, want [10 10 5]", sizes)
	}
	if len(all) != n {
		t.Fatalf("%d summaries, want %d", len(all), n)
	}
	for i, sum := range all {
		if !sum.PlannedStart.Equal(starts[sum.Ref]) || sum.Premises != "Star Takeaway" || sum.OIC != alice.Name || sum.State != domain.Planning {
			t.Errorf("summary %d = %+v", i, sum)
		}
		if i > 0 && sum.PlannedStart.After(all[i-1].PlannedStart) {
			t.Errorf("summary %d (%s) is newer than the one before (%s)", i, sum.PlannedStart, all[i-1].PlannedStart)
		}
		if i > 0 && sum.PlannedStart.Equal(all[i-1].PlannedStart) && sum.Ref < all[i-1].Ref {
			t.Errorf("equal starts not in reference order at %d", i)
		}
	}

	// fn's error stops the scan and comes back.
	stop := errors.New("enough")
	calls := 0
	err := s.ScanSummaries(ctx, 10, func([]domain.Summary) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("ScanSummaries with a failing fn: %v after %d calls", err, calls)
	}
	// A cancelled context stops it.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.ScanSummaries(cctx, 10, func([]domain.Summary) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("ScanSummaries with a cancelled context: %v", err)
	}
	// An empty store calls fn never.
	e, _ := openStore(t)
	if err := e.ScanSummaries(ctx, 10, func([]domain.Summary) error { t.Error("fn called on an empty store"); return nil }); err != nil {
		t.Error(err)
	}
}

// TestDamagedRecordsAreErrorsNotPanics writes damaged values straight into
// Badger and checks each read names the key it could not read.
func TestDamagedRecordsAreErrorsNotPanics(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	w := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(50*time.Hour), alice), alice, t0)

	// A summary whose length prefix runs past its end.
	listKey := []byte(wantKeys(v)[0])
	good := encodeSummary(v.Summary())
	putRaw(t, s, listKey, good[:len(good)-3])
	err := s.ScanSummaries(ctx, 10, func([]domain.Summary) error { return nil })
	if err == nil || !strings.Contains(err.Error(), string(v.Ref)) {
		t.Errorf("ScanSummaries over a truncated summary: %v (want an error naming %s)", err, v.Ref)
	}
	putRaw(t, s, listKey, good)

	// A visit document that is not JSON.
	putRaw(t, s, []byte("v/"+string(w.Ref)), []byte(`{"ref":"SLN-2026-0002","version":`))
	if _, err := s.Visit(ctx, w.Ref); err == nil || !strings.Contains(err.Error(), string(w.Ref)) {
		t.Errorf("Visit of a damaged document: %v", err)
	}
	b := w.Basics
	b.Premises.Name = "x"
	c, _ := w.EditBasics(b, alice, t0)
	if _, err := s.SaveVisit(ctx, w, c); err == nil || !strings.Contains(err.Error(), string(w.Ref)) {
		t.Errorf("SaveVisit over a damaged document: %v", err)
	}

	// An audit entry that is not JSON.
	putRaw(t, s, auditKeyLiteral(v.Ref, 1), []byte("{"))
	if _, err := s.Audit(ctx, v.Ref); err == nil || !strings.Contains(err.Error(), string(v.Ref)) {
		t.Errorf("Audit with a damaged entry: %v", err)
	}

	// A damaged audit head stops the next save, naming the visit.
	putRaw(t, s, []byte("h/"+string(v.Ref)), []byte{1, 2, 3})
	b = v.Basics
	b.Premises.Name = "y"
	c, _ = v.EditBasics(b, alice, t0)
	if _, err := s.SaveVisit(ctx, v, c); err == nil || !strings.Contains(err.Error(), string(v.Ref)) {
		t.Errorf("SaveVisit with a damaged audit head: %v", err)
	}
	// It is still read, marked: nothing seals it now.
	if got := readMarked(t, s, v.Ref, "the head of its audit trail is damaged"); got.Version != 1 {
		t.Errorf("a failed save changed the visit to version %d", got.Version)
	}

	// A damaged reference counter stops creation, naming the counter.
	putRaw(t, s, binary.BigEndian.AppendUint32([]byte("n/SLN/"), 2026), []byte{9})
	nv, nc, _ := domain.NewVisit(basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	if _, err := s.CreateVisit(ctx, nv, nc); err == nil || !strings.Contains(err.Error(), "SLN") {
		t.Errorf("CreateVisit with a damaged counter: %v", err)
	}

	// A damaged officer profile.
	putRaw(t, s, []byte("o/X999"), []byte("not json"))
	if _, err := s.Officer(ctx, "X999"); err == nil || !strings.Contains(err.Error(), "X999") {
		t.Errorf("Officer with a damaged profile: %v", err)
	}
	if _, err := s.ListOfficers(ctx); err == nil || !strings.Contains(err.Error(), "X999") {
		t.Errorf("ListOfficers with a damaged profile: %v", err)
	}
}

// TestDecodeSummaryNeverPanics feeds every truncation and many corruptions
// of a valid summary to the decoder.
func TestDecodeSummaryNeverPanics(t *testing.T) {
	sum := domain.Summary{Ref: "SLN-2026-0001", PlannedStart: t0, Premises: "Star Takeaway", Postcode: "SW1A 1AA",
		Team: "SLN", State: domain.Planning, OIC: "Alice Ames"}
	good := encodeSummary(sum)
	got, err := decodeSummary(good)
	if err != nil || !sameSummary(got, sum) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for i := range len(good) {
		if _, err := decodeSummary(good[:i]); err == nil {
			t.Errorf("a summary cut to %d bytes decoded", i)
		}
	}
	for i := range len(good) {
		for _, x := range []byte{0x00, 0x7f, 0x80, 0xff} {
			b := slices.Clone(good)
			b[i] = x
			decodeSummary(b) // must not panic
		}
	}
	huge := append([]byte{summaryFormat, 0}, binary.AppendUvarint(nil, 1<<63)...)
	if _, err := decodeSummary(huge); err == nil {
		t.Error("a summary with a huge length decoded")
	}
}

func FuzzDecodeSummary(f *testing.F) {
	f.Add(encodeSummary(domain.Summary{Ref: "SLN-2026-0001", PlannedStart: t0, Team: "SLN", State: domain.Tasked}))
	f.Add([]byte{summaryFormat})
	f.Fuzz(func(t *testing.T, b []byte) {
		sum, err := decodeSummary(b)
		if err == nil {
			if again := encodeSummary(sum); len(again) > len(b) {
				t.Errorf("decoded more than was there")
			}
		}
	})
}

// TestLostAuditHeadNeverRewritesTheTrail deletes a visit's audit head. The
// next save must be refused rather than start the chain again at 1 over
// the existing first entry.
func TestLostAuditHeadNeverRewritesTheTrail(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	nv, c := edit(v, alice, t0.Add(time.Minute), 1)
	v, err := s.SaveVisit(ctx, nv, c)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Audit(ctx, v.Ref)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete([]byte("h/" + string(v.Ref))) }); err != nil {
		t.Fatal(err)
	}
	nv, c = edit(v, bob, t0.Add(2*time.Minute), 5)
	if _, err := s.SaveVisit(ctx, nv, c); err == nil || !strings.Contains(err.Error(), string(v.Ref)) {
		t.Fatalf("SaveVisit with the audit head gone: %v", err)
	}
	after, err := s.Audit(ctx, v.Ref)
	if err != nil || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("the audit trail changed: %v", err)
	}
	if got := readMarked(t, s, v.Ref, "it has no audit trail to seal it"); got.Version != 2 {
		t.Fatalf("visit at version %d, want 2", got.Version)
	}
}

// A reference counter behind the references in use (a store restored from
// an older copy of the folder, say) steps past them instead of refusing
// every new visit for that team and year.
func TestCounterBehindStepsPastUsedRefs(t *testing.T) {
	s, _ := openStore(t)
	for range 3 {
		create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	}
	putRaw(t, s, seqKey("SLN", 2026), binary.BigEndian.AppendUint32(nil, 1))
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	if v.Ref != "SLN-2026-0004" {
		t.Fatalf("created %s, want SLN-2026-0004 (past the three in use)", v.Ref)
	}
	if w := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0); w.Ref != "SLN-2026-0005" {
		t.Fatalf("next created %s, want SLN-2026-0005", w.Ref)
	}
	checkStore(t, s)
}

// Superseded documents in the value log are reclaimed by GC, and nothing
// current is lost doing it.
func TestValueLogGCKeepsCurrentVersions(t *testing.T) {
	s, _ := openStore(t)
	v := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	for i := range 300 {
		nv := v.Clone()
		b := nv.Basics
		b.Premises.Name = fmt.Sprintf("Premises renamed %d", i)
		c, err := nv.EditBasics(b, alice, t0)
		if err != nil {
			t.Fatal(err)
		}
		if v, err = s.SaveVisit(context.Background(), nv, c); err != nil {
			t.Fatal(err)
		}
	}
	s.CollectGarbage(make(chan struct{}))
	got := mustVisit(t, s, v.Ref)
	if got.Version != v.Version {
		t.Fatalf("after GC: version %d, want %d", got.Version, v.Version)
	}
	checkStore(t, s)
}

// HoldVisits keeps a save of a held visit waiting until released (a push
// arriving on a team server is judged and written with no save between),
// and lets a save of another visit go on.
func TestHoldVisitsKeepsSavesWaiting(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	held := create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	var other *domain.Visit
	for other == nil || saveStripe(other.Ref, len(s.saveMu)) == saveStripe(held.Ref, len(s.saveMu)) {
		other = create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	}
	rename := func(v *domain.Visit, name string) error {
		b := v.Basics
		b.Premises.Name = name
		c, err := v.EditBasics(b, alice, t0.Add(time.Hour))
		if err != nil {
			return err
		}
		_, err = s.SaveVisit(ctx, v, c)
		return err
	}
	release := s.HoldVisits([]domain.Ref{held.Ref, held.Ref})
	saved := make(chan error, 1)
	go func() { saved <- rename(held.Clone(), "Saved while held") }()
	if err := rename(other.Clone(), "Saved beside"); err != nil {
		t.Fatalf("a save of a visit not held: %v", err)
	}
	select {
	case err := <-saved:
		t.Fatalf("a save of a held visit went ahead (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	release()
	if err := <-saved; err != nil {
		t.Fatalf("the save, once released: %v", err)
	}
	if v, err := s.Visit(ctx, held.Ref); err != nil || v.Basics.Premises.Name != "Saved while held" {
		t.Fatalf("after the release: %+v, %v", v, err)
	}
}
