package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests derive at a cost a thousand times lower than a real folder's:
// the key file records the cost it was made with.
func TestMain(m *testing.M) {
	Cost = Params{MemoryKiB: 64, Time: 1, Threads: 1}
	os.Exit(m.Run())
}

var t0 = time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)

func TestCreateUnlock(t *testing.T) {
	dir := t.TempDir()
	v, err := Create(dir, []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, File))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if k, _ := Look(dir); k != Encrypted {
		t.Fatalf("Look = %v", k)
	}
	got, err := Unlock(dir, []byte("correct horse"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.DataKey(), v.DataKey()) || len(v.DataKey()) != 32 {
		t.Fatal("the data key unwrapped is not the one made")
	}
	if _, err := Create(dir, []byte("another")); err == nil {
		t.Fatal("Create wrote over a key file")
	}
	if got, _ := Unlock(dir, []byte("correct horse"), t0); got == nil {
		t.Fatal("the key file was replaced by a second Create")
	}
}

func TestWrongPassphraseChangesNothing(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, []byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, File))
	_, err := Unlock(dir, []byte("wrong horse"), t0)
	if !errors.Is(err, ErrWrongPassphrase) || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Fatalf("err = %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, File))
	if !bytes.Equal(before, after) {
		t.Fatal("a wrong passphrase changed the key file")
	}
}

// Five wrong in a row are free; the sixth try waits, untried even when
// right, and a clock set back restarts the wait from now rather than
// lifting it.
func TestWrongTriesAreSlowed(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, []byte("right")); err != nil {
		t.Fatal(err)
	}
	now := t0
	for i := 1; i <= FreeTries; i++ {
		_, err := Unlock(dir, []byte("wrong"), now)
		var we *WrongError
		if !errors.As(err, &we) || we.Failed != i {
			t.Fatalf("try %d: %v", i, err)
		}
		now = now.Add(time.Second)
	}
	var wait *WaitError
	if _, err := Unlock(dir, []byte("right"), now); !errors.As(err, &wait) {
		t.Fatalf("the right passphrase too soon after five wrong: %v", err)
	}
	// The clock set back a day: still waiting, from now.
	back := t0.Add(-24 * time.Hour)
	if _, err := Unlock(dir, []byte("right"), back); !errors.As(err, &wait) || wait.Until != back.Add(firstDelay) {
		t.Fatalf("clock set back: %v", err)
	}
	if _, err := Unlock(dir, []byte("right"), back.Add(firstDelay)); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, TriesFile)); !os.IsNotExist(err) {
		t.Fatal("a right passphrase left the count of wrong ones")
	}
	if delay(FreeTries+1) != 2*firstDelay || delay(100) != maxDelay {
		t.Fatal("the delay does not grow to its cap")
	}
}

func TestRewrapKeepsTheDataKey(t *testing.T) {
	dir := t.TempDir()
	v, err := Create(dir, []byte("old one"))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Rewrap([]byte("new one")); err != nil {
		t.Fatal(err)
	}
	if _, err := Unlock(dir, []byte("old one"), t0); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the old passphrase still opens: %v", err)
	}
	got, err := Unlock(dir, []byte("new one"), t0)
	if err != nil || !bytes.Equal(got.DataKey(), v.DataKey()) {
		t.Fatalf("new passphrase: %v", err)
	}
}

// A key file whose cost was edited down does not open: the parameters
// are bound to the wrapped key.
func TestEditedCostRefused(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, []byte("pw")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, File)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte(`"time": 1`), []byte(`"time": 2`), 1), 0o600)
	if _, err := Unlock(dir, []byte("pw"), t0); err == nil {
		t.Fatal("a key file with its cost edited opened")
	}
	os.WriteFile(p, []byte("{not json"), 0o600)
	if _, err := Unlock(dir, []byte("pw"), t0); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged key file: %v", err)
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	v, err := Create(dir, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "host.sealed")
	secret := []byte("-----BEGIN OPENSSH PRIVATE KEY-----")
	if err := v.WriteSecret(path, "host key", secret); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if bytes.Contains(b, []byte("OPENSSH")) {
		t.Fatal("the secret lies in plain")
	}
	if err := v.WriteSecret(path, "host key", []byte("other")); !errors.Is(err, os.ErrExist) {
		t.Fatalf("a secret written over: %v", err)
	}
	got, err := v.ReadSecret(path, "host key")
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("ReadSecret = %q, %v", got, err)
	}
	if _, err := v.ReadSecret(path, "signing key"); err == nil {
		t.Fatal("a secret opened under another name")
	}
	other, _ := Create(t.TempDir(), []byte("pw"))
	if _, err := other.ReadSecret(path, "host key"); err == nil {
		t.Fatal("another folder's vault opened the secret")
	}
}

func TestMarkPlain(t *testing.T) {
	dir := t.TempDir()
	if err := MarkPlain(dir); err != nil {
		t.Fatal(err)
	}
	if k, _ := Look(dir); k != Plain {
		t.Fatalf("Look = %v", k)
	}
	b, _ := os.ReadFile(filepath.Join(dir, PlainFile))
	if !strings.Contains(string(b), "NOT encrypted") {
		t.Fatalf("note: %q", b)
	}
}

// BenchmarkDerive is one derivation of the key that wraps the data key,
// at the cost new folders are made with (vault.Cost), not the tests'.
func BenchmarkDerive(b *testing.B) {
	salt := make([]byte, saltSize)
	for b.Loop() {
		derive([]byte("correct horse battery staple"), salt, productionCost)
	}
}
