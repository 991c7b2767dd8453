package store

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// Badger writes its logs and tables through memory-mapped files. There,
// a disk that fills is not an error a write returns but a fatal signal
// (SIGBUS) when a page is touched: the process dies, mid-frame, with the
// terminal left in the TUI's screen and whatever was being typed lost.
// So every write asks first whether the disk has room for it and for
// what Badger may go on to write of its own accord, and is refused with
// a NoRoomError, writing nothing, when it has not.

// minFree is the room every write leaves free, for what Badger writes
// after it, unasked, through its mapped files. With options_'s settings:
// a full memtable written out as a level-0 table (8 MB); then, once five
// such tables wait (Badger's default), their merge with level 1 (10 MB
// by default) into new tables written before the old are removed (50 MB
// more); and the log of the next memtable (8 MB): 66 MB, rounded up. A
// save itself is tens of kilobytes. TestMinFreeCoversBadger holds it to
// options_.
const minFree = 80 << 20

// NoRoomError says a write was refused because the disk holding the
// store has too little space left to take it safely. Nothing was written.
type NoRoomError struct {
	Dir        string
	Free, Need uint64 // bytes
}

func (e *NoRoomError) Error() string {
	return fmt.Sprintf("the disk holding %s has %s free, and oic keeps %s free so that its store is never damaged; nothing was written. "+
		"Free some space on that disk, then save again", e.Dir, megabytes(e.Free), megabytes(e.Need))
}

// Is makes a NoRoomError a domain.ErrNoRoom.
func (e *NoRoomError) Is(target error) bool { return target == domain.ErrNoRoom }

func megabytes(n uint64) string {
	if n < 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// CheckRoom refuses, with a NoRoomError, a write of about n bytes that
// would leave less than minFree on the store's disk.
func (s *Store) CheckRoom(n int64) error {
	free, err := s.free(DBDir(s.dir))
	if err != nil {
		// Not knowing is no reason to refuse an officer's save: the
		// store writes as it always has, and says why in its log.
		if !errors.Is(err, errors.ErrUnsupported) {
			s.log.Warningf("cannot tell the free space on %s: %v", s.dir, err)
		}
		return nil
	}
	need := uint64(minFree) + uint64(max(n, 0))
	if free < need {
		return &NoRoomError{Dir: s.dir, Free: free, Need: need}
	}
	return nil
}

// update is db.Update once there is room for it.
func (s *Store) update(fn func(txn *badger.Txn) error) error {
	if err := s.CheckRoom(0); err != nil {
		return err
	}
	return s.db.Update(fn)
}
