package exchange

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"oic/store"
	"oic/store/exchange/signing"
)

// signedExport is a laptop's store with closed visits, its key, and a
// signed export of them in dir; and an empty store for central records.
func signedExport(t *testing.T) (laptop, central *store.Store, key *signing.Key, path string) {
	t.Helper()
	laptop, central, _ = twoStores(t)
	key, err := signing.FolderKey(laptop.Dir(), laptop.Vault())
	if err != nil {
		t.Fatal(err)
	}
	path = exportTo(t, laptop, t.TempDir(), "visits.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	return laptop, central, key, path
}

// signedOpts are import options that take signed files only.
func signedOpts() ImportOptions { return ImportOptions{By: importer, At: t0.Add(300 * time.Hour)} }

// pin writes central's allowed_signers file with the lines given.
func pin(t *testing.T, central *store.Store, lines ...string) string {
	t.Helper()
	p := filepath.Join(central.Dir(), AllowedSignersFile)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// sshsigBy signs content as ssh-keygen -Y sign would (SHA-512), with a
// key of its own, for namespace.
func sshsigBy(t *testing.T, content []byte, namespace string) ([]byte, ssh.PublicKey) {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sshsig.Sign(bytes.NewReader(content), signer, sshsig.HashSHA512, namespace)
	if err != nil {
		t.Fatal(err)
	}
	return sshsig.Armor(sig), signer.PublicKey()
}

// Signed files import, naming their signer: by its key's fingerprint
// alone where the folder pins no signers, by its principal where it does.
func TestImportSigned(t *testing.T) {
	ctx := context.Background()
	t.Run("not pinned", func(t *testing.T) {
		_, central, key, path := signedExport(t)
		res, err := ImportFile(ctx, central, path, signedOpts())
		if err != nil {
			t.Fatal(err)
		}
		if s := res.Signature; s.Fingerprint != key.Fingerprint() || s.Principals != "" || s.AllowedSigners != "" {
			t.Errorf("signature %+v, want the laptop's key %s, not pinned", s, key.Fingerprint())
		}
	})
	t.Run("pinned in the data folder", func(t *testing.T) {
		_, central, key, path := signedExport(t)
		other, _ := signing.FolderKey(t.TempDir(), nil)
		allowed := pin(t, central, "# central records", other.AllowedSignersLine(), key.AllowedSignersLine()+" SLN laptop")
		res, err := ImportFile(ctx, central, path, signedOpts())
		if err != nil {
			t.Fatal(err)
		}
		if s := res.Signature; s.Fingerprint != key.Fingerprint() || s.Principals != key.Principal() || s.AllowedSigners != allowed {
			t.Errorf("signature %+v, want %s by %s in %s", s, key.Principal(), key.Fingerprint(), allowed)
		}
	})
	t.Run("pinned by --allowed-signers", func(t *testing.T) {
		_, central, key, path := signedExport(t)
		allowed := filepath.Join(t.TempDir(), "signers")
		os.WriteFile(allowed, []byte(key.AllowedSignersLine()+"\n"), 0o600)
		opt := signedOpts()
		opt.AllowedSigners = allowed
		res, err := ImportFile(ctx, central, path, opt)
		if err != nil || res.Signature.Principals != key.Principal() {
			t.Fatalf("%+v, %v", res.Signature, err)
		}
	})
	t.Run("signed by ssh-keygen's default, SHA-512", func(t *testing.T) {
		_, central, _, path := signedExport(t)
		content, _ := os.ReadFile(path)
		sig, pub := sshsigBy(t, content, signing.Namespace)
		os.WriteFile(path+".sig", sig, 0o600)
		res, err := ImportFile(ctx, central, path, signedOpts())
		if err != nil || res.Signature.Fingerprint != ssh.FingerprintSHA256(pub) {
			t.Fatalf("%+v, %v", res.Signature, err)
		}
	})
	t.Run("unsigned, allowed", func(t *testing.T) {
		_, central, _, path := signedExport(t)
		os.Remove(path + ".sig")
		opt := signedOpts()
		opt.AllowUnsigned = true
		res, err := ImportFile(ctx, central, path, opt)
		if err != nil || res.Signature.Fingerprint != "" || res.Added != 3 {
			t.Fatalf("%+v, %v", res, err)
		}
	})
}

// Each refusal names the file and what is wrong, says what to do, and
// changes nothing.
func TestImportRefusesSignatures(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		setup func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions
		want  []string
	}{
		{"unsigned", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			os.Remove(path + ".sig")
			return signedOpts()
		}, []string{"visits.jsonl is not signed", "no visits.jsonl.sig", "older oic", "--allow-unsigned"}},
		{"unsigned, signers pinned", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			os.Remove(path + ".sig")
			pin(t, central, key.AllowedSignersLine())
			return signedOpts()
		}, []string{"visits.jsonl is not signed", "--allow-unsigned"}},
		{"one byte changed, digest made again", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			b, _ := os.ReadFile(path)
			i := bytes.Index(b, []byte("Star Takeaway"))
			b[i] = 's'
			writeExport(t, path, b)
			return signedOpts()
		}, []string{"visits.jsonl does not match its signature in visits.jsonl.sig", "changed after it was signed"}},
		{"one byte changed, SHA-512 signature", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			b, _ := os.ReadFile(path)
			sig, _ := sshsigBy(t, b, signing.Namespace)
			os.WriteFile(path+".sig", sig, 0o600)
			b[bytes.Index(b, []byte("Star Takeaway"))] = 's'
			writeExport(t, path, b)
			return signedOpts()
		}, []string{"does not match its signature"}},
		{"another folder's key, not listed", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			other, _ := signing.FolderKey(t.TempDir(), nil)
			pin(t, central, other.AllowedSignersLine())
			return signedOpts()
		}, []string{"visits.jsonl is signed by the key {fingerprint}", "which {allowed} does not list", "oic key"}},
		{"listed for another namespace", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			pin(t, central, strings.Replace(key.AllowedSignersLine(), `"oic-export,oic-backup"`, `"git"`, 1))
			return signedOpts()
		}, []string{"does not let sign oic exports", `namespaces="git" only`}},
		{"a signature for another namespace", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			b, _ := os.ReadFile(path)
			sig, _ := sshsigBy(t, b, "git\x1b]2;pwned\x07")
			os.WriteFile(path+".sig", sig, 0o600)
			return signedOpts()
		}, []string{"visits.jsonl.sig, the signature beside visits.jsonl, cannot be checked", "not for an oic export", "git␛]2;pwned␇"}},
		{"damaged signature", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			b, _ := os.ReadFile(path + ".sig")
			os.WriteFile(path+".sig", b[:len(b)/2], 0o600)
			return signedOpts()
		}, []string{"cannot be checked", "not an SSH signature"}},
		{"a signature holding an escape", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			os.WriteFile(path+".sig", []byte("-----BEGIN SSH SIGNATURE-----\n\x1b[2J\n"), 0o600)
			return signedOpts()
		}, []string{"cannot be checked", "not plain text"}},
		{"a signature far too long", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			os.WriteFile(path+".sig", bytes.Repeat([]byte("A"), 10<<20), 0o600)
			return signedOpts()
		}, []string{"cannot be checked", "over 16 kB"}},
		{"a damaged allowed_signers", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			pin(t, central, key.AllowedSignersLine(), "oic-x bogus")
			return signedOpts()
		}, []string{"allowed_signers cannot be used: line 2"}},
		{"--allowed-signers missing", func(t *testing.T, central *store.Store, key *signing.Key, path string) ImportOptions {
			opt := signedOpts()
			opt.AllowedSigners = filepath.Join(t.TempDir(), "nowhere")
			return opt
		}, []string{"cannot read the allowed signers file", "nowhere"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, central, key, path := signedExport(t)
			opt := c.setup(t, central, key, path)
			before := storeState(t, central)
			_, err := ImportFile(ctx, central, path, opt)
			if err == nil {
				t.Fatal("imported")
			}
			for _, w := range c.want {
				w = strings.NewReplacer("{fingerprint}", key.Fingerprint(), "{allowed}", filepath.Join(central.Dir(), AllowedSignersFile)).Replace(w)
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%v", w, err)
				}
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07") {
				t.Errorf("the message holds a control character: %q", err)
			}
			if storeState(t, central) != before {
				t.Error("the store changed")
			}
			t.Logf("%s:\n%v", c.name, err)
		})
	}
}
