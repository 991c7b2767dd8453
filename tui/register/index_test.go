package register

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"oic/domain"
	"oic/tui/tuitest"
)

// countingVisits counts the summaries a store is asked to scan.
type countingVisits struct {
	domain.Store
	read atomic.Int64
}

func (c *countingVisits) ScanSummaries(ctx context.Context, batch int, fn func([]domain.Summary) error) error {
	return c.Store.ScanSummaries(ctx, batch, func(b []domain.Summary) error {
		c.read.Add(int64(len(b)))
		return fn(b)
	})
}

// Issue 17, section 1: every session's register reads one index. The
// summaries are read from the store once, whichever register asks first;
// the registers hold the same rows, not copies; a change told to every
// session replaces the row once; a resync seen by every session reads the
// store once more, not once per session.
func TestIndexSharedByRegisters(t *testing.T) {
	mem := tuitest.Store(t)
	vs := tuitest.Seed(t, mem, 250)
	st := &countingVisits{Store: mem}
	x := NewIndex(st)
	regs := make([]*Screen, 3)
	for i := range regs {
		regs[i] = NewOn(tuitest.Session(st), x)
		regs[i].SetSize(100, 30)
		settleRegister(t, regs[i], regs[i].Init())
	}
	if n := st.read.Load(); n != 250 {
		t.Fatalf("%d summaries read for three registers, want 250: once", n)
	}
	for i, r := range regs {
		if r.loading || len(r.rows) != 250 || len(r.view) != 250 {
			t.Fatalf("register %d: loading=%v rows=%d view=%d", i, r.loading, len(r.rows), len(r.view))
		}
		if &r.rows[0] != &regs[0].rows[0] {
			t.Errorf("register %d holds a copy of the rows", i)
		}
	}

	v := vs[10]
	tuitest.Rename(t, mem, v.Ref, "Renamed Takeaway", tuitest.CIO, tuitest.Now)
	for _, r := range regs { // each session is told by its own listener
		settleRegister(t, r, r.onEvent(domain.Event{Ref: v.Ref}))
	}
	for i, r := range regs {
		if &r.rows[0] != &regs[0].rows[0] {
			t.Errorf("register %d has a copy of its own after the change", i)
		}
		found := false
		for _, row := range r.rows {
			if row.sum.Ref == v.Ref {
				found = row.sum.Premises == "Renamed Takeaway"
			}
		}
		if !found || len(r.rows) != 250 {
			t.Errorf("register %d: %d rows, the change taken: %v", i, len(r.rows), found)
		}
	}

	for _, r := range regs {
		settleRegister(t, r, r.onEvent(domain.Event{Resync: true}))
	}
	if n := st.read.Load(); n != 500 {
		t.Errorf("%d summaries read after a resync told to three registers, want 500: once more", n)
	}
	for i, r := range regs {
		if len(r.rows) != 250 || &r.rows[0] != &regs[0].rows[0] {
			t.Errorf("register %d after the resync: %d rows, shared %v", i, len(r.rows), &r.rows[0] == &regs[0].rows[0])
		}
	}
}

// The look over every visit at sign-in (the assurance feedback) waits for
// the index's rows rather than reading the store beside it: the store's
// summaries are read once, by the index, however many look; a look that
// cannot wait (the first page not yet drawn) gets nothing, for the caller
// to read the store.
func TestIndexWholeWaitsForEveryRow(t *testing.T) {
	mem := tuitest.Store(t)
	tuitest.Seed(t, mem, 250)
	st := &countingVisits{Store: mem}
	x := NewIndex(st)
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if scan := x.Whole(short); scan != nil {
		t.Fatal("Whole gave a scan before the first page was drawn (Resume)")
	}
	x.Resume()
	looks := make(chan int, 3)
	for range 3 {
		go func() {
			n := 0
			if scan := x.Whole(context.Background()); scan != nil {
				_ = scan(context.Background(), func(b []domain.Summary) error { n += len(b); return nil })
			}
			looks <- n
		}()
	}
	for range 3 {
		if n := <-looks; n != 250 {
			t.Errorf("a look saw %d visits, want 250", n)
		}
	}
	if n := st.read.Load(); n != 250 {
		t.Errorf("%d summaries read from the store for three looks, want 250: the index's one read", n)
	}
}

// The default order is sorted once for every register of the process,
// not by each: registers opened on rows already sorted sort nothing, and
// each one's order is still what a sort of its own would give, its
// officer's rows only.
func TestIndexSortsTheDefaultOrderOnce(t *testing.T) {
	mem := tuitest.Store(t)
	tuitest.Seed(t, mem, 250)
	x := NewIndex(mem)
	odd := func(s domain.Summary) bool { return s.Ref[len(s.Ref)-1]%2 == 1 }
	regs := make([]*Screen, 3)
	var sorted int64
	for i := range regs {
		regs[i] = NewOn(tuitest.Session(mem), x)
		if i > 0 {
			regs[i].sees = odd // an officer who sees some visits only
		}
		regs[i].SetSize(100, 30)
		settleRegister(t, regs[i], regs[i].Init())
		if i == 0 {
			sorted = sorts.Load()
		}
	}
	if n := sorts.Load() - sorted; n != 0 {
		t.Errorf("the registers opened once the rows were read sorted them %d times again", n)
	}
	for i, r := range regs {
		want := sortRows(r.rows, colPlanned, true)
		if r.sees != nil {
			want = slices.DeleteFunc(want, func(ix int32) bool { return !r.sees(r.rows[ix].sum) })
		}
		if len(r.rows) != 250 || !slices.Equal(r.order, want) || !slices.Equal(r.view, want) {
			t.Errorf("register %d: %d rows, its order is not a full sort's (%d of %d)", i, len(r.rows), len(r.order), len(want))
		}
	}
}

// A save moves its row in the default order every register shares, where
// the next register to ask sorted every row again: the order kept is the
// one a sort would give, for a visit changed and for one added.
func TestIndexKeepsTheDefaultOrderAcrossSaves(t *testing.T) {
	mem := tuitest.Store(t)
	vs := tuitest.Seed(t, mem, 250)
	x := NewIndex(mem)
	x.Resume() // as the first register does once its first page is drawn
	if x.Whole(context.Background()) == nil {
		t.Fatal("the index never read every visit")
	}
	x.defaultOrder(x.current().rows)
	moved := vs[17].Summary()
	moved.PlannedStart = moved.PlannedStart.AddDate(0, 0, 40)
	back := vs[200].Summary()
	back.PlannedStart = back.PlannedStart.AddDate(-1, 0, 0)
	added := vs[3].Summary()
	added.Ref = "SLN-2026-9999"
	for _, s := range []domain.Summary{moved, back, added} {
		x.mu.Lock()
		x.putLocked(s, 99)
		x.mu.Unlock()
		rows := x.current().rows
		before := sorts.Load()
		got := x.defaultOrder(rows)
		if n := sorts.Load() - before; n != 0 {
			t.Errorf("%s saved: the default order was sorted again", s.Ref)
		}
		if want := sortRows(rows, colPlanned, true); !slices.Equal(got, want) {
			t.Errorf("%s saved: the order kept is not a sort's", s.Ref)
		}
	}
}
