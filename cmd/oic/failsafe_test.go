package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
	"oic/store/exchange"
)

// A data folder whose db holds files but no MANIFEST: every command says
// what is wrong and that nothing was changed, exits as a failure, and the
// files are as they were (oic check once made a store over them).
func TestCommandsRefuseADamagedStore(t *testing.T) {
	dir, visits := closedStore(t, 1)
	if err := os.Remove(filepath.Join(store.DBDir(dir), "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	before := dirState(t, store.DBDir(dir))
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "x.jsonl")
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// With its digest, so that the import goes as far as the store.
	sum := sha256.Sum256([]byte("{}\n"))
	if err := os.WriteFile(in+".sha256", []byte(hex.EncodeToString(sum[:])+"  in.jsonl\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", string(visits[0].Ref)},
		{"export", "--format", "jsonl", "--out", out},
		{"import", in},
		{"demo", "--visits", "5"},
	} {
		code, _, stderr := runOIC(t, ctx, append(args, "--data-dir", dir)...)
		if code == 0 || !strings.Contains(stderr, "the store in "+dir+" is damaged: db/MANIFEST is missing") ||
			!strings.Contains(stderr, "Nothing was changed. Restore the data folder from a backup") {
			t.Errorf("oic %s: exit %d: %s", args[0], code, stderr)
		}
	}
	if after := dirState(t, store.DBDir(dir)); after != before {
		t.Errorf("the refused commands changed the store's files:\n%s\nwas\n%s", after, before)
	}
}

// dirState lists the files in dir with their sizes and times.
func dirState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %d %s\n", e.Name(), fi.Size(), fi.ModTime().Format(time.RFC3339Nano))
	}
	return b.String()
}

// oic export onto the store's own files is refused, and the store is
// whole after (an export onto db/MANIFEST destroyed one).
func TestExportRefusesTheDataFolder(t *testing.T) {
	dir, visits := closedStore(t, 1)
	ctx := context.Background()
	for _, out := range []string{filepath.Join(store.DBDir(dir), "MANIFEST"), filepath.Join(dir, "export.jsonl")} {
		for _, force := range []bool{false, true} {
			args := []string{"export", "--data-dir", dir, "--format", "jsonl", "--out", out}
			if force {
				args = append(args, "--force")
			}
			code, stdout, stderr := runOIC(t, ctx, args...)
			if code != 1 || stdout != "" || !strings.Contains(stderr, "is inside the data folder "+dir) || !strings.Contains(stderr, "Nothing was written") ||
				strings.Contains(stderr, "holds personal data") { // nothing written, nothing to warn of
				t.Errorf("%v: exit %d: %s%s", args, code, stdout, stderr)
			}
		}
	}
	if code, _, stderr := runOIC(t, ctx, "check", "--data-dir", dir, string(visits[0].Ref)); code == 2 {
		t.Errorf("the store after the refusals: %s", stderr)
	}
}

// An export already there is refused unless --force, and left as it is.
func TestExportForce(t *testing.T) {
	dir, _ := closedStore(t, 1)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "visits.jsonl")
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	first, _ := os.ReadFile(out)
	fixClocks(t, time.Date(2026, 3, 21, 9, 0, 0, 0, time.Local))
	code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", out)
	if code != 1 || stdout != "" || !strings.Contains(stderr, out+" is already there; nothing was written, and it was left as it is.\nPass --force to replace it, or choose another --out") ||
		strings.Contains(stderr, "holds personal data") {
		t.Errorf("a second export to the same file: exit %d: %s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != string(first) {
		t.Error("the refused export changed the file")
	}
	code, stdout, stderr = runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", out, "--force")
	if code != 0 || !strings.Contains(stdout, "Exported 1 closed visit") {
		t.Errorf("--force: exit %d: %s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) == string(first) {
		t.Error("--force did not replace the file")
	}
	if fi, err := os.Stat(out); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm() != 0o600) {
		t.Errorf("the export is %v (%v), want -rw-------", fi.Mode().Perm(), err)
	}
}

// The commands printed to check the digest and the signature run as
// printed, in a shell, however the file and its folder are named; and
// the file imports.
func TestExportDigestCommandQuoted(t *testing.T) {
	sh, err1 := exec.LookPath("sh")
	_, err2 := exec.LookPath("sha256sum")
	if err1 != nil || err2 != nil {
		t.Skip("needs sh and sha256sum")
	}
	_, err := exec.LookPath("ssh-keygen")
	keygen := err == nil
	dir, _ := closedStore(t, 1)
	ctx := context.Background()
	for i, name := range []string{"visits for central.jsonl", "O'Brien's $HOME `x` \"visits\".jsonl", "-dash.jsonl"} {
		// A shell that took the folder's name as words would make the
		// file "injected" beside it, and fail to cd.
		base := t.TempDir()
		folder := filepath.Join(base, "exports; touch injected & echo $HOME")
		if err := os.Mkdir(folder, 0o700); err != nil {
			t.Fatal(err)
		}
		fixClocks(t, time.Date(2026, 3, 20, 9, i, 0, 0, time.Local))
		out := filepath.Join(folder, name)
		code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", out)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", name, code, stderr)
		}
		command := printedCommand(t, stdout, "to check it: ")
		run := exec.Command(sh, "-c", command)
		run.Dir = base
		got, err := run.CombinedOutput()
		if err != nil || !strings.HasSuffix(strings.TrimSpace(string(got)), ": OK") {
			t.Errorf("%q: %s\nprinted %s: %v", name, got, command, err)
		}
		if keygen {
			// The signer's line, as oic key prints it, where the command
			// looks for it.
			_, line, _ := runOIC(t, ctx, "key", "--data-dir", dir)
			os.WriteFile(filepath.Join(folder, "allowed_signers"), []byte(line), 0o600)
			command := printedCommand(t, stdout, "allowed_signers: ")
			run := exec.Command(sh, "-c", command)
			run.Dir = base
			got, err := run.CombinedOutput()
			if err != nil || !strings.HasPrefix(string(got), `Good "oic-export" signature for oic-`) {
				t.Errorf("%q: %s\nprinted %s: %v", name, got, command, err)
			}
			os.Remove(filepath.Join(folder, "allowed_signers"))
		}
		if _, err := os.Stat(filepath.Join(base, "injected")); err == nil {
			t.Errorf("%q: the printed command ran a word of the folder's name", name)
		}
		central := filepath.Join(t.TempDir(), "central")
		if code, _, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, out); code != 0 {
			t.Errorf("%q: import: exit %d: %s", name, code, stderr)
		}
	}
}

// printedCommand is the rest of the line of out that holds after.
func printedCommand(t *testing.T, out, after string) string {
	t.Helper()
	_, command, ok := strings.Cut(out, after)
	if !ok {
		t.Fatalf("no command after %q:\n%s", after, out)
	}
	command, _, _ = strings.Cut(command, "\n")
	return command
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/tmp/oic":        "/tmp/oic",
		"a b":             "'a b'",
		"O'Brien":         `'O'\''Brien'`,
		"$HOME":           "'$HOME'",
		"":                "''",
		"naïve":           "'naïve'",
		"a\nb":            "'a\nb'",
		"x=1,y:2@z%+_.-/": "x=1,y:2@z%+_.-/",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := shellArg("-x.sha256"); got != "./-x.sha256" {
		t.Errorf("shellArg(-x.sha256) = %s", got)
	}
}

// An import stopped part-way leaves the folder half-imported: oic check
// says so, oic export refuses and writes nothing, and the same import
// run again finishes it, after which the export runs.
func TestHalfImportedFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("makes 3,000 visits")
	}
	laptop := bulkClosed(t, 3000)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "all visits.jsonl")
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", laptop, "--format", "jsonl", "--out", file); code != 0 {
		t.Fatal(stderr)
	}
	central := t.TempDir()
	halfImport(t, central, file)

	code, _, stderr := runOIC(t, ctx, "check", "--data-dir", central, "SLN-2026-0001")
	if !strings.Contains(stderr, central+" is half-imported: an import of "+file) || !strings.Contains(stderr, "oic import '"+file+"'") {
		t.Errorf("oic check on a half-imported folder: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", central, "--as", "A1001", "--format", "jsonl", "--out", out)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "cannot export from "+central+" yet: an import of "+file) {
		t.Errorf("oic export of a half-imported folder: exit %d: %s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the refused export wrote its file")
	}
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, file)
	if code != 0 || !strings.Contains(stdout, "This finished an earlier import of the same file") {
		t.Fatalf("importing again: exit %d: %s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runOIC(t, ctx, "export", "--data-dir", central, "--as", "A1001", "--format", "jsonl", "--out", out)
	if code != 0 || !strings.Contains(stdout, "Exported 3000 closed visits") || strings.Contains(stderr, "half-imported") {
		t.Errorf("export once finished: exit %d: %s%s", code, stdout, stderr)
	}
}

// halfImport imports file into the data folder dir in a child process
// (this test binary run again) that ends once part of it is written, as
// a kill or a cut power would: an import stopped in the process itself
// takes out what it wrote.
func halfImport(t *testing.T, dir, file string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), halfImportEnv+"="+dir, halfImportFileEnv+"="+file)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "ended part-way") {
		t.Fatalf("the importing child: %v: %s", err, out)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.CountVisits(context.Background()); err != nil || n == 0 || n >= 3000 {
		t.Fatalf("%d visits written before the stop (%v): not part-way", n, err)
	}
}

const (
	halfImportEnv     = "OIC_HALF_IMPORT"
	halfImportFileEnv = "OIC_HALF_IMPORT_FILE"
)

func init() {
	if dir := os.Getenv(halfImportEnv); dir != "" {
		halfImportChild(dir, os.Getenv(halfImportFileEnv))
	}
}

// halfImportChild imports file into dir and exits, without a word to the
// store, once 2,000 visits are on their way.
func halfImportChild(dir, file string) {
	fail := func(err error) {
		fmt.Println(err)
		os.Exit(3)
	}
	s, err := store.OpenWith(dir, store.Options{ForImport: true})
	if err != nil {
		fail(err)
	}
	if err := s.SaveOfficer(context.Background(), oicAlice, domain.ProfileChange(nil, oicAlice, oicAlice, oicAlice.UpdatedAt)); err != nil {
		fail(err)
	}
	opt := exchange.ImportOptions{By: clerk, At: time.Date(2026, 3, 20, 10, 0, 0, 0, time.Local),
		Progress: func(phase string, done, total int) {
			if phase == "writing" && done == 2000 {
				// Let the first commits land, then end as a kill does.
				for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
					if n, err := s.CountVisits(context.Background()); err == nil && n > 0 {
						break
					}
				}
				fmt.Println("ended part-way")
				os.Exit(0)
			}
		}}
	_, err = exchange.ImportFile(context.Background(), s, file, opt)
	fail(fmt.Errorf("the import was not stopped: %v", err))
}

// bulkClosed makes a data folder holding n closed visits, copies of one
// closed through the domain, with Alice signed in.
func bulkClosed(t *testing.T, n int) string {
	t.Helper()
	_, visits := closedStore(t, 1)
	proto, err := json.Marshal(visits[0])
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.SaveOfficer(ctx, oicAlice, domain.ProfileChange(nil, oicAlice, oicAlice, oicAlice.UpdatedAt)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSignedIn(ctx, oicAlice.StaffNo); err != nil {
		t.Fatal(err)
	}
	bw, err := s.NewBulkWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		v := new(domain.Visit)
		if err := json.Unmarshal(proto, v); err != nil {
			t.Fatal(err)
		}
		v.Ref = domain.FormatRef("SLN", 2026, uint32(i+1))
		v.Basics.Premises.Name = fmt.Sprintf("Premises %d", i)
		changes := make([]domain.Change, v.Version)
		for j := range changes {
			changes[j] = domain.Change{Action: fmt.Sprintf("step %d", j+1), Actor: oicAlice.StaffNo, ActorName: oicAlice.Name, At: v.UpdatedAt}
		}
		if err := bw.AddVisit(v, changes); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return dir
}
