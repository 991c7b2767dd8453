package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"

	"oic/store/vault"
)

// Backups (store/backup): the whole store as Badger's own backup stream,
// a protobuf list of every key's latest value, from one consistent
// snapshot, so saves made while it runs are either in it whole or not at
// all. Full backups only: an incremental one (since > 0) has known
// pitfalls (dgraph-io/badger issue 2060).

// Backup writes the whole store to w, as it stands at one moment.
func (s *Store) Backup(w io.Writer) error {
	_, err := s.db.Backup(w, 0)
	return err
}

// LoadBackup makes a new store in dataDir from a backup stream (Backup)
// and closes it, encrypted with v's data key if v is not nil (the vault
// of dataDir: the folder's key file is written before its store). dataDir
// must hold no store yet. Writes are synced once,
// at the end, before it returns: a load cut short leaves a folder the
// caller removes (store/backup writes into a hidden folder and renames
// it only once whole).
func LoadBackup(dataDir string, r io.Reader, v *vault.Vault) error {
	if _, err := os.Stat(DBDir(dataDir)); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s already holds a store: a backup is loaded only into a new folder", dataDir)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	logf, err := openLog(filepath.Join(dataDir, "badger.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	opt := options_(DBDir(dataDir), logf).WithSyncWrites(false)
	if v != nil {
		opt = encrypted(opt, v.DataKey())
	}
	db, err := badger.Open(opt)
	if err != nil {
		return fmt.Errorf("cannot make the store in %s: %w", dataDir, err)
	}
	if err := db.Load(r, 256); err != nil {
		db.Close()
		return err
	}
	if err := db.Sync(); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}
