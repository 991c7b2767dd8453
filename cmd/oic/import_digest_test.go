package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An export copied without its digest file, or with one that is not a
// digest, is refused before a data folder is made for it: a new folder
// is encrypted, and its passphrase was asked for an import that could
// not start.
func TestImportWithoutDigestMakesNoFolder(t *testing.T) {
	tmp := t.TempDir()
	bare := filepath.Join(tmp, "bare.jsonl")
	bad := filepath.Join(tmp, "bad.jsonl")
	for _, p := range []string{bare, bad} {
		if err := os.WriteFile(p, []byte("{}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(bad+".sha256", []byte("not a digest\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{bare, "its digest file bare.jsonl.sha256 is missing"},
		{bad, "is not a SHA-256 digest file"},
	} {
		data := filepath.Join(tmp, "data")
		code, out, errs := runOIC(t, context.Background(), "import", "--as", "CR0001", "--data-dir", data, c.path)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("import %s: exit %d\n%s%s", c.path, code, out, errs)
		}
		if _, err := os.Stat(data); err == nil {
			t.Errorf("import %s made the data folder", c.path)
		}
	}
}
