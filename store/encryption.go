package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"

	"oic/store/internal/sysio"
	"oic/store/vault"
)

// EncryptionError says a folder cannot be opened as asked: encrypted
// without its passphrase, plain with one, or a key file missing where the
// store says one belongs. Nothing was changed.
type EncryptionError struct {
	Dir     string
	Problem string
}

func (e *EncryptionError) Error() string {
	return fmt.Sprintf("the data folder %s %s.\nNothing was changed.", e.Dir, e.Problem)
}

// ErrNeedsPassphrase is wrapped by the error of an encrypted folder
// opened without its vault (NeedsPassphraseError).
var ErrNeedsPassphrase = errors.New("needs its passphrase")

// NeedsPassphraseError is an encrypted folder opened without its vault.
type NeedsPassphraseError struct{ Dir string }

func (e *NeedsPassphraseError) Error() string {
	return fmt.Sprintf("the data folder %s is encrypted: oic needs its passphrase to open it (asked at the terminal, or read from the file OIC_PASSPHRASE_FILE names). Nothing was changed", e.Dir)
}

func (e *NeedsPassphraseError) Unwrap() error { return ErrNeedsPassphrase }

// registry is what Badger's KEYREGISTRY file says of the store in db/.
type registry int

const (
	registryNone      registry = iota // no store yet
	registryPlain                     // a store not encrypted
	registryEncrypted                 // a store encrypted with some key
)

// readRegistry reads the start of Badger's KEYREGISTRY: a 16-byte IV and
// the text "Hello Badger", encrypted with the store's key if it has one
// (key_registry.go in Badger v4.9.6). Only an unencrypted store holds the
// text as it is. A file too short to hold it is left to Badger to judge.
func readRegistry(dbDir string) (registry, error) {
	f, err := os.Open(filepath.Join(dbDir, badger.KeyRegistryFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return registryNone, nil
	}
	if err != nil {
		return registryNone, fmt.Errorf("cannot read the store's key registry: %w", err)
	}
	defer f.Close()
	sanity := []byte("Hello Badger")
	b := make([]byte, 16+len(sanity))
	if _, err := io.ReadFull(f, b); err != nil {
		return registryNone, nil
	}
	if bytes.Equal(b[16:], sanity) {
		return registryPlain, nil
	}
	return registryEncrypted, nil
}

// checkEncryption refuses to open dataDir other than as it is: an
// encrypted folder (it has a key file) without its vault, a plain one
// with a vault, or a store Badger encrypted in a folder whose key file
// is gone (opening it would fail, and making a new one over it would
// lose it). A folder with no store yet is opened as asked: with a vault
// it is made encrypted.
func checkEncryption(dataDir string, v *vault.Vault) error {
	kind, err := vault.Look(dataDir)
	if err != nil {
		return err
	}
	reg, err := readRegistry(DBDir(dataDir))
	if err != nil {
		return err
	}
	refuse := func(problem string) error { return &EncryptionError{Dir: dataDir, Problem: problem} }
	switch {
	case kind == vault.Encrypted && v == nil:
		return &NeedsPassphraseError{Dir: dataDir}
	case v != nil && kind != vault.Encrypted:
		return refuse(fmt.Sprintf("has no key file (%s), so it is not encrypted: it is opened without a passphrase", vault.File))
	case v != nil && filepath.Clean(v.Dir()) != filepath.Clean(dataDir):
		return refuse(fmt.Sprintf("was given the key of another folder (%s)", v.Dir()))
	case v != nil && reg == registryPlain:
		return refuse(fmt.Sprintf("has a key file (%s), but the store in db/ is not encrypted: the key file does not belong to it. Remove %s if it was copied in by mistake", vault.File, vault.File))
	case v == nil && reg == registryEncrypted:
		return refuse(fmt.Sprintf("holds an encrypted store, but its key file %s is missing: without it the records cannot be read. Restore %s from a backup of the folder", vault.File, vault.File))
	}
	return nil
}

// Made says whether dataDir holds a store: a db folder with any file in
// it but Badger's LOCK. A folder without one is new, and may be made
// encrypted.
func Made(dataDir string) (bool, error) {
	entries, err := os.ReadDir(DBDir(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot read the store's folder %s: %w", DBDir(dataDir), err)
	}
	for _, e := range entries {
		if e.Name() != "LOCK" {
			return true, nil
		}
	}
	return false, nil
}

// Held is a LockedError if another process has dataDir's store open, so
// that a command can say so (or hand itself to the oic serve holding it)
// before asking for a passphrase it would not use.
func Held(dataDir string) error {
	dbDir := DBDir(dataDir)
	unlock, held, err := sysio.LockDir(dbDir)
	if err != nil {
		return nil // Badger's opening will say what is wrong
	}
	if held {
		return &LockedError{Dir: dataDir, PID: lockPID(dbDir)}
	}
	unlock()
	return nil
}

// Lock takes Badger's lock on dataDir's store, as an open store holds it,
// without opening it: oic encrypt holds it while it swaps the folders, so
// no oic opens the plain folder in between. A folder held by another
// process is a LockedError.
func Lock(dataDir string) (release func(), err error) {
	dbDir := DBDir(dataDir)
	unlock, held, err := sysio.LockDir(dbDir)
	if err != nil {
		return nil, fmt.Errorf("cannot lock the store in %s: %w", dataDir, err)
	}
	if held {
		return nil, &LockedError{Dir: dataDir, PID: lockPID(dbDir)}
	}
	return unlock, nil
}
