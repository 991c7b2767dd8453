// Package signing holds a data folder's own signing key and the
// signatures it makes and checks: exports are signed in OpenSSH's SSHSIG
// format (namespace "oic-export"), so that central records can check one
// with ssh-keygen -Y verify as well as with oic import, and pin the
// folders they take exports from in an allowed_signers file, as OpenSSH
// does. The key is Ed25519, made on first use and never replaced: central
// records know a folder by it.
package signing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh"

	"oic/store/internal/sysio"
	"oic/store/vault"
)

// Namespace is the SSHSIG namespace of an export's signature: a
// signature made for anything else (a git commit, a file signed by hand
// for another purpose) is never taken for one.
const Namespace = "oic-export"

// BackupNamespace is the namespace of a backup's signature (oic backup),
// so that an export's signature never passes for a backup's, nor the
// other way round.
const BackupNamespace = "oic-backup"

// Folder is where a data folder keeps its signing key, beside its store
// (db/) and outside it: the key is no record, and Badger never sees it.
func Folder(dataDir string) string { return filepath.Join(dataDir, "signing") }

// The files in Folder: the private key in OpenSSH's format (so that
// ssh-keygen can read it too), and the folder's principal, the name
// central records give it in their allowed_signers file.
const (
	keyFile       = "export_ed25519"
	principalFile = "principal"
	// sealedFile is the private key of an encrypted folder, sealed by its
	// vault (store/vault): it never lies in plain beside an encrypted
	// store. The principal is no secret.
	sealedFile = keyFile + ".sealed"
	sealedName = "export signing key"
)

// maxKeyFile bounds what is read of either file: an Ed25519 key in
// OpenSSH's format is about 400 bytes.
const maxKeyFile = 16 << 10

// Key is a data folder's signing key and principal.
type Key struct {
	signer    ssh.Signer
	principal string
}

// Principal is the folder's ID, as "oic-" and 16 hex digits.
func (k *Key) Principal() string { return k.principal }

// PublicKey is the key's public half.
func (k *Key) PublicKey() ssh.PublicKey { return k.signer.PublicKey() }

// Fingerprint is the public key's fingerprint as ssh-keygen -l prints
// it: "SHA256:" and 43 characters of base64.
func (k *Key) Fingerprint() string { return ssh.FingerprintSHA256(k.signer.PublicKey()) }

// AllowedSignersLine is the line central records add to their
// allowed_signers file to pin this folder: its principal, the namespace
// it signs for, and its public key, with no newline.
func (k *Key) AllowedSignersLine() string {
	pub := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k.signer.PublicKey())))
	return fmt.Sprintf("%s namespaces=%q %s", k.principal, Namespace+","+BackupNamespace, pub)
}

// FolderKey is the signing key of the data folder dataDir, made the
// first time it is asked for. A key file that is there but cannot be
// read or is not an Ed25519 key is refused, never replaced: central
// records pin the key, and a new one would make every later export look
// forged to them. The folder must exist. v is the folder's vault if it is
// encrypted (Store.Vault): the key is then kept sealed by it, and a key
// an earlier oic left in plain (before oic encrypt) is sealed and its
// plain file removed. An encrypted folder's key is not read without v.
func FolderKey(dataDir string, v *vault.Vault) (*Key, error) {
	if fi, err := os.Stat(dataDir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("there is no data folder at %s to keep a signing key in: pass --data-dir with the folder whose exports are signed", dataDir)
	}
	if v == nil {
		if k, err := vault.Look(dataDir); err != nil || k == vault.Encrypted {
			return nil, fmt.Errorf("the data folder %s is encrypted: its signing key is sealed, and opens only with the folder's passphrase", dataDir)
		}
	}
	dir := Folder(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the folder %s for the data folder's signing key: %w", dir, sysio.PlainPathError(err))
	}
	keyPath, prinPath := filepath.Join(dir, keyFile), filepath.Join(dir, principalFile)
	if v != nil {
		if err := sealPlainKey(v, keyPath); err != nil {
			return nil, err
		}
		keyPath = filepath.Join(dir, sealedFile)
	}
	// The key is made before the principal, so a principal without its
	// key is a key lost, not one yet to make.
	if _, err := os.Lstat(keyPath); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Lstat(prinPath); err == nil {
			return nil, fmt.Errorf("the data folder's signing key %s is missing, though the folder has a principal (%s): it was deleted or moved. "+
				"Restore %s from a backup of the folder; oic does not make a new key in its place, as central records know the folder by it. "+
				"Nothing was written. If the key is lost for good, remove %s too: oic then makes a new key and principal, and central records must pin the folder again (oic key)",
				keyPath, prinPath, keyPath, prinPath)
		}
		if err := makeKey(keyPath, v); err != nil {
			return nil, err
		}
	}
	if _, err := os.Lstat(prinPath); errors.Is(err, fs.ErrNotExist) {
		if err := makePrincipal(prinPath); err != nil {
			return nil, err
		}
	}
	signer, err := readKey(keyPath, v)
	if err != nil {
		return nil, err
	}
	principal, err := readPrincipal(prinPath)
	if err != nil {
		return nil, err
	}
	return &Key{signer: signer, principal: principal}, nil
}

// sealPlainKey seals the plain key at plainPath, if there is one, beside
// it, and removes the plain one once the sealed one is written and reads
// back as the same key: a folder converted by oic encrypt keeps the key
// central records know it by. Killed part-way, the plain key is still
// there, and is sealed again next time (the sealed file, if made, wins).
func sealPlainKey(v *vault.Vault, plainPath string) error {
	if _, err := os.Lstat(plainPath); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	b, err := readFile(plainPath, "signing key")
	if err != nil {
		return err
	}
	if _, err := parseKey(plainPath, b); err != nil {
		return err
	}
	sealed := filepath.Join(filepath.Dir(plainPath), sealedFile)
	if err := v.WriteSecret(sealed, sealedName, b); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	got, err := v.ReadSecret(sealed, sealedName)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, b) {
		return refused(sealed, "signing key", "it is not the key "+keyFile+" beside it holds; remove the one that is wrong")
	}
	return os.Remove(plainPath)
}

// makeKey writes a new Ed25519 key to path, readable by its owner
// alone, whole or not at all, and never over a file already there (made
// by another oic at the same moment: then that one is used); sealed by v
// if it is not nil.
func makeKey(path string, v *vault.Vault) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("cannot make a signing key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "oic export signing key")
	if err != nil {
		return fmt.Errorf("cannot make a signing key: %w", err)
	}
	if v != nil {
		if err := v.WriteSecret(path, sealedName, pem.EncodeToMemory(block)); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		return nil
	}
	return writeNew(path, pem.EncodeToMemory(block))
}

// makePrincipal writes a new principal to path, as makeKey does a key.
func makePrincipal(path string) error {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return fmt.Errorf("cannot make the folder's principal: %w", err)
	}
	return writeNew(path, []byte("oic-"+hex.EncodeToString(id[:])+"\n"))
}

// writeNew writes b to path unless a file is there already, which wins.
func writeNew(path string, b []byte) error {
	if err := sysio.WriteAtomic(path, b, true); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// readFile reads one of the key's files, bounded.
func readFile(path, what string) ([]byte, error) {
	b, err := readBounded(path, maxKeyFile)
	if err != nil {
		return nil, refused(path, what, sysio.PlainPathError(err).Error())
	}
	if len(b) > maxKeyFile {
		return nil, refused(path, what, fmt.Sprintf("it is over %d kB, far longer than a key", maxKeyFile>>10))
	}
	return b, nil
}

// refused says that a file of the key cannot be used, and what to do.
func refused(path, what, why string) error {
	return fmt.Errorf("the data folder's %s %s cannot be used: %s. "+
		"oic never replaces it (central records know the folder by its key): restore %s from a backup of the folder. Nothing was written",
		what, path, why, filepath.Base(path))
}

// readKey reads the private key at path: an Ed25519 key in OpenSSH's
// format, unencrypted, or sealed by v if it is not nil.
func readKey(path string, v *vault.Vault) (ssh.Signer, error) {
	var b []byte
	var err error
	if v != nil {
		b, err = v.ReadSecret(path, sealedName)
	} else {
		b, err = readFile(path, "signing key")
	}
	if err != nil {
		return nil, err
	}
	return parseKey(path, b)
}

// parseKey reads the private key b, read from path.
func parseKey(path string, b []byte) (ssh.Signer, error) {
	raw, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return nil, refused(path, "signing key", "it is not an OpenSSH private key oic can read ("+err.Error()+")")
	}
	var priv ed25519.PrivateKey
	switch k := raw.(type) {
	case ed25519.PrivateKey:
		priv = k
	case *ed25519.PrivateKey:
		priv = *k
	default:
		return nil, refused(path, "signing key", fmt.Sprintf("it is a %T, not an Ed25519 key", raw))
	}
	if len(priv) != ed25519.PrivateKeySize || !bytes.Equal(priv.Public().(ed25519.PublicKey), ed25519.NewKeyFromSeed(priv.Seed()).Public().(ed25519.PublicKey)) {
		return nil, refused(path, "signing key", "its public half does not belong to its private half")
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, refused(path, "signing key", err.Error())
	}
	return signer, nil
}

// readPrincipal reads the principal at path: "oic-" and 16 hex digits,
// on a line of its own.
func readPrincipal(path string) (string, error) {
	b, err := readFile(path, "principal")
	if err != nil {
		return "", err
	}
	p := strings.TrimSuffix(string(b), "\n")
	if !validPrincipal(p) {
		return "", refused(path, "principal", `it should hold "oic-" and 16 hex digits on one line`)
	}
	return p, nil
}

func validPrincipal(p string) bool {
	rest, ok := strings.CutPrefix(p, "oic-")
	if !ok || len(rest) != 16 || strings.ToLower(rest) != rest {
		return false
	}
	_, err := hex.DecodeString(rest)
	return err == nil
}
