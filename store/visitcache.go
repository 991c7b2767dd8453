package store

import (
	"errors"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// In team mode every session of `oic serve` is told of every save, and
// most of them read the saved visit again: the open visit's screen, the
// incident banner, the register's shared rows, a form open on it. Each
// read was the record's bytes read, its seal hashed and its JSON decoded,
// once a session, so 50 sessions paid for one save 50 times. The store
// now keeps the visits it has decoded lately, each under the Badger
// versions of the three keys a read depends on (the record, its derived
// part, the head of its trail): a read that finds the same versions takes
// a copy of the decoded visit (domain.Visit.Clone) and its seal's verdict,
// and sessions asking for a version being decoded wait for that one
// decoding. Any write to any of the three keys, by oic or not, gives it a
// new version, so a cached visit is never one the store no longer holds.

// visitCacheMax bounds the visits kept. Sessions look at a few visits at
// a time (today's deployed visits, the ones open), and the one read
// longest ago makes way: reads of many visits once each (the assurance
// feedback looked for at each sign-in, an export) pass through without
// pushing out the visits every session reads at each save.
const visitCacheMax = 128

type visitCache struct {
	mu   sync.Mutex
	m    map[domain.Ref]*cachedVisit
	tick uint64 // counts reads, for used
}

// cachedVisit is one decoded visit. done is closed once v and seal are
// set, or once its reading failed (v nil), for those waiting on it.
type cachedVisit struct {
	vers [3]uint64
	done chan struct{}
	v    *domain.Visit
	seal error
	used uint64 // the tick of its last read
}

// versions are the Badger versions of ref's record, its derived part and
// its trail's head (0 for a key absent), and ok false if the record
// itself is absent or could not be looked up.
func versions(txn *badger.Txn, ref domain.Ref) (vers [3]uint64, ok bool) {
	for i, k := range [][]byte{visitKey(ref), derivedKey(ref), headKey(ref)} {
		item, err := txn.Get(k)
		switch {
		case err == nil:
			vers[i] = item.Version()
		case errors.Is(err, badger.ErrKeyNotFound) && i > 0:
		default:
			return vers, false
		}
	}
	return vers, true
}

// get is the visit cached for ref at vers, its copy made for the caller;
// or, if another reader is decoding that version, what it decodes; or
// else an entry for the caller to fill (fill), which readers of the same
// version then wait for.
func (c *visitCache) get(ref domain.Ref, vers [3]uint64) (v *domain.Visit, seal error, fill *cachedVisit) {
	c.mu.Lock()
	c.tick++
	e, ok := c.m[ref]
	if !ok || e.vers != vers {
		if c.m == nil {
			c.m = map[domain.Ref]*cachedVisit{}
		}
		if !ok && len(c.m) >= visitCacheMax {
			c.evictLocked()
		}
		e = &cachedVisit{vers: vers, done: make(chan struct{}), used: c.tick}
		c.m[ref] = e
		c.mu.Unlock()
		return nil, nil, e
	}
	e.used = c.tick
	c.mu.Unlock()
	<-e.done
	if e.v == nil {
		return nil, nil, nil // its reading failed: the caller reads for itself
	}
	return e.v.Clone(), e.seal, nil
}

// evictLocked drops the visit read longest ago: a look through at most
// visitCacheMax entries, when a visit not kept is read.
func (c *visitCache) evictLocked() {
	var old domain.Ref
	least := ^uint64(0)
	for r, e := range c.m {
		if e.used < least {
			old, least = r, e.used
		}
	}
	delete(c.m, old)
}

// put records what the reader of e found (v nil: nothing to keep) and
// wakes those waiting on it. A failed read leaves the entry for the next
// reader to try again.
func (c *visitCache) put(ref domain.Ref, e *cachedVisit, v *domain.Visit, seal error) {
	if v == nil {
		c.mu.Lock()
		if c.m[ref] == e {
			delete(c.m, ref)
		}
		c.mu.Unlock()
		close(e.done)
		return
	}
	e.v, e.seal = v.Clone(), seal
	close(e.done)
}
