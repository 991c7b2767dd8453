package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/store/vault"
)

// A plain store copied into an encrypted one (oic encrypt) reads the
// same there, with no plain text in the new folder's files, and the
// comparison after the copy finds a record that differs.
func TestCopyToEncrypted(t *testing.T) {
	src, _ := openStore(t)
	v1 := create(t, src, basics("SLN", "E1 6AN", t0.Add(48*time.Hour), alice), alice, t0)
	create(t, src, basics("SLN", "SW1A 1AA", t0.Add(72*time.Hour), bob), bob, t0)

	dir := t.TempDir()
	v, err := vault.Create(dir, []byte("passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	dst, err := OpenWith(dir, Options{Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := src.CopyTo(context.Background(), dst, nil); err != nil {
		t.Fatal(err)
	}
	if got := mustVisit(t, dst, v1.Ref); got.Basics.Premises.Name != "Star Takeaway" || got.Version != v1.Version {
		t.Fatalf("copied visit: %+v", got.Basics.Premises)
	}
	if _, problems, err := dst.Verify(context.Background(), nil); err != nil || len(problems) > 0 {
		t.Fatalf("the copy does not verify: %v %v", problems, err)
	}
	putRaw(t, dst, []byte("zz-extra"), []byte("x"))
	if err := sameRecords(context.Background(), src.db, dst.db, nil); err == nil || !strings.Contains(err.Error(), "zz-extra") {
		t.Fatalf("an extra key in the copy went unseen: %v", err)
	}
	dst.Close()
	if found := filesHolding(t, dir, "Star Takeaway", "Alice Ames", "Bob Brown"); len(found) > 0 {
		t.Fatalf("plain text in the encrypted copy: %v", found)
	}
}
