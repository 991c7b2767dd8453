package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"oic/store/exchange/signing"
)

const keyUsage = "[--data-dir DIR]"

// runKey prints the data folder's public signing key as a line of an
// allowed_signers file, making the key if the folder has none yet
// (README "oic key"). It reads the key's own files and not the store, so
// it runs while oic is open on the folder (asking for an encrypted
// folder's passphrase).
func runKey(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("key", stderr)
	if err := parseFlags(fs, args, stdout, keyUsage); err != nil {
		return err
	}
	dir, err := g.dir()
	if err != nil {
		return err
	}
	// An encrypted folder's key is sealed: its passphrase opens it (oic
	// serve's sessions use the vault the server opened at its start).
	v := g.served.Vault()
	if g.served == nil {
		if v, err = g.unlock(dir, false); err != nil {
			return err
		}
	}
	k, err := signing.FolderKey(dir, v)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, k.AllowedSignersLine())
	fmt.Fprintf(stderr, "oic key: the public key that signs exports from %s (key %s).\n"+
		"Central records add the line above to their allowed_signers file to take this folder's exports; the private key stays in %s.\n",
		dir, k.Fingerprint(), signing.Folder(dir)+string(filepath.Separator))
	return nil
}

// verifyCommand is the command that checks an export's signature with
// OpenSSH, run in any folder: allowed_signers is a file holding the
// signer's line (oic key).
func verifyCommand(path, principal string) string {
	return verifyCommandIn(signing.Namespace, path, principal)
}

// verifyCommandIn is verifyCommand for a signature in namespace.
func verifyCommandIn(namespace, path, principal string) string {
	return fmt.Sprintf("cd %s && ssh-keygen -Y verify -f allowed_signers -I %s -n %s -s %s < %s",
		shellArg(filepath.Dir(path)), shellArg(principal), namespace, shellArg(filepath.Base(path)+".sig"), shellArg(filepath.Base(path)))
}
