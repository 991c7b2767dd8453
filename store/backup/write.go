package backup

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
)

// Options describe a backup.
type Options struct {
	// By is who takes it (an administrator where roles apply: domain
	// ActBackup); At when; Tool the oic version.
	By   domain.Officer
	At   time.Time
	Tool string
	// Config says whether roles apply.
	Config domain.Config
	// Recipients, if any, are the keys it is encrypted to.
	Recipients []age.Recipient
	// Passphrase, if not nil and there are no Recipients, is a passphrase
	// the backup is encrypted to (age's scrypt). Left nil, an encrypted
	// folder's own is taken (its vault's): a backup of an encrypted store
	// is never written in plain, and its passphrase alone restores it
	// (age -d reads it too).
	Passphrase []byte
	// Overwrite replaces a file already there.
	Overwrite bool
	// Progress, if set, hears how many bytes of records are written.
	Progress func(written int64)
}

// Result says what was written.
type Result struct {
	Path        string
	SHA256      string
	Bytes       int64
	Visits      int
	Encrypted   string
	Principal   string
	Fingerprint string
}

// Check refuses options that cannot make a backup, before anything is
// read or written.
func (o *Options) Check() error {
	if o.By.StaffNo == "" {
		return errors.New("a backup records who took it: sign in first (oic --as STAFFNO)")
	}
	if err := o.Config.May(o.By, domain.ActBackup); err != nil {
		return fmt.Errorf("%w; nothing was written", err)
	}
	if o.At.IsZero() {
		return errors.New("a backup records when it was taken")
	}
	return nil
}

// encryption is the age recipients a backup of s is encrypted to, and
// how the header says so; none for a plain one.
func (o *Options) encryption(s *store.Store) ([]age.Recipient, string, error) {
	pass := o.Passphrase
	if v := s.Vault(); pass == nil && v != nil {
		pass = v.Passphrase()
	}
	switch {
	case len(o.Recipients) > 0:
		return o.Recipients, "recipients", nil
	case pass != nil:
		r, _, err := agefile.Passphrase(pass)
		if err != nil {
			return nil, "", err
		}
		return []age.Recipient{r}, "passphrase", nil
	}
	return nil, "", nil
}

// WriteFile writes a backup of s to path, with its digest (path.sha256)
// and the folder's signature (path.sig, SSHSIG, namespace oic-backup):
// refused inside the data folder, or over a file there unless
// opt.Overwrite; whole or not at all, a kill leaving at most hidden
// ".NAME.partial-..." files, which the next backup to path removes.
func WriteFile(ctx context.Context, s *store.Store, path string, opt Options) (Result, error) {
	if err := opt.Check(); err != nil {
		return Result{}, err
	}
	path, err := exchange.PrepareOut(s.Dir(), path, opt.Overwrite)
	if err != nil {
		return Result{}, err
	}
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return Result{}, err
	}
	out, err := sysio.CreateAtomic(path)
	if err != nil {
		return Result{}, err
	}
	defer out.Abort()
	sum, err := sysio.CreateAtomic(path + ".sha256")
	if err != nil {
		return Result{}, err
	}
	defer sum.Abort()
	sig, err := sysio.CreateAtomic(path + ".sig")
	if err != nil {
		return Result{}, err
	}
	defer sig.Abort()
	res, err := Write(ctx, s, out, opt)
	if err != nil {
		return res, err
	}
	if _, err := sum.Write(exchange.DigestLine(res.SHA256, filepath.Base(path))); err != nil {
		return res, fmt.Errorf("writing %s: %w", sum.Name(), sysio.PlainPathError(err))
	}
	armored, err := Sign(key, res.SHA256)
	if err != nil {
		return res, err
	}
	if _, err := sig.Write(armored); err != nil {
		return res, fmt.Errorf("writing %s: %w", sig.Name(), sysio.PlainPathError(err))
	}
	if !opt.Overwrite {
		if err := exchange.NotThere(path); err != nil {
			return res, err
		}
	}
	if err := sysio.CommitAll(out, sum, sig); err != nil {
		return res, err
	}
	res.Path = path
	return res, Logged(ctx, s, opt, path)
}

// Logged puts a backup on the access log (DPA 2018 s.62), as an export
// of every visit, to where (a file, or "over SSH").
func Logged(ctx context.Context, s *store.Store, opt Options, where string) error {
	n, err := s.CountVisits(ctx)
	if err == nil {
		err = s.LogAccess(ctx, domain.Exported(opt.By, where+" (backup of the whole folder)", n, opt.At))
	}
	if err != nil {
		return fmt.Errorf("the backup was written, but %w", err)
	}
	return nil
}

// Sign is the folder's signature of a backup whose SHA-256 is sum (hex).
func Sign(key *signing.Key, sum string) ([]byte, error) {
	raw, err := hex.DecodeString(sum)
	if err != nil {
		return nil, fmt.Errorf("signing the backup: its digest %q is not hex", sum)
	}
	return key.SignSHA256In(signing.BackupNamespace, raw)
}

// Write writes a backup of s to w (over SSH, standard output) and
// returns its digest; the caller signs it.
func Write(ctx context.Context, s *store.Store, w io.Writer, opt Options) (Result, error) {
	if err := opt.Check(); err != nil {
		return Result{}, err
	}
	recips, how, err := opt.encryption(s)
	if err != nil {
		return Result{}, err
	}
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return Result{}, err
	}
	visits, err := s.CountVisits(ctx)
	if err != nil {
		return Result{}, err
	}
	files, err := readFolderFiles(s.Dir())
	if err != nil {
		return Result{}, err
	}
	h := Header{Format: Format, Version: Version, StoreFormat: store.SchemaVersion, Principal: key.Principal(),
		PublicKey: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key.PublicKey()))),
		MadeAt:    opt.At.UTC(), MadeBy: opt.By.Label(), Tool: opt.Tool, Visits: visits, Encrypted: how, Files: files}
	head, err := json.Marshal(h)
	if err != nil {
		return Result{}, err
	}
	sw := exchange.NewSumWriter(w)
	var plain io.Writer = sw
	var aw io.WriteCloser
	if recips != nil {
		if aw, err = age.Encrypt(sw, recips...); err != nil {
			return Result{}, fmt.Errorf("encrypting the backup: %w", err)
		}
		plain = aw
	}
	bw := bufio.NewWriterSize(plain, 1<<20)
	if _, err := bw.Write(append(head, '\n')); err != nil {
		return Result{}, writeErr(err)
	}
	fw := newFrameWriter(bw)
	var src io.Writer = fw
	if opt.Progress != nil || ctx.Done() != nil {
		src = &watchWriter{ctx: ctx, w: fw, progress: opt.Progress}
	}
	if err := s.Backup(src); err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		return Result{}, writeErr(err)
	}
	if err := fw.end(); err != nil {
		return Result{}, writeErr(err)
	}
	if err := bw.Flush(); err != nil {
		return Result{}, writeErr(err)
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return Result{}, writeErr(err)
		}
	}
	return Result{SHA256: sw.Sum(), Bytes: sw.N, Visits: visits, Encrypted: how,
		Principal: key.Principal(), Fingerprint: key.Fingerprint()}, nil
}

func writeErr(err error) error {
	return fmt.Errorf("writing the backup: %w", sysio.PlainPathError(err))
}

// watchWriter stops the backup when ctx is done, and says how far it is.
type watchWriter struct {
	ctx      context.Context
	w        io.Writer
	n        int64
	progress func(int64)
}

func (ww *watchWriter) Write(p []byte) (int, error) {
	if err := ww.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := ww.w.Write(p)
	ww.n += int64(n)
	if ww.progress != nil {
		ww.progress(ww.n)
	}
	return n, err
}

// readFolderFiles reads the folder's own files a backup carries.
func readFolderFiles(dir string) ([]File, error) {
	names := append([]string(nil), folderFiles...)
	if entries, err := os.ReadDir(filepath.Join(dir, serversDir)); err == nil {
		for _, e := range entries {
			n := serversDir + "/" + e.Name()
			if e.Type().IsRegular() && validName(n) {
				names = append(names, n)
			}
		}
	}
	var out []File
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read %s for the backup: %w", p, sysio.PlainPathError(err))
		}
		if !fi.Mode().IsRegular() || fi.Size() > 1<<20 {
			return nil, fmt.Errorf("cannot back up %s: it is not a small regular file, as oic writes it. Nothing was written", p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s for the backup: %w", p, sysio.PlainPathError(err))
		}
		out = append(out, File{Name: n, Data: b})
	}
	return out, nil
}

// Backuper takes backups of one folder for the TUI (domain.Backuper):
// the register's B, as oic backup does.
type Backuper struct {
	Store  *store.Store
	Config domain.Config
	Tool   string
	Clock  func() time.Time
}

// Encrypted says the folder is encrypted (domain.Backuper).
func (b Backuper) Encrypted() bool { return b.Store.Vault() != nil }

// Backup writes the backup req asks for.
func (b Backuper) Backup(ctx context.Context, req domain.BackupRequest) (domain.BackupResult, error) {
	r, err := agefile.Recipients(req.Recipients, true)
	if err != nil {
		return domain.BackupResult{}, err
	}
	res, err := WriteFile(ctx, b.Store, req.Path, Options{By: req.By, At: b.Clock(), Tool: b.Tool, Config: b.Config,
		Recipients: r, Overwrite: req.Overwrite, Progress: req.Progress})
	return domain.BackupResult{Path: res.Path, SHA256: res.SHA256, Bytes: res.Bytes, Visits: res.Visits, Encrypted: res.Encrypted,
		Principal: res.Principal, Fingerprint: res.Fingerprint}, err
}
