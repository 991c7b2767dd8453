package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"oic/domain"
)

// The test (18, "Done when"): after oic demo into an encrypted
// folder, no name, date of birth or address held in the store is in any
// file under the folder: strings(1) over every file, as a test. The same
// look over a folder made with --no-encrypt finds them, so it can fail.
func TestEncryptedDemoHoldsNoPersonalData(t *testing.T) {
	enc := t.TempDir()
	if code, out, errs := runOIC(t, context.Background(), "demo", "--data-dir", enc, "--visits", "60"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	values := personalData(t, enc)
	if len(values) < 100 {
		t.Fatalf("only %d names, dates of birth and addresses found in the store", len(values))
	}
	if found := filesHolding(t, enc, values); len(found) > 0 {
		t.Fatalf("personal data in plain in an encrypted folder (%d of %d values), e.g. %v", len(found), len(values), found[:min(5, len(found))])
	}

	plain := t.TempDir()
	code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", plain, "--visits", "60", "--no-encrypt")
	if code != 0 || !strings.Contains(errs, "NOT encrypted") {
		t.Fatalf("--no-encrypt: exit %d, said %q", code, errs)
	}
	if found := filesHolding(t, plain, personalData(t, plain)); len(found) == 0 {
		t.Fatal("the look finds nothing even in a plain folder")
	}
}

// personalData is every name, date of birth (as oic writes dates) and
// address the store in dir holds, in its visits and officer profiles.
func personalData(t *testing.T, dir string) []string {
	t.Helper()
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	seen := map[string]bool{}
	var walk func(v reflect.Value, field string)
	walk = func(v reflect.Value, field string) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), field)
			}
		case reflect.Struct:
			if d, ok := v.Interface().(domain.Date); ok {
				if field == "DOB" && !d.IsZero() {
					seen[d.String()], seen[d.UK()] = true, true
				}
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), v.Type().Field(i).Name)
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), field)
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value(), field)
			}
		case reflect.String:
			if s := v.String(); len(s) >= 6 && (strings.Contains(field, "Name") || strings.Contains(field, "Address")) {
				seen[s] = true
			}
		}
	}
	err = s.ScanSummaries(ctx, 50, func(sums []domain.Summary) error {
		for _, sum := range sums {
			v, err := s.Visit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			walk(reflect.ValueOf(v), "")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	officers, err := s.ListOfficers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	walk(reflect.ValueOf(officers), "")
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	return out
}

// filesHolding lists the values found in any file under dir, with the
// file.
func filesHolding(t *testing.T, dir string, values []string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, v := range values {
			if bytes.Contains(b, []byte(v)) {
				found = append(found, strings.TrimPrefix(path, dir)+": "+v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
