package exchange

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
)

// TestExportONFSentLate (issue 15, point 3): an ONF sent under 3 days
// before the visit is counted as late in every export once it came back
// signed: the JSON Lines planning summary, the CSV's onf_sent_late and the
// Markdown's police notification; one sent in time is not.
func TestExportONFSentLate(t *testing.T) {
	for _, tc := range []struct {
		name        string
		before      time.Duration
		jsonl, csv  string
		md, notInMD string
	}{
		{"20 hours before", 20 * time.Hour, `"onf_status":"valid","onf_sent_late":true,"onf_sent_hours_before":20,`, "valid,yes,",
			"| Police notification | valid; sent late, 20 hours before the visit, under the 3 days ONF-2 asks |", ""},
		{"exactly 3 days before", domain.ONFLeadTime, `"onf_status":"valid","onf_sent_late":false,"onf_sent_hours_before":72,`, "valid,no,",
			"| Police notification | valid |", "sent late"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openStore(t)
			start := t0.Add(48 * time.Hour)
			v := deployedVisit(t, s, start)
			sent := start.Add(-tc.before)
			v.Plan.ONF = domain.ONF{Force: "Surrey Police", SentAt: sent, ReturnedAt: sent.Add(2 * time.Hour), SignedBy: "J. Carter", SignedRank: "DS"}
			closeAt := start.Add(5 * time.Hour)
			if err := domaintest.VisitAndClose(v, alice, closeAt); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SaveVisit(context.Background(), v, domain.Change{Action: "closed (fixture)", Actor: alice.StaffNo, At: closeAt}); err != nil {
				t.Fatal(err)
			}
			at := closeAt.Add(time.Hour)
			if got := string(exportBytes(t, s, exportOpts(alice, FormatJSONL, at))); !strings.Contains(got, tc.jsonl) {
				t.Errorf("JSON Lines has no %s:\n%s", tc.jsonl, got)
			}
			if got := string(exportBytes(t, s, exportOpts(alice, FormatCSV, at))); !strings.Contains(got, tc.csv) {
				t.Errorf("CSV has no %s:\n%s", tc.csv, got)
			}
			got := string(exportBytes(t, s, exportOpts(alice, FormatMarkdown, at)))
			if !strings.Contains(got, tc.md) || tc.notInMD != "" && strings.Contains(got, tc.notInMD) {
				t.Errorf("Markdown: want %q:\n%s", tc.md, got)
			}
		})
	}
}
