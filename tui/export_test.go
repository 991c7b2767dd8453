package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
	"oic/store/exchange"
)

// storeExporter is the export cmd/oic wires in, for the tests.
func storeExporter(s *store.Store) domain.Exporter {
	return exchange.Exporter{Store: s, Config: domain.DefaultConfig(), ToolVersion: "test", Loc: london, Clock: func() time.Time { return testNow }}
}

// exportFunc is a function as a domain.Exporter.
type exportFunc func(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error)

func (f exportFunc) Export(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error) {
	return f(ctx, req)
}

func exportApp(t *testing.T, s *store.Store, ex domain.Exporter) *App {
	t.Helper()
	a, err := New(Options{Store: s, Config: domain.DefaultConfig(), Clock: func() time.Time { return testNow }, Loc: london, Version: "test", Export: ex})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

func TestExport_ClosedVisitToAFile(t *testing.T) {
	s := openStore(t)
	start := testNow.Add(-27 * time.Hour)
	plannedVisit(t, s, planSetup{rating: domain.Green, start: start, edit: func(v *domain.Visit) {
		if err := domaintest.Deploy(v, testCIO, start.Add(-30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := domaintest.VisitAndClose(v, testCIO, start.Add(5*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}})
	dir := t.TempDir()
	d := newDriver(t, exportApp(t, s, storeExporter(s)), 100, 30)
	d.press("X")
	contains(t, d.view(), "Export closed visits", "Format", "Redact people", "Save to")
	// Format md, redacted, saved in the test's folder.
	d.press("right", "right", "tab", "tab", "tab", "tab", " ", "tab", "ctrl+u", filepath.Join(dir, "debriefs"), "ctrl+s")
	d.waitFor("Exported")
	contains(t, d.view(), "✓ Exported 1 visit to "+filepath.Join(dir, "debriefs.md"), "SHA-256")
	b, err := os.ReadFile(filepath.Join(dir, "debriefs.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "Arben Hoxha") || !strings.Contains(string(b), "Person 1") {
		t.Errorf("the redacted export names the person met:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "debriefs.md.sha256")); err != nil {
		t.Error(err)
	}
	d.press("enter")
	if _, ok := d.top().(*register); !ok {
		t.Fatal("enter did not close the dialog")
	}
}

func TestExport_BadInputBesideTheField(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	d := newDriver(t, exportApp(t, s, storeExporter(s)), 100, 30)
	d.press("X", "tab", "31/02/2026", "tab", "01/01/2026", "ctrl+s")
	contains(t, d.view(), "31/02/2026")
	d.press("shift+tab", "ctrl+u", "01/03/2026", "tab", "tab", "tab", "tab", "ctrl+u", "/no/such/folder/x.jsonl", "ctrl+s")
	d.waitFor("✗")
	contains(t, d.view(), "is before the first date")
	d.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+u", "ctrl+s")
	d.waitFor("no/such/folder")
	contains(t, d.view(), "/no/such/folder")
	if _, err := os.Stat("/no/such/folder/x.jsonl"); err == nil {
		t.Fatal("a file was written")
	}
}

// Cancelling part-way: the exporter sees its context cancelled and the
// dialog says nothing was left behind.
func TestExport_Cancel(t *testing.T) {
	s := openStore(t)
	seed(t, s, 1)
	started := make(chan struct{})
	ex := exportFunc(func(ctx context.Context, req domain.ExportRequest) (domain.ExportResult, error) {
		req.Progress(3, 10)
		close(started)
		<-ctx.Done()
		return domain.ExportResult{}, ctx.Err()
	})
	d := newDriver(t, exportApp(t, s, ex), 100, 30)
	d.press("X", "ctrl+s")
	<-started
	d.waitFor("3 of 10 visits")
	contains(t, d.view(), "3 of 10 visits", "esc cancels")
	d.press("esc")
	d.waitFor("cancelled")
	contains(t, d.view(), "Export cancelled: nothing was written under oic-export-2026-11-25.jsonl.")
}
