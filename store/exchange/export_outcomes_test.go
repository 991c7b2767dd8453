package exchange

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

// outcomesVisit stores a closed visit with every outcome of schema
// version 3: the police and a named other agency present (one voided
// after a correction), the worker arrested interviewed and his
// biometrics checked, the notice on the employer, his booking into
// custody, an NRM referral.
func outcomesVisit(t *testing.T, s *store.Store, start time.Time) *domain.Visit {
	t.Helper()
	v := deployedVisit(t, s, start)
	rec := func(kind domain.EntryKind, in domain.EntryInput, at time.Time) {
		t.Helper()
		e, err := v.ParseEntry(kind, in, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Record(e, alice, at); err != nil {
			t.Fatal(err)
		}
	}
	rec(domain.EntryAgency, domain.EntryInput{Agency: domain.AgencyInput{Agency: "police"}}, start)
	rec(domain.EntryAgency, domain.EntryInput{Agency: domain.AgencyInput{Agency: "other", Name: "Border Force"}}, start)
	if _, err := v.Record(domain.TimelineEntry{Kind: domain.EntryAgency, Corrects: 2, Void: true, Reason: "they did not come"}, alice, start); err != nil {
		t.Fatal(err)
	}
	if err := domaintest.RecordVisit(v, alice); err != nil {
		t.Fatal(err)
	}
	// The worker arrested (#6) was interviewed and his biometrics checked.
	enc := v.Timeline[5]
	e, err := v.ParseEntry(domain.EntryEncounter, domain.EntryInput{Person: domain.PersonInput{Name: enc.Person.Name, Nationality: enc.Person.Nationality,
		DOB: enc.Person.DOB.UK(), DocNo: enc.Person.DocNo, Outcome: "arrested", Excuse: "not shown", Interviewed: "yes", Biometrics: "yes"}}, start.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e.At, e.Corrects, e.Reason = enc.At, 6, "interview and biometrics not ticked"
	if _, err := v.Record(e, alice, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	rec(domain.EntrySafeguarding, domain.EntryInput{Subtype: "NRM referral", Person: domain.PersonInput{Name: enc.Person.Name}}, start.Add(2*time.Hour))
	closeAt := start.Add(3 * time.Hour)
	for id, in := range domaintest.Debrief(v) {
		if _, err := v.SetDebriefSection(id, in, alice, start.Add(2*time.Hour)); err != nil && err != domain.ErrNoChange {
			t.Fatal(err)
		}
	}
	for _, r := range v.Roster {
		if r.OnSite() {
			in := map[string]string{domain.FieldDbfWentWell: "the police at the rear", domain.FieldDbfImprove: "a second van"}
			if _, err := v.SetTeamFeedback(r.StaffNo, in, alice, start.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := v.Close(domain.DefaultConfig(), alice, closeAt); err != nil {
		t.Fatal(err)
	}
	v, err = s.SaveVisit(context.Background(), v, domain.Change{Action: "visited, debriefed and closed (fixture)", Actor: alice.StaffNo, At: closeAt})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A visit's outcomes leave in an export of schema version 3 and arrive
// elsewhere as the same visit: the same record, counted the same; the CSV
// and the Markdown carry them too.
func TestExportOutcomes_RoundTrip(t *testing.T) {
	laptop, _ := openStore(t)
	central, _ := openStore(t)
	ctx := context.Background()
	start := t0.Add(48 * time.Hour)
	v := outcomesVisit(t, laptop, start)
	want := domain.OutcomeCounts{IllegalWorkers: 1, CPRNs: 1, WorkersCovered: 1, Arrests: 1, ArrestsInCustody: 1, Interpreters: 1,
		Interviews: 1, Biometrics: 1, Referrals: map[string]int{domain.ReferralNRM: 1},
		Agencies: []domain.AgencyPresence{{Agency: domain.AgencyPolice}}, Joint: true}
	if got := v.Outcomes(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("outcomes on the laptop %+v\nwant %+v", got, want)
	}

	path := exportTo(t, laptop, t.TempDir(), "out.jsonl", exportOpts(alice, FormatJSONL, start.Add(72*time.Hour)))
	res, err := ImportFile(ctx, central, path, importOpts(start.Add(96*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Schema != 3 || res.Added != 1 {
		t.Fatalf("import %+v", res)
	}
	got, err := central.Visit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(v.Timeline)
	b, _ := json.Marshal(got.Timeline)
	if !bytes.Equal(a, b) {
		t.Errorf("the timeline arrived changed:\n%s\n%s", a, b)
	}
	if o := got.Outcomes(); fmt.Sprint(o) != fmt.Sprint(want) {
		t.Errorf("outcomes after the import %+v\nwant %+v", o, want)
	}

	rows, err := csv.NewReader(bytes.NewReader(exportBytes(t, laptop, exportOpts(alice, FormatCSV, start.Add(72*time.Hour))))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV: %v, %d rows", err, len(rows))
	}
	row := map[string]string{}
	for i, c := range rows[0] {
		row[c] = rows[1][i]
	}
	for col, w := range map[string]string{"cprns": "1", "no_action_notices": "0", "workers_covered": "1", "joint_operation": "yes", "agencies": "police",
		"arrests_in_custody": "1", "interpreters": "1", "interviews": "1", "biometric_checks": "1", "referrals_nrm": "1", "referrals_hmrc": "0"} {
		if row[col] != w {
			t.Errorf("CSV %s = %q, want %q", col, row[col], w)
		}
	}
	md := string(exportBytes(t, laptop, exportOpts(alice, FormatMarkdown, start.Add(72*time.Hour))))
	for _, w := range []string{
		"| Notices on the employer | 1 civil penalty referral notice, 0 no action notices, covering 1 worker of 1 found working illegally |",
		"| Joint operation | yes: police |",
		"| Custody | 1 of 1 arrest booked in; 1 interpreter needed |",
		"| Examined | 1 person interviewed; 1 biometric check |",
		"| Referrals by type | 1 NRM |",
		"- Partner agencies: police: a joint operation (JNT-1)",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("Markdown lacks %q", w)
		}
	}
}

// A file of schema version 2, from an oic before the outcomes, still
// imports: its lines are held to the version 2 schema.
func TestImportV2File(t *testing.T) {
	laptop, _ := openStore(t)
	central, _ := openStore(t)
	v := figure7Visit(t, laptop)
	good := exportBytes(t, laptop, exportOpts(alice, FormatJSONL, v.UpdatedAt.Add(time.Hour)))
	old := bytes.Replace(good, []byte(`"schema_version":3`), []byte(`"schema_version":2`), 1)
	if bytes.Equal(old, good) {
		t.Fatal("the export names no schema version 3")
	}
	path := filepath.Join(t.TempDir(), "v2.jsonl")
	writeExport(t, path, old)
	res, err := ImportFile(context.Background(), central, path, importOpts(v.UpdatedAt.Add(2*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Schema != 2 || res.Added != 1 {
		t.Fatalf("import %+v", res)
	}
	// A version 2 file cannot carry what version 3 added.
	withAgency := bytes.Replace(old, []byte(`"kind":"encounter"`), []byte(`"kind":"partner agency"`), 1)
	path = filepath.Join(t.TempDir(), "v2-agency.jsonl")
	writeExport(t, path, withAgency)
	fresh, _ := openStore(t)
	if _, err := ImportFile(context.Background(), fresh, path, importOpts(v.UpdatedAt.Add(2*time.Hour))); err == nil || !strings.Contains(err.Error(), "does not match the export schema") {
		t.Errorf("a version 2 file with an outcome entry: %v", err)
	}
}
