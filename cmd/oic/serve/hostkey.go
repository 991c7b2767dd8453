package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	gossh "golang.org/x/crypto/ssh"

	"oic/store/vault"
)

// HostKeyFile is the server's host key in the data folder: what clients
// remember the server by (known_hosts).
const HostKeyFile = "ssh_host_ed25519_key"

// sealedHostKey is the host key of an encrypted folder, sealed by its
// vault (store/vault): it never lies in plain beside an encrypted store.
const sealedHostKey = HostKeyFile + ".sealed"

const sealedName = "ssh host key"

// hostKey reads the server's host key from dir, making it on first run
// (Ed25519, readable by its owner alone). A key others may read, or a
// file that is not a key, is refused: the server does not start on a key
// that may have been copied, nor replace one clients already know. v is
// the folder's vault if it is encrypted: the key is then kept sealed, and
// one an earlier oic left in plain is sealed and its plain file removed,
// so clients keep knowing the server by it.
func hostKey(dir string, v *vault.Vault) ([]byte, gossh.Signer, error) {
	path := filepath.Join(dir, HostKeyFile)
	if v != nil {
		return sealedKey(path, v)
	}
	b, err := readHostKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := makeHostKey(path); err != nil {
			return nil, nil, err
		}
		b, err = readHostKey(path)
	}
	if err != nil {
		return nil, nil, err
	}
	return parseHostKey(path, b)
}

func parseHostKey(path string, b []byte) ([]byte, gossh.Signer, error) {
	sg, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, nil, fmt.Errorf("the host key %s is not an SSH private key (%v); the server did not start. Restore it from a backup, or remove it to make a new one (clients will then warn that the host key changed)", path, err)
	}
	return b, sg, nil
}

// sealedKey is hostKey for an encrypted folder: plainPath's key sealed.
func sealedKey(plainPath string, v *vault.Vault) ([]byte, gossh.Signer, error) {
	sealed := filepath.Join(filepath.Dir(plainPath), sealedHostKey)
	plain, err := readHostKey(plainPath)
	switch {
	case err == nil:
		if _, _, err := parseHostKey(plainPath, plain); err != nil {
			return nil, nil, err
		}
		if err := v.WriteSecret(sealed, sealedName, plain); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, nil, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, nil, err
	}
	b, err := v.ReadSecret(sealed, sealedName)
	if errors.Is(err, fs.ErrNotExist) {
		pemBytes, merr := newHostKey()
		if merr != nil {
			return nil, nil, merr
		}
		if err := v.WriteSecret(sealed, sealedName, pemBytes); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, nil, fmt.Errorf("making the host key: %w", err)
		}
		b, err = v.ReadSecret(sealed, sealedName)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("the server's host key: %w; the server did not start", err)
	}
	if plain != nil {
		if !bytes.Equal(plain, b) {
			return nil, nil, fmt.Errorf("the host key %s is not the one %s holds; the server did not start. Remove the one that is wrong", plainPath, sealed)
		}
		// Sealed and read back: the plain copy goes.
		if err := os.Remove(plainPath); err != nil {
			return nil, nil, err
		}
	}
	return parseHostKey(sealed, b)
}

func readHostKey(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("the host key %s is not a plain file; the server did not start. Put the key itself there", path)
	}
	// Windows keeps no such mode bits: the folder's own access applies.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the host key %s can be read by others (mode %04o); the server did not start. Run chmod 600 %s, if it cannot have been copied, or remove it to make a new one (clients will then warn that the host key changed)", path, fi.Mode().Perm(), path)
	}
	return os.ReadFile(path)
}

// newHostKey is a new Ed25519 key in OpenSSH's format.
func newHostKey() ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	blk, err := gossh.MarshalPrivateKey(priv, "oic serve host key")
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(blk), nil
}

// makeHostKey writes a new Ed25519 key to path, never over one there.
func makeHostKey(path string) error {
	b, err := newHostKey()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("making the host key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("making the host key %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("making the host key %s: %w", path, err)
	}
	return f.Close()
}

// SealHostKey seals dir's plain host key, if it has one, with v, and
// removes the plain one: oic encrypt, converting a server's folder, keeps
// the key clients know the server by.
func SealHostKey(dir string, v *vault.Vault) error {
	if _, err := os.Lstat(filepath.Join(dir, HostKeyFile)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	_, _, err := hostKey(dir, v)
	return err
}
