package exchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// reopen closes s and opens dir again as oic does.
func reopen(t *testing.T, s *store.Store, dir string) *store.Store {
	t.Helper()
	s.Close()
	s, err := store.OpenWith(dir, store.Options{Derive: Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// editInFiles closes s and replaces the last occurrence of old in the
// store's value log with new, of the same length, as someone editing the
// files in db/ would; then opens the store again. The store is first
// opened and closed once more, as one in use is every day, so the edit
// is not in the value log file Badger reads through as it opens.
func editInFiles(t *testing.T, s *store.Store, dir, old, new string) *store.Store {
	t.Helper()
	s = reopen(t, s, dir)
	s.Close()
	files, err := filepath.Glob(filepath.Join(store.DBDir(dir), "*.vlog"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	edited := false
	for i := len(files) - 1; i >= 0 && !edited; i-- {
		b, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if at := bytes.LastIndex(b, []byte(old)); at >= 0 {
			copy(b[at:], new)
			if err := os.WriteFile(files[i], b, 0o600); err != nil {
				t.Fatal(err)
			}
			edited = true
		}
	}
	if !edited {
		t.Fatalf("%q is not in the value log", old)
	}
	return reopen(t, s, dir)
}

// An export refuses a store holding visits whose records were changed
// outside oic (issue 14: a subject's name and date of birth edited in db/
// at the same length), in every format, naming every such visit and
// writing nothing: neither the file nor its digest, nor a partial file.
// Which of a visit's stored parts the edit lands in (its document, or
// the derived part of its export line, written in the same transaction
// in an order of Badger's) does not matter: both are its record.
func TestExportRefusesRecordsChangedOutsideOic(t *testing.T) {
	s, dir := openStore(t)
	start := t0.Add(48 * time.Hour)
	first := personalVisit(t, s, start)
	s = editInFiles(t, s, dir, "Arben Hoxha", "Arben Haxha")
	s = editInFiles(t, s, dir, "1994-04-03", "1995-04-03")
	second := personalVisit(t, s, start.Add(24*time.Hour))
	s = editInFiles(t, s, dir, "Dritan Kola", "Dritan Kolb")
	clean := personalVisit(t, s, start.Add(48*time.Hour))

	for _, ref := range []domain.Ref{first.Ref, second.Ref} {
		if _, err := s.Visit(context.Background(), ref); err == nil {
			t.Fatalf("%s reads as sealed after its files were edited", ref)
		}
	}
	if _, err := s.Visit(context.Background(), clean.Ref); err != nil {
		t.Fatalf("%s: %v", clean.Ref, err)
	}
	out := t.TempDir()
	for _, f := range ExportFormats {
		for _, redact := range []bool{false, true} {
			opt := exportOpts(alice, f, t0.Add(30*24*time.Hour))
			opt.Redact = redact
			path := filepath.Join(out, "export."+string(f))
			_, err := ExportFile(context.Background(), s, path, opt)
			if err == nil {
				t.Fatalf("%s (redact %v): the export was written", f, redact)
			}
			msg := err.Error()
			for _, want := range []string{"the export was refused and nothing was written", "2 visits' records were changed outside oic",
				string(first.Ref) + ": ", string(second.Ref) + ": ", "is not the one audit entry", "oic verify"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s (redact %v): the refusal does not say %q:\n%s", f, redact, want, msg)
				}
			}
			if strings.Contains(msg, string(clean.Ref)) {
				t.Errorf("%s: the refusal names %s, which is whole", f, clean.Ref)
			}
		}
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("a refused export left %v", left)
	}
}

// An export refuses a visit whose audit trail was changed outside oic (an
// entry edited in db/ at the same length, the record left alone), naming
// it, in every format, and writes nothing: the trail went out as if
// whole, and central records' import of the file then refused all of it.
func TestExportRefusesTrailsChangedOutsideOic(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := personalVisit(t, s, start)
	clean := personalVisit(t, s, start.Add(24*time.Hour))
	at := start.Add(6 * time.Hour)
	// Long enough that Badger keeps the entry in its value log, where
	// editInFiles edits.
	long := strings.Repeat(" and more of the same", 30)
	for _, reason := range []string{"Said on the trail alone: QX7" + long, "A later note" + long} {
		var err error
		at = at.Add(time.Minute)
		if v, err = s.SaveVisit(ctx, v, domain.Change{Action: "note (fixture)", Actor: alice.StaffNo, Reason: reason, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	s = editInFiles(t, s, dir, "Said on the trail alone: QX7", "Said on the trail alone: QX8")
	out := t.TempDir()
	for _, f := range ExportFormats {
		for _, redact := range []bool{false, true} {
			opt := exportOpts(alice, f, t0.Add(30*24*time.Hour))
			opt.Redact = redact
			_, err := ExportFile(ctx, s, filepath.Join(out, "export."+string(f)), opt)
			if f != FormatJSONL {
				// Only the JSONL export carries the trail; the others
				// carry the record, which its seal still vouches for.
				if err != nil {
					t.Errorf("%s (redact %v): %v", f, redact, err)
				}
				os.RemoveAll(out)
				os.MkdirAll(out, 0o700)
				continue
			}
			if err == nil {
				t.Fatalf("%s (redact %v): the export was written", f, redact)
			}
			msg := err.Error()
			for _, want := range []string{"the export was refused and nothing was written", "1 visit's record was changed outside oic",
				string(v.Ref) + ": its audit trail is broken: audit entry", "oic verify"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s (redact %v): the refusal does not say %q:\n%s", f, redact, want, msg)
				}
			}
			if strings.Contains(msg, string(clean.Ref)) {
				t.Errorf("%s: the refusal names %s, which is whole", f, clean.Ref)
			}
			if left, _ := os.ReadDir(out); len(left) != 0 {
				t.Errorf("%s (redact %v): a refused export left %v", f, redact, left)
			}
		}
	}
}
