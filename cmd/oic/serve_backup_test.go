package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// A backup while oic serve holds the folder: over SSH to standard output
// (encrypted to a recipient) with its signature on standard error, and
// by a local oic backup that the server runs; each restores.
func TestServe_Backup(t *testing.T) {
	sv := startServer(t, 0)
	if err := sv.srv.ListenLocal(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	idFile := filepath.Join(t.TempDir(), "key")
	os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600)
	sess, err := connect(t, sv.addr, sv.alice).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if err := sess.Run("backup --recipient " + id.Recipient().String()); err != nil {
		t.Fatalf("backup over SSH: %v: %s", err, errb.String())
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("age-encryption.org/v1\n")) || !strings.HasPrefix(errb.String(), "-----BEGIN SSH SIGNATURE-----") {
		t.Fatalf("backup over SSH wrote %d bytes and %q", out.Len(), errb.String())
	}
	// Over SSH a recipient is a key, never a file on the server.
	sess2, err := connect(t, sv.addr, sv.alice).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out2, errb2 bytes.Buffer
	sess2.Stdout, sess2.Stderr = &out2, &errb2
	if err := sess2.Run("backup --recipient " + idFile); err == nil || out2.Len() > 0 || !strings.Contains(errb2.String(), "not an age key") {
		t.Errorf("a recipient file over SSH: %v, %d bytes written: %s", err, out2.Len(), errb2.String())
	}
	where := t.TempDir()
	file := filepath.Join(where, "oic.backup")
	os.WriteFile(file, out.Bytes(), 0o600)
	os.WriteFile(file+".sig", errb.Bytes(), 0o600)
	sum := sha256.Sum256(out.Bytes())
	os.WriteFile(file+".sha256", []byte(hex.EncodeToString(sum[:])+"  oic.backup\n"), 0o600)
	dst := filepath.Join(where, "restored")
	if code, o, e := runOIC(t, ctx, "restore", file, "--data-dir", dst, "--identity", idFile); code != 0 || !strings.Contains(e, "oic verify: 1 visits") {
		t.Fatalf("restore of the SSH backup: exit %d: %s %s", code, o, e)
	}

	// While served, a local oic backup is run by the server.
	t.Setenv("OIC_PIN_FILE", "")
	local := filepath.Join(t.TempDir(), "local.backup")
	code, o, e := runOIC(t, ctx, "backup", "--data-dir", sv.dir, "--out", local)
	if code != 0 || !strings.Contains(o, "Backed up "+sv.dir) {
		t.Fatalf("a local backup while served: exit %d: %s %s", code, o, e)
	}
	if code, o, e := runOIC(t, ctx, "restore", local, "--data-dir", filepath.Join(where, "local")); code != 0 {
		t.Fatalf("restore of the local backup: exit %d: %s %s", code, o, e)
	}
	if a, b := folderState(t, dst), folderState(t, filepath.Join(where, "local")); a != b {
		t.Error("the two backups of one folder restore differently")
	}
}
