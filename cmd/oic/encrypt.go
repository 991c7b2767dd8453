package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"oic/cmd/oic/serve"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
	"oic/store/vault"
)

const encryptUsage = "[--data-dir DIR]"

// encryptingSuffix names the folder oic encrypt builds beside the plain
// one; halfMade is the note inside it that says it is not finished, so
// that it is never taken for a data folder, and a later run may remove
// it.
const (
	encryptingSuffix = ".encrypting"
	halfMade         = "HALF-MADE-BY-OIC-ENCRYPT.txt"
)

// runEncrypt converts a plain data folder into an encrypted one (issue
// 18, section 1): the records are streamed by Badger into a new folder
// beside it (DIR.encrypting) encrypted under a new passphrase, compared
// key by key with the original, verified as oic verify does, and the
// folder's other files copied (its signing and host keys sealed); then
// the two folders are swapped, and the plain one kept as DIR.plain-DATE
// until the officer removes it. Killed at any point before the swap,
// the plain folder is as it was and the new one carries a note saying it
// is half-made; the swap itself is one step on Linux.
func runEncrypt(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("encrypt", stderr)
	if err := parseFlags(fs, args, stdout, encryptUsage); err != nil {
		return err
	}
	if g.served != nil {
		return errors.New("a server's folder is encrypted on the server's own machine, with the server stopped (oic encrypt there), never over SSH")
	}
	dir, err := g.dir()
	if err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	if kind, err := vault.Look(dir); err != nil {
		return err
	} else if kind == vault.Encrypted {
		return fmt.Errorf("the data folder %s is already encrypted; oic passphrase changes its passphrase", dir)
	}
	if made, err := store.Made(dir); err != nil {
		return err
	} else if !made {
		return fmt.Errorf("there are no records in %s to encrypt: a new data folder is made encrypted when oic first opens it", dir)
	}
	tmp := dir + encryptingSuffix
	if err := clearHalfMade(tmp, stderr); err != nil {
		return err
	}

	src, _, err := g.openWith(store.Options{})
	if err != nil {
		return err
	}
	defer src.Close()
	if p, err := exchange.PendingImportOf(src); err != nil {
		return err
	} else if p != nil {
		return fmt.Errorf("an import into %s was left unfinished (%s): run it again to finish it, then oic encrypt. Nothing was changed", dir, p.Path)
	}
	pass, err := g.newPassphrase(dir, os.Getenv(passphraseFileEnv), passphraseFileEnv)
	if err != nil {
		return err
	}
	began := time.Now()
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return fmt.Errorf("cannot make %s for the encrypted folder: %w", tmp, err)
	}
	note := "This folder is being made by oic encrypt from " + dir + ", or was left half-made by one that was stopped. It is not a data folder: oic encrypt removes it when next run, or remove it yourself. " + dir + " itself was not changed.\n"
	if err := os.WriteFile(filepath.Join(tmp, halfMade), []byte(note), 0o600); err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	done := g.unlocking()
	v, err := vault.Create(tmp, pass)
	done()
	if err != nil {
		return err
	}
	if err := copyInto(ctx, src, tmp, v, stderr); err != nil {
		return fmt.Errorf("%w. Nothing was changed in %s", err, dir)
	}
	if err := copyFolderFiles(dir, tmp, v); err != nil {
		return fmt.Errorf("copying the folder's other files: %w. Nothing was changed in %s", err, dir)
	}

	// The swap: the plain store closed, its lock taken again at once so
	// no oic opens it before the folders change places.
	if err := src.Close(); err != nil {
		return err
	}
	release, err := store.Lock(dir)
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(tmp, halfMade)); err != nil {
		release()
		return err
	}
	err = swapFolders(dir, tmp)
	release()
	if err != nil {
		return fmt.Errorf("swapping %s and %s: %w. Nothing was changed in %s", dir, tmp, err, dir)
	}
	ok = true
	old := dir + ".plain-" + time.Now().Format("20060102-150405")
	if err := os.Rename(tmp, old); err != nil {
		old = tmp
	}
	fmt.Fprintf(stdout, "%s is now encrypted: its records were copied, compared and verified in %s.\n"+
		"The plain folder is kept as %s: it still holds every record in plain. Once oic opens %s with its passphrase, remove it:\n  rm -rf %s\n"+
		"If the passphrase is forgotten, the records cannot be read by anyone.\n",
		dir, seconds(time.Since(began)), old, dir, shellArg(old))
	return nil
}

// clearHalfMade removes a folder an earlier oic encrypt left half-made
// at tmp: only one that holds the note saying so. Anything else there is
// not oic's to remove.
func clearHalfMade(tmp string, stderr io.Writer) error {
	if _, err := os.Lstat(tmp); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(tmp, halfMade)); err != nil {
		return fmt.Errorf("%s is there already, and not as a half-made folder of oic encrypt's: it may be the plain folder of an oic encrypt stopped as it swapped the folders. "+
			"Look in it, and move it away, then run oic encrypt again. Nothing was changed", tmp)
	}
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "oic encrypt: removed %s, left half-made by an earlier oic encrypt that was stopped.\n", tmp)
	return nil
}

// copyInto copies src's records into a new encrypted store in dir, with
// v, and verifies it there as oic verify does.
func copyInto(ctx context.Context, src *store.Store, dir string, v *vault.Vault, stderr io.Writer) error {
	dst, err := store.OpenWith(dir, store.Options{Vault: v, ForBulk: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "oic encrypt: copying the records into %s, encrypted, and comparing them with the original…\n", dir)
	err = src.CopyTo(ctx, dst, nil)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("the encrypted copy failed: %w", err)
	}
	dst, err = store.OpenWith(dir, store.Options{Vault: v, VerifyValues: true})
	if err != nil {
		return err
	}
	defer dst.Close()
	defer tuneGC(400, 200<<20)()
	vprog := newCounter(stderr, "Verifying the encrypted copy")
	ck, problems, err := dst.Verify(ctx, vprog.show)
	vprog.clear()
	if err != nil {
		return fmt.Errorf("could not verify the encrypted copy: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the encrypted copy has %d problems (the first: %s %s); run oic verify on the plain folder", len(problems), problems[0].Subject(), oneLine(problems[0].What))
	}
	fmt.Fprintf(stderr, "oic encrypt: %d visits, %d officers and %d audit entries copied and verified.\n", ck.Visits, ck.Officers, ck.Entries)
	return nil
}

// copyFolderFiles copies the files of the data folder from (all but
// its store, Badger's log, and import files in transit) into to, and
// seals its signing and host keys there with v.
func copyFolderFiles(from, to string, v *vault.Vault) error {
	skip := map[string]bool{"db": true, "badger.log": true, "badger.log.1": true, "incoming": true,
		vault.File: true, vault.PlainFile: true, vault.TriesFile: true, halfMade: true}
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil || rel == "." {
			return err
		}
		if skip[rel] {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		return err
	}
	if _, err := os.Stat(signing.Folder(to)); err == nil {
		if _, err := signing.FolderKey(to, v); err != nil {
			return err
		}
	}
	return serve.SealHostKey(to, v)
}
