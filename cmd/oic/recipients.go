package main

import (
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"oic/store/agefile"
)

// keyList is a repeatable flag of keys or files of keys: --recipient.
type keyList []string

func (l *keyList) String() string     { return strings.Join(*l, ",") }
func (l *keyList) Set(s string) error { *l = append(*l, s); return nil }

// recipientHelp is --recipient's help, for export and backup.
const recipientHelp = "encrypt to this `key` with age: an age1... key, an ssh-ed25519 public key, or a file of them, one a line (repeat for several)"

// recipientsOf reads --recipient as given: over SSH keys only, never a
// file on the server.
func recipientsOf(g *globals, l keyList) ([]age.Recipient, error) {
	return agefile.Recipients(l, g.remote == nil)
}

// warnPlain says that a file of personal data is written unencrypted.
func warnPlain(stderr io.Writer, cmd, what string) {
	fmt.Fprintf(stderr, "oic %s: warning: %s holds personal data and is not encrypted: anyone who gets a copy can read it. "+
		"Give --recipient KEY (central records' age or ssh-ed25519 public key) to encrypt it.\n", cmd, what)
}
