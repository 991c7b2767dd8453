package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"oic/store/exchange/signing"
)

// An export to recipients is an age file in every format, with its digest
// and signature of the bytes as written: sha256sum and ssh-keygen -Y
// verify check it as received; central records import it with either
// identity it was encrypted to, and with no other.
func TestExportEncryptedImportsWithTheIdentity(t *testing.T) {
	dir, visits := closedStore(t, 2)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()
	ageID, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	ageFile := filepath.Join(t.TempDir(), "central.agekey")
	os.WriteFile(ageFile, []byte("# central records\n"+ageID.String()+"\n"), 0o600)
	sshPub, sshID := sshKey(t)
	_, otherID := sshKey(t)
	recipients := filepath.Join(t.TempDir(), "recipients")
	os.WriteFile(recipients, []byte("# central records' keys\n"+ageID.Recipient().String()+"\n\n"), 0o600)
	out := t.TempDir()
	for _, f := range []string{"jsonl", "csv", "md"} {
		p := filepath.Join(out, "visits."+f)
		code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", f, "--out", p, "--recipient", recipients, "--recipient", sshPub)
		if code != 0 || !strings.Contains(stdout, "encrypted to 2 recipients") || strings.Contains(stderr, "not encrypted") {
			t.Fatalf("%s: exit %d: %s %s", f, code, stdout, stderr)
		}
		b := mustReadFile(t, p)
		if !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) || bytes.Contains(b, []byte(visits[0].Ref)) {
			t.Errorf("%s: not an age file, or its plaintext shows", f)
		}
		sum := sha256.Sum256(b)
		if d := mustReadFile(t, p+".sha256"); string(d) != hex.EncodeToString(sum[:])+"  visits."+f+"\n" {
			t.Errorf("%s: the digest %q is not of the bytes as written", f, d)
		}
	}
	p := filepath.Join(out, "visits.jsonl")
	if keygen, err := exec.LookPath("ssh-keygen"); err == nil {
		key, err := signing.FolderKey(dir, folderVault(t, dir))
		if err != nil {
			t.Fatal(err)
		}
		allowed := filepath.Join(t.TempDir(), "allowed_signers")
		os.WriteFile(allowed, []byte(key.AllowedSignersLine()+"\n"), 0o600)
		f, _ := os.Open(p)
		cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", key.Principal(), "-n", "oic-export", "-s", p+".sig")
		cmd.Stdin = f
		if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), `Good "oic-export" signature`) {
			t.Errorf("ssh-keygen -Y verify of the encrypted export: %v: %s", err, b)
		}
		f.Close()
	}

	central := filepath.Join(t.TempDir(), "central")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "is encrypted (age): give the identity"},
		{[]string{"--identity", otherID}, "encrypted to someone else"},
		{[]string{"--identity", recipients}, "not an age identity file"},
	} {
		code, _, stderr := runOIC(t, ctx, append(append([]string{"import", "--as", "CR0001", "--data-dir", central}, c.args...), p)...)
		if code == 0 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "nothing was imported") {
			t.Errorf("import %v: exit %d: %s", c.args, code, stderr)
		}
		if _, err := os.Stat(central); err == nil {
			t.Errorf("import %v was refused but made the folder %s", c.args, central)
		}
	}
	code, stdout, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, "--identity", sshID, p)
	if code != 0 || !strings.Contains(stdout, "2 added") {
		t.Fatalf("import with the ssh identity: exit %d: %s %s", code, stdout, stderr)
	}
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, "--identity", ageFile, p)
	if code != 0 || !strings.Contains(stdout, "2 already here") {
		t.Errorf("import again with the age identity: exit %d: %s %s", code, stdout, stderr)
	}

	// Damaged in transit: a byte changed, the digest made again to hide
	// it. The signature fails before the file is decrypted; nothing is
	// written.
	b := mustReadFile(t, p)
	b[len(b)/2] ^= 1
	bad := filepath.Join(t.TempDir(), "visits.jsonl")
	os.WriteFile(bad, b, 0o600)
	sum := sha256.Sum256(b)
	os.WriteFile(bad+".sha256", []byte(hex.EncodeToString(sum[:])+"  visits.jsonl\n"), 0o600)
	os.WriteFile(bad+".sig", mustReadFile(t, p+".sig"), 0o600)
	fresh := filepath.Join(t.TempDir(), "fresh")
	code, _, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", fresh, "--identity", sshID, bad)
	if code == 0 || !strings.Contains(stderr, "does not match its signature") {
		t.Errorf("a damaged encrypted export: exit %d: %s", code, stderr)
	}
	if folderVisits(t, fresh) != 0 {
		t.Error("a damaged encrypted export wrote visits")
	}
}

// folderVisits counts the visits in dir (0 if there is no store).
func folderVisits(t *testing.T, dir string) int {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "db")); err != nil {
		return 0
	}
	code, stdout, _ := runOIC(t, context.Background(), "verify", "--data-dir", dir, "--json")
	if code == 2 {
		t.Fatalf("verify %s: %s", dir, stdout)
	}
	if i := strings.Index(stdout, `"visits": `); i >= 0 {
		n := 0
		for _, c := range stdout[i+len(`"visits": `):] {
			if c < '0' || c > '9' {
				break
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	return 0
}

// A recipient that is not a key oic encrypts to is refused by name,
// before anything is written; so is a file of keys with a bad line.
func TestExportRecipientRefusedByName(t *testing.T) {
	dir, _ := closedStore(t, 1)
	ageID, _ := age.GenerateX25519Identity()
	badFile := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(badFile, []byte(ageID.Recipient().String()+"\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ\n"), 0o600)
	out := filepath.Join(t.TempDir(), "x.jsonl")
	for _, c := range []struct {
		recipient, want string
	}{
		{"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ", `--recipient "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ": a ssh-rsa key cannot be encrypted to`},
		{"age1notakey", `--recipient "age1notakey": not a valid age public key`},
		{ageID.String(), "--recipient (a private key): this is an age private key"},
		{badFile, "line 2: a ssh-rsa key cannot be encrypted to"},
		{filepath.Join(t.TempDir(), "missing"), "is neither an age key"},
	} {
		code, _, stderr := runOIC(t, context.Background(), "export", "--data-dir", dir, "--format", "jsonl", "--out", out, "--recipient", c.recipient)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("--recipient %.30s: exit %d: %s; want 2 and %q", c.recipient, code, stderr, c.want)
		}
		if strings.Contains(stderr, "AGE-SECRET-KEY") {
			t.Error("the refusal printed a private key")
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("--recipient %.30s was refused but the export was written", c.recipient)
		}
	}
}
