package exchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// TestExportJSONLMatchesSchema: every line of a JSON Lines export, plain
// and redacted, validates against the schema file in the repository.
func TestExportJSONLMatchesSchema(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	personalVisit(t, s, start.Add(24*time.Hour))
	late := closedVisit(t, s, start.Add(72*time.Hour), start.Add(200*time.Hour)) // closed late (DBF-3)
	late = late.Clone()
	c, err := late.RecordFollowUp("NCA", "referred for organised exploitation <&> \"quoted\"\n\ttabbed", alice, start.Add(201*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(context.Background(), late, c); err != nil {
		t.Fatal(err)
	}
	for _, redact := range []bool{false, true} {
		opt := exportOpts(alice, FormatJSONL, start.Add(300*time.Hour))
		opt.Redact = redact
		if n := validateJSONL(t, exportBytes(t, s, opt)); n != 3 {
			t.Errorf("redact %v: %d visit lines, want 3", redact, n)
		}
	}
	// With every filter set, the provenance still validates.
	opt := exportOpts(alice, FormatJSONL, start.Add(300*time.Hour))
	opt.Filter = ExportFilter{From: domain.DateOf(start), To: domain.DateOf(start), Team: "SLN"}
	if n := validateJSONL(t, exportBytes(t, s, opt)); n != 1 {
		t.Errorf("filtered: %d visit lines, want 1", n)
	}
}

// TestExportLineIsEncodingJSON: the hand-made visit line is byte for byte
// what encoding/json makes of the same values, for visits with awkward
// text (HTML characters, control characters, invalid UTF-8, U+2028).
func TestExportLineIsEncodingJSON(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := personalVisit(t, s, start)
	odd := v.Clone()
	odd.Debrief.Summary = "a <b> & c \u2028 \x01 \xff \\ \" é 日本"
	odd.Debrief.Intel.Comment = "\b\f\n\r\t"
	for _, v := range []*domain.Visit{v, odd} {
		doc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		secs, ps := sectionsOf(v.DebriefSections()), planningOf(v)
		trail := testTrail(t, v, doc)
		var raw []byte
		for i, e := range trail {
			if i > 0 {
				raw = append(raw, ',')
			}
			b, _ := json.Marshal(e)
			raw = append(raw, b...)
		}
		last := trail[len(trail)-1]
		head := store.AuditHead{Seq: last.Seq, Hash: last.Hash}
		marks := []string{domain.UnverifiedNoHistory}
		got, err := appendVisitLine(nil, doc, appendDerived(nil, secs, ps), lineAudit{head: head, trail: raw, marks: marks})
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(visitLine{Visit: v, DebriefSections: secs, PlanningSummary: ps,
			Audit: exportAudit{Entries: head.Seq, Head: head.Hash, Trail: trail, Unverified: marks}})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want)+"\n" {
			t.Errorf("the line differs from encoding/json's:\n got %s\nwant %s", got, want)
		}
	}
}

// TestExportFilters: visit dates (in the export's zone) and team choose
// the visits; only closed visits and later are exported; visits come in
// date order.
func TestExportFilters(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 23, 30, 0, 0, time.UTC) }
	var refs []domain.Ref
	for _, d := range []int{10, 4, 7} {
		refs = append(refs, closedVisit(t, s, day(d), day(d).Add(3*time.Hour)).Ref)
	}
	deployedVisit(t, s, day(5)) // not closed: never exported
	other := create(t, s, basics("WLN", "E1 6AN", day(6), bob), bob, day(1))
	_ = other
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database")
	}
	got := func(f ExportFilter, loc *time.Location) []domain.Ref {
		opt := exportOpts(alice, FormatJSONL, day(20))
		opt.Filter, opt.Loc = f, loc
		var out []domain.Ref
		lines := strings.Split(strings.TrimSpace(string(exportBytes(t, s, opt))), "\n")
		for _, l := range lines[1:] {
			var v struct{ Ref domain.Ref }
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v.Ref)
		}
		var p struct{ Provenance provenance }
		json.Unmarshal([]byte(lines[0]), &p)
		if p.Provenance.Count != len(out) {
			t.Errorf("provenance count %d, %d lines", p.Provenance.Count, len(out))
		}
		return out
	}
	d := func(n int) domain.Date { return domain.Date{Year: 2026, Month: 3, Day: n} }
	for _, c := range []struct {
		name string
		f    ExportFilter
		loc  *time.Location
		want []domain.Ref
	}{
		{"all, oldest first", ExportFilter{}, time.UTC, []domain.Ref{refs[1], refs[2], refs[0]}},
		{"from", ExportFilter{From: d(5)}, time.UTC, []domain.Ref{refs[2], refs[0]}},
		{"to", ExportFilter{To: d(7)}, time.UTC, []domain.Ref{refs[1], refs[2]}},
		{"one day", ExportFilter{From: d(7), To: d(7)}, time.UTC, []domain.Ref{refs[2]}},
		{"team", ExportFilter{Team: "SLN"}, time.UTC, []domain.Ref{refs[1], refs[2], refs[0]}},
		{"other team", ExportFilter{Team: "WLN"}, time.UTC, nil},
		{"nothing in range", ExportFilter{From: d(11)}, time.UTC, nil},
		// 23:30 UTC on 7 March is 23:30 in London (GMT), but 4 March 23:30
		// UTC read in a zone an hour ahead is the 5th.
		{"the date is the zone's", ExportFilter{From: d(5), To: d(5)}, time.FixedZone("UTC+1", 3600), []domain.Ref{refs[1]}},
		{"London", ExportFilter{From: d(7), To: d(7)}, london, []domain.Ref{refs[2]}},
	} {
		if g := got(c.f, c.loc); !slices.Equal(g, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, g, c.want)
		}
	}
	_ = ctx
}

// TestExportRefusesBadOptions: a bad format, no officer, a range back to
// front, an unknown team.
func TestExportRefusesBadOptions(t *testing.T) {
	s, _ := openStore(t)
	for name, mutate := range map[string]func(o *ExportOptions){
		"format": func(o *ExportOptions) { o.Format = "xml" },
		"nobody": func(o *ExportOptions) { o.By = domain.Officer{} },
		"backward": func(o *ExportOptions) {
			o.Filter = ExportFilter{From: domain.Date{Year: 2026, Month: 3, Day: 2}, To: domain.Date{Year: 2026, Month: 3, Day: 1}}
		},
		"team": func(o *ExportOptions) { o.Filter.Team = "XXX" },
	} {
		opt := exportOpts(alice, FormatJSONL, t0)
		mutate(&opt)
		if _, err := Export(context.Background(), s, &bytes.Buffer{}, opt); err == nil {
			t.Errorf("%s: exported", name)
		}
	}
}

// TestExportCSVColumns: the CSV's columns are the documented set, in
// order. Changing them breaks every spreadsheet built on the export:
// change README's list and this test together, deliberately.
func TestExportCSVColumns(t *testing.T) {
	want := []string{
		"ref", "team", "premises", "address", "postcode", "sector", "visit_date", "visit_time", "state",
		"intelligence_ref", "rating", "authorised_by", "oic", "officers_on_site", "onf_status", "onf_sent_late", "power_planned", "entry_power",
		"encountered", "cleared", "arrested", "detained", "served", "referred", "seizures", "safeguarding", "referrals",
		"sanctions", "intelligence_judged", "employer_records", "problems", "stood_down", "closed_at",
		"hours_to_closure", "closed_late", "debrief_sections_complete", "follow_ups", "police_feedback_at", "police_feedback", "assured", "assurance_rating", "version",
		"audit_entries", "audit_head", "unverified",
		"cprns", "no_action_notices", "workers_covered", "joint_operation", "agencies", "arrests_in_custody", "interpreters",
		"interviews", "biometric_checks", "referrals_nrm", "referrals_social_services_section_55", "referrals_licensing_review",
		"referrals_closure_notice", "referrals_hmrc", "referrals_hse", "referrals_glaa", "referrals_employment_agency_standards",
		"referrals_dwp", "referrals_local_authority", "referrals_ukvi_sponsor_licence_compliance", "referrals_nca",
	}
	if got := CSVColumns(); !slices.Equal(got, want) {
		t.Fatalf("CSV columns changed:\n got %q\nwant %q", got, want)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range want {
		if !strings.Contains(string(readme), "`"+c+"`") {
			t.Errorf("README does not document the CSV column %s", c)
		}
	}

	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := personalVisit(t, s, start)
	b := exportBytes(t, s, exportOpts(alice, FormatCSV, start.Add(72*time.Hour)))
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, b)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want a header and one visit", len(rows))
	}
	row := map[string]string{}
	for i, c := range rows[0] {
		row[c] = rows[1][i]
	}
	for col, want := range map[string]string{
		"ref": string(v.Ref), "team": "SLN", "premises": "Star Takeaway", "postcode": "SW1A 1AA",
		"visit_date": start.Format("02/01/2006"), "visit_time": "09:00", "state": "closed", "rating": "green",
		"authorised_by": "Jo Marsh (HMI0001)", "oic": "Alice Ames (A1001)", "officers_on_site": "3",
		"entry_power": "informed consent", "encountered": "2", "cleared": "1", "arrested": "1", "detained": "0",
		"seizures": "1", "sanctions": "civil penalty referral notice", "intelligence_judged": "partly accurate",
		"problems": "none", "stood_down": start.Add(time.Hour).Format(domain.DateTimeLayout),
		"closed_at": start.Add(3 * time.Hour).Format(domain.DateTimeLayout), "hours_to_closure": "2.0",
		"closed_late": "no", "debrief_sections_complete": "13/13", "follow_ups": "1",
		"cprns": "1", "no_action_notices": "0", "workers_covered": "1", "joint_operation": "no", "agencies": "",
		"arrests_in_custody": "1", "interpreters": "1", "interviews": "0", "biometric_checks": "0", "referrals_nrm": "0", "referrals_hmrc": "0",
	} {
		if row[col] != want {
			t.Errorf("%s = %q, want %q", col, row[col], want)
		}
	}
}

// TestExportCSVFormulaGuard: a premises name a spreadsheet would run as
// a formula stays text.
func TestExportCSVFormulaGuard(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("x")`: `"'=HYPERLINK(""x"")"`,
		"+44 20":          "'+44 20",
		"plain":           "plain",
		"a, b":            `"a, b"`,
		"":                "",
	} {
		if got := string(appendCSVField(nil, in)); got != want {
			t.Errorf("%q -> %s, want %s", in, got, want)
		}
	}
}

// TestExportRedacted: with --redact, no name, date of birth or document
// number of the people the visit concerns appears anywhere in any format,
// free text and debrief prose included; each person is the same
// placeholder throughout; officers keep their names.
func TestExportRedacted(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	personalVisit(t, s, start)
	for _, f := range ExportFormats {
		plain := exportOpts(alice, f, start.Add(72*time.Hour))
		full := string(exportBytes(t, s, plain))
		for _, p := range []string{"Arben Hoxha", "AL1234567"} {
			if !strings.Contains(full, p) && f != FormatCSV {
				t.Errorf("%s: the unredacted export lacks %q; the test proves nothing", f, p)
			}
		}
		red := plain
		red.Redact = true
		out := string(exportBytes(t, s, red))
		for _, p := range personal {
			if i := strings.Index(out, p); i >= 0 {
				t.Errorf("%s: redacted export still shows %q: ...%s...", f, p, out[max(0, i-60):min(len(out), i+60)])
			}
		}
		for _, keep := range []string{"Alice Ames", "Ravi Shah", "Lee Grant"} {
			if !strings.Contains(out, keep) && f != FormatCSV {
				t.Errorf("%s: an officer's name %q was redacted", f, keep)
			}
		}
		if f == FormatCSV {
			continue
		}
		// The subject S1, the man arrested and the man in the follow-up
		// are one person: one placeholder.
		for _, want := range []string{"Person 1", "Person 2", "Person 3", "Person 4", "[document of Person 1]"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in the redacted export", f, want)
			}
		}
		if strings.Contains(out, "Person 5") {
			t.Errorf("%s: more placeholders than people", f)
		}
	}
	// The same person gets the same placeholder in every export.
	a := exportBytes(t, s, ExportOptions{Format: FormatJSONL, Redact: true, By: alice, At: start.Add(72 * time.Hour), Loc: time.UTC})
	b := exportBytes(t, s, ExportOptions{Format: FormatJSONL, Redact: true, By: bob, At: start.Add(99 * time.Hour), Loc: time.UTC})
	if la, lb := bytes.SplitN(a, []byte("\n"), 2)[1], bytes.SplitN(b, []byte("\n"), 2)[1]; !bytes.Equal(la, lb) {
		t.Errorf("two redacted exports of one visit differ")
	}
}

// TestRedactorMatches: whole words only, any case and spacing for a full
// name, parts of names as written or in capitals.
func TestRedactorMatches(t *testing.T) {
	v := &domain.Visit{Subjects: []domain.Subject{{ID: "S1", Name: "José  Da Silva", DOB: domain.Date{Year: 1980, Month: 2, Day: 1}}},
		Timeline: []domain.TimelineEntry{{Seq: 1, Kind: domain.EntryEncounter, Person: &domain.Person{Name: "unknown male", DocNo: "X 99"}},
			{Seq: 2, Kind: domain.EntryEncounter, Person: &domain.Person{Name: "Li Wei"}}}}
	r := newRedactor(v, true)
	for in, want := range map[string]string{
		"josé da\nsilva said":        "Person 1 said",
		"JOSÉ DA SILVA":              "Person 1",
		"Silva's van; SILVA; silva":  "Person 1's van; Person 1; silva",
		"Silvan and Josély":          "Silvan and Josély",
		"born 01/02/1980 (1/2/1980)": "born [date of birth of Person 1] ([date of birth of Person 1])",
		"doc x 99, X  99":            "doc [document], [document]",
		"Li Wei and Wei":             "Person 2 and Person 2",
		"Li alone":                   "Li alone",
		"":                           "",
	} {
		if got := r.apply(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// TestExportToBadFolder: a folder that does not exist, a file where the
// folder should be, a folder that cannot be written: a clear error and
// nothing left behind.
func TestExportToBadFolder(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	dir := t.TempDir()
	opt := exportOpts(alice, FormatJSONL, start.Add(72*time.Hour))
	_, err := ExportFile(context.Background(), s, filepath.Join(dir, "missing", "out.jsonl"), opt)
	if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), filepath.Join(dir, "missing")) {
		t.Errorf("missing folder: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ExportFile(context.Background(), s, filepath.Join(dir, "file", "out.jsonl"), opt); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file as folder: %v", err)
	}
	if runtime.GOOS != "windows" && os.Getuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		_, err := ExportFile(context.Background(), s, filepath.Join(ro, "out.jsonl"), opt)
		if err == nil || !strings.Contains(err.Error(), "cannot be written") {
			t.Errorf("read-only folder: %v", err)
		}
		if got := files(t, ro); len(got) != 0 {
			t.Errorf("left behind in the read-only folder: %v", got)
		}
	}
	if got := files(t, dir); !slices.Equal(got, []string{"file", "ro"}) && !slices.Equal(got, []string{"file"}) {
		t.Errorf("left behind: %v", got)
	}
}

// TestExportFileAndDigest: the export and its digest file, which reads as
// sha256sum writes it; a cancelled export leaves nothing.
func TestExportFileAndDigest(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	dir := t.TempDir()
	for _, f := range ExportFormats {
		path := filepath.Join(dir, "out."+string(f))
		res, err := ExportFile(context.Background(), s, path, exportOpts(alice, f, start.Add(72*time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		sum, err := os.ReadFile(path + ".sha256")
		if err != nil {
			t.Fatal(err)
		}
		if want := res.SHA256 + "  out." + string(f) + "\n"; string(sum) != want {
			t.Errorf("digest file %q, want %q", sum, want)
		}
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := sha256.Sum256(content); hex.EncodeToString(got[:]) != res.SHA256 {
			t.Errorf("the digest is not the file's")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ExportFile(ctx, s, filepath.Join(dir, "cancelled.jsonl"), exportOpts(alice, FormatJSONL, start)); err == nil {
		t.Error("a cancelled export succeeded")
	}
	for _, n := range files(t, dir) {
		if strings.Contains(n, "cancelled") {
			t.Errorf("a cancelled export left %s", n)
		}
	}
}

// TestSchemaCoversTheVisit: every field of domain.Visit, at every depth,
// is in the schema's visit, and the schema has nothing the visit lacks;
// the schema's word lists are the domain's. A field added to the domain
// fails here until the schema says what it is.
func TestSchemaCoversTheVisit(t *testing.T) {
	var sch map[string]any
	if err := json.Unmarshal(ExportSchema, &sch); err != nil {
		t.Fatal(err)
	}
	defs := sch["$defs"].(map[string]any)
	var walk func(path string, typ reflect.Type, def map[string]any)
	resolve := func(def map[string]any) map[string]any {
		for {
			ref, ok := def["$ref"].(string)
			if !ok {
				return def
			}
			def = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
	}
	walk = func(path string, typ reflect.Type, def map[string]any) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
			if items, ok := resolve(def)["items"].(map[string]any); ok {
				def = items
			}
		}
		if typ.Kind() != reflect.Struct || typ == reflect.TypeFor[time.Time]() || typ == reflect.TypeFor[domain.Date]() {
			return
		}
		props, _ := resolve(def)["properties"].(map[string]any)
		seen := map[string]bool{}
		if path == "visit" {
			for _, k := range []string{"debrief_sections", "planning_summary", "audit"} {
				seen[k] = true
			}
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			seen[name] = true
			sub, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("the schema has no %s.%s", path, name)
				continue
			}
			walk(path+"."+name, f.Type, sub)
		}
		for name := range props {
			if !seen[name] {
				t.Errorf("the schema has %s.%s, which the visit does not", path, name)
			}
		}
	}
	walk("visit", reflect.TypeFor[domain.Visit](), defs["visitLine"].(map[string]any))

	enum := func(def string) []string {
		var out []string
		for _, v := range defs[def].(map[string]any)["enum"].([]any) {
			if s := v.(string); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	strs := func(xs ...any) []string {
		var out []string
		for _, x := range xs {
			out = append(out, reflect.ValueOf(x).String())
		}
		return out
	}
	list := func(v any) []string {
		rv := reflect.ValueOf(v)
		var out []string
		for i := range rv.Len() {
			e := rv.Index(i)
			if e.Kind() == reflect.Struct {
				e = e.Field(0)
			}
			out = append(out, e.String())
		}
		return out
	}
	teams := make([]string, len(domain.Teams))
	for i, tm := range domain.Teams {
		teams[i] = string(tm.Code)
	}
	for def, want := range map[string][]string{
		"state":       list(domain.States),
		"entryKind":   list(domain.EntryKinds),
		"outcome":     list(domain.Outcomes),
		"excuse":      list(domain.Excuses),
		"powerKind":   list(domain.Powers),
		"recceKind":   list(domain.RecceKinds),
		"commandRole": list(domain.CommandRoles),
		"checkSystem": list(domain.CheckSystems),
		"checkResult": strs(domain.NoTrace, domain.TraceFound),
		"rating":      strs(domain.Green, domain.Amber, domain.Red),
		"decision":    strs(domain.Adopted, domain.NotAdopted),
		"team":        teams,
	} {
		if got := enum(def); !slices.Equal(got, want) {
			t.Errorf("the schema's %s is %q; the domain's is %q", def, got, want)
		}
	}
	var ids []string
	for _, id := range append(slices.Clip(domain.SectionIDs), domain.SecIncident) { // the post-incident review comes last, when there is one
		ids = append(ids, string(id))
	}
	sec := defs["debriefSection"].(map[string]any)["properties"].(map[string]any)["id"].(map[string]any)["enum"].([]any)
	if got := strs(sec...); !slices.Equal(got, ids) {
		t.Errorf("the schema's debrief section ids are %q; the domain's %q", got, ids)
	}
}

// TestExportDecoding: the fast decoder reads a stored visit into the
// same value as encoding/json, and the export's partial reading derives
// the same debrief sections, planning summary, CSV row and Markdown.
func TestExportDecoding(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	for _, v := range []*domain.Visit{personalVisit(t, s, start), closedVisit(t, s, start.Add(24*time.Hour), start.Add(40*time.Hour))} {
		doc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var std, fast, part domain.Visit
		if err := json.Unmarshal(doc, &std); err != nil {
			t.Fatal(err)
		}
		if err := decodeVisit(doc, &fast); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(std, fast) {
			t.Errorf("%s: the fast decoder reads a different visit", v.Ref)
		}
		if err := decodeForExport(doc, &part); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(std.DebriefSections(), part.DebriefSections()) || !reflect.DeepEqual(planningOf(&std), planningOf(&part)) {
			t.Errorf("%s: the partial reading derives different sections or planning", v.Ref)
		}
		for _, f := range []ExportFormat{FormatCSV, FormatMarkdown} {
			opt := exportOpts(alice, f, start)
			r := newRenderer(&opt)
			a := r.csvRow(nil, &std, std.DebriefSections(), lineAudit{})
			b := r.csvRow(nil, &part, part.DebriefSections(), lineAudit{})
			if f == FormatMarkdown {
				a = r.mdVisit(nil, &std, std.DebriefSections(), lineAudit{})
				b = r.mdVisit(nil, &part, part.DebriefSections(), lineAudit{})
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs from a partial reading:\n%s\n%s", v.Ref, f, a, b)
			}
		}
	}
}

// TestExporter: the domain's port writes what ExportFile writes with the
// same options, and reports progress.
func TestExporter(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	closedVisit(t, s, start, start.Add(3*time.Hour))
	personalVisit(t, s, start.Add(24*time.Hour))
	dir := t.TempDir()
	at := start.Add(72 * time.Hour)
	var ex domain.Exporter = Exporter{Store: s, ToolVersion: "test", Loc: time.UTC, Clock: func() time.Time { return at }}
	var progress []int
	req := domain.ExportRequest{Format: "md", From: domain.DateOf(start), Team: "SLN", Redact: true, Path: filepath.Join(dir, "port.md"), By: alice,
		Progress: func(done, total int) { progress = append(progress, done, total) }}
	got, err := ex.Export(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	opt := exportOpts(alice, FormatMarkdown, at)
	opt.Filter, opt.Redact = ExportFilter{From: req.From, Team: req.Team}, true
	opt.Overwrite = true // the same file again
	want, err := ExportFile(context.Background(), s, filepath.Join(dir, "port.md"), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || got.Count != 2 {
		t.Errorf("through the port: %+v; ExportFile: %+v", got, want)
	}
	if !slices.Equal(progress, []int{2, 2}) {
		t.Errorf("progress %v, want 2 of 2", progress)
	}
}
