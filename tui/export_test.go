package tui_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"oic/domain"
	"oic/tui"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// exportFunc is a function that exports.
type exportFunc func(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error)

func (f exportFunc) Export(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error) {
	return f(ctx, req)
}

// Formats are three, as the store's export has: the dialog offers what
// the exporter writes.
func (f exportFunc) Formats() []domain.ExportFormat {
	return []domain.ExportFormat{{Name: "jsonl", About: "JSON Lines"}, {Name: "csv", About: "a row a visit"}, {Name: "md", About: "a debrief a visit"}}
}

// fakeExporter stands for the store's export, which store/exchange's own
// tests hold: it keeps the request the dialog made and writes a file and
// its digest where it was asked to (its signature it only names), failing as the export would where the
// folder cannot be written, or a file is already there and the request
// does not say to overwrite it.
func fakeExporter(got *domain.ExportRequest) domain.Exporter {
	return exportFunc(func(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error) {
		*got = req
		if _, err := os.Stat(req.Path); err == nil && !req.Overwrite {
			return domain.ExportResult{}, fmt.Errorf("%s is already there; nothing was written, and it was left as it is: %w", req.Path, fs.ErrExist)
		}
		body := []byte("# 1 visit\n")
		if err := os.WriteFile(req.Path, body, 0o644); err != nil {
			return domain.ExportResult{}, err
		}
		sum := sha256.Sum256(body)
		digest := hex.EncodeToString(sum[:])
		if err := os.WriteFile(req.Path+".sha256", []byte(digest+"  "+filepath.Base(req.Path)+"\n"), 0o644); err != nil {
			return domain.ExportResult{}, err
		}
		req.Progress(1, 1)
		return domain.ExportResult{Path: req.Path, Count: 1, Bytes: int64(len(body)), SHA256: digest,
			Signer: "oic-0123456789abcdef", Fingerprint: "SHA256:t7JrY0JlR3Vhc3RlZCBrZXkgZm9yIHRoZSB0ZXN0cw"}, nil
	})
}

// exportApp runs in a folder of the test's own, since the dialog's
// default file name is relative: an export left at its default would
// otherwise land in the source tree.
func exportApp(t *testing.T, s domain.Store, ex domain.Exporter) *tui.App {
	t.Helper()
	t.Chdir(t.TempDir())
	return apptest.App(t, s, func(o *tui.Options) { o.Export = ex })
}

func TestExport_ClosedVisitToAFile(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	dir := t.TempDir()
	var req domain.ExportRequest
	d := tuitest.NewDriver(t, exportApp(t, s, fakeExporter(&req)), 100, 30)
	d.Press("X")
	tuitest.Contains(t, d.View(), "Export closed visits", "Format", "Redact people", "Keep free text", "Save to")
	// Format md, redacted, saved in the test's folder.
	d.Press("right", "right", "tab", "tab", "tab", "tab", " ", "tab", "tab", "ctrl+u", filepath.Join(dir, "debriefs"), "ctrl+s")
	d.WaitFor("Exported")
	tuitest.Contains(t, d.View(), "✓ Exported 1 visit to "+filepath.Join(dir, "debriefs.md"), "SHA-256",
		"Signed by this folder's key (oic-0123456789abcdef,", "debriefs.md.sig: check it with ssh-keygen")
	if req.Format != "md" || !req.Redact || req.KeepText || req.Path != filepath.Join(dir, "debriefs.md") || req.By.StaffNo != tuitest.CIO.StaffNo {
		t.Errorf("the dialog asked for %+v", req)
	}
	if _, err := os.Stat(filepath.Join(dir, "debriefs.md.sha256")); err != nil {
		t.Error(err)
	}
	d.Press("enter")
	if _, ok := d.Top().(*register.Screen); !ok {
		t.Fatal("enter did not close the dialog")
	}
}

// TestExport_KeepFreeText (issue 14, section 7): the dialog asks for a
// redacted export with its free text kept; keeping free text without
// redacting is refused beside the choice, and nothing is exported.
func TestExport_KeepFreeText(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	dir := t.TempDir()
	var req domain.ExportRequest
	d := tuitest.NewDriver(t, exportApp(t, s, fakeExporter(&req)), 100, 30)
	d.Press("X", "tab", "tab", "tab", "tab", "tab", " ", "tab", "ctrl+u", filepath.Join(dir, "kept"), "ctrl+s")
	d.WaitFor("✗")
	tuitest.Contains(t, d.View(), "keeps free text in a redacted export: tick Redact people too")
	if req.Path != "" {
		t.Fatalf("exported: %+v", req)
	}
	d.Press("shift+tab", "shift+tab", " ", "ctrl+s")
	d.WaitFor("Exported")
	if !req.Redact || !req.KeepText {
		t.Errorf("the dialog asked for %+v", req)
	}
}

func TestExport_BadInputBesideTheField(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	d := tuitest.NewDriver(t, exportApp(t, s, fakeExporter(new(domain.ExportRequest))), 100, 30)
	d.Press("X", "tab", "31/02/2026", "tab", "01/01/2026", "ctrl+s")
	tuitest.Contains(t, d.View(), "31/02/2026")
	d.Press("shift+tab", "ctrl+u", "01/03/2026", "tab", "tab", "tab", "tab", "tab", "ctrl+u", "/no/such/folder/x.jsonl", "ctrl+s")
	d.WaitFor("✗")
	tuitest.Contains(t, d.View(), "is before the first date")
	d.Press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+u", "ctrl+s")
	d.WaitFor("no/such/folder")
	tuitest.Contains(t, d.View(), "/no/such/folder")
	if _, err := os.Stat("/no/such/folder/x.jsonl"); err == nil {
		t.Fatal("a file was written")
	}
}

// Cancelling part-way: the exporter sees its context cancelled and the
// dialog says nothing was left behind.
func TestExport_Cancel(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	started := make(chan struct{})
	ex := exportFunc(func(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error) {
		req.Progress(3, 10)
		close(started)
		<-ctx.Done()
		return domain.ExportResult{}, ctx.Err()
	})
	d := tuitest.NewDriver(t, exportApp(t, s, ex), 200, 30) // the path whole on one line
	d.Press("X", "ctrl+s")
	<-started
	d.WaitFor("3 of 10 visits")
	tuitest.Contains(t, d.View(), "3 of 10 visits", "esc cancels")
	d.Press("esc")
	d.WaitFor("cancelled")
	abs, err := filepath.Abs("oic-export-2026-11-25.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	tuitest.Contains(t, d.View(), "Export cancelled: nothing was written under "+abs+".")
}

// Saved under the name the dialog offers: the file lands in the folder
// the test runs in, its own, and never in the source tree.
func TestExport_DefaultNameOutsideTheSourceTree(t *testing.T) {
	src, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	var req domain.ExportRequest
	// Wide enough that the dialog shows where that is, whole; the export
	// reports it too.
	d := tuitest.NewDriver(t, exportApp(t, s, fakeExporter(&req)), 200, 30)
	want, err := filepath.Abs("oic-export-2026-11-25.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	d.Press("X", "tab", "tab", "tab", "tab", "tab", "tab")
	tuitest.Contains(t, d.View(), "→ "+want)
	d.Press("ctrl+s")
	d.WaitFor("Exported")
	if req.Path != want {
		t.Fatalf("the dialog asked for %q, want %q", req.Path, want)
	}
	tuitest.Contains(t, d.View(), "Exported 1 visit to "+want)
	for _, name := range []string{req.Path, req.Path + ".sha256"} {
		if _, err := os.Stat(filepath.Join(src, name)); err == nil {
			os.Remove(filepath.Join(src, name))
			t.Errorf("%s was written into the source tree", name)
		}
		if _, err := os.Stat(name); err != nil {
			t.Errorf("%s is not in the test's folder: %v", name, err)
		}
	}
}

// A file already there is refused beside the field, and left as it is;
// the officer overwrites it only by choosing to.
func TestExport_FileAlreadyThere(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	path := filepath.Join(t.TempDir(), "debriefs.jsonl")
	if err := os.WriteFile(path, []byte("the officer's own file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var req domain.ExportRequest
	d := tuitest.NewDriver(t, exportApp(t, s, fakeExporter(&req)), 100, 30)
	d.Press("X", "tab", "tab", "tab", "tab", "tab", "tab")
	tuitest.Contains(t, d.View(), "Replace a file there", "→ /")
	d.Press("ctrl+u", path, "ctrl+s")
	d.WaitFor("is already there")
	tuitest.Contains(t, d.View(), "Save to", "✗ "+path[:20], "Turn on Replace below to overwrite it, or give another name.")
	if req.Overwrite {
		t.Error("the dialog asked to overwrite without the officer choosing to")
	}
	if b, _ := os.ReadFile(path); string(b) != "the officer's own file\n" {
		t.Fatal("the file was overwritten")
	}
	// The choice, next to the field.
	d.Press("tab")
	tuitest.Contains(t, d.View(), "off: a file already at Save to is refused and left as it is")
	d.Press(" ")
	tuitest.Contains(t, d.View(), "on: a file at Save to, and its .sha256 and .sig, will be overwritten")
	d.Press("ctrl+s")
	d.WaitFor("Exported")
	if !req.Overwrite || req.Path != path {
		t.Errorf("the dialog asked for %+v", req)
	}
	if b, _ := os.ReadFile(path); string(b) != "# 1 visit\n" {
		t.Errorf("not overwritten once chosen: %q", b)
	}
}

// What is wrong with the data folder as it was opened (an import left
// half done) stays on the status line; a message shows over it while it
// lasts.
func TestNoticeOnTheStatusLine(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	notice := "Half-imported: quit and run oic import visits.jsonl again to finish it"
	d := tuitest.NewDriver(t, apptest.App(t, s, func(o *tui.Options) { o.Notice = notice }), 100, 30)
	tuitest.Contains(t, d.View(), "! "+notice)
	d.Press("X")
	tuitest.Contains(t, d.View(), "Export closed visits", "! "+notice)
}
