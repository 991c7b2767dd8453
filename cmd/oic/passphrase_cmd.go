package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"oic/store/vault"
)

const passphraseUsage = "[--new-passphrase-file FILE]"

// runPassphrase changes the passphrase of an encrypted data folder: the
// data key is wrapped anew in the key file, replaced whole or not at
// all; the store is not rewritten, so it takes a second at any size, and
// may run while oic is open on the folder (which keeps the key it has).
func runPassphrase(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("passphrase", stderr)
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from `FILE` (readable by you alone) rather than asking twice at the terminal")
	if err := parseFlags(fs, args, stdout, passphraseUsage); err != nil {
		return err
	}
	if g.served != nil {
		return errors.New("the passphrase of a server's folder is changed on the server's own machine (oic passphrase there), never over SSH")
	}
	dir, err := g.dir()
	if err != nil {
		return err
	}
	kind, err := vault.Look(dir)
	if err != nil {
		return err
	}
	if kind != vault.Encrypted {
		return fmt.Errorf("the data folder %s is not encrypted, so it has no passphrase to change: oic encrypt encrypts it", dir)
	}
	v, err := g.unlockExisting(dir)
	if err != nil {
		return err
	}
	pass, err := g.newPassphrase(dir, *newFile, "--new-passphrase-file")
	if err != nil {
		return err
	}
	done := g.unlocking()
	err = v.Rewrap(pass)
	done()
	if err != nil {
		return fmt.Errorf("the passphrase was not changed: %w", err)
	}
	fmt.Fprintf(stdout, "The passphrase of %s is changed; the old one no longer opens it. The records were not rewritten.\n"+
		"A server reading OIC_PASSPHRASE_FILE needs the new passphrase in its file before it next starts.\n", dir)
	return nil
}
