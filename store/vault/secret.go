package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"oic/store/internal/sysio"
)

// A sealed secret is sealMagic, a 12-byte nonce, and the secret sealed
// with AES-256-GCM under a key derived from the data key, its name bound
// in (so one secret's file cannot stand in for another's).
var sealMagic = []byte("oic-sealed-1\n")

// maxSecret bounds what is read of a sealed file: keys are small.
const maxSecret = 64 << 10

// Seal seals the secret called name.
func (v *Vault) Seal(name string, plain []byte) ([]byte, error) {
	nonce := make([]byte, v.secrets.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append(bytes.Clone(sealMagic), nonce...)
	return v.secrets.Seal(out, nonce, plain, []byte(name)), nil
}

// ErrNotSealed is a file that is not a secret sealed by this vault.
var ErrNotSealed = errors.New("not sealed by this folder's key (damaged, or from another folder)")

// Open opens the secret called name that Seal sealed.
func (v *Vault) Open(name string, sealed []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(sealed, sealMagic)
	n := v.secrets.NonceSize()
	if !ok || len(rest) < n {
		return nil, ErrNotSealed
	}
	plain, err := v.secrets.Open(nil, rest[:n], rest[n:], []byte(name))
	if err != nil {
		return nil, ErrNotSealed
	}
	return plain, nil
}

// WriteSecret seals plain as name into a new file at path (0600), whole
// or not at all, never over a file there: the error then wraps
// fs.ErrExist.
func (v *Vault) WriteSecret(path, name string, plain []byte) error {
	b, err := v.Seal(name, plain)
	if err != nil {
		return err
	}
	return sysio.WriteAtomic(path, b, true)
}

// ReadSecret opens the secret called name from the file at path. A file
// not there wraps fs.ErrNotExist.
func (v *Vault) ReadSecret(path, name string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecret+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	plain, err := v.Open(name, b)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be used: %w. Nothing was changed; restore it from a backup of the folder", path, err)
	}
	return plain, nil
}
