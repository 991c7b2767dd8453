package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"oic/domain/domaintest"
	"oic/store"
)

// measuresFolder is a data folder holding the visits of
// domaintest.MeasuresFixture.
func measuresFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := domaintest.StoreMeasuresFixture(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMeasuresByQuarterCSV: oic measures --by quarter --format csv gives
// a header row and a row a quarter, each figure the fixture's hand count
// (domaintest.MeasuresFixture): Q1 the first visit, Q2 the other four.
func TestMeasuresByQuarterCSV(t *testing.T) {
	dir := measuresFolder(t)
	code, stdout, stderr := runOIC(t, context.Background(), "measures", "--data-dir", dir, "--by", "quarter", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows (%v), want a header and two quarters:\n%s", len(rows), err, stdout)
	}
	cell := func(row int, col string) string {
		for i, c := range rows[0] {
			if c == col {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s in %v", col, rows[0])
		return ""
	}
	for _, c := range []struct {
		col    string
		q1, q2 string
	}{
		{"group", "2026-Q1", "2026-Q2"},
		{"visits", "1", "4"},
		{"state_closed", "1", "1"},
		{"state_deployed", "0", "1"},
		{"state_planning", "0", "1"},
		{"state_cancelled", "0", "1"},
		{"sector_construction", "0", "2"},
		{"encountered", "3", "4"},
		{"arrests", "2", "2"},
		{"encounter_detained", "0", "0"},
		{"encounter_papers_served", "0", "0"},
		{"cprns", "2", "2"},
		{"no_action_notices", "0", "0"},
		{"workers_covered", "2", "2"},
		{"illegal_workers", "2", "2"},
		{"arrests_in_custody", "1", "2"},
		{"referral_nrm", "1", "0"},
		{"referral_licensing_review", "0", "0"},
		{"safeguarding_referrals", "1", "0"},
		{"safeguarding_nrm_referral", "1", "0"},
		{"critical_incidents", "0", "1"},
		{"operations", "1", "2"},
		{"joint_operations", "1", "0"},
		{"joint_operations_pct", "100.0", "0.0"},
		{"agency_police", "1", "0"},
		{"onf_on_time_valid_met", "1", "1"},
		{"onf_on_time_valid_of", "1", "2"},
		{"onf_on_time_valid_pct", "100.0", "50.0"},
		{"recce_current_pct", "100.0", "50.0"},
		{"closed_in_time_met", "1", "0"},
		{"closed_in_time_of", "1", "1"},
		{"assured_pct", "0.0", "0.0"},
	} {
		if got := cell(1, c.col); got != c.q1 {
			t.Errorf("Q1 %s = %q, counted by hand %q", c.col, got, c.q1)
		}
		if got := cell(2, c.col); got != c.q2 {
			t.Errorf("Q2 %s = %q, counted by hand %q", c.col, got, c.q2)
		}
	}
}

// TestMeasuresFormats: the table reads as figures by group with the
// total; the JSON holds the groups and the total; the filters choose.
func TestMeasuresFormats(t *testing.T) {
	dir := measuresFolder(t)
	ctx := context.Background()
	code, stdout, stderr := runOIC(t, ctx, "measures", "--data-dir", dir, "--by", "team")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"NWE", "SLN", "all", "arrests", "critical incidents", "closed within 48 h (DBF-3)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the table has no %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = runOIC(t, ctx, "measures", "--data-dir", dir, "--format", "json", "--team", "sln", "--from", "01/04/2026", "--to", "30/06/2026")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Team   string
		From   string
		Total  struct{ Visits, Arrests, CriticalIncidents int } `json:"total"`
		Groups []json.RawMessage
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	// SLN from April: the car wash visit (one arrest, the incident) and
	// the cancelled one.
	if doc.Team != "SLN" || doc.From != "01/04/2026" || doc.Total.Visits != 2 || doc.Total.Arrests != 1 || len(doc.Groups) != 1 {
		t.Errorf("json: %+v", doc)
	}
	if code, _, stderr := runOIC(t, ctx, "measures", "--data-dir", dir, "--team", "WLN"); code != 0 || !strings.Contains(stderr, "no visit matches") {
		t.Errorf("no visit: exit %d, %q", code, stderr)
	}
}

// TestMeasuresFlags: a flag that cannot be used says which and why, on
// stderr, with exit 2, and nothing is read or written.
func TestMeasuresFlags(t *testing.T) {
	dir := measuresFolder(t)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"bad from", []string{"--from", "31/02/2026"}, "--from: \"31/02/2026\" is not a real date"},
		{"bad to", []string{"--to", "2026/13/01"}, "--to:"},
		{"backwards", []string{"--from", "02/03/2026", "--to", "01/03/2026"}, "--to 01/03/2026 is before --from 02/03/2026"},
		{"team", []string{"--team", "XYZ"}, "--team XYZ is not an ICE team code"},
		{"by", []string{"--by", "week"}, `--by "week" is not a grouping: choose team, month or quarter`},
		{"format", []string{"--format", "xlsx"}, "--format xlsx: choose table, csv or json"},
		{"force alone", []string{"--force"}, "--force replaces the --out file"},
		{"stray", []string{"SLN"}, "unexpected argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runOIC(t, context.Background(), append([]string{"measures", "--data-dir", dir}, c.args...)...)
			if code != 2 || !strings.Contains(stderr, c.want) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, c.want)
			}
		})
	}
}

// TestMeasuresOut: --out follows the export's rules for files: readable
// by its owner alone, never over a file already there without --force,
// never inside the data folder.
func TestMeasuresOut(t *testing.T) {
	dir := measuresFolder(t)
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "q.csv")
	code, stdout, stderr := runOIC(t, ctx, "measures", "--data-dir", dir, "--by", "quarter", "--format", "csv", "--out", out)
	if code != 0 || !strings.Contains(stdout, "Wrote the measures of 5 visits, in 2 groups, to "+out) {
		t.Fatalf("exit %d: %q %q", code, stdout, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("written %v, want 0600", fi.Mode().Perm())
	}
	before, _ := os.ReadFile(out)
	code, _, stderr = runOIC(t, ctx, "measures", "--data-dir", dir, "--out", out)
	if code != 1 || !strings.Contains(stderr, "is already there") || !strings.Contains(stderr, "--force") {
		t.Errorf("over a file: exit %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Error("a refused write changed the file")
	}
	if code, _, stderr = runOIC(t, ctx, "measures", "--data-dir", dir, "--out", out, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %q", code, stderr)
	}
	code, _, stderr = runOIC(t, ctx, "measures", "--data-dir", dir, "--out", filepath.Join(dir, "db", "MANIFEST"), "--force")
	if code != 1 || !strings.Contains(stderr, "inside the data folder") {
		t.Errorf("inside the data folder: exit %d, %q", code, stderr)
	}
}
