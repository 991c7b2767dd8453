package board

import (
	"context"
	"sync"

	"oic/domain"
)

// Incidents is what each change of a visit said of its incident, read
// once for every session of the process: in team mode every session's
// banner looks at every saved visit (Alerts.Follow), 50 reads of one
// save with 50 sessions (BENCHMARKS.md, "The 50-session load in 100
// ms"). A change is known by its store commit (domain.Event.Seq): the
// first session to look reads the visit, those asking meanwhile wait for
// that reading, and later ones take it, as do those told of an earlier
// change (the visit as it now stands). Only the newest change of each
// visit is kept; a change without a Seq is read by each as before.
type Incidents struct {
	mu sync.Mutex
	m  map[domain.Ref]*reading
}

// reading is one change's look at a visit, done once its fields are set.
type reading struct {
	seq  uint64
	done chan struct{}
	al   Alert
	ver  uint64
	ok   bool
}

// NewIncidents is an empty memory of readings, for the Alerts of every
// session of a process (tui.Options.Incidents).
func NewIncidents() *Incidents { return &Incidents{m: map[domain.Ref]*reading{}} }

// of is what the change seq of ref says: read from st by the first to
// ask, shared with the others.
func (in *Incidents) of(ctx context.Context, st domain.Store, ref domain.Ref, seq uint64) (Alert, uint64, bool) {
	if in == nil || seq == 0 {
		return alertOf(ctx, st, ref)
	}
	in.mu.Lock()
	r, ok := in.m[ref]
	if ok && r.seq >= seq {
		// This change's reading, or a later change's, which says what
		// the visit says now: a session behind the others (its
		// listener drained before the later change) takes it too.
		in.mu.Unlock()
		<-r.done
		return r.al, r.ver, r.ok
	}
	r = &reading{seq: seq, done: make(chan struct{})}
	in.m[ref] = r
	in.mu.Unlock()
	r.al, r.ver, r.ok = alertOf(ctx, st, ref)
	close(r.done)
	return r.al, r.ver, r.ok
}
