package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// A value Badger cannot read from its value log (the .vlog file holding
// it missing, cut short or overwritten) is not an error to Badger: it
// writes the cause to its log and hands the reader an empty value
// (Item.Value). A record that is not there must never read as an empty
// one (a visit with no document, a trail with no entries), so every value
// the store reads goes through value, which tells the two apart: a value
// kept in the value log has a size before it is read (Item.ValueSize),
// and an empty one read for it was lost.

// LostValueError says a record cannot be read from the value log: the
// file that holds it is missing, cut short or overwritten. Whoever reads
// the record names it.
type LostValueError struct {
	File  string // the value-log file that should hold it (db/000001.vlog), if Badger said
	Cause string // Badger's own words
}

func (e *LostValueError) Error() string {
	file := "a value-log file (db/*.vlog)"
	if e.File != "" {
		file = e.File
	}
	msg := "it cannot be read from " + file + ", which is missing or damaged"
	if e.Cause != "" {
		msg += " (Badger: " + e.Cause + ")"
	}
	return msg + ". Restore the data folder from a backup"
}

// value calls fn with item's value, or returns a *LostValueError if it
// could not be read.
func value(item *badger.Item, fn func(v []byte) error) error {
	return item.Value(func(v []byte) error {
		if len(v) == 0 && item.ValueSize() > 0 {
			return lostValue(item.Key())
		}
		return fn(v)
	})
}

// valueCopy is item's value in fresh memory, or a *LostValueError.
func valueCopy(item *badger.Item) ([]byte, error) {
	var out []byte
	err := value(item, func(v []byte) error {
		out = append([]byte{}, v...)
		return nil
	})
	return out, err
}

// lostCauses keeps what Badger logged about the values it could not read,
// by key, until value asks after them. Badger's logger is the only place
// it says; every store's log (fileLog) passes it here. A key is kept only
// until it is asked after, and a few hundred at most.
var lostCauses = struct {
	sync.Mutex
	byKey map[string]*LostValueError
}{byKey: map[string]*LostValueError{}}

const maxLostCauses = 256

// lostValue is the error for key's value, with what Badger logged of it.
func lostValue(key []byte) error {
	lostCauses.Lock()
	defer lostCauses.Unlock()
	if e, ok := lostCauses.byKey[string(key)]; ok {
		delete(lostCauses.byKey, string(key))
		return e
	}
	return &LostValueError{}
}

// noteBadgerError picks out of Badger's error messages the two it writes
// when a read of a value fails (badger.Item's yieldItemValue): "Unable to
// read: Key: %v, ... Error: %v", naming the cause, then "Key: %v, ...
// valuePointer: %+v" for each version of the key, the newest (the one
// read) first, naming the file. For the first it returns the key and
// Badger's cause, for the store's own count (fileLog).
func noteBadgerError(format string, args []any) (lostKey []byte, cause string) {
	if len(args) != 5 {
		return nil, ""
	}
	key, ok := args[0].([]byte)
	if !ok {
		return nil, ""
	}
	switch {
	case strings.HasPrefix(format, "Unable to read: Key:"):
		cause = oneLine(fmt.Sprint(args[4]))
		lostCauses.Lock()
		defer lostCauses.Unlock()
		if len(lostCauses.byKey) >= maxLostCauses {
			clear(lostCauses.byKey)
		}
		lostCauses.byKey[string(key)] = &LostValueError{Cause: cause}
		return key, cause
	case strings.HasPrefix(format, "Key: %v, Version"):
		var fid uint32
		// An entry whose value is not in the value log shows {Fid:0 ...};
		// value-log files are numbered from 1.
		if _, err := fmt.Sscanf(fmt.Sprintf("%+v", args[4]), "{Fid:%d", &fid); err != nil || fid == 0 {
			return
		}
		lostCauses.Lock()
		defer lostCauses.Unlock()
		if e, ok := lostCauses.byKey[string(key)]; ok && e.File == "" {
			e.File = filepath.Join("db", fmt.Sprintf("%06d.vlog", fid))
		}
	}
	return nil, ""
}

// unreadable is the error for a record (what: "visit SLN-2026-0001") that
// cannot be read. A value lost from the value log says what to do
// already; bytes that cannot be decoded were changed in the files or
// damaged there (Badger's own checksums, which oic verify has it check,
// say which), and the officer is told so, not just the decoder's words.
func unreadable(what string, err error) error {
	var lost *LostValueError
	if errors.As(err, &lost) {
		return fmt.Errorf("%s is unreadable: %w", what, err)
	}
	return fmt.Errorf("%s is unreadable: its stored bytes were changed outside oic, or damaged (%w). Run oic verify, and restore the data folder from a backup", what, err)
}
