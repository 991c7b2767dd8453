package exchange

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/export")

// golden compares got with testdata/export/name, or rewrites it with
// -update (read the diff before committing).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "export", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./store/exchange -run %s -update to create it)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

// The team of the visit of ICIBI figure 7: an Immigration Officer in
// charge, two mentees, a rear cover officer, gold and silver on call.
var (
	fig7OIC     = domain.Officer{StaffNo: "IO0701", Name: "Sam Okoro", Grade: "EO", Team: "SLN", ArrestTrained: true, RefresherOn: domain.Date{Year: 2025, Month: 11, Day: 3}}
	fig7Rear    = domain.Officer{StaffNo: "IO0702", Name: "Dee Walsh", Grade: "EO", Team: "SLN", ArrestTrained: true, RefresherOn: domain.Date{Year: 2025, Month: 9, Day: 15}}
	fig7Mentee1 = domain.Officer{StaffNo: "IO0703", Name: "Tom Reyes", Grade: "EO", Team: "SLN"}
	fig7Mentee2 = domain.Officer{StaffNo: "IO0704", Name: "Nia Hart", Grade: "EO", Team: "SLN"}
)

// figure7Visit records, through the domain, the visit ICIBI figure 7
// describes (anonymised there; the names here are invented): a takeaway,
// a named Indian male no trace on Home Office systems; the manager,
// phoned for consent, refused, so no entry; about seven females seen
// working; two students met at the rear, both cleared with valid leave;
// stood down at 13:38; debriefed on return to Lunar House, as mentees
// were on the visit.
func figure7Visit(t *testing.T, s *store.Store) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	cfg := domain.DefaultConfig()
	start := time.Date(2026, 1, 20, 12, 45, 0, 0, time.UTC)
	planned := start.Add(-26 * time.Hour)
	b := domain.Basics{Team: "SLN",
		Premises: domain.Premises{Name: "Spice Garden Takeaway", Address: "12 Station Street, Croydon", Postcode: "CR0 2RH", Sector: "Restaurant / takeaway"},
		Intel: domain.Intelligence{Ref: "INT-2026-0117", Received: domain.Date{Year: 2026, Month: 1, Day: 5}, Priority: 5,
			Summary: "An Indian male is said to be working at the takeaway without the right to work"},
		Tasking: domain.Tasking{Decision: domain.Adopted, Forum: "Local tasking meeting", DecidedAt: planned.Add(-24 * time.Hour),
			Rationale: "Specific, recent allegation about one named worker"},
		PlannedStart: start, OIC: fig7OIC.StaffNo, OICName: fig7OIC.Name}
	v, c, err := domain.NewVisit(b, fig7OIC, planned)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	sub, err := domain.ParseSubject(domain.SubjectInput{Name: "Vikram Singh", Nationality: "Indian", Offence: "Overstayer working illegally"}, planned)
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ domain.Change, err error) {
		t.Helper()
		if err != nil && !errors.Is(err, domain.ErrNoChange) {
			t.Fatal(err)
		}
	}
	must(v.AddSubject(sub, fig7OIC, planned))
	prep := start.Add(-2 * time.Hour)
	must(domaintest.Authorise(v, fig7OIC, prep))
	team := []struct {
		o             domain.Officer
		role, command string
	}{
		{fig7OIC, "", "OIC, bronze"},
		{domaintest.Authoriser, domain.RoleOffSite, "gold"},
		{domaintest.Silver, domain.RoleOffSite, "silver"},
		{fig7Rear, "rear cover", ""},
		{fig7Mentee1, "mentee", ""},
		{fig7Mentee2, "mentee", ""},
	}
	for _, m := range team {
		e, err := v.ParseRosterEntry(domain.RosterInput{StaffNo: string(m.o.StaffNo), Role: m.role, Command: m.command}, m.o, false, cfg)
		if err != nil {
			t.Fatalf("roster %s: %v", m.o.StaffNo, err)
		}
		must(v.AddToRoster(e, fig7OIC, prep))
	}
	must(v.IssueBriefing("", fig7OIC, prep))
	for _, m := range team {
		must(v.AcceptBriefing(1, m.o, prep))
	}
	must(v.RecordVerbal(domain.VerbalBriefing{At: prep, Risks: "A flat above the shop with stairs to the rear yard", NoQuestions: true}, fig7OIC, prep))
	ticked := make([]bool, len(domain.ConfirmItems))
	for i := range ticked {
		ticked[i] = true
	}
	must(v.Confirm(ticked, "", cfg, fig7OIC, prep))
	must(v.Deploy(cfg, fig7OIC, start.Add(-15*time.Minute)))

	onSite := "IO0701 IO0702 IO0703 IO0704"
	for _, e := range []struct {
		kind domain.EntryKind
		at   string
		in   domain.EntryInput
	}{
		{domain.EntryArrival, "12:40", domain.EntryInput{Officers: onSite}},
		{domain.EntryNote, "12:46", domain.EntryInput{Text: "About seven females seen working, two at the front counter; none reacted adversely and all carried on working."}},
		{domain.EntryNote, "12:48", domain.EntryInput{Text: "A female at the counter said the manager was at a dental appointment."}},
		{domain.EntryNote, "12:52", domain.EntryInput{Text: "Phoned the manager to seek consent: he would not give it without the owner, whom he could not call while having dental treatment."}},
		{domain.EntryNote, "12:58", domain.EntryInput{Text: "Asked about the named subject Vikram Singh: she denied knowing him. She knew a second name, went to the kitchen for a few minutes and came back saying she did not know him either."}},
		{domain.EntryEncounter, "13:05", domain.EntryInput{Person: domain.PersonInput{Name: "Arjun Mehta", Nationality: "Indian", DOB: "14/05/2001",
			DocNo: "VAF7712045", Outcome: "cleared"},
			Text: "Rear cover: came down from the flat above to go in at the back and turned back on seeing officers; student visa valid until 30/09/2026"}},
		{domain.EntryEncounter, "13:07", domain.EntryInput{Person: domain.PersonInput{Name: "Kavya Nair", Nationality: "Indian", DOB: "30/09/2002",
			DocNo: "GBR-ST-558120", Outcome: "cleared"},
			Text: "Rear cover: with Arjun Mehta; student visa valid from 01/09/2025 to 31/12/2026"}},
		{domain.EntryNote, "13:15", domain.EntryInput{Text: "A customer said the owner has two more shops, one on this road; no further details."}},
		{domain.EntryDeparture, "13:38", domain.EntryInput{Officers: onSite}},
	} {
		at, err := time.Parse("2006-01-02 15:04", "2026-01-20 "+e.at)
		if err != nil {
			t.Fatal(err)
		}
		in := e.in
		in.At = e.at
		te, err := v.ParseEntry(e.kind, in, at)
		if err != nil {
			t.Fatalf("%s %s: %v", e.kind, e.at, err)
		}
		must(v.Record(te, fig7OIC, at))
	}

	debriefAt := time.Date(2026, 1, 20, 15, 30, 0, 0, time.UTC)
	for id, in := range map[domain.SectionID]map[string]string{
		domain.SecResources: {domain.FieldDbfPPE: "full PPE"},
		domain.SecEntry: {domain.FieldDbfNoEntry: "Consent refused by the manager by telephone; the owner could not be reached. " +
			"Informed consent was the only power planned, so the team did not enter."},
		domain.SecSubjects: {domain.FieldDbfSubject("S1"): "not identified", domain.FieldDbfSubjectNote("S1"): "no trace on Home Office systems; the staff denied knowing him"},
		domain.SecEncounters: {domain.FieldDbfOthers: "About seven females working, two at the front counter, none with an adverse reaction; " +
			"not spoken to, as no entry was made."},
		domain.SecSanctions:    {domain.FieldDbfSanctions: "none", domain.FieldDbfSanctionNote: "No entry; the two people encountered have the right to work."},
		domain.SecSafeguarding: {domain.FieldDbfNoSafeguard: "yes"},
		domain.SecIntel: {domain.FieldDbfIntelRating: "partly accurate",
			domain.FieldDbfIntelComment: "A busy takeaway with many staff, as reported; the named male was not seen and the staff denied knowing him."},
		domain.SecPremises: {domain.FieldDbfPremises: "Flat above the shop with its own stairs to the rear yard: people come and go that way, so cover the rear. " +
			"A customer says the owner has two more shops, one on this road."},
		domain.SecEmployer:   {domain.FieldDbfRecords: "not asked for", domain.FieldDbfEmpComment: "No entry was made."},
		domain.SecEngagement: {domain.FieldDbfEngagement: "Right-to-work guidance leaflet left with the counter staff for the owner."},
		domain.SecProblems:   {domain.FieldDbfProblems: "none"},
		domain.SecStandDown: {domain.FieldDbfStandDown: "20/01/2026 13:38",
			domain.FieldDbfHeld: "Lunar House, on return, in person, as mentees were on the visit",
			domain.FieldDbfSummary: "Consent refused by phone, so no entry. About seven females seen at work; " +
				"two students met at the rear cleared with valid leave. The named male was not seen."},
	} {
		must(v.SetDebriefSection(id, in, fig7OIC, debriefAt))
	}
	for _, f := range []struct {
		o        domain.Officer
		well, up string
	}{
		{fig7OIC, "The call for consent was made at once and recorded word for word", "Ask for the owner's number at tasking"},
		{fig7Rear, "Rear cover in place before the front approach", "A second officer at the rear: two people came at once"},
		{fig7Mentee1, "Saw how consent is sought and recorded", "nothing"},
		{fig7Mentee2, "The briefing on the flat above was accurate", "nothing"},
	} {
		must(v.SetTeamFeedback(f.o.StaffNo, map[string]string{domain.FieldDbfWentWell: f.well, domain.FieldDbfImprove: f.up}, fig7OIC, debriefAt))
	}
	must(v.Close(cfg, fig7OIC, debriefAt.Add(30*time.Minute)))
	v, err = s.SaveVisit(ctx, v, domain.Change{Action: "planned, visited, debriefed and closed (fixture)", Actor: fig7OIC.StaffNo, At: debriefAt.Add(30 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestExportMarkdownFigure7: the Markdown debrief of the visit of ICIBI
// figure 7, as the export writes it, plain, redacted, and redacted with
// its free text kept. Every fact of
// the figure has its place: who went and in what, the named subject and
// the checks, the phone call and the refusal, why there was no entry, the
// people seen, the two students and their outcome, the customer's word
// about the other shops, the stand-down time and where the debrief was
// held.
func TestExportMarkdownFigure7(t *testing.T) {
	s, _ := openStore(t)
	v := figure7Visit(t, s)
	if v.State != domain.Closed {
		t.Fatalf("state %s", v.State)
	}
	opt := exportOpts(fig7OIC, FormatMarkdown, time.Date(2026, 1, 22, 9, 0, 0, 0, time.UTC))
	opt.Name = "figure7.md"
	opt.ToolVersion = "v1.0.0"
	md := string(exportBytes(t, s, opt))
	for _, fact := range []string{"full PPE", "Vikram Singh", "no trace", "Phoned the manager to seek consent", "Consent refused by the manager by telephone",
		"About seven females", "Arjun Mehta (Indian): cleared", "Kavya Nair (Indian): cleared", "two more shops", "13:38", "Lunar House", "mentee"} {
		if !strings.Contains(md, fact) {
			t.Errorf("the debrief lacks %q", fact)
		}
	}
	golden(t, "figure7.md", md)
	opt.Redact, opt.Name = true, "figure7-redacted.md"
	golden(t, "figure7-redacted.md", string(exportBytes(t, s, opt)))
	opt.KeepText, opt.Name = true, "figure7-redacted-keep-text.md"
	golden(t, "figure7-redacted-keep-text.md", string(exportBytes(t, s, opt)))
}

// The Markdown's provenance counts in words ("1 visit", never "1
// visits") and gives the export's time in the zone as a clock there
// reads it (GMT, BST), never the zone's name (which for the computer's
// own zone is "Local").
func TestExportMarkdownHeader(t *testing.T) {
	s, _ := openStore(t)
	figure7Visit(t, s)
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 1, 22, 9, 0, 0, 0, time.UTC), london, "| Exported at | 22/01/2026 09:00 GMT |"},
		{time.Date(2026, 7, 22, 9, 0, 0, 0, time.UTC), london, "| Exported at | 22/07/2026 10:00 BST |"},
	} {
		opt := exportOpts(fig7OIC, FormatMarkdown, c.at)
		opt.Loc = c.loc
		md := string(exportBytes(t, s, opt))
		if !strings.Contains(md, "| Visits | 1 visit: closed, follow-up or assured, every team |") {
			t.Errorf("the count is not in words:\n%s", md[:min(len(md), 400)])
		}
		if !strings.Contains(md, c.want) {
			t.Errorf("want %q in:\n%s", c.want, md[:min(len(md), 400)])
		}
	}
}
