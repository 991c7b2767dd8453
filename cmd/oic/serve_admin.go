package main

import (
	"sync"

	"oic/store"
)

// adminWatch says whether the served folder has an administrator
// (administered), read again only after a change to an officer: each
// session asked the store, which decoded every officer's profile, an
// eighth of a session's start's CPU (BENCHMARKS.md, issue 17).
type adminWatch struct {
	s     *store.Store
	mu    sync.Mutex
	known bool
	admin bool
	stale uint64 // changes to officers seen; a reading taken before one is not kept
}

// watchAdmin follows s's officers from now on, until s closes.
func watchAdmin(s *store.Store) *adminWatch {
	w := &adminWatch{s: s}
	events, _ := s.Listen()
	go func() {
		for ev := range events {
			if ev.Officer != "" || ev.Resync {
				w.mu.Lock()
				w.known = false
				w.stale++
				w.mu.Unlock()
			}
		}
	}()
	return w
}

// administered is administered(s), as of the last change to an officer.
func (w *adminWatch) administered() bool {
	w.mu.Lock()
	if w.known {
		defer w.mu.Unlock()
		return w.admin
	}
	at := w.stale
	w.mu.Unlock()
	admin := administered(w.s)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stale == at {
		w.known, w.admin = true, admin
	}
	return admin
}
