package signing

import (
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"oic/domain"
)

// MaxSignature bounds a FILE.sig read: an armoured Ed25519 signature is
// under 300 bytes, one by a 16,384-bit RSA key under 6 kB.
const MaxSignature = 16 << 10

// Signature is a FILE.sig that parsed as an SSHSIG signature for an
// export: who made it, and the hash of the file it signs, to be checked
// against the file once read (Verify).
type Signature struct {
	sig *sshsig.Signature
}

// ParseSignature reads an armoured SSHSIG signature made for oic's
// namespace. Everything in it is from outside: it is bounded, plain
// ASCII text, one signature and nothing else, and what its errors quote
// of it is made inert. A signature for another namespace is refused
// here (ErrNamespace), before its file is read.
func ParseSignature(b []byte) (*Signature, error) { return ParseSignatureIn(Namespace, b) }

// ParseSignatureIn is ParseSignature for a signature made in namespace.
func ParseSignatureIn(namespace string, b []byte) (*Signature, error) {
	if len(b) > MaxSignature {
		return nil, fmt.Errorf("it is over %d kB, far longer than a signature", MaxSignature>>10)
	}
	for i, c := range b {
		if (c < 0x20 && c != '\n' && c != '\r') || c >= 0x7f {
			return nil, fmt.Errorf("it holds a byte that is not plain text (0x%02x at byte %d): an SSH signature is plain ASCII", c, i+1)
		}
	}
	block, rest := pem.Decode(b)
	if block == nil || block.Type != sshsig.PEMType {
		return nil, fmt.Errorf("it is not an SSH signature (one reads -----BEGIN %s----- on its first line)", sshsig.PEMType)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, fmt.Errorf("it holds more than one signature, or text after its signature")
	}
	sig, err := sshsig.ParseSignature(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("its signature cannot be read (%s)", domain.Inert(err.Error()))
	}
	if sig.Namespace != namespace {
		return nil, &ErrNamespace{Found: sig.Namespace, Want: namespace}
	}
	if _, ok := sig.PublicKey.(*ssh.Certificate); ok {
		return nil, fmt.Errorf("it was made with an SSH certificate; oic exports are signed by their folder's own key, which allowed_signers names itself")
	}
	return &Signature{sig: sig}, nil
}

// ErrNamespace is a signature made for something other than an oic
// export.
type ErrNamespace struct{ Found, Want string }

func (e *ErrNamespace) Error() string {
	what := "an oic export"
	if e.Want == BackupNamespace {
		what = "an oic backup"
	}
	return fmt.Sprintf("it is a signature for %s, not for %s (namespace %q): it was made for another purpose", Quote(e.Found), what, e.Want)
}

// Quote shows text read from outside in messages: made inert, cut short
// past 80 characters, in quotation marks.
func Quote(s string) string {
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return `"` + domain.Inert(s) + `"`
}

// PublicKey is the key that made the signature.
func (s *Signature) PublicKey() ssh.PublicKey { return s.sig.PublicKey }

// Fingerprint is that key's fingerprint as ssh-keygen -l prints it.
func (s *Signature) Fingerprint() string { return ssh.FingerprintSHA256(s.sig.PublicKey) }

// SHA512 says the signature signs the file's SHA-512 (as ssh-keygen -Y
// sign makes them unless told otherwise) rather than its SHA-256 (as
// oic makes them): the import then hashes the file both ways as it reads
// it.
func (s *Signature) SHA512() bool { return s.sig.HashAlgorithm == sshsig.HashSHA512 }

// Verify checks the signature against the hash of the file it signs:
// its SHA-512 if SHA512, else its SHA-256.
func (s *Signature) Verify(sum []byte) error {
	if want := s.sig.HashAlgorithm.Hash().Size(); len(sum) != want {
		return fmt.Errorf("signing: the signature is of a %s, %d bytes, not %d", s.sig.HashAlgorithm, want, len(sum))
	}
	return s.sig.PublicKey.Verify(signedData(s.sig.Namespace, s.sig.HashAlgorithm, sum), s.sig.Signature)
}
