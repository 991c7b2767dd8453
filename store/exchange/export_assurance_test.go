package exchange

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// An assured visit leaves with its assurance: whole in the JSON Lines
// (which still matches the schema and imports into another store), as a
// line in the Markdown and two columns in the CSV (ASR-1, ASR-2).
func TestExportAssurance(t *testing.T) {
	ctx := context.Background()
	laptop, _ := openStore(t)
	central, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := closedVisit(t, laptop, start, start.Add(6*time.Hour))
	assurer := domain.Officer{StaffNo: "C3003", Name: "Cara Cole", Grade: "HEO", Team: "SLN"}
	at := start.Add(7 * 24 * time.Hour)
	m := v.AssuranceValues()
	for _, c := range domain.AssuranceChecklist {
		m[domain.FieldAsrAnswer(c.ID)] = "met"
	}
	m[domain.FieldAsrAnswer("recce")], m[domain.FieldAsrNote("recce")] = "not met", "imagery from 2019 relied on; do a walk-by"
	m[domain.FieldAsrRating], m[domain.FieldAsrFeedback] = "amber", "Good visit; see the recce item."
	c, err := v.SetAssurance(domain.DefaultConfig(), m, assurer, at)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = laptop.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	if c, err = v.Assure(domain.DefaultConfig(), assurer, at); err != nil {
		t.Fatal(err)
	}
	if v, err = laptop.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	ackAt := at.Add(26 * time.Hour)
	if c, err = v.AcknowledgeFeedback(alice, ackAt); err != nil {
		t.Fatal(err)
	}
	if v, err = laptop.SaveVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}

	opt := exportOpts(alice, FormatJSONL, ackAt.Add(time.Hour))
	jl := exportBytes(t, laptop, opt)
	if n := validateJSONL(t, jl); n != 1 {
		t.Fatalf("%d visit lines", n)
	}
	if !bytes.Contains(jl, []byte(`"assurance":{"items":[{"id":"epa","answer":"met"}`)) || !bytes.Contains(jl, []byte(`"rating":"amber","feedback":"Good visit; see the recce item."`)) {
		t.Errorf("the JSON Lines lacks the assurance:\n%s", jl)
	}
	path := exportTo(t, laptop, t.TempDir(), "out.jsonl", opt)
	if _, err := ImportFile(ctx, central, path, importOpts(ackAt.Add(2*time.Hour))); err != nil {
		t.Fatalf("an assured visit's export does not import: %v", err)
	}
	got := mustVisit(t, central, v.Ref)
	if got.State != domain.Assured || got.Assurance.Rating != domain.Amber || got.Assurance.Acknowledged.By != alice.StaffNo || len(got.Assurance.NotMet()) != 1 {
		t.Errorf("imported: %s %+v", got.State, got.Assurance)
	}

	md := string(exportBytes(t, laptop, exportOpts(alice, FormatMarkdown, ackAt)))
	want := "| Assurance | amber; by Cara Cole (C3003), CIO (HEO), " + at.Format(domain.DateTimeLayout) +
		"; 1 of 13 checklist items not met; feedback acknowledged by Alice Ames (A1001) " + ackAt.Format(domain.DateTimeLayout) + " |"
	if !strings.Contains(md, want) {
		t.Errorf("the Markdown lacks %q:\n%s", want, md)
	}
	rows, err := csv.NewReader(bytes.NewReader(exportBytes(t, laptop, exportOpts(alice, FormatCSV, ackAt)))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	cell := func(name string) string { return rows[1][slices.Index(rows[0], name)] }
	if cell("assured") != "yes" || cell("assurance_rating") != "amber" {
		t.Errorf("assured %q, assurance_rating %q", cell("assured"), cell("assurance_rating"))
	}
}
