package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"oic/store/vault"
)

// writePassFile writes a passphrase file with the given mode.
func writePassFile(t *testing.T, pass string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(p, []byte(pass+"\n"), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, mode)
	return p
}

// dbBytes reads every file of dir's store but Badger's LOCK.
func dbBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, _ := os.ReadDir(filepath.Join(dir, "db"))
	for _, e := range entries {
		if e.Name() != "LOCK" {
			b, _ := os.ReadFile(filepath.Join(dir, "db", e.Name()))
			m[e.Name()] = string(b)
		}
	}
	return m
}

func sameBytes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// With no terminal and no OIC_PASSPHRASE_FILE, a new folder is not made
// (plain, silently, would be worse): the officer is told both ways on.
func TestNewFolderNeedsAPassphrase(t *testing.T) {
	t.Setenv(passphraseFileEnv, "")
	dir := filepath.Join(t.TempDir(), "new")
	code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "5")
	if code == 0 || !strings.Contains(errs, "OIC_PASSPHRASE_FILE") || !strings.Contains(errs, "--no-encrypt") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "db")); !os.IsNotExist(err) {
		t.Fatal("a store was made without a passphrase")
	}
	// Nor is an encrypted folder opened without one.
	enc := t.TempDir()
	t.Setenv(passphraseFileEnv, writePassFile(t, testPassphrase, 0o600))
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", enc, "--visits", "5"); code != 0 {
		t.Fatal(errs)
	}
	t.Setenv(passphraseFileEnv, "")
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", enc); code == 0 || !strings.Contains(errs, "is encrypted: oic needs its passphrase") {
		t.Fatalf("opened without its passphrase: exit %d: %s", code, errs)
	}
}

// A passphrase file others can read is refused, as ssh refuses such a
// key; a wrong passphrase says so and changes nothing.
func TestPassphraseFileChecked(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "5"); code != 0 {
		t.Fatal(errs)
	}
	before := dbBytes(t, dir)
	key, _ := os.ReadFile(filepath.Join(dir, vault.File))

	t.Setenv(passphraseFileEnv, writePassFile(t, testPassphrase, 0o644))
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", dir); code == 0 || !strings.Contains(errs, "others can read (mode 0644)") {
		t.Fatalf("a file others can read: exit %d: %s", code, errs)
	}
	t.Setenv(passphraseFileEnv, writePassFile(t, "not the passphrase", 0o600))
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", dir); code == 0 || !strings.Contains(errs, "wrong passphrase") {
		t.Fatalf("a wrong passphrase: exit %d: %s", code, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, vault.File)); string(after) != string(key) || !sameBytes(before, dbBytes(t, dir)) {
		t.Fatal("a refused passphrase changed the folder")
	}
}

// oic passphrase rewraps the data key: the old passphrase no longer
// opens the folder, the new one does, and the store is not rewritten.
func TestPassphraseChange(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "5"); code != 0 {
		t.Fatal(errs)
	}
	before := dbBytes(t, dir)
	newFile := writePassFile(t, "a new passphrase", 0o600)
	code, out, errs := runOIC(t, context.Background(), "passphrase", "--data-dir", dir, "--new-passphrase-file", newFile)
	if code != 0 || !strings.Contains(out, "is changed") {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if !sameBytes(before, dbBytes(t, dir)) {
		t.Fatal("changing the passphrase rewrote the store")
	}
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", dir); code == 0 || !strings.Contains(errs, "wrong passphrase") {
		t.Fatalf("the old passphrase still opens the folder: exit %d: %s", code, errs)
	}
	t.Setenv(passphraseFileEnv, newFile)
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", dir); code != 0 {
		t.Fatalf("the new passphrase: exit %d: %s", code, errs)
	}
	short := writePassFile(t, "short", 0o600)
	if code, _, errs := runOIC(t, context.Background(), "passphrase", "--data-dir", dir, "--new-passphrase-file", short); code == 0 || !strings.Contains(errs, "at least 8") {
		t.Fatalf("a short passphrase: exit %d: %s", code, errs)
	}
	plain := t.TempDir()
	runOIC(t, context.Background(), "demo", "--data-dir", plain, "--visits", "5", "--no-encrypt")
	if code, _, errs := runOIC(t, context.Background(), "passphrase", "--data-dir", plain, "--new-passphrase-file", newFile); code == 0 || !strings.Contains(errs, "oic encrypt") {
		t.Fatalf("a plain folder: exit %d: %s", code, errs)
	}
}

// oic encrypt converts a plain folder: the records, the signing key and
// the folder's other files are in the encrypted one, which verifies, and
// the plain one is kept aside under a name it says. A half-made folder
// an earlier run left is cleared; a folder there without the note saying
// so is not touched.
func TestEncryptConvertsAPlainFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "data")
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "20", "--no-encrypt"); code != 0 {
		t.Fatal(errs)
	}
	_, keyBefore, _ := runOIC(t, context.Background(), "key", "--data-dir", dir)
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{}`), 0o600)
	visits := personalData(t, dir)

	// Left by a run that was stopped: cleared.
	half := dir + encryptingSuffix
	os.MkdirAll(filepath.Join(half, "db"), 0o700)
	os.WriteFile(filepath.Join(half, halfMade), []byte("x"), 0o600)
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", half); code == 0 || !strings.Contains(errs, "not a data folder") {
		t.Fatalf("a half-made folder opened: exit %d: %s", code, errs)
	}

	code, out, errs := runOIC(t, context.Background(), "encrypt", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "is now encrypted") || !strings.Contains(errs, "left half-made") {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if k, _ := vault.Look(dir); k != vault.Encrypted {
		t.Fatal("the folder is not encrypted")
	}
	olds, _ := filepath.Glob(dir + ".plain-*")
	if len(olds) != 1 || !strings.Contains(out, olds[0]) {
		t.Fatalf("the plain folder kept as %v; said %s", olds, out)
	}
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Fatal("the folder built is still under its working name")
	}
	if _, err := os.Stat(filepath.Join(dir, "config.json")); err != nil {
		t.Fatal("config.json was not carried over")
	}
	if code, _, errs := runOIC(t, context.Background(), "verify", "--data-dir", dir); code != 0 {
		t.Fatalf("verify: %s", errs)
	}
	if _, keyAfter, _ := runOIC(t, context.Background(), "key", "--data-dir", dir); keyAfter != keyBefore || keyBefore == "" {
		t.Fatalf("the signing key changed: %q, then %q", keyBefore, keyAfter)
	}
	if got := personalData(t, dir); len(got) != len(visits) {
		t.Fatalf("%d values read back, of %d", len(got), len(visits))
	}
	if found := filesHolding(t, dir, visits); len(found) > 0 {
		t.Fatalf("personal data in plain after oic encrypt: %v", found[:min(5, len(found))])
	}

	// Encrypted already; and a folder under the working name that oic
	// did not leave half-made is never removed.
	if code, _, errs := runOIC(t, context.Background(), "encrypt", "--data-dir", dir); code == 0 || !strings.Contains(errs, "already encrypted") {
		t.Fatalf("again: exit %d: %s", code, errs)
	}
	other := filepath.Join(root, "other")
	runOIC(t, context.Background(), "demo", "--data-dir", other, "--visits", "5", "--no-encrypt")
	os.MkdirAll(other+encryptingSuffix, 0o700)
	if code, _, errs := runOIC(t, context.Background(), "encrypt", "--data-dir", other); code == 0 || !strings.Contains(errs, "not as a half-made folder") {
		t.Fatalf("a folder in the way: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(other + encryptingSuffix); err != nil {
		t.Fatal("a folder oic did not make was removed")
	}
}
