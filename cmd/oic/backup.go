package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"oic/store"
	"oic/store/backup"
	"oic/store/exchange/signing"
	"oic/tui/common"
)

const backupUsage = "[--recipient KEY]... --out FILE [--force]"

// backupClock is when a backup is taken; tests stand still.
var backupClock = time.Now

// runBackup writes a full backup of the data folder (store/backup): to
// --out, with its digest and signature beside it; over SSH to standard
// output, its signature to standard error.
func runBackup(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("backup", stderr)
	out := fs.String("out", "", "the `file` to write, outside the data folder; its digest goes beside it in FILE.sha256, its signature in FILE.sig")
	force := fs.Bool("force", false, "replace the --out file (and its .sha256 and .sig) if it is already there")
	var recips keyList
	fs.Var(&recips, "recipient", recipientHelp)
	if err := parseFlags(fs, args, stdout, backupUsage); err != nil {
		return err
	}
	usageErr := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "oic backup: "+format+"\nUsage: oic backup %s\n", append(a, backupUsage)...)
		return errUsage
	}
	if g.remote != nil {
		if *out != "" || *force {
			return usageErr("over SSH the backup comes on standard output and its signature on standard error: leave out --out and --force, and redirect them (ssh ... backup >oic.backup 2>oic.backup.sig)")
		}
	} else if *out == "" {
		return usageErr("say where to write the backup: --out FILE")
	}
	r, err := recipientsOf(g, recips)
	if err != nil {
		return usageErr("%v", err)
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := recorder(ctx, g, s, cfg, stderr)
	if err != nil {
		return err
	}
	// A backup of an encrypted folder is encrypted to its passphrase
	// (store/backup), unless --recipient.
	opt := backup.Options{By: by, At: backupClock(), Tool: Version(), Config: cfg, Recipients: r, Overwrite: *force}
	if err := opt.Check(); err != nil {
		return err
	}
	if g.remote != nil {
		return backupToSession(ctx, g, s, opt)
	}
	// The stream is about the size of the store's files: a guide to how
	// far it has gone, no more.
	prog := newCounter(stderr, "Backing up")
	prog.unit = "MB (about)"
	total := int(dirSize(store.DBDir(s.Dir())) >> 20)
	opt.Progress = func(n int64) { prog.show(min(int(n>>20), total), total) }
	began := time.Now()
	res, err := backup.WriteFile(ctx, s, *out, opt)
	prog.clear()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("backup interrupted; nothing was written to %s", *out)
		}
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%w.\nPass --force to replace it, or choose another --out", err)
		}
		return err
	}
	// Said once the file is there: a refused --out writes nothing to warn of.
	if len(r) == 0 && s.Vault() == nil {
		warnPlain(stderr, "backup", res.Path)
	}
	fmt.Fprintf(stdout, "Backed up %s (%d visits, folder %s) to %s (%s) in %s, %s.\n",
		s.Dir(), res.Visits, res.Principal, res.Path, common.Size(res.Bytes), seconds(time.Since(began)), encryptedHow(res.Encrypted, len(r)))
	fmt.Fprintf(stdout, "SHA-256 %s, in %s.sha256; to check it: cd %s && sha256sum -c %s\n",
		res.SHA256, filepath.Base(res.Path), shellArg(filepath.Dir(res.Path)), shellArg(filepath.Base(res.Path)+".sha256"))
	fmt.Fprintf(stdout, "Signed by this folder's key (%s, %s), in %s.sig; to check it, with the folder's key in allowed_signers for namespace %s: %s\n",
		res.Principal, res.Fingerprint, filepath.Base(res.Path), signing.BackupNamespace, verifyCommandIn(signing.BackupNamespace, res.Path, res.Principal))
	fmt.Fprintf(stdout, "To restore it: oic restore %s --data-dir NEW-FOLDER\n", shellArg(res.Path))
	return nil
}

// encryptedHow says how a backup is encrypted.
func encryptedHow(how string, keys int) string {
	switch how {
	case "recipients":
		return fmt.Sprintf("encrypted to %d %s", keys, plural(keys, "recipient"))
	case "passphrase":
		return "encrypted to the folder's passphrase"
	}
	return "not encrypted"
}

// backupToSession writes the backup over SSH: to standard output, and its
// signature by the folder's key to standard error.
func backupToSession(ctx context.Context, g *globals, s *store.Store, opt backup.Options) error {
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return err
	}
	res, err := backup.Write(ctx, s, g.remote.stdout, opt)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("backup interrupted: what was written is not whole, and is not signed")
		}
		return err
	}
	if err := backup.Logged(ctx, s, opt, "standard output over SSH"); err != nil {
		return err
	}
	armored, err := backup.Sign(key, res.SHA256)
	if err != nil {
		return err
	}
	_, err = g.remote.stderr.Write(armored)
	return err
}

// dirSize is the size of the files in dir.
func dirSize(dir string) int64 {
	var n int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
	}
	return n
}
