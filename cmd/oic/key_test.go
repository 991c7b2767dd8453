package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/store/exchange/signing"
)

// TestSignedExportWalk walks signing as an officer and a records clerk
// would: oic key prints the folder's line, an export is signed, and
// ssh-keygen -Y verify accepts it with that line; central records import
// it unpinned (warned), pinned (named), and refuse it when another
// folder's key is pinned; an unsigned file needs --allow-unsigned.
func TestSignedExportWalk(t *testing.T) {
	dir, _ := closedStore(t, 2)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()

	code, line, stderr := runOIC(t, ctx, "key", "--data-dir", dir)
	if code != 0 || !strings.HasPrefix(line, "oic-") || !strings.Contains(line, ` namespaces="oic-export,oic-backup" ssh-ed25519 AAAA`) || strings.Count(line, "\n") != 1 {
		t.Fatalf("oic key: exit %d: %q %s", code, line, stderr)
	}
	if !strings.Contains(stderr, "allowed_signers") || !strings.Contains(stderr, "SHA256:") {
		t.Errorf("oic key says nothing of what the line is for: %s", stderr)
	}
	if _, again, _ := runOIC(t, ctx, "key", "--data-dir", dir); again != line {
		t.Errorf("oic key printed another key the second time: %q, then %q", line, again)
	}
	principal, _, _ := strings.Cut(line, " ")

	out := t.TempDir()
	file := filepath.Join(out, "visits.jsonl")
	code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", file)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Signed by this folder's key (" + principal + ", SHA256:", "in visits.jsonl.sig", "ssh-keygen -Y verify -f allowed_signers -I " + principal + " -n oic-export -s visits.jsonl.sig < visits.jsonl"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("export output lacks %q:\n%s", want, stdout)
		}
	}
	allowed := filepath.Join(t.TempDir(), "allowed_signers")
	os.WriteFile(allowed, []byte(line), 0o600)
	if keygen, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Log("ssh-keygen is not installed (.ci/run installs openssh-client): its check is skipped")
	} else {
		cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", principal, "-n", "oic-export", "-s", file+".sig")
		in, _ := os.Open(file)
		cmd.Stdin = in
		got, err := cmd.CombinedOutput()
		in.Close()
		if err != nil || !strings.Contains(string(got), `Good "oic-export" signature for `+principal) {
			t.Errorf("ssh-keygen -Y verify of a fresh export: %v\n%s", err, got)
		}
	}

	// Central records with no allowed_signers: taken, named by key, warned.
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", filepath.Join(t.TempDir(), "central"), file)
	if code != 0 || !strings.Contains(stdout, "Signed by the key SHA256:") || !strings.Contains(stderr, "signers are not pinned") {
		t.Errorf("unpinned import: exit %d:\n%s\n%s", code, stdout, stderr)
	}
	// Pinned in the folder's allowed_signers: named by principal.
	central := filepath.Join(t.TempDir(), "central")
	os.Mkdir(central, 0o700)
	os.WriteFile(filepath.Join(central, "allowed_signers"), []byte("# folders we take exports from\n"+line), 0o600)
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, file)
	if code != 0 || !strings.Contains(stdout, "Signed by "+principal+" (key SHA256:") || strings.Contains(stderr, "warning") {
		t.Errorf("pinned import: exit %d:\n%s\n%s", code, stdout, stderr)
	}
	// Another folder's key pinned, by --allowed-signers: refused.
	other := t.TempDir()
	_, otherLine, _ := runOIC(t, ctx, "key", "--data-dir", other)
	os.WriteFile(allowed, []byte(otherLine), 0o600)
	central = filepath.Join(t.TempDir(), "central")
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, "--allowed-signers", allowed, file)
	if code != 1 || !strings.Contains(stderr, "is signed by the key SHA256:") || !strings.Contains(stderr, "does not list") || !strings.Contains(stderr, "oic key") {
		t.Errorf("import signed by a key not listed: exit %d:\n%s\n%s", code, stdout, stderr)
	}
	// Unsigned: refused, unless allowed.
	os.Remove(file + ".sig")
	code, _, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, file)
	if code != 1 || !strings.Contains(stderr, "is not signed") || !strings.Contains(stderr, "--allow-unsigned") {
		t.Errorf("unsigned import: exit %d:\n%s", code, stderr)
	}
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, "--allow-unsigned", file)
	if code != 0 || !strings.Contains(stdout, "Not signed (admitted by --allow-unsigned)") {
		t.Errorf("unsigned import, allowed: exit %d:\n%s\n%s", code, stdout, stderr)
	}
}

// A damaged key is refused by oic key and oic export alike, and left as
// it is; a folder that is not there gets no key.
func TestKeyRefusals(t *testing.T) {
	ctx := context.Background()
	dir, _ := closedStore(t, 1)
	if code, _, stderr := runOIC(t, ctx, "key", "--data-dir", dir); code != 0 {
		t.Fatalf("oic key: exit %d: %s", code, stderr)
	}
	keys, _ := filepath.Glob(filepath.Join(signing.Folder(dir), "*_ed25519"))
	if len(keys) != 1 {
		t.Fatalf("key files: %v", keys)
	}
	os.WriteFile(keys[0], []byte("not a key\n"), 0o600)
	code, stdout, stderr := runOIC(t, ctx, "key", "--data-dir", dir)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "signing key") || !strings.Contains(stderr, "backup") {
		t.Errorf("oic key with a damaged key: exit %d: %q %s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "visits.jsonl")
	code, _, stderr = runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", out)
	if code != 1 || !strings.Contains(stderr, "signing key") {
		t.Errorf("export with a damaged key: exit %d: %s", code, stderr)
	}
	if names, _ := os.ReadDir(filepath.Dir(out)); len(names) != 0 {
		t.Errorf("the refused export left %v", names)
	}
	if b, _ := os.ReadFile(keys[0]); string(b) != "not a key\n" {
		t.Error("the damaged key was replaced")
	}
	missing := filepath.Join(t.TempDir(), "nowhere")
	if code, _, stderr := runOIC(t, ctx, "key", "--data-dir", missing); code != 1 || !strings.Contains(stderr, "no data folder") {
		t.Errorf("oic key on a missing folder: exit %d: %s", code, stderr)
	}
}
