package serve

import (
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
)

// HostKeyFile is the server's host key in the data folder: what clients
// remember the server by (known_hosts).
const HostKeyFile = "ssh_host_ed25519_key"

// hostKey reads the server's host key from dir, making it on first run
// (Ed25519, readable by its owner alone). A key others may read, or a
// file that is not a key, is refused: the server does not start on a key
// that may have been copied, nor replace one clients already know.
func hostKey(dir string) ([]byte, gossh.Signer, error) {
	path := filepath.Join(dir, HostKeyFile)
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
	sg, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, nil, fmt.Errorf("the host key %s is not an SSH private key (%v); the server did not start. Restore it from a backup, or remove it to make a new one (clients will then warn that the host key changed)", path, err)
	}
	return b, sg, nil
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

// makeHostKey writes a new Ed25519 key to path, never over one there.
func makeHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	blk, err := gossh.MarshalPrivateKey(priv, "oic serve host key")
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
	if _, err := f.Write(pem.EncodeToMemory(blk)); err != nil {
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
