package exchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

// Fixtures for the export and import tests: closed visits built through
// the domain, as an OIC would record them.

// The people of personalVisit, whose details a redacted export must not
// show anywhere.
var personal = []string{
	"Arben", "Hoxha", "HOXHA", "Dritan", "Kola", "Mei Chen", "Chen",
	"1994-04-03", "03/04/1994", "3/4/1994", "1990-01-15", "15/01/1990", "AL1234567", "Mr A Shah",
}

// personalVisit stores a closed visit naming two subjects, one of whom
// was encountered (with a date of birth and a passport number), and a
// follow-up that names him again in free text.
func personalVisit(t testing.TB, s *store.Store, start time.Time) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	now := start.Add(-2 * time.Hour)
	b := basics("SLN", "SW1A 1AA", start, alice)
	b.Intel.Summary = "Arben Hoxha and Dritan Kola seen working in the kitchen"
	v, c, err := domain.NewVisit(b, alice, now)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	for _, in := range []domain.SubjectInput{
		{Name: "Arben Hoxha", DOB: "03/04/1994", Nationality: "Albanian", Offence: "Illegal entrant working"},
		{Name: "Dritan Kola", DOB: "15/01/1990", Nationality: "Albanian", Offence: "Overstayer working illegally"},
	} {
		sub, err := domain.ParseSubject(in, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.AddSubject(sub, alice, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := domaintest.Deploy(v, alice, start.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	closeAt := start.Add(3 * time.Hour)
	if err := domaintest.VisitAndClose(v, alice, closeAt); err != nil {
		t.Fatal(err)
	}
	if _, err := v.RecordFollowUp("HMRC", "HOXHA (born 03/04/1994, passport AL1234567) referred for unpaid wages; Mei Chen gave a statement", alice, closeAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	v, err = s.SaveVisit(ctx, v, domain.Change{Action: "planned, visited, closed, followed up (fixture)", Actor: alice.StaffNo, At: closeAt.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func exportOpts(f domain.Officer, format ExportFormat, at time.Time) ExportOptions {
	return ExportOptions{Format: format, By: f, At: at, ToolVersion: "test", Loc: time.UTC}
}

// exportBytes exports to memory.
func exportBytes(t testing.TB, s *store.Store, opt ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Export(context.Background(), s, &buf, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exportTo writes an export file in dir and returns its path.
func exportTo(t testing.TB, s *store.Store, dir, name string, opt ExportOptions) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if _, err := ExportFile(context.Background(), s, path, opt); err != nil {
		t.Fatal(err)
	}
	return path
}

// schemaFromRepo compiles the schema file as it is in the repository
// (not the copy compiled into the package), for the two kinds of line.
func schemaFromRepo(t testing.TB) (prov, visit *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	path, err := filepath.Abs(filepath.Join("schema", "visit-export-v3.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile(path); err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	if prov, err = c.Compile(path + "#/$defs/provenanceLine"); err != nil {
		t.Fatal(err)
	}
	if visit, err = c.Compile(path + "#/$defs/visitLine"); err != nil {
		t.Fatal(err)
	}
	return prov, visit
}

// validateJSONL validates every line of an export against the schema
// file, reading each line with the validator's own JSON reader.
func validateJSONL(t testing.TB, b []byte) int {
	t.Helper()
	prov, visit := schemaFromRepo(t)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i, line := range lines {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		sch := visit
		if i == 0 {
			sch = prov
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("line %d does not match the schema:\n%v", i+1, err)
		}
	}
	return len(lines) - 1
}

// files lists the names in dir.
func files(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}
