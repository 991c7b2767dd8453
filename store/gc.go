package store

import (
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Visit documents and audit entries live in Badger's value log. Each save
// of a visit writes a new document, and the one it replaces stays in the
// log as garbage until the log is rewritten. gcEvery is how often a long
// session asks Badger to rewrite a log file that is at least half garbage;
// a quick command never waits for it.
const gcEvery = 10 * time.Minute

// collect runs value-log GC every gcEvery until stop is closed.
func (s *Store) collect(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(gcEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.CollectGarbage(stop)
		}
	}
}

// CollectGarbage rewrites value-log files that are mostly superseded
// values, one at a time, until none is worth rewriting or stop closes.
func (s *Store) CollectGarbage(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		// A rewrite copies what is still live of a file at least half
		// garbage into the log being written: up to half a file.
		// A file Badger holds locked (heldByBadger) would stall the
		// rewrite, and every save after it, for good.
		if s.log.heldByBadger() != "" || s.CheckRoom(s.db.Opts().ValueLogFileSize/2) != nil {
			return
		}
		s.mapMu.Lock()
		err := s.db.RunValueLogGC(0.5)
		s.mapMu.Unlock()
		if err != nil {
			if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
				s.log.Warningf("value log GC: %v", err)
			}
			return
		}
	}
}
