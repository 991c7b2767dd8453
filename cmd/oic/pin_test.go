package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// setPINIn gives o the PIN pin in the folder dir, closed again after.
func setPINIn(t *testing.T, dir string, o domain.Officer, pin string) {
	t.Helper()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetPIN(context.Background(), o.StaffNo, pin, o, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// pinFile writes pin to a file of mode perm and returns its path.
func pinFile(t *testing.T, pin string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pin")
	if err := os.WriteFile(p, []byte(pin+"\n"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	return p
}

// IDN-1 on the command line: an export records who made it, so --as an
// officer with a PIN needs it; with no terminal (here), from the file
// OIC_PIN_FILE names, which must be the user's alone. A refusal writes
// nothing; commands that only read ask for no PIN.
func TestIDN1AsWithPINFile(t *testing.T) {
	dir, _ := closedStore(t, 1)
	setPINIn(t, dir, oicAlice, "97531")
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "visits.md")
	export := []string{"export", "--data-dir", dir, "--as", string(oicAlice.StaffNo), "--format", "md", "--out", out}
	for _, tc := range []struct {
		name, file, want string
		perm             os.FileMode
	}{
		{name: "no PIN file", want: "there is no terminal to type it at: run it at a terminal, or set OIC_PIN_FILE"},
		{name: "readable by others", file: "97531", perm: 0o644, want: "may be read by others (mode 0644): chmod 600"},
		{name: "wrong PIN", file: "13579", perm: 0o600, want: "wrong PIN for A1001: 4 tries left before A1001 is locked for 5 minutes; nothing was done"},
		{name: "not a PIN", file: "97-531", perm: 0o600, want: "the PIN of A1001: a PIN is 4 to 12 digits, and digits only; nothing was done"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("OIC_PIN_FILE", "")
			if tc.file != "" {
				t.Setenv("OIC_PIN_FILE", pinFile(t, tc.file, tc.perm))
			}
			code, _, stderr := runOIC(t, ctx, export...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatalf("a refused export wrote %s", out)
			}
		})
	}
	t.Setenv("OIC_PIN_FILE", pinFile(t, "97531", 0o600))
	if code, stdout, stderr := runOIC(t, ctx, export...); code != 0 || !strings.Contains(stdout, "Exported 1 closed visit") {
		t.Fatalf("with the right PIN: exit %d: %s%s", code, stdout, stderr)
	}
	// Reading needs no PIN, with --as or without.
	t.Setenv("OIC_PIN_FILE", "")
	for _, args := range [][]string{
		{"officer", "list", "--data-dir", dir, "--as", string(oicAlice.StaffNo)},
		{"verify", "--data-dir", dir, "--as", string(oicAlice.StaffNo)},
	} {
		if code, _, stderr := runOIC(t, ctx, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// Five wrong PINs lock the officer: the sixth command is refused without
// trying the PIN, saying until when, the right PIN included.
func TestIDN1AsLocked(t *testing.T) {
	dir, _ := closedStore(t, 1)
	setPINIn(t, dir, oicAlice, "97531")
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "visits.md")
	export := []string{"export", "--data-dir", dir, "--format", "md", "--out", out} // as the one signed in
	t.Setenv("OIC_PIN_FILE", pinFile(t, "13579", 0o600))
	for range 5 {
		runOIC(t, ctx, export...)
	}
	t.Setenv("OIC_PIN_FILE", pinFile(t, "97531", 0o600))
	code, _, stderr := runOIC(t, ctx, export...)
	if code != 1 || !strings.Contains(stderr, "A1001 is locked after 5 wrong PINs, until ") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatalf("a refused export wrote %s", out)
	}
}
