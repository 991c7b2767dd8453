package store

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/store/vault"
)

// The store's tests make their key files at a trivial cost: the key file
// records the cost it was made with.
func init() { vault.Cost = vault.Params{MemoryKiB: 64, Time: 1, Threads: 1} }

// openEncrypted makes an encrypted folder and opens its store.
func openEncrypted(t testing.TB) (*Store, *vault.Vault, string) {
	t.Helper()
	dir := t.TempDir()
	v, err := vault.Create(dir, []byte("passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenWith(dir, Options{Derive: testDerivation, Vault: v})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, v, dir
}

// filesHolding lists the files under dir whose bytes hold any of words.
func filesHolding(t testing.TB, dir string, words ...string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, w := range words {
			if bytes.Contains(b, []byte(w)) {
				found = append(found, filepath.Base(path)+": "+w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// What a visit holds of its premises and its officer is in no file of an
// encrypted folder, written and closed (flushed to tables) and opened
// again; in a plain folder it is, which shows the look can find it.
func TestEncryptedStoreHoldsNoPlainText(t *testing.T) {
	words := []string{"Star Takeaway", "1 High Street", "Alice Ames", "Workers seen arriving"}
	s, v, dir := openEncrypted(t)
	v1 := create(t, s, basics("SLN", "E1 6AN", t0.Add(48*time.Hour), alice), alice, t0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if found := filesHolding(t, dir, words...); len(found) > 0 {
		t.Fatalf("plain text in an encrypted folder: %v", found)
	}
	s2, err := OpenWith(dir, Options{Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := mustVisit(t, s2, v1.Ref); got.Basics.Premises.Name != "Star Takeaway" {
		t.Fatalf("read back %q", got.Basics.Premises.Name)
	}

	p, pdir := openStore(t)
	create(t, p, basics("SLN", "E1 6AN", t0.Add(48*time.Hour), alice), alice, t0)
	p.Close()
	if found := filesHolding(t, pdir, words...); len(found) == 0 {
		t.Fatal("the look finds nothing even in a plain folder")
	}
}

func TestEncryptedFolderRefusedWithoutItsKey(t *testing.T) {
	s, v, dir := openEncrypted(t)
	create(t, s, basics("SLN", "E1 6AN", t0.Add(48*time.Hour), alice), alice, t0)
	s.Close()
	before := snapshotFiles(t, dir)

	_, err := Open(dir)
	if !errors.Is(err, ErrNeedsPassphrase) {
		t.Fatalf("opened without its key: %v", err)
	}
	// The key file gone: the store is still known to be encrypted.
	os.Rename(filepath.Join(dir, vault.File), filepath.Join(dir, "moved"))
	_, err = Open(dir)
	var ee *EncryptionError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "key file vault.json is missing") {
		t.Fatalf("key file missing: %v", err)
	}
	os.Rename(filepath.Join(dir, "moved"), filepath.Join(dir, vault.File))
	if after := snapshotFiles(t, dir); !equalFiles(before, after) {
		t.Fatal("a refused opening changed the folder")
	}
	s3, err := OpenWith(dir, Options{Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	s3.Close()
}

// A plain folder is never opened with a key: Badger would refuse it
// anyway, but a key file copied into it is named as the cause.
func TestPlainFolderRefusedWithAKey(t *testing.T) {
	p, dir := openStore(t)
	p.Close()
	other, err := vault.Create(t.TempDir(), []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	var ee *EncryptionError
	if _, err := OpenWith(dir, Options{Vault: other}); !errors.As(err, &ee) {
		t.Fatalf("plain folder opened with a key: %v", err)
	}
	v, err := vault.Create(dir, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenWith(dir, Options{Vault: v}); !errors.As(err, &ee) || !strings.Contains(err.Error(), "not encrypted") {
		t.Fatalf("plain store with a key file copied in: %v", err)
	}
}

// snapshotFiles reads every file under dir, but Badger's LOCK.
func snapshotFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "LOCK" {
			return err
		}
		b, err := os.ReadFile(path)
		m[path] = b
		return err
	})
	return m
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
