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

// The police feedback (ONF-7) leaves with the visit in the Markdown and
// the CSV, and the Markdown names the OIC's grade (ICIBI figure 7).
func TestExportPoliceFeedbackAndOICGrade(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	start := t0.Add(48 * time.Hour)
	v := personalVisit(t, s, start)
	v.Plan.ONF = domain.ONF{Force: "Surrey Police", SentAt: start.Add(-5 * 24 * time.Hour), ReturnedAt: start.Add(-4 * 24 * time.Hour),
		SignedBy: "J. Carter", SignedRank: "DS", Stamp: domain.Stamp{By: alice.StaffNo, ByName: alice.Name, At: start.Add(-4 * 24 * time.Hour)}}
	at := start.Add(5 * time.Hour)
	if _, err := v.RecordONFFeedback("Two arrests; intelligence accurate", alice, at); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVisit(ctx, v, domain.Change{Action: "ONF feedback (fixture)", Actor: alice.StaffNo, At: at})
	if err != nil {
		t.Fatal(err)
	}

	md := string(exportBytes(t, s, exportOpts(alice, FormatMarkdown, at)))
	for _, want := range []string{
		"| Police feedback | reported to Surrey Police " + at.Format(domain.DateTimeLayout) + ": Two arrests; intelligence accurate |",
		"Officer in charge: " + alice.Name + " (" + string(alice.StaffNo) + "), CIO (HEO).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md[:min(len(md), 1500)])
		}
	}

	rows, err := csv.NewReader(bytes.NewReader(exportBytes(t, s, exportOpts(alice, FormatCSV, at)))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	cell := func(name string) string { return rows[1][slices.Index(rows[0], name)] }
	if got := cell("police_feedback_at"); got != at.Format(domain.DateTimeLayout) {
		t.Errorf("police_feedback_at %q", got)
	}
	if got := cell("police_feedback"); got != "Two arrests; intelligence accurate" {
		t.Errorf("police_feedback %q", got)
	}

	// Redacted, the feedback's free text is withheld like any other.
	opt := exportOpts(alice, FormatCSV, at)
	opt.Redact = true
	rows, _ = csv.NewReader(bytes.NewReader(exportBytes(t, s, opt))).ReadAll()
	if got := rows[1][slices.Index(rows[0], "police_feedback")]; !strings.HasPrefix(got, "[free text withheld") {
		t.Errorf("redacted police_feedback %q", got)
	}
}
