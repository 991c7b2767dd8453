// Package vault keeps a data folder's keys under its passphrase (issue
// 18, section 1). A folder that is encrypted holds a key file (File): a
// random 32-byte data key, which Badger encrypts the store with, wrapped
// with AES-256-GCM under a key derived from the passphrase with Argon2id.
// The derivation's parameters (memory, passes, threads, salt) are kept in
// the key file, so a folder made with one cost is opened with it after
// the default has changed, and tests can make folders cheaply (Cost).
//
// Changing the passphrase rewraps the data key (Rewrap): the store is
// never rewritten. The folder's other secrets (its signing key, the
// server's host key) are sealed with a key derived from the data key
// (Seal, Open), so none lies in plain beside an encrypted store.
//
// A forgotten passphrase cannot be recovered: nothing else opens the data
// key, by design.
package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/argon2"

	"oic/store/internal/sysio"
)

// File is the key file's name in a data folder.
const File = "vault.json"

// PlainFile is the note a folder made with --no-encrypt holds, saying so
// to anyone who looks in it.
const PlainFile = "NOT-ENCRYPTED.txt"

// Params are Argon2id's parameters for one derivation.
type Params struct {
	MemoryKiB uint32 `json:"memory_kib"`
	Time      uint32 `json:"time"`
	Threads   uint8  `json:"threads"`
}

// Cost is what a new key file (or a passphrase changed) is derived with:
// RFC 9106's second recommended setting with two threads, which takes
// about 0.3-0.5 s on the test machine (BENCHMARKS.md, "Encryption at
// rest"). Tests set it low, since the key file records what it was made
// with.
var Cost = productionCost

// productionCost is Cost as oic ships it.
var productionCost = Params{MemoryKiB: 64 << 10, Time: 3, Threads: 2}

// bounds on what a key file may ask of a derivation, so a file edited to
// ask for a terabyte of memory is refused, not obeyed.
const (
	maxMemoryKiB = 4 << 20
	maxTime      = 64
	keySize      = 32
	saltSize     = 16
	format       = 1
)

// keyFile is the key file's content.
type keyFile struct {
	Format  int    `json:"oic_vault"`
	KDF     string `json:"kdf"`
	Params         // memory_kib, time, threads
	Salt    []byte `json:"salt"`
	Cipher  string `json:"cipher"`
	Nonce   []byte `json:"nonce"`
	Wrapped []byte `json:"wrapped_key"`
	Note    string `json:"note,omitempty"`
}

const note = "The data key of this folder's store, wrapped under its passphrase. Without this file and the passphrase the records cannot be read by anyone: keep it with the folder (and in its backups)."

// Vault is an unlocked folder: its data key, and the key its secrets are
// sealed with.
type Vault struct {
	dir     string
	dataKey []byte
	secrets cipher.AEAD
	// passphrase is the one the key file is wrapped under now (nil for a
	// vault whose key file is not yet written): a backup of the folder is
	// encrypted to it (store/backup), so that the passphrase alone
	// restores it. It opens no more than the data key held beside it.
	passphrase []byte
}

// Kind is what a data folder says of its encryption.
type Kind int

const (
	// None: neither a key file nor the plain note: a new folder, or one
	// an oic before encryption made.
	None Kind = iota
	// Encrypted: the folder has a key file.
	Encrypted
	// Plain: the folder was made with --no-encrypt (PlainFile).
	Plain
)

// Look says what dataDir says of its encryption. A key file that is
// there but cannot be read is an error, never taken for none.
func Look(dataDir string) (Kind, error) {
	_, err := os.Lstat(filepath.Join(dataDir, File))
	switch {
	case err == nil:
		return Encrypted, nil
	case !errors.Is(err, fs.ErrNotExist):
		return None, fmt.Errorf("cannot read the folder's key file: %w", err)
	}
	if _, err := os.Lstat(filepath.Join(dataDir, PlainFile)); err == nil {
		return Plain, nil
	}
	return None, nil
}

// Create makes a new key file in dataDir, with a new random data key
// wrapped under passphrase, and returns the vault unlocked. It never
// writes over a key file already there.
func Create(dataDir string, passphrase []byte) (*Vault, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	kf, err := wrap(key, passphrase, Cost)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder: %w", err)
	}
	if err := writeKeyFile(filepath.Join(dataDir, File), kf, true); err != nil {
		return nil, err
	}
	return newVault(dataDir, key, passphrase)
}

// Passphrase is the passphrase the folder's key file is wrapped under, as
// it was given to open or make it; nil if its key file is not written yet.
func (v *Vault) Passphrase() []byte { return bytes.Clone(v.passphrase) }

// newVault is a vault over a data key already unwrapped (under
// passphrase: nil if its key file is not yet written), with the key its
// secrets are sealed with derived from it.
func newVault(dir string, key, passphrase []byte) (*Vault, error) {
	sk, err := hkdf.Key(sha256.New, key, nil, "oic vault: sealed secrets", keySize)
	if err != nil {
		return nil, err
	}
	aead, err := gcm(sk)
	if err != nil {
		return nil, err
	}
	return &Vault{dir: dir, dataKey: key, secrets: aead, passphrase: bytes.Clone(passphrase)}, nil
}

// DataKey is the key Badger encrypts the store with.
func (v *Vault) DataKey() []byte { return bytes.Clone(v.dataKey) }

// Dir is the data folder the vault belongs to.
func (v *Vault) Dir() string { return v.dir }

// Moved is v for its folder once renamed to dir (a restore makes the
// folder under a hidden name, then renames it).
func (v *Vault) Moved(dir string) *Vault {
	m := *v
	m.dir = dir
	return &m
}

// ErrWrongPassphrase is a passphrase that does not open the key file.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// unlock opens the key file at path with passphrase: nothing is written.
func unlock(dataDir string, passphrase []byte) (*Vault, error) {
	kf, err := readKeyFile(filepath.Join(dataDir, File))
	if err != nil {
		return nil, err
	}
	kek := derive(passphrase, kf.Salt, kf.Params)
	aead, err := gcm(kek)
	if err != nil {
		return nil, err
	}
	key, err := aead.Open(nil, kf.Nonce, kf.Wrapped, aad(kf))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return newVault(dataDir, key, passphrase)
}

// Rewrap wraps the data key under a new passphrase, with a new salt and
// today's Cost, and replaces the key file whole or not at all: the store
// is not touched.
func (v *Vault) Rewrap(passphrase []byte) error {
	kf, err := wrap(v.dataKey, passphrase, Cost)
	if err != nil {
		return err
	}
	if err := writeKeyFile(filepath.Join(v.dir, File), kf, false); err != nil {
		return err
	}
	v.passphrase = bytes.Clone(passphrase)
	return nil
}

// WriteKeyFile writes the vault's key file, wrapped under passphrase,
// into dataDir (a new folder, never over a key file): oic encrypt makes
// the new folder's store with the key first, and its key file last.
func (v *Vault) WriteKeyFile(dataDir string, passphrase []byte) error {
	kf, err := wrap(v.dataKey, passphrase, Cost)
	if err != nil {
		return err
	}
	if err := writeKeyFile(filepath.Join(dataDir, File), kf, true); err != nil {
		return err
	}
	v.passphrase = bytes.Clone(passphrase)
	return nil
}

// NewKey is a vault with a new random data key for dataDir, not yet
// written anywhere (WriteKeyFile).
func NewKey(dataDir string) (*Vault, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return newVault(dataDir, key, nil)
}

func wrap(key, passphrase []byte, p Params) (keyFile, error) {
	kf := keyFile{Format: format, KDF: "argon2id", Params: p, Cipher: "AES-256-GCM", Note: note,
		Salt: make([]byte, saltSize), Nonce: make([]byte, 12)}
	if _, err := rand.Read(kf.Salt); err != nil {
		return kf, err
	}
	if _, err := rand.Read(kf.Nonce); err != nil {
		return kf, err
	}
	aead, err := gcm(derive(passphrase, kf.Salt, p))
	if err != nil {
		return kf, err
	}
	kf.Wrapped = aead.Seal(nil, kf.Nonce, key, aad(kf))
	return kf, nil
}

// aad binds the parameters to the wrapped key: a key file whose cost was
// edited down fails to open rather than deriving a weaker key.
func aad(kf keyFile) []byte {
	return fmt.Appendf(nil, "oic vault %d %s %d %d %d %x", kf.Format, kf.KDF, kf.MemoryKiB, kf.Time, kf.Threads, kf.Salt)
}

func derive(passphrase, salt []byte, p Params) []byte {
	return argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, keySize)
}

func gcm(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// readKeyFile reads and checks a key file: anything it cannot vouch for
// is an error naming the file, never a wrong passphrase.
func readKeyFile(path string) (keyFile, error) {
	var kf keyFile
	f, err := os.Open(path)
	if err != nil {
		return kf, fmt.Errorf("cannot read the folder's key file %s: %w", path, sysio.PlainPathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 16<<10))
	if err != nil {
		return kf, fmt.Errorf("cannot read the folder's key file %s: %w", path, sysio.PlainPathError(err))
	}
	damaged := func(why string) error {
		return fmt.Errorf("the folder's key file %s is damaged (%s). Nothing was changed. Restore it from a backup of the folder: without it the records cannot be read", path, why)
	}
	if err := json.Unmarshal(b, &kf); err != nil {
		return kf, damaged(err.Error())
	}
	switch {
	case kf.Format != format:
		return kf, damaged(fmt.Sprintf("format %d; this oic reads %d", kf.Format, format))
	case kf.KDF != "argon2id" || kf.Cipher != "AES-256-GCM":
		return kf, damaged(fmt.Sprintf("key derivation %q, cipher %q", kf.KDF, kf.Cipher))
	case kf.MemoryKiB < 8 || kf.MemoryKiB > maxMemoryKiB || kf.Time < 1 || kf.Time > maxTime || kf.Threads < 1:
		return kf, damaged(fmt.Sprintf("Argon2id parameters out of range: %d KiB, %d passes, %d threads", kf.MemoryKiB, kf.Time, kf.Threads))
	case len(kf.Salt) < 8 || len(kf.Nonce) != 12 || len(kf.Wrapped) != keySize+16:
		return kf, damaged("salt, nonce or wrapped key of the wrong length")
	}
	return kf, nil
}

// writeKeyFile writes kf to path, whole or not at all, readable by its
// owner alone; fresh: never over a file there.
func writeKeyFile(path string, kf keyFile, fresh bool) error {
	b, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	return sysio.WriteAtomic(path, append(b, '\n'), fresh)
}

// MarkPlain writes the note that says the folder is not encrypted, made
// so on purpose (--no-encrypt).
func MarkPlain(dataDir string) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("cannot create the data folder: %w", err)
	}
	err := sysio.WriteAtomic(filepath.Join(dataDir, PlainFile), []byte(PlainWarning+"\n"), true)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// PlainWarning is what a folder made with --no-encrypt says, on stderr
// and in PlainFile.
const PlainWarning = "WARNING: this data folder is NOT encrypted (made with --no-encrypt). " +
	"The personal data in it (names, dates of birth, addresses) lies in plain in its files: " +
	"anyone with the disk can read it. Run oic encrypt to encrypt it."
