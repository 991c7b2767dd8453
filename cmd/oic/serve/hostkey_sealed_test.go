package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"oic/store/vault"
)

// On an encrypted folder the host key is sealed: no private key lies in
// plain, the same key is read on the next run, and a key a plain folder
// had before oic encrypt is kept (clients know the server by it), sealed,
// its plain file removed.
func TestHostKeySealedOnAnEncryptedFolder(t *testing.T) {
	vault.Cost = vault.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	dir := t.TempDir()
	_, plain, err := hostKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Create(dir, []byte("passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	_, sealed, err := hostKey(dir, v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sealed.PublicKey().Marshal(), plain.PublicKey().Marshal()) {
		t.Fatal("sealing the host key changed it")
	}
	if _, err := os.Stat(filepath.Join(dir, HostKeyFile)); !os.IsNotExist(err) {
		t.Fatalf("the plain host key is still there: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, sealedHostKey))
	if err != nil || bytes.Contains(b, []byte("PRIVATE KEY")) {
		t.Fatalf("sealed host key: %q, %v", b, err)
	}
	_, again, err := hostKey(dir, v)
	if err != nil || !bytes.Equal(again.PublicKey().Marshal(), plain.PublicKey().Marshal()) {
		t.Fatalf("the sealed host key changed on the next run (%v)", err)
	}

	fresh := t.TempDir()
	fv, _ := vault.Create(fresh, []byte("passphrase"))
	if _, _, err := hostKey(fresh, fv); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fresh, HostKeyFile)); !os.IsNotExist(err) {
		t.Fatal("a new encrypted folder's host key was made in plain")
	}
}
