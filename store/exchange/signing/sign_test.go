package signing

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hiddeco/sshsig"
)

// SignSHA256 signs the hash the export makes anyway; the library signs
// the message itself. For an Ed25519 key, whose signatures are
// deterministic, the two are the same bytes, and the library's Verify
// accepts SignSHA256's.
func TestSignSHA256IsTheLibrarysSignature(t *testing.T) {
	k, err := FolderKey(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range [][]byte{nil, []byte("{}\n"), bytes.Repeat([]byte("visit line\n"), 100000)} {
		sum := sha256.Sum256(msg)
		ours, err := k.SignSHA256(sum[:])
		if err != nil {
			t.Fatal(err)
		}
		lib, err := sshsig.Sign(bytes.NewReader(msg), k.signer, sshsig.HashSHA256, Namespace)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, sshsig.Armor(lib)) {
			t.Fatalf("SignSHA256 differs from sshsig.Sign:\n%s\n%s", ours, sshsig.Armor(lib))
		}
		parsed, err := sshsig.Unarmor(ours)
		if err != nil {
			t.Fatal(err)
		}
		if err := sshsig.Verify(bytes.NewReader(msg), parsed, k.PublicKey(), sshsig.HashSHA256, Namespace); err != nil {
			t.Fatalf("sshsig.Verify refuses SignSHA256's signature: %v", err)
		}
	}
}

func TestVerify(t *testing.T) {
	k, err := FolderKey(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("an export\n")
	sum := sha256.Sum256(msg)
	armored, _ := k.SignSHA256(sum[:])
	sig, err := ParseSignature(armored)
	if err != nil {
		t.Fatal(err)
	}
	if sig.SHA512() || sig.Fingerprint() != k.Fingerprint() {
		t.Errorf("parsed %v %s, want sha256 and %s", sig.SHA512(), sig.Fingerprint(), k.Fingerprint())
	}
	if err := sig.Verify(sum[:]); err != nil {
		t.Errorf("its own signature fails: %v", err)
	}
	other := sha256.Sum256([]byte("an export, changed\n"))
	if err := sig.Verify(other[:]); err == nil {
		t.Error("a signature of one file verified another")
	}
	// A signature of the SHA-512, as ssh-keygen -Y sign makes them.
	lib, _ := sshsig.Sign(bytes.NewReader(msg), k.signer, sshsig.HashSHA512, Namespace)
	sig512, err := ParseSignature(sshsig.Armor(lib))
	if err != nil {
		t.Fatal(err)
	}
	s512 := sha512.Sum512(msg)
	if !sig512.SHA512() || sig512.Verify(s512[:]) != nil {
		t.Error("a SHA-512 signature does not verify")
	}
	if sig512.Verify(sum[:]) == nil {
		t.Error("a SHA-512 signature took a SHA-256")
	}
}

func TestParseSignatureRefuses(t *testing.T) {
	k, err := FolderKey(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("x"))
	good, _ := k.SignSHA256(sum[:])
	lib, _ := sshsig.Sign(bytes.NewReader([]byte("x")), k.signer, sshsig.HashSHA256, "git\x1b]2;pwned\x07")
	otherNS := sshsig.Armor(lib)
	flipped := bytes.Clone(good)
	// Another base64 letter in the magic "SSHSIG": still base64, no longer
	// a signature.
	if flipped[32] == 'A' {
		flipped[32] = 'B'
	} else {
		flipped[32] = 'A'
	}
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "not an SSH signature"},
		{"not armoured", []byte("hello\n"), "not an SSH signature"},
		{"too long", bytes.Repeat([]byte("A"), MaxSignature+1), "over 16 kB"},
		{"escape", append(bytes.Clone(good), "\x1b[2J"...), "not plain text"},
		{"text after", append(bytes.Clone(good), "and more\n"...), "text after"},
		{"two", append(bytes.Clone(good), good...), "more than one"},
		{"cut", good[:len(good)/2], "not an SSH signature"},
		{"bit flipped", flipped, "cannot be read"},
		{"another namespace", otherNS, "not for an oic export"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSignature(c.b)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("%q, want it to say %q", err, c.want)
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07") {
				t.Errorf("the message holds a control character: %q", err)
			}
		})
	}
	var ns *ErrNamespace
	if _, err := ParseSignature(otherNS); !errors.As(err, &ns) {
		t.Errorf("another namespace is %v, not ErrNamespace", err)
	}
}

// What oic signs, ssh-keygen -Y verify accepts, with the line the key
// gives for allowed_signers; and what ssh-keygen -Y sign makes with the
// folder's key file (a SHA-512 signature), oic verifies.
func TestSSHKeygen(t *testing.T) {
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen is not installed (.ci/run installs openssh-client)")
	}
	dataDir := t.TempDir()
	k, err := FolderKey(dataDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	msg := []byte(strings.Repeat("a line of an export\n", 1000))
	file := filepath.Join(dir, "visits.jsonl")
	allowed := filepath.Join(dir, "allowed_signers")
	mustWrite(t, file, msg)
	mustWrite(t, allowed, []byte(k.AllowedSignersLine()+"\n"))
	sum := sha256.Sum256(msg)
	sig, _ := k.SignSHA256(sum[:])
	mustWrite(t, file+".sig", sig)

	verify := func(namespace string) (string, error) {
		cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", k.Principal(), "-n", namespace, "-s", file+".sig")
		in, _ := os.Open(file)
		defer in.Close()
		cmd.Stdin = in
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := verify(Namespace); err != nil {
		t.Fatalf("ssh-keygen -Y verify refused oic's signature: %v\n%s", err, out)
	} else if !strings.Contains(out, "Good") {
		t.Errorf("ssh-keygen said %q", out)
	}
	if out, err := verify("git"); err == nil {
		t.Errorf("ssh-keygen accepted the signature for another namespace: %s", out)
	}
	mustWrite(t, file, append(bytes.Clone(msg), 'x'))
	if out, err := verify(Namespace); err == nil {
		t.Errorf("ssh-keygen accepted a changed file: %s", out)
	}

	// The other way: ssh-keygen signs with the folder's key file.
	mustWrite(t, file, msg)
	os.Remove(file + ".sig")
	cmd := exec.Command(keygen, "-Y", "sign", "-f", filepath.Join(Folder(dataDir), keyFile), "-n", Namespace, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y sign with the folder's key: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(file + ".sig")
	theirs, err := ParseSignature(b)
	if err != nil {
		t.Fatal(err)
	}
	s512 := sha512.Sum512(msg)
	if !theirs.SHA512() || theirs.Verify(s512[:]) != nil || theirs.Fingerprint() != k.Fingerprint() {
		t.Error("oic does not verify what ssh-keygen -Y sign made")
	}
}

func mustWrite(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
