package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store/backup"
	"oic/store/exchange/signing"
	"oic/store/vault"
)

// demoVisits is a data folder of n demo visits, with OIC_PIN_FILE set to
// the demo officer's PIN for the test.
func demoVisits(t *testing.T, n int, flags ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "src")
	if code, out, errs := runOIC(t, context.Background(), append([]string{"demo", "--data-dir", dir, "--visits", fmt.Sprint(n)}, flags...)...); code != 0 {
		t.Fatalf("demo: exit %d: %s %s", code, out, errs)
	}
	t.Setenv("OIC_PIN_FILE", pinFile(t, "2468", 0o600))
	return dir
}

// folderState is everything a data folder holds as its API reads it:
// every visit's summary, record, audit trail and arrivals, every officer
// and their trail, who is signed in; and its signing key and principal.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var b strings.Builder
	show := func(what string, v any, err error) error {
		if err != nil {
			return err
		}
		j, err := json.Marshal(v)
		fmt.Fprintf(&b, "%s %s\n", what, j)
		return err
	}
	err = s.ScanSummaries(ctx, 500, func(sums []domain.Summary) error {
		for _, sum := range sums {
			show("summary", sum, nil)
			v, err := s.Visit(ctx, sum.Ref)
			if err := show("visit", v, err); err != nil {
				return err
			}
			trail, err := s.Audit(ctx, sum.Ref)
			if err := show("audit", trail, err); err != nil {
				return err
			}
			arr, err := s.Arrivals(ctx, sum.Ref)
			if err := show("arrivals", arr, err); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	officers, err := s.ListOfficers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		show("officer", o, nil)
		trail, err := s.OfficerAudit(ctx, o.StaffNo)
		if err := show("officer audit", trail, err); err != nil {
			t.Fatal(err)
		}
	}
	sn, err := s.SignedIn(ctx)
	show("signed in", sn, err)
	for _, f := range []string{"signing/export_ed25519", "signing/principal"} {
		kb, err := os.ReadFile(filepath.Join(dir, f))
		show(f, string(kb), err)
	}
	return b.String()
}

// A backup restores into a new folder holding every visit, audit trail,
// arrival and officer of the source, and its signing key, so that the
// restored folder signs as the one it was taken of; oic verify then
// passes on it. The source here is plain (--no-encrypt): its backup says
// it is not encrypted, and the folder restored from it is encrypted, as
// every new folder is.
func TestBackupThenRestoreIsTheSameFolder(t *testing.T) {
	src := demoVisits(t, 60, "--no-encrypt")
	ctx := context.Background()
	if code, _, errs := runOIC(t, ctx, "key", "--data-dir", src); code != 0 { // the key is made by now
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "oic.backup")
	code, stdout, stderr := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out)
	if code != 0 {
		t.Fatalf("backup: exit %d: %s %s", code, stdout, stderr)
	}
	for _, want := range []string{"Backed up " + src + " (60 visits", "not encrypted", "sha256sum -c", "-n oic-backup"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("backup output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "holds personal data and is not encrypted") {
		t.Errorf("a plain backup does not say it is unencrypted: %s", stderr)
	}
	for _, f := range []string{out, out + ".sha256", out + ".sig"} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", f, fi, err)
		}
	}
	dst := filepath.Join(t.TempDir(), "restored")
	code, stdout, stderr = runOIC(t, ctx, "restore", out, "--data-dir", dst)
	if code != 0 {
		t.Fatalf("restore: exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "Restored "+out+" into "+dst) || !strings.Contains(stderr, "oic verify: 60 visits") {
		t.Errorf("restore said:\n%s\n%s", stdout, stderr)
	}
	if a, b := folderState(t, src), folderState(t, dst); a != b {
		t.Errorf("the restored folder differs from the source:\n%.2000s\nwas\n%.2000s", b, a)
	}
}

// The backup's digest and signature are checked by hand as the README
// says: sha256sum -c and ssh-keygen -Y verify with namespace oic-backup.
func TestBackupChecksByHand(t *testing.T) {
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("no ssh-keygen here")
	}
	src := demoVisits(t, 5)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "my backup")
	if code, o, e := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out); code != 0 {
		t.Fatalf("backup: %s %s", o, e)
	}
	key, err := signing.FolderKey(src, folderVault(t, src))
	if err != nil {
		t.Fatal(err)
	}
	allowed := filepath.Join(t.TempDir(), "allowed_signers")
	line := key.AllowedSignersLine() // oic key's line: exports and backups
	os.WriteFile(allowed, []byte(line+"\n"), 0o600)
	f, _ := os.Open(out)
	defer f.Close()
	cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", key.Principal(), "-n", "oic-backup", "-s", out+".sig")
	cmd.Stdin = f
	if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), `Good "oic-backup" signature`) {
		t.Errorf("ssh-keygen -Y verify: %v: %s", err, b)
	}
	if sum, _ := os.ReadFile(out + ".sha256"); !strings.HasPrefix(string(sum), fileSHA256(t, out)+"  my backup\n") {
		t.Errorf("digest file %q", sum)
	}
	// Pinned: restore takes the allowed_signers file and names the signer.
	dst := filepath.Join(t.TempDir(), "r")
	code, stdout, stderr := runOIC(t, ctx, "restore", out, "--data-dir", dst, "--allowed-signers", allowed)
	if code != 0 || !strings.Contains(stdout, "Signed by "+key.Principal()) {
		t.Errorf("pinned restore: exit %d: %s %s", code, stdout, stderr)
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// A damaged backup is refused with nothing written: a byte changed, a
// byte changed with its digest made again, a file cut short with its
// digest and signature made again by the folder's own key (so only the
// backup's own closing digest can tell), another file's signature, and a
// file that is no backup at all.
func TestRestoreRefusesADamagedBackup(t *testing.T) {
	src := demoVisits(t, 20)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "b")
	if code, o, e := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out); code != 0 {
		t.Fatalf("backup: %s %s", o, e)
	}
	good, _ := os.ReadFile(out)
	goodSig, _ := os.ReadFile(out + ".sig")
	key, err := signing.FolderKey(src, folderVault(t, src))
	if err != nil {
		t.Fatal(err)
	}
	resign := func(t *testing.T, path string, b []byte) {
		sum := sha256.Sum256(b)
		sig, err := backup.Sign(key, hex.EncodeToString(sum[:]))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path+".sha256", []byte(hex.EncodeToString(sum[:])+"  "+filepath.Base(path)+"\n"), 0o600)
		os.WriteFile(path+".sig", sig, 0o600)
	}
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	for _, c := range []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"a byte changed", func(t *testing.T, p string) {
			os.WriteFile(p, flipped, 0o600)
			os.WriteFile(p+".sha256", mustReadFile(t, out+".sha256"), 0o600)
			os.WriteFile(p+".sig", goodSig, 0o600)
		}, "does not match its digest"},
		{"a byte changed, its digest made again", func(t *testing.T, p string) {
			os.WriteFile(p, flipped, 0o600)
			sum := sha256.Sum256(flipped)
			os.WriteFile(p+".sha256", []byte(hex.EncodeToString(sum[:])+"  b\n"), 0o600)
			os.WriteFile(p+".sig", goodSig, 0o600)
		}, "does not match its signature"},
		{"a byte changed, digest and signature made again", func(t *testing.T, p string) {
			os.WriteFile(p, flipped, 0o600)
			resign(t, p, flipped)
		}, "damaged or cut short"},
		{"cut short, digest and signature made again", func(t *testing.T, p string) {
			cut := good[:len(good)*2/3]
			os.WriteFile(p, cut, 0o600)
			resign(t, p, cut)
		}, "damaged or cut short"},
		{"no backup at all", func(t *testing.T, p string) {
			b := []byte("{\"provenance\": {}}\n")
			os.WriteFile(p, b, 0o600)
			resign(t, p, b)
		}, "not an oic backup"},
		{"no signature", func(t *testing.T, p string) {
			os.WriteFile(p, good, 0o600)
			os.WriteFile(p+".sha256", mustReadFile(t, out+".sha256"), 0o600)
		}, "is not signed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			where := t.TempDir()
			p := filepath.Join(where, "b")
			c.make(t, p)
			dst := filepath.Join(where, "restored")
			code, stdout, stderr := runOIC(t, ctx, "restore", p, "--data-dir", dst)
			if code == 0 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "nothing was restored") {
				t.Errorf("exit %d; want a refusal saying %q and that nothing was restored:\n%s%s", code, c.want, stdout, stderr)
			}
			entries, _ := os.ReadDir(where)
			for _, e := range entries {
				if e.IsDir() {
					t.Errorf("a refused restore left the folder %s", e.Name())
				}
			}
		})
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A restore goes only into a new or empty folder: a folder holding
// anything, a store above all, is refused and left as it was.
func TestRestoreOnlyIntoAnEmptyFolder(t *testing.T) {
	src := demoVisits(t, 3)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "b")
	if code, o, e := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out); code != 0 {
		t.Fatalf("backup: %s %s", o, e)
	}
	other := demoVisits(t, 2)
	before := folderState(t, other)
	code, _, stderr := runOIC(t, ctx, "restore", out, "--data-dir", other)
	if code == 0 || !strings.Contains(stderr, "it is not empty") {
		t.Errorf("restore over a folder: exit %d: %s", code, stderr)
	}
	if after := folderState(t, other); after != before {
		t.Error("a refused restore changed the folder it was refused")
	}
	empty := t.TempDir()
	if code, o, e := runOIC(t, ctx, "restore", out, "--data-dir", empty); code != 0 {
		t.Errorf("restore into an empty folder: exit %d: %s %s", code, o, e)
	}
}

// sshKey makes an ssh-ed25519 key pair: the public key's line, and the
// private key's file in OpenSSH's format.
func sshKey(t *testing.T) (string, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "central records")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(spub))), path
}

// A backup encrypted to a recipient restores with its identity, and
// only with it.
func TestBackupEncryptedToARecipient(t *testing.T) {
	src := demoVisits(t, 10)
	ctx := context.Background()
	pub, id := sshKey(t)
	_, otherID := sshKey(t)
	out := filepath.Join(t.TempDir(), "b")
	code, stdout, stderr := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out, "--recipient", pub)
	if code != 0 || !strings.Contains(stdout, "encrypted to 1 recipient") || strings.Contains(stderr, "not encrypted") {
		t.Fatalf("backup: exit %d: %s %s", code, stdout, stderr)
	}
	if b := mustReadFile(t, out); !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) || bytes.Contains(b, []byte("oic backup")) {
		t.Error("the backup is not an age file, or its header is readable")
	}
	where := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "is encrypted (age)"},
		{[]string{"--identity", otherID}, "encrypted to someone else"},
	} {
		dst := filepath.Join(where, "r")
		code, _, stderr := runOIC(t, ctx, append([]string{"restore", out, "--data-dir", dst}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("restore %v: exit %d: %s", c.args, code, stderr)
		}
		if _, err := os.Stat(dst); err == nil {
			t.Errorf("restore %v refused but made %s", c.args, dst)
		}
	}
	dst := filepath.Join(where, "r")
	if code, o, e := runOIC(t, ctx, "restore", out, "--data-dir", dst, "--identity", id); code != 0 {
		t.Fatalf("restore with the identity: exit %d: %s %s", code, o, e)
	}
	if a, b := folderState(t, src), folderState(t, dst); a != b {
		t.Error("the restored folder differs from the source")
	}
}

// A backup of an encrypted folder (as every folder the tests make is,
// under testPassphrase) is encrypted to its passphrase (age's scrypt),
// and carries its key file and sealed keys as they are: a restore takes
// the passphrase from OIC_PASSPHRASE_FILE, refuses a wrong one with
// nothing made, and makes an encrypted folder that opens with the same
// passphrase and signs with the same key.
func TestBackupEncryptedToTheFolderPassphrase(t *testing.T) {
	src := demoVisits(t, 4)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "b")
	code, stdout, stderr := runOIC(t, ctx, "backup", "--data-dir", src, "--out", out)
	if code != 0 || !strings.Contains(stdout, "encrypted to the folder's passphrase") {
		t.Fatalf("backup: exit %d: %s %s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || bytes.Contains(b, []byte("Alex Renwick")) {
		t.Fatalf("the backup holds a name in plain (or cannot be read: %v)", err)
	}
	passFile := func(p string) string {
		f := filepath.Join(t.TempDir(), "pass")
		os.WriteFile(f, []byte(p+"\n"), 0o600)
		return f
	}
	where := t.TempDir()
	t.Setenv(passphraseFileEnv, passFile("wrong horse"))
	if code, _, e := runOIC(t, ctx, "restore", out, "--data-dir", filepath.Join(where, "r")); code == 0 || !strings.Contains(e, "the passphrase given does not decrypt") {
		t.Errorf("a wrong passphrase: exit %d: %s", code, e)
	}
	if _, err := os.Stat(filepath.Join(where, "r")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused restore left the folder behind: %v", err)
	}
	t.Setenv(passphraseFileEnv, passFile(testPassphrase))
	dst := filepath.Join(where, "r")
	if code, o, e := runOIC(t, ctx, "restore", out, "--data-dir", dst); code != 0 || !strings.Contains(o+e, "verified") {
		t.Fatalf("the right passphrase: exit %d: %s %s", code, o, e)
	}
	if kind, err := vault.Look(dst); err != nil || kind != vault.Encrypted {
		t.Errorf("the restored folder is not encrypted: %v, %v", kind, err)
	}
	if a, b := folderState(t, src), folderState(t, dst); a != b {
		t.Error("the restored folder differs from the source")
	}
	if code, k1, e := runOIC(t, ctx, "key", "--data-dir", src); code != 0 {
		t.Fatalf("oic key: %s", e)
	} else if _, k2, _ := runOIC(t, ctx, "key", "--data-dir", dst); k1 != k2 {
		t.Errorf("the restored folder signs with another key:\n%s\n%s", k1, k2)
	}
}

// Taking a backup is an administrator's, where the folder has one
// (ActBackup): a records clerk's region is not the whole folder.
func TestBackupIsAnAdministrators(t *testing.T) {
	src := demoVisits(t, 3)
	code, _, stderr := runOIC(t, context.Background(), "backup", "--data-dir", src, "--as", "7878127", "--out", filepath.Join(t.TempDir(), "b"))
	if code == 0 || !strings.Contains(stderr, "IDN-1") {
		t.Errorf("a non-administrator's backup: exit %d: %s", code, stderr)
	}
}
