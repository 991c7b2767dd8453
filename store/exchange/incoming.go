package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"filippo.io/age"

	"oic/store/agefile"
	"oic/store/internal/sysio"
	"oic/store/vault"
)

// A push (on the server) or a pull (on the laptop) is kept in the data
// folder's incoming/ while it is judged and imported, and after an import
// left unfinished, until the same file finishes it. In an encrypted folder
// it holds visits, names and dates of birth among them, so it is kept
// sealed (issue 18, section 1): encrypted with age to a key made for that
// one file, whose private half is sealed beside it (FILE.key) by the
// folder's vault, and so opens only with the folder's passphrase. Its
// digest and its signature, the sender's, stay those of its plaintext:
// they are checked as it is read, decrypted, never from the disk in plain.

// IncomingKeyFile is the sealed key beside an incoming file at path.
func IncomingKeyFile(path string) string { return path + ".key" }

const incomingKeyName = "incoming transfer key"

// SealIncoming returns what writes the incoming file at path sealed: w
// wrapped in an age encryption to a key made now, whose private half is
// sealed beside the file by v. The caller closes what it returns before
// it closes w. With v nil (a plain folder) w is returned as it is.
func SealIncoming(path string, v *vault.Vault, w io.Writer) (io.WriteCloser, error) {
	if v == nil {
		return nopCloser{w}, nil
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	if err := v.WriteSecret(IncomingKeyFile(path), incomingKeyName, []byte(id.String())); err != nil {
		return nil, fmt.Errorf("cannot keep the key of %s: %w", path, sysio.PlainPathError(err))
	}
	return age.Encrypt(w, id.Recipient())
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// incomingIdentities are the identities that open the incoming file at
// path: its sealed key's, or none for a file kept plain (no key beside
// it: a plain folder's).
func incomingIdentities(path string, v *vault.Vault) ([]age.Identity, error) {
	if _, err := os.Lstat(IncomingKeyFile(path)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if v == nil {
		return nil, fmt.Errorf("%s was sealed by an encrypted folder's key, and this folder is not encrypted: nothing was taken in", path)
	}
	b, err := v.ReadSecret(IncomingKeyFile(path), incomingKeyName)
	if err != nil {
		return nil, fmt.Errorf("cannot open the key of %s: %w; nothing was taken in", path, err)
	}
	id, err := age.ParseX25519Identity(string(b))
	if err != nil {
		return nil, fmt.Errorf("the key of %s is damaged (%v); nothing was taken in", path, err)
	}
	return []age.Identity{id}, nil
}

// OpenIncoming opens the incoming file at path to read its plaintext:
// decrypted as it is read if it is sealed (SealIncoming), as it is if not.
func OpenIncoming(path string, v *vault.Vault) (io.ReadCloser, error) {
	ids, err := incomingIdentities(path, v)
	if err != nil {
		return nil, err
	}
	return openPlaintext(context.Background(), path, ids)
}

// openPlaintext opens the file at path, through an age decryption with
// ids if there are any.
func openPlaintext(ctx context.Context, path string, ids []age.Identity) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	if len(ids) == 0 {
		return f, nil
	}
	head := make([]byte, len(agefile.Magic))
	if n, _ := f.ReadAt(head, 0); !agefile.Encrypted(head[:n]) {
		f.Close()
		return nil, fmt.Errorf("%s should be sealed and is not: nothing was taken in", path)
	}
	plain, err := age.Decrypt(ctxReader{ctx, f}, ids...)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s cannot be opened with its key (%v): nothing was taken in", path, err)
	}
	return readCloser{plain, f}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}
