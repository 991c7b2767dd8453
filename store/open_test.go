package store

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// rawDB opens the Badger files of a closed store directly, as the tests'
// stand-in for an older or newer oic, or for damage.
func rawDB(t *testing.T, dir string) *badger.DB {
	t.Helper()
	db, err := badger.Open(badger.DefaultOptions(DBDir(dir)).WithLogger(nil))
	if err != nil {
		t.Fatalf("opening the Badger files directly: %v", err)
	}
	return db
}

// dump returns every key and value of a closed store.
func dump(t *testing.T, dir string) map[string]string {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	return dbState(t, db)
}

// dbState is every key and value db holds.
func dbState(t *testing.T, db *badger.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = string(v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFreshStoreRecordsSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "new", "folder"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir() != filepath.Join(dir, "new", "folder") {
		t.Errorf("Dir() = %s", s.Dir())
	}
	s.Close()
	kv := dump(t, filepath.Join(dir, "new", "folder"))
	if got := kv["m/schema"]; got != string(binary.BigEndian.AppendUint64(nil, SchemaVersion)) {
		t.Fatalf("m/schema = %x, want %d as 8 bytes", got, SchemaVersion)
	}
	// Badger's messages go to the log file, not the terminal.
	if _, err := os.Stat(filepath.Join(dir, "new", "folder", "badger.log")); err != nil {
		t.Errorf("no badger.log: %v", err)
	}
	// Reopening a current store is fine and changes nothing.
	s, err = Open(filepath.Join(dir, "new", "folder"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestNewerSchemaIsRefused(t *testing.T) {
	s, dir := openStore(t)
	create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	s.Close()

	db := rawDB(t, dir)
	if err := db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte("m/schema"), binary.BigEndian.AppendUint64(nil, SchemaVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := dump(t, dir)

	s2, err := Open(dir)
	var se *SchemaError
	if !errors.As(err, &se) {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("Open of a newer store: %v, want *SchemaError", err)
	}
	if se.Found != SchemaVersion+1 || se.Handles != SchemaVersion || se.Dir != dir {
		t.Errorf("SchemaError = %+v", se)
	}
	if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, "Nothing was changed") {
		t.Errorf("message: %s", msg)
	}
	after := dump(t, dir)
	if len(before) != len(after) {
		t.Fatalf("refusing the store changed it: %d keys before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Fatalf("refusing the store changed %q", k)
		}
	}

	// And the refusal released the folder: Badger can open it again.
	rawDB(t, dir).Close()
}

func TestDamagedSchemaMarker(t *testing.T) {
	s, dir := openStore(t)
	s.Close()
	db := rawDB(t, dir)
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("m/schema"), []byte{1, 2, 3}) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(dir)
	if err == nil {
		s.Close()
		t.Fatal("a store with a damaged format marker opened")
	}
	if !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "format marker") {
		t.Errorf("message: %v", err)
	}
}

func TestLockedInProcess(t *testing.T) {
	s, dir := openStore(t)
	s2, err := Open(dir)
	var le *LockedError
	if !errors.As(err, &le) {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("second Open: %v, want *LockedError", err)
	}
	if le.Dir != dir || le.PID != os.Getpid() {
		t.Errorf("LockedError = %+v, want %s and pid %d", le, dir, os.Getpid())
	}
	msg := err.Error()
	if !strings.Contains(msg, dir) || !strings.Contains(msg, strconv.Itoa(os.Getpid())) {
		t.Errorf("message does not name the folder and the process: %s", msg)
	}
	if strings.Contains(msg, "Badger") || strings.Contains(msg, "directory lock") {
		t.Errorf("message leaks Badger's wording: %s", msg)
	}
	// The failed Open did not disturb the first.
	create(t, s, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	checkStore(t, s)
}

func TestLockedErrorWithoutPID(t *testing.T) {
	msg := (&LockedError{Dir: "/data/oic"}).Error()
	if !strings.Contains(msg, "/data/oic") || strings.Contains(msg, "process 0") {
		t.Errorf("message: %s", msg)
	}
}

func TestLogRotates(t *testing.T) {
	dir := t.TempDir()
	big := slices.Repeat([]byte("x"), maxLog+1)
	if err := os.WriteFile(filepath.Join(dir, "badger.log"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Rotation happens once the lock is held, so the old log also holds
	// Badger's messages from opening.
	if fi, err := os.Stat(filepath.Join(dir, "badger.log.1")); err != nil || fi.Size() < int64(len(big)) {
		t.Errorf("badger.log.1: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "badger.log")); err != nil || fi.Size() > maxLog {
		t.Errorf("badger.log was not rotated: %v", err)
	}
}

// A second oic refused the lock must not move the log of the one holding it.
func TestRefusedOpenLeavesLogAlone(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	big := slices.Repeat([]byte("x"), maxLog+1)
	if err := os.WriteFile(filepath.Join(dir, "badger.log"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil {
		t.Fatal("second open succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "badger.log.1")); err == nil {
		t.Fatal("a refused open rotated the holder's log")
	}
}

// A held store stays open through a command's Close, and closes when
// released.
func TestHoldKeepsTheStoreOpen(t *testing.T) {
	s, _ := openStore(t)
	release := s.Hold()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSignedIn(context.Background(), "A1001"); err != nil {
		t.Fatalf("the store after Close while held: %v", err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSignedIn(context.Background(), "A1001"); err == nil {
		t.Fatal("the store still writes once released")
	}
}
