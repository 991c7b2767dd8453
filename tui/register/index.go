package register

import (
	"context"
	"slices"
	"sync"

	"oic/domain"
)

// Index is the register's rows, read once from the store and shared by
// every register of the process: in team mode one `oic serve` runs a
// register per SSH session, and 50 sessions over 100,000 visits hold one
// copy of the rows, not 50. A register keeps only its own order and
// filter over them (int32 positions).
//
// The rows are never changed in place: a changed visit's row replaces the
// old in a copy of the slice, and rows read later are appended past the
// end any register has seen, so a register, or its sorting worker, reads
// the slice it was given without a lock. The first register to start
// reads the first page; the rest is read once that page is drawn
// (Resume), so the first frame does not wait on 100,000 rows.
type Index struct {
	st domain.Visits

	mu   sync.Mutex
	rows []*row
	// at is each row's position in rows and the version of the visit it
	// was last put from (0: read by the scan, whose summaries carry
	// none), so that of the sessions told of one change only the first
	// copies the slice, and an older read never replaces a newer.
	at      map[domain.Ref]slot
	load    uint64 // which load of the store is current (a resync starts another)
	ver     uint64 // bumped whenever a row already given out changes
	started bool
	done    bool
	err     error
	resume  chan struct{} // closed by Resume: read past the first page
	resumed bool
	// grew is closed, and replaced, whenever rows grow or change or the
	// load ends, waking the registers waiting for more.
	grew chan struct{}

	// The default order (planned start, newest first) of the rows last
	// asked for, sorted once for every register of the process
	// (defaultOrder), and kept as rows change (keepOrder). om is taken
	// with mu held, never the other way.
	om     sync.Mutex
	oRows  []*row
	oOrder []int32
}

type slot struct {
	i   int32
	ver uint64
}

// NewIndex is an index over st's summaries, read when a register first
// asks.
func NewIndex(st domain.Visits) *Index {
	return &Index{st: st, at: map[domain.Ref]slot{}, grew: make(chan struct{}), resume: make(chan struct{})}
}

// snapshot is the index as a register takes it.
type snapshot struct {
	rows []*row
	load uint64
	ver  uint64
	done bool
	err  error
}

// wait returns the rows once there are more than from of load, or the
// load has ended or been replaced, or ctx ends. The first call starts the
// load.
func (x *Index) wait(ctx context.Context, load uint64, from int) snapshot {
	x.mu.Lock()
	if !x.started {
		x.started = true
		x.startLocked()
	}
	for len(x.rows) <= from && !x.done && x.load == load {
		grew := x.grew
		x.mu.Unlock()
		select {
		case <-grew:
		case <-ctx.Done():
			x.mu.Lock()
			defer x.mu.Unlock()
			return snapshot{rows: x.rows, load: x.load, ver: x.ver, err: ctx.Err()}
		}
		x.mu.Lock()
	}
	defer x.mu.Unlock()
	return snapshot{rows: x.rows, load: x.load, ver: x.ver, done: x.done, err: x.err}
}

// current is the rows as they stand, without waiting, starting the load
// if none has started: a new register's first look.
func (x *Index) current() snapshot {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.started {
		x.started = true
		x.startLocked()
	}
	return snapshot{rows: x.rows, load: x.load, ver: x.ver, done: x.done, err: x.err}
}

// Resume lets the load read past its first page. x.mu is not held.
func (x *Index) Resume() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.resumed {
		x.resumed = true
		close(x.resume)
	}
}

// signalLocked wakes the registers waiting on the index.
func (x *Index) signalLocked() {
	close(x.grew)
	x.grew = make(chan struct{})
}

// startLocked reads every summary, newest first, in growing batches: the
// first page, then, once a register has drawn it (Resume), batches four
// times larger each up to 20,000, so 100,000 rows arrive in a few dozen
// wake-ups. A reload (Reload) ends it.
func (x *Index) startLocked() {
	load := x.load
	resume := x.resume
	go func() {
		target, buf, first := 100, make([]*row, 0, 100), true
		flush := func() bool {
			x.mu.Lock()
			defer x.mu.Unlock()
			if x.load != load {
				return false
			}
			for _, r := range buf {
				if _, put := x.at[r.sum.Ref]; put {
					continue // a change taken from the feed while loading is newer
				}
				x.at[r.sum.Ref] = slot{i: int32(len(x.rows))}
				x.rows = append(x.rows, r)
			}
			x.signalLocked()
			return true
		}
		err := x.st.ScanSummaries(context.Background(), 100, func(batch []domain.Summary) error {
			for _, s := range batch {
				buf = append(buf, newRow(s))
			}
			if len(buf) < target {
				return nil
			}
			if !flush() {
				return context.Canceled
			}
			if first {
				first = false
				<-resume
			}
			target = min(target*4, 20000)
			buf = make([]*row, 0, target)
			return nil
		})
		if !flush() {
			return
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		if x.load == load {
			x.done, x.err = true, err
			x.signalLocked()
		}
	}()
}

// Reload reads the store afresh (the change feed dropped events: Resync),
// unless a reload has started since load, the one the register asking
// holds: one resync seen by 50 sessions is one reload.
func (x *Index) Reload(load uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.load != load || !x.started {
		return
	}
	x.load++
	x.rows, x.done, x.err = nil, false, nil
	x.at = map[domain.Ref]slot{}
	// The new load goes on past its first page at once: the registers
	// asking have drawn theirs long ago. A load still waiting to is let
	// go, to find itself replaced.
	if !x.resumed {
		close(x.resume)
	}
	x.resume, x.resumed = make(chan struct{}), true
	close(x.resume)
	x.signalLocked()
	x.startLocked()
}

// Sync brings ref's row up to date from the store after a change, and
// returns the rows as they then stand and the position of ref's row (-1:
// none). Every session is told of every change; only the first to read
// it copies the slice.
func (x *Index) Sync(ctx context.Context, ref domain.Ref) (snapshot, int32) {
	v, _ := x.st.Visit(ctx, ref)
	x.mu.Lock()
	defer x.mu.Unlock()
	if v != nil { // a record changed outside oic keeps its row
		x.putLocked(v.Summary(), v.Version)
	}
	at := int32(-1)
	if sl, ok := x.at[ref]; ok {
		at = sl.i
	}
	return snapshot{rows: x.rows, load: x.load, ver: x.ver, done: x.done, err: x.err}, at
}

// putLocked replaces or adds one visit's row, copying the slice so that
// registers reading the old one are undisturbed.
func (x *Index) putLocked(s domain.Summary, ver uint64) {
	sl, ok := x.at[s.Ref]
	if ok && ver != 0 && ver <= sl.ver {
		return // this version, or a newer one, is in already
	}
	rows := slices.Clone(x.rows)
	if ok {
		rows[sl.i] = newRow(s)
		x.ver++
	} else {
		sl.i = int32(len(rows))
		rows = append(rows, newRow(s))
	}
	x.keepOrder(x.rows, rows, sl.i, ok)
	sl.ver = ver
	x.at[s.Ref] = sl
	x.rows = rows
	x.signalLocked()
}

// keepOrder carries the default order sorted for old, if it is, over to
// rows, which are old with row i replaced (or added): that row is moved
// to where it now sorts. Every save gives the registers new rows, and
// while sessions signed in together each save had the next of them sort
// all 100,000 again (BENCHMARKS.md, "The 50-session load"). x.mu is held.
func (x *Index) keepOrder(old, rows []*row, i int32, replaced bool) {
	x.om.Lock()
	defer x.om.Unlock()
	if len(old) == 0 || len(x.oRows) != len(old) || &x.oRows[0] != &old[0] {
		return
	}
	// Changed in place: defaultOrder gives each register a copy.
	order := x.oOrder
	if replaced {
		if j := slices.Index(order, i); j >= 0 {
			order = slices.Delete(order, j, j+1)
		}
	}
	pos, _ := slices.BinarySearchFunc(order, i, rowOrder(rows, colPlanned, true))
	x.oRows, x.oOrder = rows, slices.Insert(order, pos, i)
}

// Scan gives a scan of every visit's summary from the rows in memory,
// batch by batch as domain.Visits.ScanSummaries gives them, once the
// index has read every visit; nil while it has not (or its read failed),
// for the caller to read the store. A look over every visit at each
// sign-in (the assurance feedback waiting, tui/feedback) then costs each
// new session a pass over the shared rows, not a scan of the store.
func (x *Index) Scan() func(ctx context.Context, f func([]domain.Summary) error) error {
	x.mu.Lock()
	rows, ok := x.rows, x.done && x.err == nil
	x.mu.Unlock()
	if !ok {
		return nil
	}
	return func(ctx context.Context, f func([]domain.Summary) error) error {
		const batch = 1000
		buf := make([]domain.Summary, 0, batch)
		for i, r := range rows {
			buf = append(buf, r.sum)
			if len(buf) == batch || i == len(rows)-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := f(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		return nil
	}
}

// Whole waits until the index has read every visit and returns its scan
// (Scan); nil if ctx ends first or the read failed, for the caller to
// read the store. The first call starts the load. A look over every visit
// at each sign-in (the assurance feedback) waits for the rows every
// session shares rather than scanning the store's 100,000 summaries while
// the index reads them too: in team mode, sessions signing in together
// each did (BENCHMARKS.md, "The 50-session load in 100 ms").
func (x *Index) Whole(ctx context.Context) func(ctx context.Context, f func([]domain.Summary) error) error {
	x.mu.Lock()
	load := x.load
	x.mu.Unlock()
	for from := 0; ; {
		sn := x.wait(ctx, load, from)
		switch {
		case ctx.Err() != nil || sn.load != load:
			return nil
		case sn.done:
			return x.Scan()
		}
		from = len(sn.rows)
	}
}

// defaultOrder is rows sorted in the register's default order, planned
// start newest first, shared: the caller gets its own copy to filter and
// change. A register sorts its rows whenever they grow while they load
// and whenever it catches up; in team mode 50 sessions starting together
// each sorted the same 100,000 rows again (BENCHMARKS.md, "The
// 50-session load in 100 ms"). Now the first to ask for a set of rows
// sorts it, and those asking meanwhile wait for that sort. The rows are
// never changed in place (the index replaces the slice), so the same
// first row and length are the same rows.
func (x *Index) defaultOrder(rows []*row) []int32 {
	if len(rows) == 0 {
		return nil
	}
	x.om.Lock()
	defer x.om.Unlock()
	if len(x.oRows) != len(rows) || &x.oRows[0] != &rows[0] {
		x.oRows, x.oOrder = rows, sortRows(rows, colPlanned, true)
	}
	return slices.Clone(x.oOrder)
}
