// Package agefile reads the keys an export or a backup is encrypted to,
// and the identities that decrypt one, for age (filippo.io/age): an
// age1... key, an OpenSSH ssh-ed25519 public key (age's agessh), or a
// file of them, one a line, "#" comments and blank lines allowed. Whatever
// is given is from outside: each is checked before anything is written,
// and refused by what it is, never by echoing a line that may be a
// private key.
package agefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"

	"oic/domain"
)

// Magic is how every age file begins (its header's version line).
const Magic = "age-encryption.org/v1\n"

// maxKeyFile bounds a file of recipients or an identity file: a line is
// under 100 bytes, an OpenSSH private key a few kilobytes.
const maxKeyFile = 1 << 20

// Recipients reads every --recipient given: each is a key or, with
// files, a file of keys. The error names the argument, and the line of a
// file, that is not a key oic encrypts to.
func Recipients(args []string, files bool) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, a := range args {
		a = strings.TrimSpace(a)
		if r, err := parseRecipient(a); err == nil {
			out = append(out, r)
			continue
		} else if looksLikeKey(a) || !files {
			return nil, fmt.Errorf("--recipient %s: %v", quote(a), err)
		}
		b, err := readBounded(a)
		if err != nil {
			return nil, fmt.Errorf("--recipient %s is neither an age key (age1...), an ssh-ed25519 public key, nor a file of them that can be read: %v", quote(a), err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, maxKeyFile)
		n, found := 0, 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			r, err := parseRecipient(line)
			if err != nil {
				return nil, fmt.Errorf("--recipient %s, line %d: %v", quote(a), n, err)
			}
			out = append(out, r)
			found++
		}
		if found == 0 {
			return nil, fmt.Errorf("--recipient %s holds no key (an age1... key or an ssh-ed25519 public key, one a line)", quote(a))
		}
	}
	return out, nil
}

// LooksLikeKey says a is meant as a key, not a file name.
func LooksLikeKey(a string) bool { return looksLikeKey(strings.TrimSpace(a)) }

func looksLikeKey(a string) bool {
	return strings.HasPrefix(a, "age1") || strings.HasPrefix(a, "ssh-") || strings.HasPrefix(a, "ecdsa-") ||
		strings.HasPrefix(a, "AGE-SECRET-KEY-")
}

// parseRecipient reads one key.
func parseRecipient(s string) (age.Recipient, error) {
	switch {
	case strings.HasPrefix(s, "AGE-SECRET-KEY-"):
		return nil, errors.New("this is an age private key (an identity), not a recipient: give its public key, age1..., which age-keygen -y prints; and keep the private key secret")
	case strings.HasPrefix(s, "age1"):
		rs, err := age.ParseRecipients(strings.NewReader(s))
		if err != nil {
			return nil, errors.New("not a valid age public key (age1...): it may be cut short or mistyped")
		}
		return rs[0], nil
	case strings.HasPrefix(s, "ssh-ed25519 "):
		pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s))
		if err != nil {
			return nil, errors.New("not a valid ssh-ed25519 public key: copy the whole line of the .pub file")
		}
		return agessh.NewEd25519Recipient(pk)
	case strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-"):
		kind, _, _ := strings.Cut(s, " ")
		return nil, fmt.Errorf("a %s key cannot be encrypted to here: give an age key (age1...) or an ssh-ed25519 public key", domain.Inert(kind))
	case strings.Contains(s, "PRIVATE KEY"):
		return nil, errors.New("this is a private key: give the public key (.pub) instead, and keep the private key secret")
	}
	return nil, errors.New("not an age key (age1...) or an ssh-ed25519 public key")
}

// Identities reads an identity file: age's (AGE-SECRET-KEY-1..., one a
// line, as age-keygen writes it) or an unencrypted OpenSSH ssh-ed25519
// private key.
func Identities(path string) ([]age.Identity, error) {
	b, err := readBounded(path)
	if err != nil {
		return nil, fmt.Errorf("--identity %s: %v", quote(path), err)
	}
	if bytes.Contains(b, []byte("-----BEGIN")) {
		id, err := agessh.ParseIdentity(b)
		var missing *ssh.PassphraseMissingError
		switch {
		case errors.As(err, &missing):
			return nil, fmt.Errorf("--identity %s is an SSH private key protected by a passphrase: oic cannot ask for it; give a copy without one (ssh-keygen -p), or an age identity", quote(path))
		case err != nil:
			return nil, fmt.Errorf("--identity %s is not an ssh-ed25519 private key oic can read: %s", quote(path), domain.Inert(err.Error()))
		}
		if _, ok := id.(*agessh.Ed25519Identity); !ok {
			return nil, fmt.Errorf("--identity %s is not an ssh-ed25519 key: oic encrypts to ssh-ed25519 and age keys only", quote(path))
		}
		return []age.Identity{id}, nil
	}
	ids, err := age.ParseIdentities(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("--identity %s is not an age identity file (AGE-SECRET-KEY-1..., as age-keygen writes) or an ssh-ed25519 private key: %s", quote(path), domain.Inert(err.Error()))
	}
	return ids, nil
}

// Passphrase is the recipient, or identity, of a passphrase: age's
// scrypt, which "age -d" asks for.
func Passphrase(p []byte) (age.Recipient, age.Identity, error) {
	r, err := age.NewScryptRecipient(string(p))
	if err != nil {
		return nil, nil, err
	}
	id, err := age.NewScryptIdentity(string(p))
	if err != nil {
		return nil, nil, err
	}
	return r, id, nil
}

// Encrypted says whether the stream begins as an age file does.
func Encrypted(head []byte) bool { return bytes.HasPrefix(head, []byte(Magic)) }

// EncryptedFile says whether the file at path is an age file.
func EncryptedFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(Magic))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return Encrypted(head[:n]), nil
}

// DecryptError says why a file could not be decrypted, in words.
func DecryptError(name string, err error) error {
	var nomatch *age.NoIdentityMatchError
	if errors.As(err, &nomatch) {
		return fmt.Errorf("%s is encrypted to someone else: none of the keys given can decrypt it. Give the identity (--identity), or passphrase, it was encrypted to", name)
	}
	return fmt.Errorf("%s cannot be decrypted: it is damaged or cut short (%s). Copy it again from where it was made", name, domain.Inert(err.Error()))
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, errors.New("it is not a regular file")
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxKeyFile {
		return nil, fmt.Errorf("it is over %d kB, far longer than a file of keys", maxKeyFile>>10)
	}
	return b, nil
}

// quote shows an argument in a message: inert, cut short, in quotes, and
// never a private key's text.
func quote(s string) string {
	if strings.HasPrefix(s, "AGE-SECRET-KEY-") || strings.Contains(s, "PRIVATE KEY") {
		return "(a private key)"
	}
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return `"` + domain.Inert(s) + `"`
}

// CheckIdentities refuses, from its header alone, a file at path that
// none of ids can decrypt: before anything is opened or made.
func CheckIdentities(path string, ids []age.Identity) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := age.Decrypt(f, ids...); err != nil {
		return DecryptError(path, err)
	}
	return nil
}

// ForPassphrase says whether the age file at path is encrypted to a
// passphrase (an scrypt stanza in its header) rather than to keys.
func ForPassphrase(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	hdr, err := age.ExtractHeader(f)
	if err != nil {
		return false, err
	}
	return bytes.Contains(hdr, []byte("\n-> scrypt ")), nil
}
