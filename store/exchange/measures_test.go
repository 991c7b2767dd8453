package exchange

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

// measuresStore holds the visits of domaintest.MeasuresFixture.
func measuresStore(t *testing.T) *store.Store {
	t.Helper()
	s, _ := openStore(t)
	if _, err := domaintest.StoreMeasuresFixture(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func allMeasures(t *testing.T, s domain.MeasuresReader) []domain.VisitMeasures {
	t.Helper()
	var out []domain.VisitMeasures
	if err := s.ScanMeasures(context.Background(), 0, func(ms []domain.VisitMeasures) error {
		out = append(out, ms...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMeasuresMatchCSVExport: the measures of the visits the CSV export
// holds (the closed ones) add up to the totals of its columns.
func TestMeasuresMatchCSVExport(t *testing.T) {
	s := measuresStore(t)
	b := exportBytes(t, s, exportOpts(alice, FormatCSV, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	sum := func(name string) int {
		n := 0
		for _, r := range rows[1:] {
			v, err := strconv.Atoi(r[col[name]])
			if err != nil {
				t.Fatalf("%s = %q: %v", name, r[col[name]], err)
			}
			n += v
		}
		return n
	}
	count := func(name, value string) int {
		n := 0
		for _, r := range rows[1:] {
			if r[col[name]] == value {
				n++
			}
		}
		return n
	}
	cfg := domain.DefaultConfig()
	var g domain.MeasuresGroup
	for _, m := range allMeasures(t, s) {
		if m.Closed {
			g.Add(cfg, m)
		}
	}
	// The CSV's referrals are the referral entries; the measures count
	// NRM and social services referrals, safeguarding steps, among
	// theirs too (domain.ReferralTypes).
	referrals := 0
	for i, n := range g.Referrals {
		if domain.ReferralTypes[i] != domain.ReferralNRM && domain.ReferralTypes[i] != domain.ReferralSocial {
			referrals += n
		}
	}
	for _, c := range []struct {
		what          string
		measures, csv int
	}{
		{"visits", g.Visits, len(rows) - 1},
		{"encountered", g.Encountered, sum("encountered")},
		{"cleared", g.Outcome(domain.OutcomeCleared), sum("cleared")},
		{"arrested", g.Arrests(), sum("arrested")},
		{"detained", g.Outcome(domain.OutcomeDetained), sum("detained")},
		{"served", g.Outcome(domain.OutcomeServed), sum("served")},
		{"referred", g.Outcome(domain.OutcomeReferred), sum("referred")},
		{"safeguarding", g.SafeguardingReferrals(), sum("safeguarding")},
		{"referrals", referrals, sum("referrals")},
		{"closed late", g.Applies[domain.QualityClosed] - g.Met[domain.QualityClosed], count("closed_late", "yes")},
		{"closed", g.States[slices.Index(domain.States, domain.Closed)], count("state", "closed")},
		{"hand car wash", g.Sectors[slices.Index(domain.Sectors, "Hand car wash")], count("sector", "Hand car wash")},
	} {
		if c.measures != c.csv {
			t.Errorf("%s: %d in the measures, %d in the CSV export", c.what, c.measures, c.csv)
		}
	}
	if g.Visits != 2 || g.Arrests() != 3 || g.CPRNs() != 3 {
		t.Errorf("the fixture's closed visits: %d with %d arrests and %d notices, want 2 with 3 and 3", g.Visits, g.Arrests(), g.CPRNs())
	}
}

// TestImportWritesMeasures: a visit imported has its measures, the same
// as where it came from.
func TestImportWritesMeasures(t *testing.T) {
	laptop := measuresStore(t)
	central, _ := openStore(t)
	ctx := context.Background()
	exp, err := ExportFile(ctx, laptop, filepath.Join(t.TempDir(), "out.jsonl"), exportOpts(alice, FormatJSONL, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(ctx, central, exp.Path, importOpts(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	want := map[domain.Ref]domain.VisitMeasures{}
	for _, m := range allMeasures(t, laptop) {
		if m.Closed {
			want[m.Ref] = m
		}
	}
	got := allMeasures(t, central)
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d measures imported, want %d", len(got), len(want))
	}
	for _, m := range got {
		w := want[m.Ref]
		if !m.Start.Equal(w.Start) {
			t.Errorf("%s: start %s, want %s", m.Ref, m.Start, w.Start)
		}
		m.Start = w.Start
		if m != w {
			t.Errorf("%s imported with measures\n%+v\nwant\n%+v", m.Ref, m, w)
		}
	}
}
