package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"golang.org/x/term"

	"oic/store"
	"oic/store/vault"
)

// The passphrase of an encrypted data folder (issue 18, section 1) is
// asked for once, as the folder is opened: at the terminal without echo,
// before the terminal UI takes the screen, or read from the file
// OIC_PASSPHRASE_FILE names, for a server or a script. A server asks at
// its own start, never over SSH: sessions share the store it opened.

// passphraseFileEnv names a file holding the passphrase.
const passphraseFileEnv = "OIC_PASSPHRASE_FILE"

// minPassphrase is the shortest passphrase a new folder takes.
const minPassphrase = 8

// maxPassphraseFile bounds what is read of OIC_PASSPHRASE_FILE.
const maxPassphraseFile = 1 << 10

// terminalTries is how many passphrases are asked for at the terminal
// before oic gives up (each wrong one counts, vault.Unlock).
const terminalTries = 3

// unlock returns dir's vault, unlocked, if the folder is encrypted; nil if
// it is plain. A folder with no store yet is made encrypted here (its key
// file written, the passphrase asked twice) unless --no-encrypt, which
// marks it plain, loudly; with create false, a new folder is not made.
func (g *globals) unlock(dir string, create bool) (*vault.Vault, error) {
	// A folder oic encrypt is making, or left half-made, is never taken
	// for a data folder (encrypt.go).
	if _, err := os.Lstat(filepath.Join(dir, halfMade)); err == nil {
		return nil, fmt.Errorf("%s is a folder oic encrypt is making or left half-made (%s says so), not a data folder: nothing was opened. The next oic encrypt removes it", dir, halfMade)
	}
	kind, err := vault.Look(dir)
	if err != nil {
		return nil, err
	}
	switch kind {
	case vault.Plain:
		return nil, nil
	case vault.Encrypted:
		if g.noEncrypt {
			return nil, fmt.Errorf("the data folder %s is encrypted: --no-encrypt applies only to a new folder", dir)
		}
		return g.unlockExisting(dir)
	}
	made, err := store.Made(dir)
	if err != nil || made || !create {
		// A folder an oic before encryption made: plain, as it was.
		return nil, err
	}
	if g.noEncrypt {
		if err := vault.MarkPlain(dir); err != nil {
			return nil, err
		}
		fmt.Fprintf(g.errOut(), "oic: %s\noic: (said in %s too)\n", vault.PlainWarning, vault.PlainFile)
		return nil, nil
	}
	pass, err := g.newPassphrase(dir, os.Getenv(passphraseFileEnv), passphraseFileEnv)
	if err != nil {
		return nil, err
	}
	done := g.unlocking()
	v, err := vault.Create(dir, pass)
	done()
	if errors.Is(err, fs.ErrExist) {
		// Another oic made the folder's key file at the same moment.
		return g.unlockExisting(dir)
	}
	return v, err
}

// unlockExisting asks for the passphrase of the encrypted folder dir
// and opens its key file.
func (g *globals) unlockExisting(dir string) (*vault.Vault, error) {
	if g.vault != nil && g.vault.Dir() == dir {
		return g.vault, nil
	}
	if g.passphrase != nil {
		return vault.Unlock(dir, g.passphrase, time.Now())
	}
	if path := os.Getenv(passphraseFileEnv); path != "" {
		pass, err := readPassphraseFile(path, passphraseFileEnv)
		if err != nil {
			return nil, err
		}
		done := g.unlocking()
		v, err := vault.Unlock(dir, pass, time.Now())
		done()
		if errors.Is(err, vault.ErrWrongPassphrase) {
			return nil, fmt.Errorf("the passphrase in %s (%s) does not open the data folder %s: %w", path, passphraseFileEnv, dir, err)
		}
		return v, err
	}
	fd, ok := g.terminal()
	if !ok {
		return nil, &store.NeedsPassphraseError{Dir: dir}
	}
	var err error
	for range terminalTries {
		var pass []byte
		pass, err = g.ask(fd, fmt.Sprintf("Passphrase for %s: ", dir))
		if err != nil {
			return nil, err
		}
		done := g.unlocking()
		var v *vault.Vault
		v, err = vault.Unlock(dir, pass, time.Now())
		done()
		if !errors.Is(err, vault.ErrWrongPassphrase) {
			return v, err
		}
		fmt.Fprintf(g.errOut(), "oic: %v\n", err)
	}
	return nil, err
}

// newPassphrase is a new passphrase for dir: read from the file path
// (OIC_PASSPHRASE_FILE for a folder being made), or typed twice at the
// terminal.
func (g *globals) newPassphrase(dir, path, from string) ([]byte, error) {
	var pass []byte
	if path != "" {
		var err error
		if pass, err = readPassphraseFile(path, from); err != nil {
			return nil, err
		}
	} else {
		fd, ok := g.terminal()
		if !ok {
			return nil, fmt.Errorf("the new data folder %s is encrypted with a passphrase, and there is no terminal to ask for one: "+
				"set %s to a file holding it (readable by you alone), or pass --no-encrypt to keep the records in plain (not advised)", dir, passphraseFileEnv)
		}
		fmt.Fprintf(g.errOut(), "oic: the records in %s are encrypted under a passphrase of your choice.\n"+
			"oic: If the passphrase is forgotten, the records cannot be read by anyone: keep it safe.\n", dir)
		for {
			p1, err := g.ask(fd, fmt.Sprintf("New passphrase (at least %d characters): ", minPassphrase))
			if err != nil {
				return nil, err
			}
			if len(p1) < minPassphrase {
				fmt.Fprintf(g.errOut(), "oic: that is %d characters; a passphrase needs at least %d.\n", len(p1), minPassphrase)
				continue
			}
			p2, err := g.ask(fd, "The same passphrase again: ")
			if err != nil {
				return nil, err
			}
			if !bytes.Equal(p1, p2) {
				fmt.Fprintln(g.errOut(), "oic: the two passphrases differ; once more.")
				continue
			}
			pass = p1
			break
		}
	}
	if len(pass) < minPassphrase {
		return nil, fmt.Errorf("the passphrase in %s is %d characters; a new one needs at least %d", path, len(pass), minPassphrase)
	}
	return pass, nil
}

// readPassphraseFile reads the passphrase from path (which from named:
// OIC_PASSPHRASE_FILE or a flag): a regular file
// readable by its owner alone (as ssh insists of a private key), its
// one line, without the line's end.
func readPassphraseFile(path, from string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s names %s, which cannot be read: %w", from, path, errors.Unwrap(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s names %s, which is not a file: it should be a file holding the passphrase", from, path)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s names %s, which others can read (mode %04o): the passphrase would be theirs too. Run chmod 600 %s, then try again",
			from, path, fi.Mode().Perm(), path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s names %s, which cannot be read: %w", from, path, errors.Unwrap(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPassphraseFile+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(b) > maxPassphraseFile {
		return nil, fmt.Errorf("%s names %s, which is over %d bytes: it should hold the passphrase alone", from, path, maxPassphraseFile)
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return nil, fmt.Errorf("%s names %s, which is empty: it should hold the passphrase", from, path)
	}
	return b, nil
}

// terminal is the terminal to ask at: the standard input, if it is one.
// Never anything else, so that a test or a script with no terminal is
// told so rather than left waiting.
func (g *globals) terminal() (int, bool) {
	f, ok := g.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	return int(f.Fd()), true
}

// ask asks for a passphrase at the terminal fd, without echo.
func (g *globals) ask(fd int, prompt string) ([]byte, error) {
	fmt.Fprint(g.errOut(), prompt)
	// Echo is off while the passphrase is typed: a signal ending oic
	// meanwhile (ctrl+c) puts it back on.
	defer g.stop.holdTerminal(g.stdin, terminalOf(g.errOut()))()
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(g.errOut())
	if err != nil {
		return nil, fmt.Errorf("reading the passphrase: %w", err)
	}
	return b, nil
}

// unlocking shows, on a terminal, that the key is being derived (a
// second or so, on purpose), so the officer is not left at a still
// screen; it returns what clears it.
func (g *globals) unlocking() (done func()) {
	w := terminalOf(g.errOut())
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	const msg = "Unlocking the data folder…"
	fmt.Fprint(f, msg)
	return func() { fmt.Fprint(f, "\r"+fmt.Sprintf("%*s", len(msg), "")+"\r") }
}

// errOut is where prompts and warnings go: the command's stderr.
func (g *globals) errOut() io.Writer {
	if g.stderr != nil {
		return g.stderr
	}
	return os.Stderr
}
