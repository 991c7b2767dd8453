package signing

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"oic/store/vault"
)

// On an encrypted folder the signing key is sealed by its vault: no
// private key in plain, the same key next time, never read without the
// vault; a key from before the folder was encrypted is kept (central
// records pin it), sealed, and its plain file removed.
func TestFolderKeySealed(t *testing.T) {
	vault.Cost = vault.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	dir := t.TempDir()
	plain, err := FolderKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Create(dir, []byte("passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := FolderKey(dir, nil); err == nil || !strings.Contains(err.Error(), "is encrypted") {
		t.Fatalf("an encrypted folder's key read without its vault: %v", err)
	}
	sealed, err := FolderKey(dir, v)
	if err != nil {
		t.Fatal(err)
	}
	if sealed.Fingerprint() != plain.Fingerprint() || sealed.Principal() != plain.Principal() {
		t.Fatal("sealing the key changed it")
	}
	if _, err := os.Stat(filepath.Join(Folder(dir), keyFile)); !os.IsNotExist(err) {
		t.Fatalf("the plain key is still there: %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(Folder(dir), sealedFile))
	if len(b) == 0 || bytes.Contains(b, []byte("PRIVATE KEY")) {
		t.Fatalf("sealed key file: %q", b)
	}
	again, err := FolderKey(dir, v)
	if err != nil || again.Fingerprint() != plain.Fingerprint() {
		t.Fatalf("next time: %v", err)
	}

	fresh := t.TempDir()
	fv, _ := vault.Create(fresh, []byte("passphrase"))
	if _, err := FolderKey(fresh, fv); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(Folder(fresh), keyFile)); !os.IsNotExist(err) {
		t.Fatal("a new encrypted folder's key was made in plain")
	}
}
