package domaintest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"oic/domain"
)

// contractRefs: references count per team and per year of creation, from
// 1, and a visit that already has one is refused.
func contractRefs(c *contract) {
	nextYear := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	for i, tc := range []struct {
		d    contractVisit
		want domain.Ref
	}{
		{contractVisit{}, "SLN-2026-0001"},
		{contractVisit{}, "SLN-2026-0002"},
		{contractVisit{team: "CLN"}, "CLN-2026-0001"},
		{contractVisit{created: nextYear}, "SLN-2027-0001"},
		{contractVisit{created: contractT0.Add(time.Hour)}, "SLN-2026-0003"},
	} {
		v := c.create(tc.d)
		if v.Ref != tc.want || v.Version != 1 {
			c.Errorf("visit %d: created as %s version %d, want %s version 1", i+1, v.Ref, v.Version, tc.want)
		}
		if got := c.read(tc.want); got.Ref != tc.want || got.Version != 1 {
			c.Errorf("visit %d: read back as %s version %d", i+1, got.Ref, got.Version)
		}
	}

	v, ch := c.newVisit(contractVisit{})
	v.Ref = "SLN-2026-0042"
	if _, err := c.s.CreateVisit(c.ctx, v, ch); err == nil {
		c.Error("a visit with a reference was created")
	}
	if _, err := c.s.Visit(c.ctx, v.Ref); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("the refused visit: %v, want ErrNotFound", err)
	}
	if n := c.count(); n != 5 {
		c.Errorf("%d visits stored, want 5", n)
	}
}

// contractVersions: each save adds one to the version; unknown references
// are ErrNotFound.
func contractVersions(c *contract) {
	v := c.create(contractVisit{})
	for want := uint64(2); want <= 3; want++ {
		name := fmt.Sprintf("Star Takeaway %d", want)
		v = c.rename(v, name, contractAmy, contractT0.Add(time.Duration(want)*time.Minute))
		if v.Version != want {
			c.Errorf("saved as version %d, want %d", v.Version, want)
		}
		got := c.read(v.Ref)
		if got.Version != want || got.Basics.Premises.Name != name {
			c.Errorf("read back version %d named %q, want %d %q", got.Version, got.Basics.Premises.Name, want, name)
		}
	}
	if _, err := c.s.Visit(c.ctx, "SLN-2026-0099"); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("Visit of an unknown reference: %v, want ErrNotFound", err)
	}
	ghost := *v
	ghost.Ref = "SLN-2026-0099"
	if _, err := c.s.SaveVisit(c.ctx, &ghost, domain.Change{Action: "edited", Actor: contractAmy.StaffNo, At: contractT0}); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("SaveVisit of an unknown reference: %v, want ErrNotFound", err)
	}
	if n := c.count(); n != 1 {
		c.Errorf("%d visits stored, want 1", n)
	}
}

// contractConflict: a save from a stale copy is refused with who saved the
// newer version and when, and changes nothing.
func contractConflict(c *contract) {
	v := c.create(contractVisit{})
	mine, theirs := c.read(v.Ref), c.read(v.Ref)
	at := contractT0.Add(time.Minute)
	c.rename(theirs, "Theirs", contractBen, at)

	_, err := c.edit(mine, contractAmy, contractT0.Add(2*time.Minute), func(b *domain.Basics) { b.Premises.Name = "Mine" })
	var ce *domain.ConflictError
	if !errors.As(err, &ce) {
		c.Fatalf("stale save: %v, want *domain.ConflictError", err)
	}
	if ce.Ref != v.Ref || ce.Version != 1 || ce.Current != 2 || ce.By != "Ben Brown (B2002)" || !ce.At.Equal(at) {
		c.Errorf("conflict = %+v, want %s version 1, current 2, by Ben Brown (B2002) at %s", *ce, v.Ref, at)
	}
	got := c.read(v.Ref)
	if got.Version != 2 || got.Basics.Premises.Name != "Theirs" {
		c.Errorf("after the refusal: version %d named %q, want 2 %q", got.Version, got.Basics.Premises.Name, "Theirs")
	}
	if n := len(c.audit(v.Ref)); n != 2 {
		c.Errorf("%d audit entries after the refusal, want 2", n)
	}

	// Saved by someone with no name on the record: the staff number alone.
	anon := c.read(v.Ref)
	anon.Basics.Premises.Name = "Anon"
	anon.UpdatedAt, anon.UpdatedBy, anon.UpdatedByName = at.Add(time.Hour), "X9999", ""
	if _, err := c.s.SaveVisit(c.ctx, anon, domain.Change{Action: "edited", Actor: "X9999", At: at.Add(time.Hour)}); err != nil {
		c.Fatal(err)
	}
	_, err = c.s.SaveVisit(c.ctx, got, domain.Change{Action: "edited", Actor: contractAmy.StaffNo, At: at.Add(2 * time.Hour)})
	if !errors.As(err, &ce) || ce.By != "X9999" || ce.Version != 2 || ce.Current != 3 || !ce.At.Equal(at.Add(time.Hour)) {
		c.Errorf("stale save after a nameless one: %v, want a conflict with X9999 at version 3", err)
	}
}

// contractAppendOnly: a save that removes or rewrites an append-only entry
// is refused with domain.ErrAppendOnly and changes nothing.
func contractAppendOnly(c *contract) {
	v := c.create(contractVisit{})
	want := contractJSON(c, v)
	if len(v.History) < 2 {
		c.Fatalf("a visit adopted at tasking has %d history entries, want 2", len(v.History))
	}
	for name, spoil := range map[string]func(*domain.Visit){
		"removed":   func(v *domain.Visit) { v.History = v.History[:1] },
		"rewritten": func(v *domain.Visit) { v.History[0].Reason = "never opened" },
	} {
		w := c.read(v.Ref)
		spoil(w)
		_, err := c.s.SaveVisit(c.ctx, w, domain.Change{Action: "edited", Actor: contractAmy.StaffNo, At: contractT0.Add(time.Minute)})
		if !errors.Is(err, domain.ErrAppendOnly) {
			c.Errorf("history entry %s: %v, want ErrAppendOnly", name, err)
		}
	}
	if got := c.read(v.Ref); !reflect.DeepEqual(got, want) {
		c.Errorf("after the refusals: version %d, history %+v", got.Version, got.History)
	}
	if n := len(c.audit(v.Ref)); n != 1 {
		c.Errorf("%d audit entries after the refusals, want 1", n)
	}
}

// contractCopies: what a caller passed in or was given back is its own;
// changing it never changes what is stored. A visit reads back as it was
// saved, as JSON carries it.
func contractCopies(c *contract) {
	in, ch := c.newVisit(contractVisit{})
	v, err := c.s.CreateVisit(c.ctx, in, ch)
	if err != nil {
		c.Fatal(err)
	}
	want := contractJSON(c, v)
	if got := c.read(v.Ref); !reflect.DeepEqual(got, want) {
		c.Errorf("read back:\n%+v\nwant\n%+v", got, want)
	}

	in.Basics.Premises.Name, in.History[0].Reason = "changed after create", "changed after create"
	v.History[1].Reason = "changed after create"
	got := c.read(v.Ref)
	if got.Basics.Premises.Name != "Star Takeaway" || !reflect.DeepEqual(got.History, want.History) {
		c.Errorf("changing the created visit changed the stored one: %q %+v", got.Basics.Premises.Name, got.History)
	}

	got.History[0].Reason, got.Basics.Premises.Name = "changed after read", "changed after read"
	got.History = append(got.History, domain.StateChange{Reason: "appended after read"})
	if again := c.read(v.Ref); !reflect.DeepEqual(again, want) {
		c.Errorf("changing a read visit changed the stored one: %+v", again)
	}

	mine := c.read(v.Ref)
	saved := c.rename(mine, "Renamed", contractAmy, contractT0.Add(time.Minute))
	wantSaved := c.read(v.Ref)
	if !reflect.DeepEqual(wantSaved, contractJSON(c, saved)) {
		c.Errorf("saved visit read back:\n%+v\nwant\n%+v", wantSaved, contractJSON(c, saved))
	}
	mine.History[0].Reason, mine.Basics.Premises.Name = "changed after save", "changed after save"
	if again := c.read(v.Ref); !reflect.DeepEqual(again, wantSaved) {
		c.Errorf("changing a saved visit changed the stored one: %+v", again)
	}

	trail := c.audit(v.Ref)
	wantTrail := contractJSON(c, trail)
	trail[0].Change.Fields[0].New, trail[1].Hash = "changed after read", "changed after read"
	if again := c.audit(v.Ref); !reflect.DeepEqual(again, wantTrail) {
		c.Errorf("changing a read audit trail changed the stored one: %+v", again)
	}
}

// contractCancelled: a create or save with its context ended stores
// nothing and says why.
func contractCancelled(c *contract) {
	v := c.create(contractVisit{})
	ctx, cancel := context.WithCancel(c.ctx)
	cancel()

	nv, ch := c.newVisit(contractVisit{})
	if _, err := c.s.CreateVisit(ctx, nv, ch); !errors.Is(err, context.Canceled) {
		c.Errorf("CreateVisit after cancel: %v, want context.Canceled", err)
	}
	w := c.read(v.Ref)
	w.Basics.Premises.Name = "Cancelled"
	if _, err := c.s.SaveVisit(ctx, w, domain.Change{Action: "edited", Actor: contractAmy.StaffNo, At: contractT0}); !errors.Is(err, context.Canceled) {
		c.Errorf("SaveVisit after cancel: %v, want context.Canceled", err)
	}
	if _, err := c.s.VisitsAtPremises(ctx, v.Basics.Premises); !errors.Is(err, context.Canceled) {
		c.Errorf("VisitsAtPremises after cancel: %v, want context.Canceled", err)
	}
	if got := c.read(v.Ref); got.Version != 1 || got.Basics.Premises.Name != "Star Takeaway" {
		c.Errorf("after the cancelled save: version %d named %q", got.Version, got.Basics.Premises.Name)
	}
	if n := c.count(); n != 1 {
		c.Errorf("%d visits stored, want 1", n)
	}
}

// contractAudit: one entry a version, numbered from 1, chained and
// verifiable; an unknown visit has no trail.
func contractAudit(c *contract) {
	v := c.create(contractVisit{})
	v = c.rename(v, "Second", contractBen, contractT0.Add(time.Minute))
	v = c.rename(v, "Third", contractAmy, contractT0.Add(2*time.Minute))
	trail := c.audit(v.Ref)
	if err := domain.VerifyChain(trail); err != nil {
		c.Errorf("VerifyChain: %v", err)
	}
	want := []struct {
		action string
		actor  domain.StaffNo
		at     time.Time
	}{
		{"created", contractAmy.StaffNo, contractT0},
		{"basics edited", contractBen.StaffNo, contractT0.Add(time.Minute)},
		{"basics edited", contractAmy.StaffNo, contractT0.Add(2 * time.Minute)},
	}
	if len(trail) != len(want) {
		c.Fatalf("%d audit entries, want %d", len(trail), len(want))
	}
	for i, w := range want {
		e := trail[i]
		if e.Ref != v.Ref || e.Seq != uint64(i+1) || e.Change.Action != w.action || e.Change.Actor != w.actor || !e.Change.At.Equal(w.at) {
			c.Errorf("entry %d = %s #%d %q by %s at %s, want %s #%d %q by %s at %s",
				i+1, e.Ref, e.Seq, e.Change.Action, e.Change.Actor, e.Change.At, v.Ref, i+1, w.action, w.actor, w.at)
		}
	}
	if renamed := trail[1].Change.Fields; len(renamed) != 1 || renamed[0].Old != "Star Takeaway" || renamed[0].New != "Second" {
		c.Errorf("entry 2 fields = %+v", renamed)
	}
	if _, err := c.s.Audit(c.ctx, "SLN-2026-0099"); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("Audit of an unknown visit: %v, want ErrNotFound", err)
	}
}

// contractConcurrentCreates: creates at once for one team and year take
// every number once.
func contractConcurrentCreates(c *contract) {
	const workers, each = 4, 5
	var (
		mu   sync.Mutex
		refs []domain.Ref
		wg   sync.WaitGroup
	)
	visits := make([]*domain.Visit, workers*each)
	changes := make([]domain.Change, workers*each)
	for i := range visits {
		visits[i], changes[i] = c.newVisit(contractVisit{start: contractT0.Add(time.Duration(1+i) * time.Hour)})
	}
	for w := range workers {
		wg.Go(func() {
			for i := w * each; i < (w+1)*each; i++ {
				nv, err := c.s.CreateVisit(c.ctx, visits[i], changes[i])
				if err != nil {
					c.Errorf("CreateVisit: %v", err)
					return
				}
				mu.Lock()
				refs = append(refs, nv.Ref)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(refs)
	var want []domain.Ref
	for i := range workers * each {
		want = append(want, domain.FormatRef("SLN", 2026, uint32(i+1)))
	}
	if !slices.Equal(refs, want) {
		c.Errorf("references %v, want %v", refs, want)
	}
	if n := c.count(); n != workers*each {
		c.Errorf("%d visits stored, want %d", n, workers*each)
	}
}

// contractConcurrentSaves: saves at once from the same version: one wins,
// every other is a conflict naming the winner's version.
func contractConcurrentSaves(c *contract) {
	const workers = 4
	v := c.create(contractVisit{})
	copies := make([]*domain.Visit, workers)
	changes := make([]domain.Change, workers)
	for i := range copies {
		copies[i] = c.read(v.Ref)
		b := copies[i].Basics
		b.Premises.Name = fmt.Sprintf("Writer %d", i)
		ch, err := copies[i].EditBasics(b, contractAmy, contractT0.Add(time.Minute))
		if err != nil {
			c.Fatal(err)
		}
		changes[i] = ch
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { _, errs[i] = c.s.SaveVisit(c.ctx, copies[i], changes[i]) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		var ce *domain.ConflictError
		switch {
		case err == nil:
			won++
		case errors.As(err, &ce) && ce.Current == 2 && ce.Version == 1:
		default:
			c.Errorf("writer %d: %v", i, err)
		}
	}
	if won != 1 {
		c.Errorf("%d saves from version 1 succeeded, want 1", won)
	}
	if got := c.read(v.Ref); got.Version != 2 {
		c.Errorf("version %d after the race, want 2", got.Version)
	}
	if err := domain.VerifyChain(c.audit(v.Ref)); err != nil {
		c.Error(err)
	}
}

// contractConcurrentAppends: officers who each only add an entry to the
// live timeline from the same version all have it stored, one on top of
// another, each with its audit entry after the one before, the chain
// whole (domain.MergeAppends); an edit of a field from that version,
// saved after them, is still a conflict naming who saved last.
func contractConcurrentAppends(c *contract) {
	const workers = 4
	start := contractT0.Add(48 * time.Hour)
	v := c.create(contractVisit{start: start})
	if err := Deploy(v, contractAmy, start.Add(-time.Hour)); err != nil {
		c.Fatal(err)
	}
	v, err := c.s.SaveVisit(c.ctx, v, domain.Change{Action: "deployed", Actor: contractAmy.StaffNo, At: start.Add(-time.Hour)})
	if err != nil {
		c.Fatal(err)
	}
	team := []domain.Officer{contractAmy, Silver, Arrest, Driver}
	copies := make([]*domain.Visit, workers)
	changes := make([]domain.Change, workers)
	for i := range copies {
		copies[i] = c.read(v.Ref)
		at := start.Add(time.Duration(i+1) * time.Minute)
		e, err := copies[i].ParseEntry(domain.EntryNote, domain.EntryInput{Text: fmt.Sprintf("Note %d", i)}, at)
		if err != nil {
			c.Fatal(err)
		}
		if changes[i], err = copies[i].Record(e, team[i], at); err != nil {
			c.Fatal(err)
		}
	}
	edit := c.read(v.Ref)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { _, errs[i] = c.s.SaveVisit(c.ctx, copies[i], changes[i]) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			c.Errorf("note %d: %v", i, err)
		}
	}
	got := c.read(v.Ref)
	notes := 0
	for i, e := range got.Timeline {
		if e.Seq != i+1 {
			c.Errorf("entry %d is numbered %d", i+1, e.Seq)
		}
		if e.Kind == domain.EntryNote {
			notes++
		}
	}
	if notes != workers || got.Version != v.Version+workers {
		c.Errorf("%d notes stored at version %d, want %d at %d", notes, got.Version, workers, v.Version+workers)
	}
	trail := c.audit(v.Ref)
	if uint64(len(trail)) != got.Version {
		c.Errorf("%d audit entries for version %d", len(trail), got.Version)
	}
	if err := domain.VerifyChain(trail); err != nil {
		c.Error(err)
	}

	_, err = c.edit(edit, contractAmy, start.Add(10*time.Minute), func(b *domain.Basics) { b.Premises.Name = "Edited" })
	var ce *domain.ConflictError
	if !errors.As(err, &ce) || ce.Current != got.Version || ce.By != got.UpdatedByName+" ("+string(got.UpdatedBy)+")" {
		c.Errorf("an edit from before the notes: %v, want a conflict naming %s at version %d", err, got.UpdatedByName, got.Version)
	}
}
