package serve

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The host key is made on first run, readable by its owner alone, and
// the same key is read on the next.
func TestHostKeyMadeOnce(t *testing.T) {
	dir := t.TempDir()
	_, first, err := hostKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("the host key's mode is %04o, want 0600", fi.Mode().Perm())
	}
	if first.PublicKey().Type() != "ssh-ed25519" {
		t.Errorf("the host key is %s, want ssh-ed25519", first.PublicKey().Type())
	}
	_, again, err := hostKey(dir, nil)
	if err != nil || string(again.PublicKey().Marshal()) != string(first.PublicKey().Marshal()) {
		t.Fatalf("the host key changed on the second run (%v)", err)
	}
}

// A host key others may read, or a file that is not a key, stops the
// server from starting, saying why and what to do; nothing is replaced.
func TestHostKeyRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	dir := t.TempDir()
	if _, _, err := hostKey(dir, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, HostKeyFile)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hostKey(dir, nil); err == nil || !strings.Contains(err.Error(), "can be read by others (mode 0644)") || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Fatalf("a host key others may read: %v", err)
	}
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hostKey(dir, nil); err == nil || !strings.Contains(err.Error(), "is not an SSH private key") {
		t.Fatalf("a host key that is not a key: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "not a key\n" {
		t.Fatal("the file was replaced")
	}
}
