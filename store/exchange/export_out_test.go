package exchange

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"oic/store"
)

// Exports are written readable by their owner alone, digest and
// signature included.
func TestExportFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no mode bits for others")
	}
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	path := filepath.Join(t.TempDir(), "out.jsonl")
	if _, err := ExportFile(context.Background(), s, path, exportOpts(alice, FormatJSONL, start.Add(72*time.Hour))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".sha256", path + ".sig"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want -rw-------", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

// A file already there, or its digest or signature alone, is refused and
// left as it is, unless the export is told to overwrite it.
func TestExportRefusesAFileAlreadyThere(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	dir := t.TempDir()
	opt := exportOpts(alice, FormatJSONL, start.Add(72*time.Hour))
	for _, there := range []string{"out.jsonl", "out.jsonl.sha256", "out.jsonl.sig"} {
		t.Run(there, func(t *testing.T) {
			dir := filepath.Join(dir, strings.ReplaceAll(there, ".", "-"))
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, "out.jsonl")
			if err := os.WriteFile(filepath.Join(dir, there), []byte("the officer's own file\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ExportFile(context.Background(), s, path, opt)
			if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), filepath.Join(dir, there)+" is already there") {
				t.Fatalf("export over %s: %v, want a refusal naming it", there, err)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, there)); string(b) != "the officer's own file\n" {
				t.Errorf("the refused export changed %s", there)
			}
			if names := files(t, dir); len(names) != 1 {
				t.Errorf("the refused export left %v", names)
			}
			opt := opt
			opt.Overwrite = true
			res, err := ExportFile(context.Background(), s, path, opt)
			if err != nil || res.Count != 1 {
				t.Fatalf("told to overwrite: %+v, %v", res, err)
			}
			if b, _ := os.ReadFile(path + ".sha256"); !strings.HasPrefix(string(b), res.SHA256) {
				t.Errorf("the digest file was not replaced: %q", b)
			}
			if b, _ := os.ReadFile(path + ".sig"); !strings.HasPrefix(string(b), "-----BEGIN SSH SIGNATURE-----") {
				t.Errorf("the signature was not replaced: %q", b)
			}
		})
	}
}

// The export is refused anywhere inside the data folder, however the
// path is written, overwrite or not, and the store is untouched: an
// export onto db/MANIFEST once destroyed a store.
func TestExportRefusesTheDataFolder(t *testing.T) {
	s, data := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := closedVisit(t, s, start, start.Add(3*time.Hour))
	manifest := filepath.Join(store.DBDir(data), "MANIFEST")
	before, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	paths := map[string]string{
		"the MANIFEST":                manifest,
		"the data folder itself":      filepath.Join(data, "visits.jsonl"),
		"through ..":                  throughDotDot(t, outside, filepath.Join(data, "db", "MANIFEST")),
		"a folder not made yet":       filepath.Join(data, "exports", "visits.jsonl"),
		"the config file's name":      filepath.Join(data, "config.json"),
		"relative to the working dir": relativeTo(t, filepath.Join(data, "db", "x.jsonl")),
	}
	if runtime.GOOS != "windows" {
		link := filepath.Join(outside, "data-link")
		if err := os.Symlink(data, link); err != nil {
			t.Fatal(err)
		}
		paths["through a link to the folder"] = filepath.Join(link, "db", "MANIFEST")
		fileLink := filepath.Join(outside, "manifest-link")
		if err := os.Symlink(manifest, fileLink); err != nil {
			t.Fatal(err)
		}
		paths["a link to the MANIFEST"] = fileLink
		// Go cleans "L/.." to nothing; the system follows L first. An
		// export checked as Go reads the path went where the system
		// does: into the store.
		dbLink := filepath.Join(outside, "db-link")
		if err := os.Symlink(store.DBDir(data), dbLink); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(outside, "db"), 0o700); err != nil {
			t.Fatal(err)
		}
		paths["through a link, then .."] = dbLink + "/../db/MANIFEST"
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			for _, overwrite := range []bool{false, true} {
				opt := exportOpts(alice, FormatJSONL, start.Add(72*time.Hour))
				opt.Overwrite = overwrite
				_, err := ExportFile(context.Background(), s, path, opt)
				if err == nil || !strings.Contains(err.Error(), "is inside the data folder "+data) || !strings.Contains(err.Error(), "Nothing was written") {
					t.Fatalf("export to %s (overwrite %v): %v", path, overwrite, err)
				}
			}
		})
	}
	after, err := os.ReadFile(manifest)
	if err != nil || string(after) != string(before) {
		t.Fatalf("the MANIFEST changed (%v)", err)
	}
	if names := files(t, data); strings.Contains(strings.Join(names, " "), ".partial-") {
		t.Errorf("the refusals left %v in the data folder", names)
	}
	mustVisit(t, s, v.Ref)
	// Beside the data folder (a name that begins the same) is outside it.
	res, err := ExportFile(context.Background(), s, data+"-export.jsonl", exportOpts(alice, FormatJSONL, start.Add(72*time.Hour)))
	if err != nil || res.Count != 1 {
		t.Errorf("export beside the data folder: %+v, %v", res, err)
	}
}

// throughDotDot is path written from the folder from, through "..", as
// written: not cleaned.
func throughDotDot(t *testing.T, from, path string) string {
	t.Helper()
	rel, err := filepath.Rel(from, path)
	if err != nil || !strings.HasPrefix(rel, "..") {
		t.Fatalf("%s from %s: %q, %v", path, from, rel, err)
	}
	return from + string(filepath.Separator) + rel
}

// relativeTo is path relative to the working folder.
func relativeTo(t *testing.T, path string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// A name with spaces, quotes or a backslash is exported with a digest
// file sha256sum -c reads, and imported.
func TestExportOddNamesImport(t *testing.T) {
	laptop, central, _ := twoStores(t)
	names := []string{"visits for central records.jsonl", "O'Brien's \"visits\" $HOME.jsonl"}
	if runtime.GOOS != "windows" {
		names = append(names, `back\slash.jsonl`, "new\nline.jsonl")
	}
	sha256sum, _ := exec.LookPath("sha256sum")
	for i, name := range names {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		opt := exportOpts(alice, FormatJSONL, t0.Add(time.Duration(200+i)*time.Hour))
		if _, err := ExportFile(context.Background(), laptop, path, opt); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if sha256sum != "" {
			cmd := exec.Command(sha256sum, "-c", filepath.Base(path)+".sha256")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%q: sha256sum -c: %v\n%s", name, err, out)
			}
		}
		res, err := ImportFile(context.Background(), central, path, importOpts(t0.Add(300*time.Hour)))
		if err != nil || res.Visits != 3 {
			t.Errorf("%q: import: %+v, %v", name, res, err)
		}
	}
	if sha256sum == "" {
		t.Log("no sha256sum here: the digest files were read by the import only")
	}
}

func TestDigestLine(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	for _, name := range []string{"a.jsonl", "with space.jsonl", " leading space", `back\slash`, "new\nline", "cr\rlf", `\n literally`} {
		line := string(digestLine(sum, name))
		gotSum, gotName, ok := parseDigestLine(line)
		if !ok || gotSum != sum || gotName != name {
			t.Errorf("%q: the line %q reads back as %q %q %v", name, line, gotSum, gotName, ok)
		}
	}
	for line, want := range map[string]string{
		strings.ToUpper(sum) + " *bin.jsonl\n": "bin.jsonl",
		sum + "\n":                             "",
		sum + "  crlf.jsonl\r\n":               "crlf.jsonl",
	} {
		if gotSum, gotName, ok := parseDigestLine(line); !ok || gotSum != sum || gotName != want {
			t.Errorf("%q reads as %q %q %v", line, gotSum, gotName, ok)
		}
	}
	for _, bad := range []string{"", "abc  x", sum[:63] + "  x", sum + "x", strings.Repeat("g", 64) + "  x"} {
		if _, _, ok := parseDigestLine(bad); ok {
			t.Errorf("%q read as a digest line", bad)
		}
	}
}
