package signing

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestFolderKeyIsMadeOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	k, err := FolderKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !validPrincipal(k.Principal()) {
		t.Errorf("principal %q is not oic- and 16 hex digits", k.Principal())
	}
	for _, name := range []string{keyFile, principalFile} {
		fi, err := os.Stat(filepath.Join(Folder(dir), name))
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", name, fi.Mode().Perm())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db", "signing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the key went under db/: %v", err)
	}
	again, err := FolderKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != k.Fingerprint() || again.Principal() != k.Principal() {
		t.Errorf("the key changed on the second use: %s %s, then %s %s", k.Principal(), k.Fingerprint(), again.Principal(), again.Fingerprint())
	}
	line := k.AllowedSignersLine()
	if want := k.Principal() + ` namespaces="oic-export,oic-backup" ssh-ed25519 AAAA`; !strings.HasPrefix(line, want) || strings.Contains(line, "\n") {
		t.Errorf("allowed_signers line %q, want it to begin %q, on one line", line, want)
	}
	if !strings.HasPrefix(k.Fingerprint(), "SHA256:") {
		t.Errorf("fingerprint %q is not as ssh-keygen -l prints it", k.Fingerprint())
	}
}

// Two oic processes using a new folder at once end up with one key.
func TestFolderKeyMadeAtOnceTwice(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	keys := make([]*Key, 8)
	errs := make([]error, 8)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], errs[i] = FolderKey(dir, nil)
		}()
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if keys[i].Fingerprint() != keys[0].Fingerprint() || keys[i].Principal() != keys[0].Principal() {
			t.Fatalf("two keys made for one folder: %s and %s", keys[0].Fingerprint(), keys[i].Fingerprint())
		}
	}
	left, _ := filepath.Glob(filepath.Join(Folder(dir), ".*partial*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A damaged key file is refused, says what to do, and is left as it is.
func TestFolderKeyDamagedIsRefusedNeverReplaced(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, keyPath, prinPath string)
		want   string
	}{
		{"key garbled", func(t *testing.T, k, p string) { write(t, k, "not a key\n") }, "signing key"},
		{"key cut short", func(t *testing.T, k, p string) {
			b, _ := os.ReadFile(k)
			write(t, k, string(b[:len(b)/2]))
		}, "signing key"},
		{"key empty", func(t *testing.T, k, p string) { write(t, k, "") }, "signing key"},
		{"key a folder", func(t *testing.T, k, p string) {
			os.Remove(k)
			os.Mkdir(k, 0o700)
		}, "not a regular file"},
		{"key huge", func(t *testing.T, k, p string) { write(t, k, strings.Repeat("A", maxKeyFile+1)) }, "over 16 kB"},
		{"principal garbled", func(t *testing.T, k, p string) { write(t, p, "\x1b]2;pwned\x07\n") }, "principal"},
		{"key deleted", func(t *testing.T, k, p string) { os.Remove(k) }, "is missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := FolderKey(dir, nil); err != nil {
				t.Fatal(err)
			}
			kp, pp := filepath.Join(Folder(dir), keyFile), filepath.Join(Folder(dir), principalFile)
			c.damage(t, kp, pp)
			before := snapshot(t, Folder(dir))
			_, err := FolderKey(dir, nil)
			if err == nil {
				t.Fatal("a damaged key was used")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "backup") || !strings.Contains(msg, "Nothing was written") {
				t.Errorf("message %q should say what (%q), to restore from a backup, and that nothing was written", msg, c.want)
			}
			if strings.ContainsAny(msg, "\x1b\x07") {
				t.Errorf("message holds a control character: %q", msg)
			}
			if after := snapshot(t, Folder(dir)); after != before {
				t.Errorf("the key's folder changed:\n%s\nthen\n%s", before, after)
			}
		})
	}
}

func TestFolderKeyNeedsTheDataFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	if _, err := FolderKey(dir, nil); err == nil || !strings.Contains(err.Error(), "no data folder") {
		t.Fatalf("got %v, want a refusal naming the missing folder", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the folder was made")
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// snapshot lists a folder's files and contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(p)
		if !d.IsDir() {
			c, _ := os.ReadFile(p)
			b.WriteString(" " + string(c))
		}
		b.WriteString("\n")
		return nil
	})
	return b.String()
}
