package exchange

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/store/exchange/signing"
)

// Every export is signed by its data folder's key, over the bytes of the
// file as written, in every format.
func TestExportIsSigned(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ExportFormats {
		t.Run(string(f), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out."+string(f))
			res, err := ExportFile(context.Background(), s, path, exportOpts(alice, f, start.Add(72*time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
			if res.Signer != key.Principal() || res.Fingerprint != key.Fingerprint() {
				t.Errorf("result names %s %s, want the folder's %s %s", res.Signer, res.Fingerprint, key.Principal(), key.Fingerprint())
			}
			b, _ := os.ReadFile(path)
			armored, _ := os.ReadFile(path + ".sig")
			sig, err := signing.ParseSignature(armored)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			if err := sig.Verify(sum[:]); err != nil || sig.Fingerprint() != key.Fingerprint() {
				t.Errorf("the signature does not verify the file by the folder's key: %v", err)
			}
		})
	}
}

// A folder whose key is damaged exports nothing: the key is never made
// again in its place.
func TestExportRefusesADamagedKey(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	if _, err := signing.FolderKey(s.Dir(), s.Vault()); err != nil {
		t.Fatal(err)
	}
	keys, _ := filepath.Glob(filepath.Join(signing.Folder(s.Dir()), "*_ed25519"))
	if len(keys) != 1 {
		t.Fatalf("key files %v", keys)
	}
	if err := os.WriteFile(keys[0], []byte("-----BEGIN OPENSSH PRIVATE KEY-----\ngarbled\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, err := ExportFile(context.Background(), s, filepath.Join(dir, "out.jsonl"), exportOpts(alice, FormatJSONL, start.Add(72*time.Hour)))
	if err == nil || !strings.Contains(err.Error(), "signing key") || !strings.Contains(err.Error(), "Nothing was written") {
		t.Fatalf("export with a damaged key: %v", err)
	}
	if names := files(t, dir); len(names) != 0 {
		t.Errorf("the refused export left %v", names)
	}
	if b, _ := os.ReadFile(keys[0]); !strings.Contains(string(b), "garbled") {
		t.Error("the damaged key was replaced")
	}
}
