package exchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
)

var importer = domain.Officer{StaffNo: "CR0001", Name: "Cara Reid", Grade: "HEO", Team: "CLN"}

// importOpts are the options of the tests' imports. The files the tests
// make by hand (writeExport) carry no signature, as a faulty or hostile
// exporter's might not, so unsigned files are admitted: the checks past
// the signature must catch what is wrong. A file exported with its .sig
// still has it checked; the signature's own cases are import_sig_test.go's.
func importOpts(at time.Time) ImportOptions {
	return ImportOptions{By: importer, At: at, AllowUnsigned: true}
}

// writeExport writes content as an export with a digest file that
// matches it, as a faulty or hostile exporter might: the checks past the
// digest must catch what is wrong.
func writeExport(t testing.TB, path string, content []byte) {
	t.Helper()
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	if err := os.WriteFile(path+".sha256", []byte(hex.EncodeToString(sum[:])+"  "+filepath.Base(path)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// twoStores is a laptop's store with closed visits, and an empty store
// for central records.
func twoStores(t *testing.T) (laptop, central *store.Store, visits []*domain.Visit) {
	t.Helper()
	laptop, _ = openStore(t)
	central, _ = openStore(t)
	start := t0.Add(48 * time.Hour)
	visits = append(visits,
		closedVisit(t, laptop, start, start.Add(3*time.Hour)),
		personalVisit(t, laptop, start.Add(24*time.Hour)),
		closedVisit(t, laptop, start.Add(48*time.Hour), start.Add(51*time.Hour)))
	return laptop, central, visits
}

// TestImportRoundTrip: a visit exported and imported into an empty store
// reads back equal to the one exported, with its summary and indexes, its
// audit trail exactly the exporting store's, an arrival naming the
// export, its exporter, its signer and the importing officer, and
// reference counters moved past it.
func TestImportRoundTrip(t *testing.T) {
	laptop, central, visits := twoStores(t)
	ctx := context.Background()
	dir := t.TempDir()
	exp, err := ExportFile(ctx, laptop, filepath.Join(dir, "out.jsonl"), exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	at := t0.Add(300 * time.Hour)
	res, err := ImportFile(ctx, central, exp.Path, importOpts(at))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 3 || res.Visits != 3 || res.SHA256 != exp.SHA256 || res.ExportedBy != "Alice Ames (A1001)" {
		t.Errorf("result %+v", res)
	}
	for _, want := range visits {
		got := mustVisit(t, central, want.Ref)
		src := mustVisit(t, laptop, want.Ref)
		if !reflect.DeepEqual(got, src) {
			gb, _ := json.Marshal(got)
			sb, _ := json.Marshal(src)
			t.Errorf("%s read back differs:\n got %s\nwant %s", want.Ref, gb, sb)
		}
		trail, err := central.Audit(ctx, want.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if err := domain.VerifyChain(trail); err != nil {
			t.Error(err)
		}
		if src, _ := laptop.Audit(ctx, want.Ref); !reflect.DeepEqual(hashes(trail), hashes(src)) {
			t.Errorf("%s audit trail after import is not the exporting store's: %+v", want.Ref, trail)
		}
		arr, err := central.Arrivals(ctx, want.Ref)
		if err != nil || len(arr) != 1 || domain.VerifyChain(arr) != nil {
			t.Fatalf("%s arrivals: %+v, %v", want.Ref, arr, err)
		}
		a := domain.ArrivalOf(arr[0])
		if a.By != importer.StaffNo || a.ByName != importer.Name || !a.At.Equal(at) || a.FileSHA256 != exp.SHA256 || a.File != "out.jsonl" ||
			a.ExportedBy != "Alice Ames (A1001)" || a.Schema != ExportSchemaVersion || a.Version != want.Version || a.Signer != exp.Fingerprint || a.Signer == "" ||
			a.Principal != "" || len(a.Unverified) != 0 || arr[0].Record != trail[len(trail)-1].Record {
			t.Errorf("%s arrival: %+v", want.Ref, a)
		}
	}
	// The register sees them, with their summaries and indexes.
	var sums []domain.Summary
	if err := central.ScanSummaries(ctx, 10, func(b []domain.Summary) error { sums = append(sums, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(sums) != 3 {
		t.Errorf("%d summaries", len(sums))
	}
	for _, v := range visits {
		found(t, central, v)
	}
	// A visit created here later takes a new reference.
	nv := create(t, central, basics("SLN", "SW1A 1AA", t0.Add(400*time.Hour), alice), alice, t0)
	for _, v := range visits {
		if nv.Ref == v.Ref {
			t.Errorf("a new visit took the imported reference %s", v.Ref)
		}
	}
	// Exported again from central records, each visit's document is the
	// same bytes.
	again := exportBytes(t, central, exportOpts(importer, FormatJSONL, at))
	first, err := os.ReadFile(exp.Path)
	if err != nil {
		t.Fatal(err)
	}
	docs := func(b []byte) []string {
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
			out = append(out, l[:strings.Index(l, `,"debrief_sections":`)])
		}
		return out
	}
	if a, b := docs(first), docs(again); !reflect.DeepEqual(a, b) {
		t.Errorf("documents differ after a round trip")
	}
}

// found checks v is found where the store's readers look: among the
// visits at its premises (the postcode index), and among those of its
// team and state planned on its day (the list summaries).
func found(t *testing.T, s *store.Store, v *domain.Visit) {
	t.Helper()
	at, err := s.VisitsAtPremises(context.Background(), v.Basics.Premises)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(at, func(w *domain.Visit) bool { return w.Ref == v.Ref && w.Version == v.Version }) {
		t.Errorf("%s version %d is not among the visits at its premises", v.Ref, v.Version)
	}
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	day := v.Basics.PlannedStart.Truncate(24 * time.Hour)
	sel := store.Selection{From: day, Until: day.AddDate(0, 0, 1), States: []domain.State{v.State}, Team: v.Basics.Team}
	var refs []domain.Ref
	ended, _ := v.EndedAt()
	if err := snap.Readers()[0].Select(context.Background(), sel, func(sum domain.Summary) error {
		refs = append(refs, sum.Ref)
		// The entry says when the visit ended, for the register's
		// retention mark (RET-1).
		if sum.Ref == v.Ref && sum.Ended.Unix() != ended.Unix() {
			t.Errorf("%s: its list entry says it ended %v, its record %v", v.Ref, sum.Ended, ended)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(refs, v.Ref) {
		t.Errorf("%s is not among the %s visits of %s on its day: %v", v.Ref, v.State, v.Basics.Team, refs)
	}
}

// TestImportTwiceChangesNothing: the second import of the same export
// writes nothing at all.
func TestImportTwiceChangesNothing(t *testing.T) {
	laptop, central, _ := twoStores(t)
	ctx := context.Background()
	path := exportTo(t, laptop, t.TempDir(), "out.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	if _, err := ImportFile(ctx, central, path, importOpts(t0.Add(300*time.Hour))); err != nil {
		t.Fatal(err)
	}
	before := storeState(t, central)
	res, err := ImportFile(ctx, central, path, importOpts(t0.Add(301*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 3 || res.Added+res.Replaced+res.Older != 0 {
		t.Errorf("second import: %+v", res)
	}
	if storeState(t, central) != before {
		t.Error("the second import changed the store")
	}
}

// TestImportNewerReplacesOlderNever: a later export of a visit (a
// follow-up recorded) replaces the version imported before; the earlier
// export imported after it changes nothing.
func TestImportNewerReplacesOlderNever(t *testing.T) {
	laptop, central, visits := twoStores(t)
	ctx := context.Background()
	dir := t.TempDir()
	old := exportTo(t, laptop, dir, "old.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	v := visits[0].Clone()
	c, err := v.RecordFollowUp("HMRC", "referred for unpaid minimum wage, ref HM-1", alice, t0.Add(210*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	newer, err := laptop.SaveVisit(ctx, v, c)
	if err != nil {
		t.Fatal(err)
	}
	nw := exportTo(t, laptop, dir, "new.jsonl", exportOpts(alice, FormatJSONL, t0.Add(220*time.Hour)))

	if _, err := ImportFile(ctx, central, old, importOpts(t0.Add(300*time.Hour))); err != nil {
		t.Fatal(err)
	}
	res, err := ImportFile(ctx, central, nw, importOpts(t0.Add(301*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Replaced != 1 || res.Unchanged != 2 {
		t.Errorf("newer import: %+v", res)
	}
	got := mustVisit(t, central, newer.Ref)
	if got.Version != newer.Version || len(got.FollowUps) != 1 {
		t.Errorf("after the newer import: version %d, %d follow-ups", got.Version, len(got.FollowUps))
	}
	trail, _ := central.Audit(ctx, newer.Ref)
	src, _ := laptop.Audit(ctx, newer.Ref)
	if !reflect.DeepEqual(hashes(trail), hashes(src)) || domain.VerifyChain(trail) != nil {
		t.Errorf("audit after replacing is not the exporting store's: %+v", trail)
	}
	if arr, err := central.Arrivals(ctx, newer.Ref); err != nil || len(arr) != 2 || domain.VerifyChain(arr) != nil ||
		domain.ArrivalOf(arr[1]).Version != newer.Version || domain.ArrivalOf(arr[1]).File != "new.jsonl" {
		t.Errorf("arrivals after replacing: %+v, %v", arr, err)
	}
	found(t, central, got)

	before := storeState(t, central)
	res, err = ImportFile(ctx, central, old, importOpts(t0.Add(302*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Older != 1 || res.Unchanged != 2 || res.Added+res.Replaced != 0 {
		t.Errorf("older import after the newer: %+v", res)
	}
	if storeState(t, central) != before {
		t.Error("an older export changed the store")
	}
}

// TestImportConflicts: a newer version whose trail extends the one here
// but rewrites what may only grow, the same version with a different
// record, a newer version of another history: each is refused, naming
// the line and the visit, and nothing is written, not even the visits of
// the file that were fine.
func TestImportConflicts(t *testing.T) {
	laptop, central, visits := twoStores(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := exportTo(t, laptop, dir, "out.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	if _, err := ImportFile(ctx, central, path, importOpts(t0.Add(300*time.Hour))); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	held, err := central.Audit(ctx, visits[0].Ref)
	if err != nil {
		t.Fatal(err)
	}
	fresh := visits[0].Clone()
	fresh.Ref = "SLN-2026-0099"
	for name, c := range map[string]struct {
		edit   func(v *domain.Visit)
		extend bool // the line's trail goes on from the one here
		want   string
	}{
		"rewritten timeline":          {func(v *domain.Visit) { v.Version++; v.Timeline[1].ConsentBy = "someone else" }, true, "live timeline: entry 2 would be changed"},
		"same version, other content": {func(v *domain.Visit) { v.Debrief.Engagement = "none at all, in truth" }, false, "a different history of SLN-2026-0001: version 3 is here"},
		"newer, another history":      {func(v *domain.Visit) { v.Version++ }, false, "a different history of SLN-2026-0001: entry 3 of the trail arriving"},
	} {
		t.Run(name, func(t *testing.T) {
			lines := strings.Split(strings.TrimSuffix(string(content), "\n"), "\n")
			v := visits[0].Clone()
			v.Timeline = append([]domain.TimelineEntry(nil), v.Timeline...)
			c.edit(v)
			if c.extend {
				lines[1] = string(lineExtending(t, v, held))
			} else {
				lines[1] = string(lineFor(t, v))
			}
			lines = append(lines, string(lineFor(t, fresh))) // a good visit, new here
			lines[0] = strings.Replace(lines[0], `"count":3`, `"count":4`, 1)
			bad := filepath.Join(dir, "bad.jsonl")
			writeExport(t, bad, []byte(strings.Join(lines, "\n")+"\n"))
			before := storeState(t, central)
			_, err := ImportFile(ctx, central, bad, importOpts(t0.Add(301*time.Hour)))
			var ie *ImportError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), "line 2: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v", err)
			}
			if storeState(t, central) != before {
				t.Error("a refused import changed the store")
			}
		})
	}
}

// hashes are the hashes of a trail's entries.
func hashes(trail []domain.AuditEntry) []string {
	out := make([]string, len(trail))
	for i, e := range trail {
		out[i] = e.Hash
	}
	return out
}

// lineExtending is v's export line with held's entries and one more,
// sealing v's document.
func lineExtending(t testing.TB, v *domain.Visit, held []domain.AuditEntry) []byte {
	t.Helper()
	doc, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	trail := append(slices.Clone(held), domain.ChainEntry(v.Ref, &held[len(held)-1],
		domain.Change{Action: "saved", Actor: alice.StaffNo, ActorName: alice.Name, At: v.UpdatedAt}, domain.SealOf(doc, nil)))
	return lineWithTrail(t, v, doc, trail)
}

// lineWithTrail is v's export line, of its document doc, carrying trail.
func lineWithTrail(t testing.TB, v *domain.Visit, doc []byte, trail []domain.AuditEntry) []byte {
	t.Helper()
	var raw []byte
	for i, e := range trail {
		if i > 0 {
			raw = append(raw, ',')
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	last := trail[len(trail)-1]
	line, err := appendVisitLine(nil, doc, appendDerived(nil, sectionsOf(v.DebriefSections()), planningOf(v)),
		lineAudit{head: store.AuditHead{Seq: last.Seq, Hash: last.Hash}, trail: raw})
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(line, []byte("\n"))
}

// testTrail is a trail for v, stored as doc, of as many entries as its
// version, the last sealing doc.
func testTrail(t testing.TB, v *domain.Visit, doc []byte) []domain.AuditEntry {
	t.Helper()
	var trail []domain.AuditEntry
	for i := range max(v.Version, 1) {
		var prev *domain.AuditEntry
		var seal domain.Seal
		if i > 0 {
			prev = &trail[i-1]
		}
		if i == max(v.Version, 1)-1 {
			seal = domain.SealOf(doc, nil)
		}
		trail = append(trail, domain.ChainEntry(v.Ref, prev, domain.Change{Action: "saved", Actor: v.UpdatedBy, ActorName: v.UpdatedByName, At: v.UpdatedAt}, seal))
	}
	return trail
}

// lineFor is v's export line, with a trail of its own (testTrail).
func lineFor(t testing.TB, v *domain.Visit) []byte {
	t.Helper()
	doc, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return lineWithTrail(t, v, doc, testTrail(t, v, doc))
}

// TestImportBadFiles: a truncated file, one byte changed, a newer schema,
// a missing digest, a malformed line, a line the schema refuses, a
// redacted export, a count that does not add up: each gets a message
// that says what is wrong (and where), and the store does not change.
func TestImportBadFiles(t *testing.T) {
	laptop, central, _ := twoStores(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := exportTo(t, laptop, dir, "good.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	redOpt := exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour))
	redOpt.Redact = true
	redacted := exportTo(t, laptop, dir, "redacted.jsonl", redOpt)

	// Keep the digest of the good file beside a changed copy.
	changed := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(good)
		os.WriteFile(p+".sha256", []byte(hex.EncodeToString(sum[:])+"  "+name+"\n"), 0o644)
		return p
	}
	redigested := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		writeExport(t, p, content)
		return p
	}
	flip := bytes.Clone(good)
	i := bytes.Index(flip, []byte("Star Takeaway"))
	flip[i] = 'S' + 1

	for name, c := range map[string]struct {
		path string
		want []string
	}{
		"truncated mid-line":  {changed("cut.jsonl", good[:len(lines[0])+len(lines[1])+500]), []string{"is truncated", "part-way through line 3", "1 of the 3 visits", "does not match its digest"}},
		"truncated at a line": {changed("cut2.jsonl", []byte(lines[0]+lines[1])), []string{"is truncated", "after line 2", "1 of the 3 visits", "does not match its digest"}},
		// A digest made again of the cut file matches it: the count and
		// the file's end still tell.
		"truncated mid-line, digest made again":  {redigested("recut.jsonl", good[:len(lines[0])+len(lines[1])+500]), []string{"is truncated", "part-way through line 3", "1 of the 3 visits", "its digest file matches it"}},
		"truncated at a line, digest made again": {redigested("recut2.jsonl", []byte(lines[0]+lines[1])), []string{"is truncated", "after line 2", "1 of the 3 visits", "its digest file matches it"}},
		"last newline cut, digest made again":    {redigested("recut3.jsonl", good[:len(good)-1]), []string{"is truncated", "part-way through line 4", "2 of the 3 visits", "its digest file matches it"}},
		// Bytes after the last whole line, with every visit counted
		// there: added to, not cut short.
		"bytes added after the end":                    {changed("tail.jsonl", append(bytes.Clone(good), 'x')), []string{"does not match its digest", "changed after it was exported"}},
		"bytes added after the end, digest made again": {redigested("retail.jsonl", append(bytes.Clone(good), 'x')), []string{"a line that cannot be imported", "line 5: not valid JSON"}},
		"one byte changed":                             {changed("flip.jsonl", flip), []string{"does not match its digest", "changed after it was exported"}},
		"newer schema":                                 {redigested("newer.jsonl", []byte(strings.Replace(string(good), `"schema_version":3`, `"schema_version":4`, 1))), []string{"newer oic", "export schema 4", "reads up to 3", "Update oic"}},
		"not JSON":                                     {redigested("badjson.jsonl", []byte(lines[0]+lines[1][:100]+"}\n"+lines[2]+lines[3])), []string{"a line that cannot be imported", "line 2: SLN-2026-0001: not valid JSON at byte"}},
		"schema":                                       {redigested("schema.jsonl", []byte(lines[0]+strings.Replace(lines[1], `"kind":"arrival"`, `"kind":"teleport"`, 1)+lines[2]+lines[3])), []string{"line 2: SLN-2026-0001: does not match the export schema", "/timeline/0/kind"}},
		"not closed":                                   {redigested("state.jsonl", []byte(lines[0]+strings.Replace(lines[1], `"state":"closed"`, `"state":"planning"`, 1)+lines[2]+lines[3])), []string{"line 2", "/state"}},
		"count":                                        {redigested("count.jsonl", []byte(strings.Replace(lines[0], `"count":3`, `"count":2`, 1)+lines[1]+lines[2]+lines[3])), []string{"holds 3 visits but its first line says 2"}},
		"count more than held":                         {redigested("count2.jsonl", []byte(strings.Replace(lines[0], `"count":3`, `"count":5`, 1)+lines[1]+lines[2]+lines[3])), []string{"is truncated", "after line 4", "3 of the 5 visits"}},
		"twice":                                        {redigested("twice.jsonl", []byte(strings.Replace(lines[0], `"count":3`, `"count":4`, 1)+lines[1]+lines[2]+lines[3]+lines[1])), []string{"line 5", "already on line 2"}},
		"not an export":                                {redigested("other.jsonl", []byte(`{"hello":"world"}`+"\n")), []string{"not an oic export", "no provenance"}},
		"empty":                                        {redigested("empty.jsonl", nil), []string{"not an oic export", "empty"}},
		"redacted":                                     {redacted, []string{"redacted export", "without --redact"}},
		"no digest":                                    {filepath.Join(dir, "nodigest.jsonl"), []string{"cannot verify", "nodigest.jsonl.sha256 is missing"}},
		"another's digest":                             {changed("other-digest.jsonl", good), []string{}},
		"missing file":                                 {filepath.Join(dir, "nowhere.jsonl"), []string{"cannot read", "nowhere.jsonl"}},
		"line ends in a space":                         {redigested("space.jsonl", []byte(lines[0]+lines[1]+"\n"+lines[2]+lines[3])), []string{"line 3: the line is empty"}},
		// A line refused before it is read must not hide the lines after it.
		"empty, then bad": {redigested("empty-bad.jsonl", []byte(lines[0]+lines[1]+"\n"+strings.Replace(lines[2], `"kind":"arrival"`, `"kind":"teleport"`, 1)+lines[3])),
			[]string{"2 lines that cannot be imported", "line 3: the line is empty", "line 4: SLN-2026-0002: does not match the export schema"}},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "no digest" {
				os.WriteFile(c.path, good, 0o644)
			}
			if name == "another's digest" {
				os.WriteFile(c.path+".sha256", []byte(strings.Repeat("a", 64)+"  good.jsonl\n"), 0o644)
				c.want = []string{"digest of good.jsonl, not of other-digest.jsonl"}
			}
			before := storeState(t, central)
			_, err := ImportFile(ctx, central, c.path, importOpts(t0.Add(300*time.Hour)))
			if err == nil {
				t.Fatal("imported")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%v", w, err)
				}
			}
			if storeState(t, central) != before {
				t.Error("the store changed")
			}
			t.Logf("%s:\n%v", name, err)
		})
	}
}

// TestImportManyBatches: an export of 3,000 visits is written in several
// transactions (about a thousand visits each), with commits in flight,
// and reads back whole. Issue 14, section 5: cancelled (Ctrl-C) in any
// phase, while checking, part-way through writing or once the last visit
// is queued, the import writes nothing: what it had written is taken out
// again (before, a cancel part-way left the visits written so far). An
// import killed part-way is TestImportKilledResumes's.
func TestImportManyBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,000 visits")
	}
	laptop, _ := openStore(t)
	if err := loadClosed(t, laptop, 3000); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := exportTo(t, laptop, dir, "all.jsonl", exportOpts(alice, FormatJSONL, t0))
	central, _ := openStore(t)
	// Central records already hold a few of them, from an earlier file.
	someOpt := exportOpts(bob, FormatJSONL, t0)
	someOpt.Filter = ExportFilter{From: domain.Date{Year: 2010, Month: 1, Day: 1}, To: domain.Date{Year: 2010, Month: 12, Day: 31}}
	some := exportTo(t, laptop, dir, "some.jsonl", someOpt)
	res, err := ImportFile(context.Background(), central, some, importOpts(t0.Add(time.Minute)))
	if err != nil || res.Added == 0 || res.Added >= 3000 {
		t.Fatalf("the earlier file: %+v, %v", res, err)
	}
	before := storeState(t, central)

	for _, stop := range []struct {
		phase string
		at    int
	}{{"checking", 1000}, {"writing", 2000}, {"writing", 3000 - res.Added}} {
		ctx, cancel := context.WithCancel(context.Background())
		opt := importOpts(t0.Add(time.Hour))
		opt.Progress = func(phase string, done, total int) {
			if phase == stop.phase && done == stop.at {
				cancel()
			}
		}
		_, err := ImportFile(ctx, central, path, opt)
		cancel()
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "Nothing was imported; the store is as it was") {
			t.Fatalf("cancelled %s at %d: %v", stop.phase, stop.at, err)
		}
		if got := storeState(t, central); got != before {
			t.Fatalf("cancelled %s at %d, the store changed:\n%s", stop.phase, stop.at, firstDifference(before, got))
		}
	}

	res, err = ImportFile(context.Background(), central, path, importOpts(t0.Add(3*time.Hour)))
	if err != nil || res.Resumed || res.Added+res.Unchanged != 3000 {
		t.Fatalf("importing after the cancels: %+v, %v", res, err)
	}
	if n, err := central.CountVisits(context.Background()); err != nil || n != 3000 {
		t.Errorf("%d visits, %v", n, err)
	}
	if m, err := central.ImportMarker(); err != nil || m != nil {
		t.Errorf("the import's mark is still there: %q (%v)", m, err)
	}
	// Spot-check a visit from each end and the middle.
	for _, i := range []int{0, 1500, 2999} {
		var ref domain.Ref
		laptop.ScanSummaries(context.Background(), 3000, func(b []domain.Summary) error { ref = b[i].Ref; return nil })
		if !reflect.DeepEqual(mustVisit(t, central, ref), mustVisit(t, laptop, ref)) {
			t.Errorf("%s differs after the import", ref)
		}
	}
}

// firstDifference is the first line where a and b differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %.300s\n+ %.300s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, then %d", len(al), len(bl))
}

// A visit where a critical incident was declared has a fourteenth debrief
// section, the post-incident review (INC-1): its export line holds to the
// schema and imports elsewhere (a demo of 100,000 visits found 205 lines
// refused with "at most 13 items").
func TestImportRoundTrip_CriticalIncident(t *testing.T) {
	ctx := context.Background()
	laptop, _ := openStore(t)
	central, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	v := deployedVisit(t, laptop, start)
	if err := domaintest.RecordVisit(v, alice); err != nil {
		t.Fatal(err)
	}
	for i, e := range []struct {
		kind domain.EntryKind
		text string
	}{
		{domain.EntryIncident, "Officer injured in a fall on the rear stairs"},
		{domain.EntryIncidentOver, "Officer taken to hospital; duty CIO informed"},
	} {
		at := start.Add(time.Duration(20+10*i) * time.Minute)
		en, err := v.ParseEntry(e.kind, domain.EntryInput{Text: e.text}, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Record(en, alice, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.SetDebriefSection(domain.SecIncident, map[string]string{domain.FieldDbfPostIncident: "Loose stair tread; hazard added to the premises notes"}, alice, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// VisitAndClose's debrief and close, its live visit recorded above.
	for id, in := range domaintest.Debrief(v) {
		if _, err := v.SetDebriefSection(id, in, alice, start.Add(2*time.Hour)); err != nil && !errors.Is(err, domain.ErrNoChange) {
			t.Fatal(err)
		}
	}
	for _, r := range v.Roster {
		if r.OnSite() {
			if _, err := v.SetTeamFeedback(r.StaffNo, map[string]string{domain.FieldDbfWentWell: "rear cover in place", domain.FieldDbfImprove: "a second van"}, alice, start.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := v.Close(domain.DefaultConfig(), alice, start.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := laptop.SaveVisit(ctx, v, domain.Change{Action: "visited, debriefed and closed (fixture)", Actor: alice.StaffNo, At: start.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if n := len(v.SectionIDs()); n != 14 {
		t.Fatalf("%d debrief sections, want 14 with the post-incident review", n)
	}
	dir := t.TempDir()
	lines := exportLines(t, laptop, dir)
	if n := validateJSONL(t, []byte(strings.Join(lines, ""))); n != 1 {
		t.Fatalf("%d visit lines valid, want 1", n)
	}
	p := filepath.Join(dir, "in.jsonl")
	writeExport(t, p, []byte(strings.Join(lines, "")))
	if _, err := ImportFile(ctx, central, p, importOpts(t0.Add(300*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if got := mustVisit(t, central, v.Ref); len(got.SectionIDs()) != 14 {
		t.Errorf("imported with %d debrief sections", len(got.SectionIDs()))
	}
}
