package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testKey is a new Ed25519 key: its signer, and its public key as a .pub
// file holds it, with comment.
func testKey(t *testing.T, comment string) (ssh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return sg, strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sg.PublicKey()))) + " " + comment + "\n"
}

func addSLNOfficer(t *testing.T, dir, sn, name, grade string) {
	t.Helper()
	if code, out, errs := runOIC(t, context.Background(), "officer", "add", "--data-dir", dir, "--staff-no", sn, "--name", name, "--grade", grade, "--team", "SLN"); code != 0 {
		t.Fatalf("officer add %s: exit %d: %s%s", sn, code, out, errs)
	}
}

// An administrator gives an officer a key from a file and from standard
// input, lists it, and takes it away; each step is on the officer's
// profile trail; a private key, or a key someone already has, is refused
// with nothing changed.
func TestOfficerKeyCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addSLNOfficer(t, dir, "AD0001", "Ann Admin", "G7")
	addSLNOfficer(t, dir, "IO0042", "Ian Owen", "EO")
	sg, pub := testKey(t, "ian@laptop\x1b]2;x\x07")
	fp := ssh.FingerprintSHA256(sg.PublicKey())
	file := filepath.Join(t.TempDir(), "ian.pub")
	if err := os.WriteFile(file, []byte(pub), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runOIC(t, ctx, "officer", "key", "add", "--data-dir", dir, "IO0042", file)
	if code != 0 || !strings.Contains(out, "Added the key "+fp) || !strings.Contains(out, "Ian Owen (IO0042)") {
		t.Fatalf("key add: exit %d: %s%s", code, out, errs)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("the key's comment reached the terminal as it was: %q", out)
	}
	// The same key for another officer: refused by name.
	code, _, errs = runOIC(t, ctx, "officer", "key", "add", "--data-dir", dir, "AD0001", file)
	if code != 1 || !strings.Contains(errs, "belongs to IO0042") {
		t.Fatalf("Ian's key for Ann: exit %d: %s", code, errs)
	}
	// From standard input.
	_, pub2 := testKey(t, "ann@desk")
	var sout, serr bytes.Buffer
	if code := run(ctx, []string{"officer", "key", "add", "--data-dir", dir, "AD0001", "-"}, strings.NewReader(pub2), &sout, &serr); code != 0 {
		t.Fatalf("key add -: exit %d: %s%s", code, sout.String(), serr.String())
	}
	// A private key is refused and not kept.
	code, _, errs = runOIC(t, ctx, "officer", "key", "add", "--data-dir", dir, "AD0001", writeTemp(t, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"))
	if code != 1 || !strings.Contains(errs, "is a private key") || !strings.Contains(errs, "nothing was changed") {
		t.Fatalf("a private key: exit %d: %s", code, errs)
	}
	code, out, errs = runOIC(t, ctx, "officer", "key", "list", "--data-dir", dir)
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "IO0042\t"+fp+"\tssh-ed25519\t") {
		t.Fatalf("key list: exit %d: %q%s", code, out, errs)
	}
	code, out, errs = runOIC(t, ctx, "officer", "key", "remove", "--data-dir", dir, "IO0042", fp)
	if code != 0 || !strings.Contains(out, "Removed the key "+fp) {
		t.Fatalf("key remove: exit %d: %s%s", code, out, errs)
	}
	code, out, _ = runOIC(t, ctx, "officer", "show", "--data-dir", dir, "IO0042")
	if code != 0 || !strings.Contains(out, "officer key added\tby Ann Admin (AD0001)\tssh key: — → "+fp) || !strings.Contains(out, "officer key removed\tby Ann Admin (AD0001)\tssh key: "+fp+" → —") {
		t.Fatalf("officer show after a key was added and removed:\n%s", out)
	}
}

func writeTemp(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Where the folder has an administrator, only one gives keys (IDN-1): a
// key is an identity on the server.
func TestOfficerKeyIsTheAdministrators(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addOfficer(t, dir, "--staff-no", "AD0001", "--name", "Ada Boss", "--grade", "G7", "--team", "SLN", "--role", "admin")
	addOfficer(t, dir, "--staff-no", "IO0042", "--name", "Ian Owen", "--grade", "EO", "--team", "SLN", "--as", "AD0001")
	_, pub := testKey(t, "ian@laptop")
	file := writeTemp(t, pub)
	code, out, errs := runOIC(t, ctx, "officer", "key", "add", "--data-dir", dir, "--as", "IO0042", "IO0042", file)
	if code == 0 || !strings.Contains(errs, "nothing was changed") {
		t.Fatalf("key add by an officer who is not an administrator: exit %d: %s%s", code, out, errs)
	}
	if code, out, errs := runOIC(t, ctx, "officer", "key", "add", "--data-dir", dir, "--as", "AD0001", "IO0042", file); code != 0 {
		t.Fatalf("key add by the administrator: exit %d: %s%s", code, out, errs)
	}
}
