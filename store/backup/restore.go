package backup

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store"
	"oic/store/agefile"
	"oic/store/exchange"
	"oic/store/exchange/signing"
	"oic/store/internal/sysio"
	"oic/store/vault"
)

// RestoreOptions describe a restore.
type RestoreOptions struct {
	// Identities and Passphrase decrypt an encrypted backup: the
	// identities it was encrypted to (--identity), or the passphrase of
	// the folder it was taken from.
	Identities []age.Identity
	Passphrase []byte
	// AllowedSigners, if set, is an allowed_signers file that must list
	// the key that signed the backup for namespace oic-backup; without
	// one, the signature is checked against the folder key the backup
	// carries, which finds damage but not a forger (Restored.Pinned).
	AllowedSigners string
	// Vault, if set, is asked for the restored folder's vault once the
	// backup's own files are written in it (dir, a hidden folder beside
	// the one restored): the one the backup carries, unlocked, if it is of
	// an encrypted folder; a new one, or nil for a plain folder, if not.
	Vault func(dir string) (*vault.Vault, error)
	At    time.Time
	// Progress, if set, hears how far each phase has read ("checking",
	// "restoring"), in bytes of the file.
	Progress func(phase string, done, total int64)
}

// Restored says what was restored.
type Restored struct {
	Header      Header
	SHA256      string
	Fingerprint string
	// Pinned is the allowed_signers file that listed the signer, or "".
	Pinned     string
	Principals string
}

// Restore checks the backup at path (its digest and signature, over the
// whole file, and that ids or the passphrase decrypt it) and only then
// makes dataDir from it: a folder that is not there or is empty, never
// any other. It is made under a hidden name beside dataDir, decrypting
// and reading the records out of their frames as they are written, and
// renamed only once whole, with the decryption's checks and the records'
// closing digest holding; so a restore that fails or is killed leaves
// nothing under dataDir (a kill at most a hidden ".NAME.restoring-..."
// folder, which the next restore to dataDir removes).
func Restore(ctx context.Context, path, dataDir string, opt RestoreOptions) (Restored, error) {
	var res Restored
	if err := checkTarget(dataDir); err != nil {
		return res, err
	}
	want, err := exchange.CheckImportable(path)
	if err != nil {
		return res, err
	}
	name := filepath.Base(path)
	b, err := signing.ReadSignatureFile(path + ".sig")
	if errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("%s is not signed: there is no %s.sig beside it. oic backup signs every backup; copy the backup with its .sha256 and .sig; nothing was restored", name, name)
	} else if err != nil {
		return res, fmt.Errorf("cannot read %s.sig: %w; nothing was restored", name, sysio.PlainPathError(err))
	}
	sig, err := signing.ParseSignatureIn(signing.BackupNamespace, b)
	if err != nil {
		return res, fmt.Errorf("%s.sig, the signature beside %s, cannot be checked: %v; nothing was restored", name, name, err)
	}
	res.Fingerprint = sig.Fingerprint()
	if opt.AllowedSigners != "" {
		allowed, err := signing.ReadAllowedSigners(opt.AllowedSigners)
		if err != nil {
			return res, fmt.Errorf("%v; nothing was restored", err)
		}
		who, err := allowed.FindIn(signing.BackupNamespace, sig.PublicKey(), opt.At)
		if err != nil {
			return res, fmt.Errorf("%s is signed by the key %s, which %s does not let sign oic backups (%v): nothing was restored. "+
				"Its line needs namespaces=\"oic-export,oic-backup\", or none", name, res.Fingerprint, opt.AllowedSigners, err)
		}
		res.Pinned, res.Principals = opt.AllowedSigners, who.Principals
	}
	f, err := os.Open(path)
	if err != nil {
		return res, fmt.Errorf("cannot read %s: %w", path, sysio.PlainPathError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return res, err
	}
	ids, err := identitiesFor(f, name, opt)
	if err != nil {
		return res, err
	}

	// First the file as it is, read through once, writing nothing: its
	// digest and its signature. Meanwhile its key is unwrapped (for a
	// passphrase, age's scrypt, about a second), once for both passes,
	// so that keys that cannot decrypt it are told before anything else.
	unwrapped := make(chan error, 1)
	if ids != nil {
		ids = []age.Identity{agefile.Remember(ids)}
		go func() { unwrapped <- keyOpens(path, name, ids, opt) }()
	} else {
		unwrapped <- nil
	}
	h := sha256.New()
	var h512 hash.Hash
	if sig.SHA512() {
		h512 = sha512.New()
	}
	err = hashFile(ctx, f, h, h512, func(n int64) { progress(opt, "checking", n, fi.Size()) })
	if uerr := <-unwrapped; uerr != nil && err == nil {
		return res, restoreRefused(name, uerr)
	}
	if err != nil {
		return res, restoreRefused(name, err)
	}
	res.SHA256 = hex.EncodeToString(h.Sum(nil))
	if res.SHA256 != want {
		return res, fmt.Errorf("%s does not match its digest in %s.sha256: it was changed or cut short after it was made, or the digest file is another backup's; nothing was restored", name, name)
	}
	sum := h.Sum(nil)
	if h512 != nil {
		sum = h512.Sum(nil)
	}
	if err := sig.Verify(sum); err != nil {
		return res, fmt.Errorf("%s does not match its signature in %s.sig (by the key %s): it was changed after it was signed, or the signature is another file's; nothing was restored", name, name, res.Fingerprint)
	}

	// Now write: into a hidden folder beside dataDir, renamed once whole.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return res, err
	}
	tmp, err := makeHidden(dataDir)
	if err != nil {
		return res, err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	// The file is the one signed. It is decrypted and its records read
	// out of their frames as they are written: the decryption's own
	// checks and the records' closing digest hold, or the folder made so
	// far is removed, never renamed into place.
	again := sha256.New()
	hdr, err := readThrough(ctx, f, fi.Size(), again, ids, func(n int64) { progress(opt, "restoring", n, fi.Size()) }, func(hdr Header, fr io.Reader) error {
		if err := checkHeader(hdr, sig.PublicKey(), name, res.Fingerprint); err != nil {
			return err
		}
		if err := writeFolderFiles(tmp, hdr.Files); err != nil {
			return err
		}
		var v *vault.Vault
		if opt.Vault != nil {
			var err error
			if v, err = opt.Vault(tmp); err != nil {
				return err
			}
		}
		return store.LoadBackup(tmp, fr, v)
	})
	if err != nil {
		return res, restoreRefused(name, err)
	}
	res.Header = hdr
	if hex.EncodeToString(again.Sum(nil)) != want {
		return res, fmt.Errorf("%s changed while it was being restored: copy it again, and restore it when nothing is writing it; nothing was restored", name)
	}
	// os.Rename will not replace a folder, even an empty one: the empty
	// folder checkTarget allowed goes first (os.Remove fails if anything
	// was put in it meanwhile).
	if fi, err := os.Lstat(dataDir); err == nil && fi.IsDir() {
		if err := os.Remove(dataDir); err != nil {
			return res, fmt.Errorf("cannot restore into %s: %w (was something put there meanwhile?); nothing was restored", dataDir, sysio.PlainPathError(err))
		}
	}
	if err := os.Rename(tmp, dataDir); err != nil {
		return res, fmt.Errorf("cannot put the restored folder at %s: %w (was something put there meanwhile?); nothing was restored", dataDir, sysio.PlainPathError(err))
	}
	done = true
	syncDir(filepath.Dir(dataDir))
	return res, nil
}

var errDecrypt = errors.New("cannot decrypt")

// refusal is a backup refused in words of its own, told as they are.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }

// decryptErr is a backup that cannot be decrypted: errDecrypt, saying why.
type decryptErr struct{ err error }

func (e decryptErr) Error() string        { return e.err.Error() }
func (e decryptErr) Is(target error) bool { return target == errDecrypt }
func (e decryptErr) Unwrap() error        { return e.err }

func restoreRefused(name string, err error) error {
	var r refusal
	switch {
	case errors.As(err, &r):
		return r.err
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("restore interrupted; nothing was restored")
	case errors.Is(err, errDecrypt):
		return fmt.Errorf("%w; nothing was restored", errors.Unwrap(err))
	case errors.Is(err, ErrNotBackup):
		return fmt.Errorf("%s is %v; nothing was restored", name, err)
	}
	return fmt.Errorf("%s cannot be restored: %v; nothing was restored", name, sysio.PlainPathError(err))
}

func progress(opt RestoreOptions, phase string, n, total int64) {
	if opt.Progress != nil {
		opt.Progress(phase, n, total)
	}
}

// identitiesFor is what decrypts the backup in f, if it is encrypted:
// nil for a plain one.
func identitiesFor(f *os.File, name string, opt RestoreOptions) ([]age.Identity, error) {
	head := make([]byte, len(agefile.Magic))
	n, _ := f.ReadAt(head, 0)
	if !agefile.Encrypted(head[:n]) {
		return nil, nil
	}
	ids := append([]age.Identity(nil), opt.Identities...)
	if opt.Passphrase != nil {
		_, id, err := agefile.Passphrase(opt.Passphrase)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s is encrypted (age): give the identity it was encrypted to (--identity FILE), or, for a backup of an encrypted folder, its passphrase (OIC_PASSPHRASE_FILE, or typed when asked); nothing was restored", name)
	}
	return ids, nil
}

// readThrough reads the backup in f from the start, hashing its bytes
// into hashes, decrypting with ids if any, and hands use its header and
// the stream of records once the header is read; it returns the header.
// If use fails on records that are damaged inside, the error says so
// (ErrDamaged) whatever use made of them.
func readThrough(ctx context.Context, f *os.File, size int64, hashes io.Writer, ids []age.Identity, seen func(int64), use func(Header, io.Reader) error) (Header, error) {
	cr := &countReader{ctx: ctx, r: f, seen: seen}
	hashing := newAside(hashes)
	defer hashing.Close() // before the caller reads the sums
	raw := io.TeeReader(cr, hashing)
	var plain io.Reader = raw
	if ids != nil {
		d, err := age.Decrypt(raw, ids...)
		if err != nil {
			if ctx.Err() != nil {
				return Header{}, ctx.Err()
			}
			return Header{}, decryptErr{agefile.DecryptError(filepath.Base(f.Name()), err)}
		}
		plain = d
	}
	br := bufio.NewReaderSize(plain, 1<<20)
	h, err := readHeader(br)
	if err != nil {
		return Header{}, err
	}
	fr := newFrameReader(br)
	if err := use(h, fr); err != nil {
		if ctx.Err() != nil {
			return h, ctx.Err()
		}
		if errors.As(err, new(refusal)) {
			return h, err
		}
		// Read on to the records' closing digest, unless the frames
		// failed already: records damaged inside fail it.
		if fr.err == nil {
			io.Copy(io.Discard, fr)
		}
		if fr.err != nil {
			return h, fr.err
		}
		return h, err
	}
	return h, nil
}

// hashFile reads f through from where it stands into h and, if it is
// not nil, h512, on a goroutine of its own.
func hashFile(ctx context.Context, f *os.File, h, h512 hash.Hash, seen func(int64)) error {
	w := io.Writer(h)
	if h512 != nil {
		a := newAside(h512)
		defer a.Close() // before the caller reads the sum
		w = io.MultiWriter(h, a)
	}
	_, err := io.CopyBuffer(w, &countReader{ctx: ctx, r: f, seen: seen}, make([]byte, 1<<20))
	return err
}

// keyOpens says whether ids, those opt gave, decrypt the age file at
// path, from its header alone.
func keyOpens(path, name string, ids []age.Identity, opt RestoreOptions) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = age.Decrypt(f, ids...)
	var nomatch *age.NoIdentityMatchError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nomatch) && opt.Passphrase != nil && len(opt.Identities) == 0:
		return decryptErr{fmt.Errorf("the passphrase given does not decrypt %s: a backup of an encrypted folder is encrypted to the passphrase the folder had when the backup was taken (or, made with --recipient, give --identity FILE)", name)}
	}
	return decryptErr{agefile.DecryptError(name, err)}
}

// checkHeader refuses a backup whose header says it is of another
// folder than the key that signed it, or of a store newer than this oic
// reads.
func checkHeader(hdr Header, signer ssh.PublicKey, name, fingerprint string) error {
	pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(hdr.PublicKey))
	if err != nil || !bytes.Equal(pk.Marshal(), signer.Marshal()) {
		return refusal{fmt.Errorf("%s is signed by the key %s, which is not the signing key of the folder it is a backup of (%s): nothing was restored", name, fingerprint, domain.Inert(hdr.Principal))}
	}
	if hdr.StoreFormat > store.SchemaVersion {
		return refusal{fmt.Errorf("%s is a backup of a store of format %d, written by a newer oic (this oic reads up to %d): restore it with that oic; nothing was restored", name, hdr.StoreFormat, store.SchemaVersion)}
	}
	return nil
}

// countReader stops at ctx's end and says how much was read.
type countReader struct {
	ctx  context.Context
	r    io.Reader
	n    int64
	seen func(int64)
}

func (c *countReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.seen != nil {
		c.seen(c.n)
	}
	return n, err
}

// checkTarget refuses a dataDir that is there and is not an empty folder.
func checkTarget(dataDir string) error {
	fi, err := os.Lstat(dataDir)
	if errors.Is(err, fs.ErrNotExist) {
		parent := filepath.Dir(dataDir)
		if pi, err := os.Stat(parent); err != nil || !pi.IsDir() {
			return fmt.Errorf("cannot restore into %s: the folder %s does not exist; nothing was restored", dataDir, parent)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot restore into %s: %w; nothing was restored", dataDir, sysio.PlainPathError(err))
	}
	if !fi.IsDir() {
		return fmt.Errorf("cannot restore into %s: it is a file, not a folder; give a new folder's name. Nothing was restored", dataDir)
	}
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return fmt.Errorf("cannot restore into %s: %w; nothing was restored", dataDir, sysio.PlainPathError(err))
	}
	if len(entries) > 0 {
		return fmt.Errorf("cannot restore into %s: it is not empty (it holds %s%s). A backup is restored only into a new or empty folder, so that nothing there is overwritten; "+
			"give another --data-dir. Nothing was restored, and the folder was left as it is", dataDir, entries[0].Name(), more(len(entries)))
	}
	return nil
}

func more(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n-1)
}

// hiddenPrefix begins the name of the folder a restore to dataDir
// writes into before it is whole.
func hiddenPrefix(dataDir string) string { return "." + filepath.Base(dataDir) + ".restoring-" }

// makeHidden removes what restores to dataDir killed part-way left, and
// makes the folder this one writes into.
func makeHidden(dataDir string) (string, error) {
	parent := filepath.Dir(dataDir)
	if entries, err := os.ReadDir(parent); err == nil {
		for _, e := range entries {
			if e.IsDir() && strings.HasPrefix(e.Name(), hiddenPrefix(dataDir)) {
				if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
					return "", fmt.Errorf("cannot remove what an earlier restore to %s left behind: %w", dataDir, sysio.PlainPathError(err))
				}
			}
		}
	}
	var rnd [4]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(parent, hiddenPrefix(dataDir)+hex.EncodeToString(rnd[:]))
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return "", fmt.Errorf("cannot restore into %s: %w; nothing was restored", dataDir, sysio.PlainPathError(err))
	}
	return tmp, nil
}

// writeFolderFiles writes the folder's own files the backup carries,
// readable by their owner alone.
func writeFolderFiles(dir string, files []File) error {
	for _, f := range files {
		if !validName(f.Name) {
			return fmt.Errorf("the backup names a file %q it never carries", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		if err := writeSynced(p, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// writeSynced writes a new file and syncs it, so the folder renamed into
// place holds it whole after a power cut.
func writeSynced(p string, b []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
