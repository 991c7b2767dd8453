package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"oic/domain"
	"oic/store"
)

// hostile retitles a terminal, clears it, hides its cursor and writes to
// its clipboard, with a NUL and a C1 CSI.
const hostile = "\x1b]2;pwned\x07\x1b[2J\x1b[?25l\x1b]52;c;aGk=\x07\x00\u009b2J"

// noControl fails the test if what a command printed holds a control
// character but newline or tab.
func noControl(t *testing.T, what, out string) {
	t.Helper()
	for _, r := range out {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			t.Errorf("%s holds %U:\n%q", what, r, out)
			return
		}
	}
}

// TestCommandsPrintInert (issue 14, section 3): what a command prints
// from its arguments (a file name, a flag) and from stored data (a name
// in a finding) reaches the terminal with its escape sequences shown as
// symbols, never obeyed; the import's summary too.
func TestCommandsPrintInert(t *testing.T) {
	dir, visits := closedStore(t, 1)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()

	// An export with a hostile file name imports, and its summary names
	// the file with symbols.
	out := t.TempDir()
	// A file name holds no NUL.
	path := filepath.Join(out, "visits"+strings.ReplaceAll(hostile, "\x00", "")+".jsonl")
	code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", path)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	noControl(t, "oic export's summary", stdout+stderr)
	central := filepath.Join(t.TempDir(), "central")
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, path)
	noControl(t, "oic import's summary", stdout+stderr)
	if code != 0 || !strings.Contains(stdout, "visits␛]2;pwned␇") {
		t.Errorf("import: exit %d:\n%s%s", code, stdout, stderr)
	}
	// A file that is not there, named in the error.
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, filepath.Join(out, "gone"+strings.ReplaceAll(hostile, "\x00", "")))
	noControl(t, "oic import's error", stdout+stderr)
	if code == 0 || !strings.Contains(stderr, "gone␛]2;pwned␇") {
		t.Errorf("import of a missing file: exit %d:\n%s", code, stderr)
	}
	// A flag oic does not know, quoted back by the flag package.
	code, stdout, stderr = runOIC(t, ctx, "export", "--"+hostile)
	noControl(t, "a flag's error", stdout+stderr)
	if code != 2 || !strings.Contains(stderr, "␛]2;pwned␇") {
		t.Errorf("a hostile flag: exit %d:\n%s", code, stderr)
	}
	// A hostile file with its own digest (and no signature, admitted) is
	// refused, and the refusal quotes nothing raw.
	bad := filepath.Join(out, "bad.jsonl")
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	content = bytes.Replace(content, []byte(`"name":"Star Takeaway"`), []byte(`"name":"Star\u001b]2;pwned\u0007"`), 1)
	sum := sha256.Sum256(content)
	os.WriteFile(bad, content, 0o600)
	os.WriteFile(bad+".sha256", []byte(hex.EncodeToString(sum[:])+"  bad.jsonl\n"), 0o600)
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", filepath.Join(t.TempDir(), "c2"), "--allow-unsigned", bad)
	noControl(t, "a refused import's message", stdout+stderr)
	if code != 1 || !strings.Contains(stderr, "/basics/premises/name") || !strings.Contains(stderr, "U+001B") {
		t.Errorf("a hostile import: exit %d:\n%s", code, stderr)
	}

	// A subject with a hostile name and no photograph: oic check quotes
	// the name (EPA-4).
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	v := visits[0].Clone()
	v.Subjects = append(v.Subjects, domain.Subject{ID: fmt.Sprintf("S%d", len(v.Subjects)+1), Name: "Alice" + hostile, Nationality: "British", Offence: domain.Offences[0]})
	if _, err := s.SaveVisit(ctx, v, domain.Change{Action: "changed outside the forms (test)", Actor: oicAlice.StaffNo, At: time.Date(2026, 3, 19, 9, 0, 0, 0, time.Local)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, stdout, stderr = runOIC(t, ctx, "check", "--data-dir", dir, string(v.Ref))
	noControl(t, "oic check's output", stdout+stderr)
	if code == 2 || !strings.Contains(stdout, "Alice␛]2;pwned␇") {
		t.Errorf("oic check: exit %d, the name not shown as symbols:\n%s%s", code, stdout, stderr)
	}
}

// TestInertWriterKeepsCharactersWhole: a character cut across two writes
// is written whole, and one cut at the end is not lost.
func TestInertWriterKeepsCharactersWhole(t *testing.T) {
	var b bytes.Buffer
	w := newInertWriter(&b)
	s := []byte("café \u009b2J ✓\x1b")
	for i := range s {
		w.Write(s[i : i+1])
	}
	w.Write([]byte("é"[:1]))
	w.flush()
	if got, want := b.String(), "café \ufffd2J ✓␛\ufffd"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
