package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"filippo.io/age"

	"oic/domain"
	"oic/store/agefile"
	"oic/store/backup"
	"oic/store/vault"
)

const restoreUsage = "FILE --data-dir NEW [--identity FILE] [--allowed-signers FILE]"

// runRestore makes a new data folder from a backup (store/backup): the
// backup checked whole first (digest, signature, every byte), into an
// empty or missing folder only, then checked as oic verify checks.
func runRestore(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("restore", stderr)
	identity := fs.String("identity", "", "decrypt a backup encrypted with --recipient with this `file`: an age identity file or your ssh-ed25519 private key")
	allowed := fs.String("allowed-signers", "", "an allowed_signers `file` that must list the key that signed the backup, for namespace oic-backup")
	paths, err := parseWithArgs(fs, args, stdout, restoreUsage)
	if err != nil {
		return err
	}
	if len(paths) != 1 || g.dataDir == "" {
		fmt.Fprintf(stderr, "oic restore: give one backup to restore and the new folder to restore it into: --data-dir NEW (a folder that is not there yet, or is empty)\nUsage: oic restore %s\n", restoreUsage)
		return errUsage
	}
	path, dir := paths[0], g.dataDir
	var ids []age.Identity
	if *identity != "" {
		if ids, err = agefile.Identities(*identity); err != nil {
			return fmt.Errorf("%w; nothing was restored", err)
		}
	}
	opt := backup.RestoreOptions{Identities: ids, AllowedSigners: *allowed, At: time.Now()}
	if *identity == "" {
		if pass, err := agefile.ForPassphrase(path); err == nil && pass {
			// A backup of an encrypted folder: its passphrase decrypts it.
			if opt.Passphrase, err = restorePassphrase(g, path); err != nil {
				return err
			}
		}
	}
	// The restored folder is encrypted as new folders are: under the
	// passphrase of the folder backed up, whose key file the backup
	// carries, or, from a plain folder's backup, under a new one (unless
	// --no-encrypt). Either way it is asked for once: the check that
	// follows opens the folder with it.
	unlockRestored := func(tmp string) (*vault.Vault, error) {
		kind, err := vault.Look(tmp)
		if err != nil || kind != vault.Encrypted {
			if err == nil {
				fmt.Fprintf(stderr, "oic restore: %s is a backup of a plain folder; the folder restored from it is encrypted, as new folders are (--no-encrypt to keep it plain).\n", path)
			}
			v, err := g.unlock(tmp, true)
			g.passphrase = passphraseOf(v)
			return v, err
		}
		if opt.Passphrase != nil {
			if v, err := vault.Unlock(tmp, opt.Passphrase, time.Now()); err == nil {
				g.passphrase = opt.Passphrase
				return v, nil
			}
		}
		v, err := g.unlockExisting(tmp)
		g.passphrase = passphraseOf(v)
		return v, err
	}
	var opened *vault.Vault
	opt.Vault = func(tmp string) (*vault.Vault, error) {
		v, err := unlockRestored(tmp)
		opened = v
		return v, err
	}
	prog := newCounter(stderr, "Checking")
	prog.unit = "MB"
	opt.Progress = func(phase string, done, total int64) { prog.phase(phase, int(done>>20), int(total>>20)) }
	began := time.Now()
	res, err := backup.Restore(ctx, path, dir, opt)
	prog.clear()
	if err != nil {
		return err
	}
	h := res.Header
	fmt.Fprintf(stdout, "Restored %s into %s in %s: a backup of the folder %s (%d visits) taken %s by %s with oic %s.\n",
		path, dir, seconds(time.Since(began)), domain.Inert(h.Principal), h.Visits, h.MadeAt.Format(domain.DateTimeLayout), domain.Inert(h.MadeBy), domain.Inert(h.Tool))
	if res.Pinned != "" {
		fmt.Fprintf(stdout, "  Signed by %s (key %s), as %s lists it.\n", domain.Inert(res.Principals), res.Fingerprint, res.Pinned)
	} else {
		fmt.Fprintf(stdout, "  Signed by the key %s, the folder's own, which the backup carries: this shows the file is whole, not who made it.\n", res.Fingerprint)
		fmt.Fprintf(stderr, "oic restore: warning: the signer is not pinned: compare the key above with the one oic key printed for the folder, or pass --allowed-signers FILE.\n")
	}
	// The restored folder, checked as oic verify checks any folder,
	// opened with the key its restore unlocked (the passphrase's
	// derivation is most of a second).
	fmt.Fprintln(stdout, "Verifying the restored folder (oic verify):")
	vg := &globals{dataDir: dir, stdin: g.stdin, passphrase: g.passphrase}
	if opened != nil {
		vg.vault = opened.Moved(dir)
	}
	return runVerify(ctx, vg, nil, stdout, stderr)
}

// restorePassphrase is the passphrase of the folder a backup was taken
// of, which decrypts it: from OIC_PASSPHRASE_FILE, or typed at the
// terminal without echo; with neither, the restore is refused.
func restorePassphrase(g *globals, path string) ([]byte, error) {
	if p := os.Getenv(passphraseFileEnv); p != "" {
		return readPassphraseFile(p, passphraseFileEnv)
	}
	fd, ok := g.terminal()
	if !ok {
		return nil, fmt.Errorf("%s is encrypted (age): give --identity FILE (the key it was encrypted to), or, for a backup of an encrypted folder, its passphrase in the file %s names (chmod 600); nothing was restored", path, passphraseFileEnv)
	}
	return g.ask(fd, "The backup is encrypted. Passphrase of the folder it was taken of (or give --identity): ")
}

// passphraseOf is the passphrase v was opened with, or nil.
func passphraseOf(v *vault.Vault) []byte {
	if v == nil {
		return nil
	}
	return v.Passphrase()
}
