package exchange

import (
	"context"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// TestExportHasNoPIN (IDN-1): the officer who made and exported the
// visits has a PIN; no export format carries it, its hash or that one is
// set, whatever else it says of the officer.
func TestExportHasNoPIN(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	for _, o := range []domain.Officer{alice, bob} {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, t0)); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPIN(ctx, o.StaffNo, "86420975", o, t0); err != nil {
			t.Fatal(err)
		}
	}
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	for _, f := range []ExportFormat{FormatJSONL, FormatCSV, FormatMarkdown} {
		out := string(exportBytes(t, s, exportOpts(alice, f, start.Add(72*time.Hour))))
		if !strings.Contains(out, string(alice.StaffNo)) {
			t.Fatalf("%s: the export does not name the officer at all, so proves nothing:\n%s", f, out)
		}
		for _, bad := range []string{"86420975", "argon2", "salt", "PIN", "pin\""} {
			if strings.Contains(out, bad) {
				t.Errorf("%s export holds %q", f, bad)
			}
		}
	}
}
