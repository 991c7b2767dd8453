package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// changedStore is the worst case of issue 14, as the tester made it: a
// data folder of closed visits, one naming Arben Hoxha, born 2 January
// 1990, whose name and date of birth were then edited in the store's
// files (db/) at the same length, with oic closed. It returns the folder,
// a visit left whole and the one changed.
func changedStore(t *testing.T) (dir string, whole, changed *domain.Visit) {
	t.Helper()
	ctx := context.Background()
	dir, visits := closedStoreWith(t, 2, func(s *store.Store, i int, v *domain.Visit) *domain.Visit {
		if i == 0 {
			return v
		}
		c, err := v.AddSubject(domain.Subject{Name: "Arben Hoxha", DOB: domain.Date{Year: 1990, Month: 1, Day: 2}, Offence: domain.Offences[0]}, oicAlice, v.CreatedAt)
		if err != nil {
			t.Fatal(err)
		}
		if v, err = s.SaveVisit(ctx, v, c); err != nil {
			t.Fatal(err)
		}
		return v
	})
	whole, changed = visits[0], visits[1]
	// Opened once more, as a store in use is, so the edit is not in the
	// value log file Badger reads through (and cuts short at a bad
	// checksum) as it opens.
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The surname and the year: the document is compressed, and its
	// compression may have copied the start of the name, or the rest of
	// the date, from earlier in the document, but not these.
	editLastInFiles(t, dir, "Hoxha", "Haxha")
	editLastInFiles(t, dir, "1990", "1991")
	if s, err = store.Open(dir); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.Visit(ctx, changed.Ref); v == nil || v.Subjects[0].Name != "Arben Haxha" || v.Subjects[0].DOB.Year != 1991 {
		t.Fatalf("the edit did not reach the stored document: %+v", v)
	}
	return dir, whole, changed
}

// editLastInFiles replaces the last occurrence of old in the store's
// files (its value log, then its tables) with new, of the same length.
func editLastInFiles(t *testing.T, dir, old, new string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(store.DBDir(dir), "*.vlog"))
	tables, _ := filepath.Glob(filepath.Join(store.DBDir(dir), "*.sst"))
	slices.Sort(files)
	slices.Sort(tables)
	files = append(tables, files...)
	for i := len(files) - 1; i >= 0; i-- {
		b, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if at := bytes.LastIndex(b, []byte(old)); at >= 0 {
			copy(b[at:], new)
			if err := os.WriteFile(files[i], b, 0o600); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%q is not in the store's files", old)
}

// oic check exits 2 naming a visit whose record was changed outside oic,
// and says what happened; a whole visit beside it checks as before. So
// does a visit whose audit trail is broken.
func TestCheckRecordChangedOutsideOic(t *testing.T) {
	dir, whole, changed := changedStore(t)
	ctx := context.Background()
	code, stdout, stderr := runOIC(t, ctx, "check", string(changed.Ref), "--data-dir", dir)
	if code != 2 || stdout != "" {
		t.Fatalf("check of the changed visit: exit %d, stdout %q; want 2 and nothing", code, stdout)
	}
	for _, want := range []string{string(changed.Ref), "record changed outside oic", "its stored document is not the one audit entry", "oic verify"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check's message lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, stderr := runOIC(t, ctx, "check", string(whole.Ref), "--data-dir", dir); code != 0 {
		t.Errorf("check of the whole visit: exit %d: %s", code, stderr)
	}

	// An entry of the trail edited in the files: the record is whole, the
	// chain is not.
	dir, visits := closedStore(t, 1)
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	editLastInFiles(t, dir, "visited and closed (fixture)", "visited and cloned (fixture)")
	code, _, stderr = runOIC(t, ctx, "check", string(visits[0].Ref), "--data-dir", dir)
	if code != 2 || !strings.Contains(stderr, string(visits[0].Ref)+": its audit trail is broken: audit entry") {
		t.Errorf("check of a visit whose trail was edited: exit %d: %s", code, stderr)
	}
}

// oic export refuses, naming the changed visit, and writes nothing.
func TestExportRefusesRecordChangedOutsideOic(t *testing.T) {
	dir, whole, changed := changedStore(t)
	fixClocks(t, time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	out := t.TempDir()
	for _, f := range []string{"jsonl", "csv", "md"} {
		code, stdout, stderr := runOIC(t, context.Background(), "export", "--data-dir", dir, "--format", f, "--out", filepath.Join(out, "closed."+f))
		if code != 1 || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want 1 and nothing", f, code, stdout)
		}
		if !strings.Contains(stderr, "the export was refused and nothing was written") || !strings.Contains(stderr, string(changed.Ref)+": ") || strings.Contains(stderr, string(whole.Ref)) {
			t.Errorf("%s: the refusal does not name %s alone:\n%s", f, changed.Ref, stderr)
		}
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("the refused exports left %v", left)
	}
}

// oic verify: 0 on a folder as oic left it, 1 naming each problem (as
// lines, or as JSON), 2 when it cannot run.
func TestVerifyCommand(t *testing.T) {
	ctx := context.Background()
	clean, _ := closedStore(t, 2)
	code, stdout, stderr := runOIC(t, ctx, "verify", "--data-dir", clean)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "2 visits, 5 officers and") || !strings.Contains(stderr, "Badger's checksums hold") {
		t.Errorf("verify of a whole folder: exit %d\nstdout %q\nstderr %s", code, stdout, stderr)
	}

	dir, _, changed := changedStore(t)
	code, stdout, stderr = runOIC(t, ctx, "verify", "--data-dir", dir)
	if code != 1 || !strings.HasPrefix(stdout, string(changed.Ref)+"\t") || !strings.Contains(stderr, "problems in "+dir) {
		t.Errorf("verify of a changed folder: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	code, stdout, _ = runOIC(t, ctx, "verify", "--json", "--data-dir", dir)
	var got struct {
		Checked  store.Checked   `json:"checked"`
		Problems []store.Problem `json:"problems"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != 1 || got.Checked.Visits != 2 || len(got.Problems) == 0 || got.Problems[0].Ref != changed.Ref {
		t.Errorf("verify --json: exit %d, %v\n%s", code, err, stdout)
	}

	if code, _, stderr := runOIC(t, ctx, "verify", "--data-dir", filepath.Join(t.TempDir(), "none")); code != 2 || !strings.Contains(stderr, "there are no records in") {
		t.Errorf("verify of no folder: exit %d: %s", code, stderr)
	}
}
