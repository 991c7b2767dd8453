package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

var (
	oicAlice = domain.Officer{StaffNo: "A1001", Name: "Alice Ames", Grade: "HEO", Team: "SLN", ArrestTrained: true}
	clerk    = domain.Officer{StaffNo: "CR0001", Name: "Cara Reid", Grade: "HEO", Team: "CLN"}
)

// closedStore makes a data folder holding n visits closed through the
// domain, with Alice signed in, and returns it and the visits.
func closedStore(t *testing.T, n int) (string, []*domain.Visit) {
	t.Helper()
	return closedStoreWith(t, n, nil)
}

// closedStoreWith is closedStore with planning of its own: planned, if
// set, is given each visit (the i-th) as it is created, before it is
// deployed, and returns it as it saves it.
func closedStoreWith(t *testing.T, n int, planned func(s *store.Store, i int, v *domain.Visit) *domain.Visit) (string, []*domain.Visit) {
	t.Helper()
	dir := t.TempDir()
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, o := range []domain.Officer{oicAlice, domaintest.Authoriser, domaintest.Silver, domaintest.Arrest, domaintest.Driver} {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, o.UpdatedAt)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSignedIn(ctx, oicAlice.StaffNo); err != nil {
		t.Fatal(err)
	}
	var out []*domain.Visit
	for i := range n {
		start := time.Date(2026, 3, 2+i, 9, 0, 0, 0, time.Local)
		b := starBasics(start, domain.Date{Year: 2026, Month: 2, Day: 1}, start.Add(-72*time.Hour))
		v, c, err := domain.NewVisit(b, oicAlice, start.Add(-2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if v, err = s.CreateVisit(ctx, v, c); err != nil {
			t.Fatal(err)
		}
		if planned != nil {
			v = planned(s, i, v)
		}
		if err := domaintest.Deploy(v, oicAlice, start.Add(-30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := domaintest.VisitAndClose(v, oicAlice, start.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if v, err = s.SaveVisit(ctx, v, domain.Change{Action: "visited and closed (fixture)", Actor: oicAlice.StaffNo, At: start.Add(3 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return dir, out
}

// starBasics are the basics of a visit by Alice to the Star Takeaway at
// start, on intelligence received on received, adopted at decided.
func starBasics(start time.Time, received domain.Date, decided time.Time) domain.Basics {
	return domain.Basics{Team: "SLN",
		Premises: domain.Premises{Name: "Star Takeaway", Address: "1 High Street, London", Postcode: "SW1A 1AA", Sector: "Restaurant / takeaway"},
		Intel:    domain.Intelligence{Ref: "INT-0001", Received: received, Priority: 3, Summary: "Workers seen arriving before opening"},
		Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Local tasking meeting", DecidedAt: decided,
			Rationale: "Credible, recent, specific"},
		PlannedStart: start, OIC: oicAlice.StaffNo, OICName: oicAlice.Name}
}

func fixClocks(t *testing.T, at time.Time) {
	t.Helper()
	oe, oi := exportClock, importClock
	exportClock, importClock = func() time.Time { return at }, func() time.Time { return at.Add(time.Hour) }
	t.Cleanup(func() { exportClock, importClock = oe, oi })
}

// TestExportImportCommands walks it as a new user would: export in every
// format and redacted, check the digest with sha256sum, import the JSON
// Lines into a fresh data folder and see the same visit there with oic
// check; import it again and nothing changes.
func TestExportImportCommands(t *testing.T) {
	dir, visits := closedStore(t, 2)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()
	out := t.TempDir()
	for _, f := range []string{"jsonl", "csv", "md"} {
		for _, redact := range []bool{false, true} {
			name := "visits." + f
			args := []string{"export", "--data-dir", dir, "--format", f, "--out", filepath.Join(out, name)}
			if redact {
				name = "redacted." + f
				args = append(args[:len(args)-1], filepath.Join(out, name), "--redact")
			}
			code, stdout, stderr := runOIC(t, ctx, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			for _, want := range []string{"Exported 2 closed visits", name, "sha256sum -c " + name + ".sha256"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("%s: output lacks %q:\n%s", name, want, stdout)
				}
			}
			content, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(content)
			digest, err := os.ReadFile(filepath.Join(out, name+".sha256"))
			if err != nil || string(digest) != hex.EncodeToString(sum[:])+"  "+name+"\n" {
				t.Errorf("%s.sha256 = %q, %v", name, digest, err)
			}
			if redact && strings.Contains(string(content), "Arben Hoxha") {
				t.Errorf("%s names a person encountered", name)
			}
			if redact && f != "csv" && !strings.Contains(string(content), "[free text withheld: ") {
				t.Errorf("%s withholds no free text", name)
			}
		}
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "visits.jsonl.sha256")
		cmd.Dir = out
		if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "visits.jsonl: OK") {
			t.Errorf("sha256sum -c: %v: %s", err, b)
		}
	}

	central := filepath.Join(t.TempDir(), "central")
	code, stdout, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, filepath.Join(out, "visits.jsonl"))
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"2 visits exported by Alice Ames (A1001)", "2 added, 0 replaced"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("import output lacks %q:\n%s", want, stdout)
		}
	}
	s, err := openFolder(central)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Visit(ctx, visits[0].Ref)
	s.Close()
	if err != nil || got.Version != visits[0].Version || got.State != domain.Closed || len(got.Timeline) != len(visits[0].Timeline) {
		t.Fatalf("imported visit: %+v, %v", got, err)
	}
	code, _, stderr = runOIC(t, ctx, "check", "--data-dir", central, string(visits[0].Ref))
	if code == 2 {
		t.Errorf("oic check on the imported visit: exit 2: %s", stderr)
	}
	code, stdout, _ = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, filepath.Join(out, "visits.jsonl"))
	if code != 0 || !strings.Contains(stdout, "0 added, 0 replaced by a newer version, 2 already here") {
		t.Errorf("second import: exit %d: %s", code, stdout)
	}
	code, _, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, filepath.Join(out, "redacted.jsonl"))
	if code != 1 || !strings.Contains(stderr, "redacted export") {
		t.Errorf("importing a redacted export: exit %d: %s", code, stderr)
	}
}

// TestExportFlags: mistakes in how export is called exit 2 and say what
// to do.
func TestExportFlags(t *testing.T) {
	dir, _ := closedStore(t, 1)
	out := filepath.Join(t.TempDir(), "x.jsonl")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no format", []string{"--out", out}, "--format jsonl, csv or md"},
		{"bad format", []string{"--format", "xml", "--out", out}, "--format xml: choose jsonl, csv or md"},
		{"no out", []string{"--format", "csv"}, "--out FILE"},
		{"bad from", []string{"--format", "csv", "--out", out, "--from", "31/02/2026"}, "--from: \"31/02/2026\" is not a real date"},
		{"american", []string{"--format", "csv", "--out", out, "--to", "2026/13/01"}, "--to:"},
		{"backwards", []string{"--format", "csv", "--out", out, "--from", "02/03/2026", "--to", "01/03/2026"}, "--to 01/03/2026 is before --from 02/03/2026"},
		{"team", []string{"--format", "csv", "--out", out, "--team", "XYZ"}, "--team XYZ is not an ICE team code"},
		{"stray", []string{"--format", "csv", "--out", out, "extra"}, "unexpected argument"},
		{"keep text without redact", []string{"--format", "md", "--out", out, "--keep-text"}, "--keep-text keeps free text in a redacted export"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runOIC(t, context.Background(), append([]string{"export", "--data-dir", dir}, c.args...)...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
		})
	}
	code, stdout, _ := runOIC(t, context.Background(), "export", "-h")
	if code != 0 || !strings.Contains(stdout, "Usage: oic export --format jsonl|csv|md") {
		t.Errorf("-h: exit %d: %s", code, stdout)
	}
}

// TestExportFilterFlags: dates as officers write them, and the team.
func TestExportFilterFlags(t *testing.T) {
	dir, _ := closedStore(t, 3)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	out := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "03/03/2026"}, "Exported 2 closed visits"},
		{[]string{"--from", "3/3/2026", "--to", "3/3/2026"}, "Exported 1 closed visit "},
		{[]string{"--to", "2026-03-02"}, "Exported 1 closed visit "},
		{[]string{"--team", "sln"}, "Exported 3 closed visits"},
		{[]string{"--team", "WLN"}, "Exported 0 closed visits"},
	} {
		args := append([]string{"export", "--data-dir", dir, "--format", "csv", "--out", filepath.Join(out, "x.csv"), "--force"}, c.args...)
		code, stdout, stderr := runOIC(t, context.Background(), args...)
		if code != 0 || !strings.Contains(stdout, c.want) {
			t.Errorf("%v: exit %d, %q %q; want %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// TestExportOutExtension: a file named without an extension takes the
// format's, as the export dialog does; one with an extension keeps it.
func TestExportOutExtension(t *testing.T) {
	dir, _ := closedStore(t, 1)
	out := t.TempDir()
	for _, c := range []struct{ format, out, want string }{
		{"md", "visits", "visits.md"},
		{"csv", "visits", "visits.csv"},
		{"jsonl", "march.jsonl", "march.jsonl"},
		{"csv", "debriefs.txt", "debriefs.txt"},
	} {
		code, stdout, stderr := runOIC(t, context.Background(), "export", "--data-dir", dir, "--format", c.format, "--out", filepath.Join(out, c.out))
		want := filepath.Join(out, c.want)
		if code != 0 || !strings.Contains(stdout, "Exported 1 closed visit to "+want+" ") {
			t.Errorf("--format %s --out %s: exit %d, %q %q; want it written to %s", c.format, c.out, code, stdout, stderr, want)
		}
		for _, f := range []string{want, want + ".sha256", want + ".sig"} {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("--format %s --out %s: %v", c.format, c.out, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "visits")); err == nil {
		t.Error("a file was written without its extension")
	}
}

// TestExportBadPlaces: a folder that is not there, one that cannot be
// written, a data folder that is not there, nobody signed in: a clear
// message, exit 1, nothing left behind.
func TestExportBadPlaces(t *testing.T) {
	dir, _ := closedStore(t, 1)
	ctx := context.Background()
	base := t.TempDir()
	code, _, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", filepath.Join(base, "nope", "x.jsonl"))
	if code != 1 || !strings.Contains(stderr, "the folder "+filepath.Join(base, "nope")+" does not exist") {
		t.Errorf("missing folder: exit %d: %s", code, stderr)
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(base, "ro")
		os.Mkdir(ro, 0o555)
		code, _, stderr = runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", filepath.Join(ro, "x.jsonl"))
		if code != 1 || !strings.Contains(stderr, "cannot be written") {
			t.Errorf("read-only folder: exit %d: %s", code, stderr)
		}
		if ents, _ := os.ReadDir(ro); len(ents) != 0 {
			t.Errorf("left in the read-only folder: %v", ents)
		}
	}
	if ents, _ := os.ReadDir(base); len(ents) > 1 {
		t.Errorf("left behind: %v", ents)
	}
	code, _, stderr = runOIC(t, ctx, "export", "--data-dir", filepath.Join(base, "nodata"), "--format", "jsonl", "--out", filepath.Join(base, "x.jsonl"))
	if code != 1 || !strings.Contains(stderr, "no records in") {
		t.Errorf("missing data folder: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(base, "nodata")); err == nil {
		t.Error("export created the data folder it was to read")
	}
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.SetSignedIn(ctx, "")
	s.Close()
	code, _, stderr = runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", filepath.Join(base, "x.jsonl"))
	if code != 1 || !strings.Contains(stderr, "nobody is signed in") || !strings.Contains(stderr, "--as STAFFNO") {
		t.Errorf("nobody signed in: exit %d: %s", code, stderr)
	}
	code, _, stderr = runOIC(t, ctx, "export", "--data-dir", dir, "--as", "ZZ999", "--format", "jsonl", "--out", filepath.Join(base, "x.jsonl"))
	if code != 1 || !strings.Contains(stderr, "ZZ999 has no profile") {
		t.Errorf("unknown --as: exit %d: %s", code, stderr)
	}
	code, _, _ = runOIC(t, ctx, "export", "--data-dir", dir, "--as", "A1001", "--format", "jsonl", "--out", filepath.Join(base, "x.jsonl"))
	if code != 0 {
		t.Errorf("--as A1001: exit %d", code)
	}
}

// TestImportBadFile: a truncated export and a missing one each say so,
// exit 1, and leave the data folder as it was.
func TestImportBadFile(t *testing.T) {
	dir, _ := closedStore(t, 2)
	ctx := context.Background()
	out := t.TempDir()
	path := filepath.Join(out, "v.jsonl")
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", path); code != 0 {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)/2], 0o644)
	central := filepath.Join(t.TempDir(), "central")
	code, stdout, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, path)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "v.jsonl is truncated") || !strings.Contains(stderr, "Nothing was imported") {
		t.Errorf("truncated: exit %d: %s", code, stderr)
	}
	code, _, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, filepath.Join(out, "none.jsonl"))
	if code != 1 || !strings.Contains(stderr, "cannot read") {
		t.Errorf("missing: exit %d: %s", code, stderr)
	}
	code, _, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central)
	if code != 2 || !strings.Contains(stderr, "give one export to import") {
		t.Errorf("no path: exit %d: %s", code, stderr)
	}
	s, err := openFolder(central)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountVisits(ctx); n != 0 {
		t.Errorf("%d visits after failed imports", n)
	}
	_ = clerk
}

// TestExportKeepText (issue 14, section 7): --redact withholds free text;
// with --keep-text it is kept, and the people replaced are still not
// named.
func TestExportKeepText(t *testing.T) {
	dir, _ := closedStore(t, 1)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	out := t.TempDir()
	for _, keep := range []bool{false, true} {
		path := filepath.Join(out, fmt.Sprintf("keep-%v.md", keep))
		args := []string{"export", "--data-dir", dir, "--format", "md", "--redact", "--out", path}
		if keep {
			args = append(args, "--keep-text")
		}
		code, stdout, stderr := runOIC(t, context.Background(), args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		said := map[bool]string{false: "redacted (free text withheld)", true: "redacted (free text kept)"}[keep]
		if !strings.Contains(stdout, said) {
			t.Errorf("%v: output lacks %q: %s", args, said, stdout)
		}
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(content), "[free text withheld: ") == keep {
			t.Errorf("--keep-text %v: free text withheld is %v", keep, !keep)
		}
		if strings.Contains(string(content), "Arben Hoxha") || strings.Contains(string(content), "Mr A Shah") {
			t.Errorf("--keep-text %v names a person encountered", keep)
		}
	}
}

// withoutOutcomes takes from each visit line of a JSON Lines export the
// outcome entries (employer decisions, custody, partner agencies), which
// a file of schema version 1 or 2 cannot hold; the fixtures record them
// last.
func withoutOutcomes(t *testing.T, b []byte) []byte {
	t.Helper()
	lines := bytes.SplitAfter(b, []byte("\n"))
	for i, line := range lines[1:] {
		if len(line) == 0 {
			continue
		}
		var v domain.Visit
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatal(err)
		}
		doc, _ := json.Marshal(&v)
		prefix := doc[:len(doc)-1]
		if !bytes.HasPrefix(line, prefix) {
			t.Fatalf("line %d does not start with its visit's document", i+2)
		}
		rest := line[len(prefix):]
		v.Timeline = slices.DeleteFunc(v.Timeline, func(e domain.TimelineEntry) bool { return e.Decision != nil || e.Custody != nil || e.Agency != nil })
		doc, _ = json.Marshal(&v)
		lines[i+1] = append(doc[:len(doc)-1:len(doc)-1], rest...)
	}
	return bytes.Join(lines, nil)
}

// An export of schema version 1, from an oic before trails were
// exported, still imports, and the import says it carries no history;
// the folder then verifies, the visits' trails starting at the import.
func TestImportFileWithoutHistory(t *testing.T) {
	dir, _ := closedStore(t, 2)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	ctx := context.Background()
	out := t.TempDir()
	path := filepath.Join(out, "visits.jsonl")
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", path); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// As version 1 wrote it: no trail, no ONF-2 lateness in the planning
	// summary, no derivation named, and its own schema version.
	b = regexp.MustCompile(`,"trail":\[.*\]\}\}\n`).ReplaceAll(b, []byte("}}\n"))
	b = regexp.MustCompile(`,"onf_sent_late":(true|false),"onf_sent_hours_before":(null|-?[0-9]+)`).ReplaceAll(b, nil)
	b = regexp.MustCompile(`,"derived_version":[0-9]+`).ReplaceAll(b, nil)
	b = bytes.Replace(b, []byte(`"schema_version":3`), []byte(`"schema_version":1`), 1)
	b = withoutOutcomes(t, b)
	old := filepath.Join(out, "old.jsonl")
	sum := sha256.Sum256(b)
	if err := os.WriteFile(old, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old+".sha256", []byte(hex.EncodeToString(sum[:])+"  old.jsonl\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	central := filepath.Join(t.TempDir(), "central")
	// An export from an older oic has no signature either.
	code, stdout, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, old)
	if code != 1 || !strings.Contains(stderr, "old.jsonl is not signed") || !strings.Contains(stderr, "--allow-unsigned") {
		t.Fatalf("import of an unsigned file: exit %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, "--allow-unsigned", old)
	if code != 0 || !strings.Contains(stdout, "2 added") || !strings.Contains(stdout, "The file carries no history (export schema 1") {
		t.Fatalf("import: exit %d:\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runOIC(t, ctx, "verify", "--data-dir", central); code != 0 {
		t.Errorf("verify after the import: exit %d:\n%s%s", code, stdout, stderr)
	}
}

// TestImportNamesWhoImports: an import records who made it in each
// visit's arrival, so one with nobody signed in and no --as is refused
// before a store is made, and one with --as names that officer.
func TestImportNamesWhoImports(t *testing.T) {
	dir, visits := closedStore(t, 1)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.jsonl")
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", path); code != 0 {
		t.Fatal(stderr)
	}
	central := filepath.Join(t.TempDir(), "central")
	code, stdout, stderr := runOIC(t, ctx, "import", "--data-dir", central, path)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "an import records who made it") || !strings.Contains(stderr, "--as STAFFNO") {
		t.Errorf("import with nobody named: exit %d: %s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(central); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused import made %s (%v)", central, err)
	}
	if code, stdout, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, path); code != 0 {
		t.Fatalf("import --as CR0001: exit %d: %s%s", code, stdout, stderr)
	}
	s, err := openFolder(central)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	arr, err := s.Arrivals(ctx, visits[0].Ref)
	if err != nil || len(arr) != 1 {
		t.Fatalf("arrivals: %v, %v", arr, err)
	}
	if a := domain.ArrivalOf(arr[0]); a.By != "CR0001" || a.ByName != "CR0001" {
		t.Errorf("the arrival names %q (%q)", a.By, a.ByName)
	}
}
