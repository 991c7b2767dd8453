package exchange

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/signing"
	"oic/store/vault"
)

// Issue 18, section 1: a push or pull waiting in an encrypted folder's
// incoming/ held its visits in plain. Now it is kept sealed to a key the
// folder's vault seals beside it: no name of it is on the disk in plain,
// and the transfer is judged and imported from it, its digest and
// signature checked on its plaintext. A file whose key is not this
// folder's is refused, nothing taken in.
func TestIncomingSealedInAnEncryptedFolder(t *testing.T) {
	ctx := context.Background()
	laptop, _ := openStore(t)
	vault.Cost = vault.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	dir := t.TempDir()
	v, err := vault.Create(dir, []byte("server passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	server, err := store.OpenWith(dir, store.Options{Derive: Derivation(), Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	visit := closedVisit(t, laptop, t0.Add(24*time.Hour), t0.Add(27*time.Hour))
	key, err := signing.FolderKey(laptop.Dir(), laptop.Vault())
	if err != nil {
		t.Fatal(err)
	}
	allowed := pin(t, server, key.AllowedSignersLine())
	at := t0.Add(100 * time.Hour)
	opt := exportOpts(alice, FormatJSONL, at)
	opt.Visits = []domain.Ref{visit.Ref}
	sent := exportTo(t, laptop, t.TempDir(), "push.jsonl", opt)
	plain, err := os.ReadFile(sent)
	if err != nil {
		t.Fatal(err)
	}

	// As oic push's server takes it in: sealed as it is written.
	receive := func(v *vault.Vault) string {
		t.Helper()
		in := filepath.Join(dir, "incoming")
		os.MkdirAll(in, 0o700)
		path := filepath.Join(in, "push-1.jsonl")
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		w, err := SealIncoming(path, v, f)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, bytes.NewReader(plain))
		w.Close()
		f.Close()
		for _, ext := range []string{".sha256", ".sig"} {
			b, _ := os.ReadFile(sent + ext)
			os.WriteFile(path+ext, bytes.ReplaceAll(b, []byte("push.jsonl"), []byte("push-1.jsonl")), 0o600)
		}
		return path
	}
	path := receive(v)
	name := visit.Basics.Premises.Name
	if !bytes.Contains(plain, []byte(name)) {
		t.Fatalf("the export does not hold %q: the test looks for nothing", name)
	}
	on, _ := os.ReadFile(path)
	if bytes.Contains(on, []byte(name)) || bytes.Contains(on, []byte(visit.Basics.OICName)) {
		t.Fatal("the incoming file holds the visit in plain")
	}
	res, err := ImportTransfer(ctx, server, path, TransferOptions{By: alice, At: at, AllowedSigners: allowed})
	if err != nil || res.Added != 1 {
		t.Fatalf("the sealed push: %+v, %v", res, err)
	}
	if got := mustVisit(t, server, visit.Ref); got.Version != visit.Version {
		t.Errorf("the visit on the server: version %d, want %d", got.Version, visit.Version)
	}
	r, err := OpenIncoming(path, server.Vault())
	if err != nil {
		t.Fatal(err)
	}
	back, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(back, plain) {
		t.Error("OpenIncoming does not give back what was sent")
	}

	// Sealed by another folder's vault: refused, nothing taken in.
	for _, f := range []string{path, path + ".sha256", path + ".sig", IncomingKeyFile(path)} {
		os.Remove(f)
	}
	other, err := vault.Create(t.TempDir(), []byte("another passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	path = receive(other)
	before := storeState(t, server)
	if _, err := ImportTransfer(ctx, server, path, TransferOptions{By: alice, At: at, AllowedSigners: allowed}); err == nil || !strings.Contains(err.Error(), "cannot open the key") {
		t.Errorf("a file sealed by another folder: %v", err)
	}
	if after := storeState(t, server); after != before {
		t.Error("a refused transfer changed the server")
	}
}
