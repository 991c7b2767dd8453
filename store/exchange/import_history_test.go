package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// v1File writes an export of schema version 1, as an oic before trails
// were exported wrote it, of visits (their documents as lines, each with
// its length and head alone), to dir/name.
func v1File(t *testing.T, dir, name string, visits ...*domain.Visit) string {
	t.Helper()
	opt := exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour))
	head := newRenderer(&opt).jsonlHeader(len(visits))
	b := bytes.Replace(head, []byte(fmt.Sprintf(`"schema_version":%d`, ExportSchemaVersion)), []byte(`"schema_version":1`), 1)
	// A version 1 writer named no derivation.
	b = bytes.Replace(b, []byte(fmt.Sprintf(`,"derived_version":%d`, derivedVersion)), nil, 1)
	for _, v := range visits {
		v = beforeOutcomes(t, v)
		doc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		line, err := appendVisitLine(nil, doc, appendDerived(nil, sectionsOf(v.DebriefSections()), planningOf(v)),
			lineAudit{head: store.AuditHead{Seq: v.Version, Hash: strings.Repeat("0", 64)}})
		if err != nil {
			t.Fatal(err)
		}
		// A version 1 writer kept no ONF-2 lateness in the summary.
		line = v1Late.ReplaceAll(line, nil)
		b = append(b, line...)
	}
	path := filepath.Join(dir, name)
	writeExport(t, path, b)
	return path
}

// beforeOutcomes is v as an oic before schema version 3 recorded it:
// without the outcome entries (employer decisions, custody, partner
// agencies), which the fixtures record last, nor interviews and
// biometrics.
func beforeOutcomes(t *testing.T, v *domain.Visit) *domain.Visit {
	t.Helper()
	c := v.Clone()
	c.Timeline = nil
	for _, e := range v.Timeline {
		switch e.Kind {
		case domain.EntryDecision, domain.EntryCustody, domain.EntryAgency:
			continue
		}
		if e.Seq != len(c.Timeline)+1 {
			t.Fatalf("%s: an outcome entry before #%d: the fixture cannot be made older", v.Ref, e.Seq)
		}
		if e.Person != nil {
			p := *e.Person
			p.Interviewed, p.Biometrics = false, false
			e.Person = &p
		}
		c.Timeline = append(c.Timeline, e)
	}
	return c
}

// v1Late is the ONF-2 lateness a version 1 writer did not keep.
var v1Late = regexp.MustCompile(`,"onf_sent_late":(true|false),"onf_sent_hours_before":(null|-?[0-9]+)`)

// exportLines are the lines, each with its newline, of a JSON Lines
// export of s written to dir/good.jsonl.
func exportLines(t *testing.T, s *store.Store, dir string) []string {
	t.Helper()
	path := exportTo(t, s, dir, "good.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(string(good), "\n")
}

// refused imports path into s, wanting it refused with every one of
// want in the message, and the store unchanged.
func refused(t *testing.T, s *store.Store, path string, want ...string) {
	t.Helper()
	before := storeState(t, s)
	_, err := ImportFile(context.Background(), s, path, importOpts(t0.Add(300*time.Hour)))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("not refused as an import error: %v", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q:\n%v", w, err)
		}
	}
	if storeState(t, s) != before {
		t.Error("a refused import changed the store")
	}
	t.Logf("%v", err)
}

// A visit from a file without history that went from tasked to closed
// with no rating, checks, roster or debrief is refused with the rule IDs
// of the gates it fails; nothing of the file is written.
func TestImportV1_ClosedWithNothingIsRefused(t *testing.T) {
	laptop, central, visits := twoStores(t)
	bare := create(t, laptop, basics("SLN", "SW1A 1AA", t0.Add(48*time.Hour), alice), alice, t0)
	bare.State = domain.Closed
	bare.Version = 2
	bare.History = append(bare.History, domain.StateChange{From: domain.Planning, To: domain.Closed, At: t0.Add(50 * time.Hour), By: alice.StaffNo, ByName: alice.Name})
	path := v1File(t, t.TempDir(), "old.jsonl", visits[0], bare)
	refused(t, central, path, "line 3: "+string(bare.Ref)+": it comes from an export without its history (schema version 1)",
		"EPA-1", "DBF-1", "an export of schema version 2")
}

// An honest closed visit from a file without history is taken, new
// here, with a trail started here that seals it, marked "unverified: no
// history" wherever it is exported; the mark survives an export of
// schema version 2 and its import elsewhere. The same file again changes
// nothing; a version 1 line of a visit already here otherwise is refused.
func TestImportV1_HonestVisitIsTakenAndMarked(t *testing.T) {
	_, central, visits := twoStores(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := v1File(t, dir, "old.jsonl", visits[0], visits[2])
	res, err := ImportFile(ctx, central, path, importOpts(t0.Add(300*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Schema != 1 || res.Added != 2 {
		t.Errorf("result %+v", res)
	}
	for _, v := range []*domain.Visit{visits[0], visits[2]} {
		got, err := central.Visit(ctx, v.Ref)
		if err != nil || got.Version != v.Version {
			t.Fatalf("%s: %v", v.Ref, err)
		}
		trail, _ := central.Audit(ctx, v.Ref)
		if len(trail) != 1 || trail[0].Change.Action != "imported without its history from export" || trail[0].Change.Actor != importer.StaffNo {
			t.Errorf("%s trail: %+v", v.Ref, trail)
		}
		marks, _ := central.Unverified(ctx, []domain.Ref{v.Ref})
		if !slices.Equal(marks[v.Ref], []string{domain.UnverifiedNoHistory, domain.UnverifiedUnsigned}) {
			t.Errorf("%s marks %v", v.Ref, marks)
		}
	}
	// The same file again: unchanged.
	before := storeState(t, central)
	if res, err := ImportFile(ctx, central, path, importOpts(t0.Add(301*time.Hour))); err != nil || res.Unchanged != 2 {
		t.Fatalf("again: %+v, %v", res, err)
	}
	if storeState(t, central) != before {
		t.Error("the same file again changed the store")
	}
	// A version 1 line of a visit here, other than the one here.
	v := visits[0].Clone()
	v.Version++
	refused(t, central, v1File(t, dir, "other.jsonl", v), "line 2: "+string(v.Ref)+" is already here (version 3)", "schema version 1")

	// Exported again, in every format, marked.
	opt := exportOpts(importer, FormatJSONL, t0.Add(400*time.Hour))
	if b := exportBytes(t, central, opt); bytes.Count(b, []byte(`"unverified":["no history","unsigned"]`)) != 2 {
		t.Errorf("the JSON Lines export does not carry both marks:\n%s", b)
	}
	opt.Format = FormatCSV
	if b := exportBytes(t, central, opt); bytes.Count(b, []byte(`,"unverified: no history, unsigned"`+"\n")) != 2 {
		t.Errorf("the CSV does not mark both:\n%s", b)
	}
	opt.Format = FormatMarkdown
	if b := exportBytes(t, central, opt); bytes.Count(b, []byte("| Unverified | unverified: no history, unsigned |")) != 2 {
		t.Errorf("the Markdown does not mark both")
	}
	// Imported elsewhere, signed now: the marks stay.
	signed := fileSigner{Fingerprint: "SHA256:central", Principal: "central-records"}
	testSigner = &signed
	defer func() { testSigner = nil }()
	again := exportTo(t, central, dir, "again.jsonl", exportOpts(importer, FormatJSONL, t0.Add(400*time.Hour)))
	third, _ := openStore(t)
	if _, err := ImportFile(ctx, third, again, importOpts(t0.Add(500*time.Hour))); err != nil {
		t.Fatal(err)
	}
	arr, _ := third.Arrivals(ctx, visits[0].Ref)
	if len(arr) != 1 {
		t.Fatalf("arrivals in the third store: %+v", arr)
	}
	a := domain.ArrivalOf(arr[0])
	if a.Signer != signed.Fingerprint || a.Principal != signed.Principal ||
		!slices.Equal(a.Unverified, []string{domain.UnverifiedNoHistory, domain.UnverifiedUnsigned}) {
		t.Errorf("the arrival in the third store: %+v", a)
	}
	if _, err := third.Visit(ctx, visits[0].Ref); err != nil {
		t.Errorf("read in the third store: %v", err)
	}
}

// A signed file's visits name the signer in their arrival and carry no
// unsigned mark.
func TestImportSigned_ArrivalNamesTheSigner(t *testing.T) {
	laptop, central, visits := twoStores(t)
	ctx := context.Background()
	signed := fileSigner{Fingerprint: "SHA256:laptop", Principal: "laptop-7"}
	testSigner = &signed
	defer func() { testSigner = nil }()
	path := exportTo(t, laptop, t.TempDir(), "out.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	if _, err := ImportFile(ctx, central, path, importOpts(t0.Add(300*time.Hour))); err != nil {
		t.Fatal(err)
	}
	arr, _ := central.Arrivals(ctx, visits[1].Ref)
	a := domain.ArrivalOf(arr[0])
	if a.Signer != "SHA256:laptop" || a.Principal != "laptop-7" || len(a.Unverified) != 0 {
		t.Errorf("arrival %+v", a)
	}
	if !strings.Contains(a.String(), "signed by SHA256:laptop (laptop-7)") || !strings.Contains(a.String(), "imported by Cara Reid (CR0001)") {
		t.Errorf("arrival reads %q", a)
	}
	if marks, _ := central.Unverified(ctx, []domain.Ref{visits[1].Ref}); len(marks) != 0 {
		t.Errorf("marks %v", marks)
	}
}

// A line of a version 2 file whose trail was altered, lost an entry, or
// does not seal the record the line carries is refused, naming the line
// and the visit; nothing of the file is written.
func TestImportV2_TamperedTrails(t *testing.T) {
	laptop, central, visits := twoStores(t)
	dir := t.TempDir()
	lines := exportLines(t, laptop, dir)
	ref := string(visits[0].Ref)
	line := lines[1]
	var l struct {
		Audit exportAudit `json:"audit"`
	}
	if err := json.Unmarshal([]byte(line), &l); err != nil {
		t.Fatal(err)
	}
	raw := func(e domain.AuditEntry) string { b, _ := json.Marshal(e); return string(b) }
	file := func(name, visitLine string) string {
		p := filepath.Join(dir, name)
		writeExport(t, p, []byte(lines[0]+visitLine+lines[2]+lines[3]))
		return p
	}
	first := l.Audit.Trail[0]
	altered := first
	altered.Change.ActorName = "Someone Else"
	removed := raw(l.Audit.Trail[1])
	for name, c := range map[string]struct {
		line string
		want string
	}{
		"entry altered": {strings.Replace(line, raw(first), raw(altered), 1), ref + ": its audit trail is broken: audit entry 1 does not match its hash: it was altered"},
		"entry removed": {strings.Replace(strings.Replace(line, ","+removed, "", 1), `"entries":3`, `"entries":2`, 1), ref + ": its audit trail is broken: audit entry 2 is numbered 3"},
		"count":         {strings.Replace(line, `"entries":3`, `"entries":4`, 1), ref + ": its audit member names 4 entries"},
		"record not sealed": {strings.Replace(line, `"name":"Star Takeaway"`, `"name":"Star Takeaway Ltd"`, 1),
			ref + ": its record is not the one the last entry of its audit trail (3) sealed"},
		"derived part not sealed": {strings.Replace(line, `"traces_found":0`, `"traces_found":1`, 1),
			ref + ": the part derived from its document that it brings is neither the one audit entry 3 sealed nor what this oic derives from its document"},
		"no trail": {line[:strings.Index(line, `,"trail":`)] + "}}\n", `at '/audit': missing property "trail"`},
	} {
		t.Run(name, func(t *testing.T) {
			if c.line == line {
				t.Fatal("the test changed nothing")
			}
			refused(t, central, file(strings.ReplaceAll(name, " ", "-")+".jsonl", c.line), "line 2: ", c.want)
		})
	}
}

// A redacted export's trails hold hashes and times only: no name, no
// action, no reason, no field's value.
func TestExportRedacted_TrailHoldsNoNames(t *testing.T) {
	laptop, _, visits := twoStores(t)
	opt := exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour))
	opt.Redact = true
	b := exportBytes(t, laptop, opt)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	for i, line := range lines {
		var l struct {
			Audit exportAudit `json:"audit"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatal(err)
		}
		trail, _ := laptop.Audit(context.Background(), visits[i].Ref)
		if len(l.Audit.Trail) != len(trail) {
			t.Fatalf("%s: %d entries exported of %d", visits[i].Ref, len(l.Audit.Trail), len(trail))
		}
		for j, e := range l.Audit.Trail {
			if e.Change.Action != "" || e.Change.Actor != "" || e.Change.ActorName != "" || e.Change.Reason != "" || len(e.Change.Fields) != 0 ||
				e.Hash != trail[j].Hash || e.Prev != trail[j].Prev || !e.Change.At.Equal(trail[j].Change.At) {
				t.Errorf("%s entry %d as redacted: %+v", visits[i].Ref, j+1, e)
			}
		}
		trailJSON := line[strings.Index(line, `"trail":`):]
		for _, name := range []string{alice.Name, "Arben Hoxha", "Star Takeaway", string(alice.StaffNo)} {
			if strings.Contains(trailJSON, name) {
				t.Errorf("%s: the redacted trail holds %q", visits[i].Ref, name)
			}
		}
	}
}

// The derived keys a line brings are kept as the derivation that made
// them: the one whose envelope its trail sealed, found from the one the
// file names (provenance.derived_version), or, in a file from before it
// was named, from every one there has been. A later export reads them
// again only if this oic derives the same way; otherwise it derives them
// afresh, never handing on a part made another way.
func TestImportDerivedKeptAsItsDerivation(t *testing.T) {
	named := fmt.Sprintf(`,"derived_version":%d`, derivedVersion)
	for _, tc := range []struct {
		name   string
		derive uint64 // the laptop's derivation
		edit   func(first string) string
		reused bool
	}{
		{"named, this oic's", derivedVersion, func(s string) string { return s }, true},
		{"not named", derivedVersion, func(s string) string { return strings.Replace(s, named, "", 1) }, true},
		{"closed under an earlier derivation", derivedVersion - 1, func(s string) string { return s }, false},
		{"closed under an earlier one, not named", derivedVersion - 1, func(s string) string { return strings.Replace(s, named, "", 1) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			laptop, err := store.OpenWith(t.TempDir(), store.Options{Derive: store.Derivation{Version: tc.derive, Part: derive}})
			if err != nil {
				t.Fatal(err)
			}
			defer laptop.Close()
			central, _ := openStore(t)
			start := t0.Add(48 * time.Hour)
			visits := []*domain.Visit{closedVisit(t, laptop, start, start.Add(3*time.Hour)), personalVisit(t, laptop, start.Add(24*time.Hour))}
			dir := t.TempDir()
			lines := exportLines(t, laptop, dir)
			if !strings.Contains(lines[0], named) {
				t.Fatalf("the provenance names no derived_version %d: %s", derivedVersion, lines[0])
			}
			p := filepath.Join(dir, "in.jsonl")
			writeExport(t, p, []byte(tc.edit(lines[0])+strings.Join(lines[1:], "")))
			if _, err := ImportFile(context.Background(), central, p, importOpts(t0.Add(300*time.Hour))); err != nil {
				t.Fatal(err)
			}
			for _, v := range visits {
				if _, _, ok := derivedOf(t, central, v.Ref); ok != tc.reused {
					t.Errorf("%s: its derived part is read again for an export: %v, want %v", v.Ref, ok, tc.reused)
				}
			}
			// The same lines again, but for the mark of the unsigned file.
			again := strings.ReplaceAll(strings.Join(exportLines(t, central, t.TempDir())[1:], ""), `,"unverified":["unsigned"]`, "")
			if again != strings.Join(lines[1:], "") {
				t.Errorf("the visits exported again differ from those imported:\n%s\n%s", again, strings.Join(lines[1:], ""))
			}
		})
	}
}

// A visit closed under an earlier derivation that derived otherwise
// carries, exported by this oic, the part this oic derives, not the one
// its trail sealed: the import checks it is exactly that and keeps it,
// sealed by the trail's head and the visit's arrival, the trail as it
// came. The folder verifies clean, reads the visit unmarked, exports it
// again from the part kept, and that export imports elsewhere too.
func TestImportDerivedAfresh(t *testing.T) {
	ctx := context.Background()
	earlier := store.Derivation{Version: derivedVersion - 1, Part: func(*domain.Visit, []byte) []byte {
		return []byte(`,"debrief_sections":[],"planning_summary":{}`)
	}}
	laptop, err := store.OpenWith(t.TempDir(), store.Options{Derive: earlier})
	if err != nil {
		t.Fatal(err)
	}
	start := t0.Add(48 * time.Hour)
	visits := []*domain.Visit{closedVisit(t, laptop, start, start.Add(3*time.Hour)), personalVisit(t, laptop, start.Add(24*time.Hour))}
	laptop.Close()
	laptop, err = store.OpenWith(laptop.Dir(), store.Options{Derive: Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()
	lines := exportLines(t, laptop, t.TempDir())
	central, _ := openStore(t)
	p := filepath.Join(t.TempDir(), "in.jsonl")
	writeExport(t, p, []byte(strings.Join(lines, "")))
	if _, err := ImportFile(ctx, central, p, importOpts(t0.Add(300*time.Hour))); err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		if _, err := central.Visit(ctx, v.Ref); err != nil {
			t.Errorf("%s reads: %v", v.Ref, err)
		}
		if _, _, ok := derivedOf(t, central, v.Ref); !ok {
			t.Errorf("%s: the part kept is not read again for an export", v.Ref)
		}
	}
	if _, problems, err := central.Verify(ctx, nil); err != nil || len(problems) != 0 {
		t.Errorf("verify: %v, %+v", err, problems)
	}
	again := exportLines(t, central, t.TempDir())
	if got := strings.ReplaceAll(strings.Join(again[1:], ""), `,"unverified":["unsigned"]`, ""); got != strings.Join(lines[1:], "") {
		t.Errorf("exported again:\n%s\nwant\n%s", got, strings.Join(lines[1:], ""))
	}
	third, _ := openStore(t)
	p = filepath.Join(t.TempDir(), "again.jsonl")
	writeExport(t, p, []byte(strings.Join(again, "")))
	if _, err := ImportFile(ctx, third, p, importOpts(t0.Add(400*time.Hour))); err != nil {
		t.Fatalf("the export of the folder that took it: %v", err)
	}

	// Exported by an oic of yet another derivation, which this one cannot
	// repeat: its part is kept as that one's, never handed on here; the
	// export from here derives the part afresh.
	named := fmt.Sprintf(`"derived_version":%d`, derivedVersion)
	other := strings.Replace(lines[0], named, fmt.Sprintf(`"derived_version":%d`, derivedVersion+1), 1)
	line := strings.Replace(lines[1], `"traces_found":0`, `"traces_found":1`, 1)
	if other == lines[0] || line == lines[1] {
		t.Fatal("the test changed nothing")
	}
	fourth, _ := openStore(t)
	p = filepath.Join(t.TempDir(), "other.jsonl")
	writeExport(t, p, []byte(other+line+strings.Join(lines[2:], "")))
	if _, err := ImportFile(ctx, fourth, p, importOpts(t0.Add(400*time.Hour))); err != nil {
		t.Fatalf("a file of another derivation: %v", err)
	}
	if _, _, ok := derivedOf(t, fourth, visits[0].Ref); ok {
		t.Error("a part another oic derived is handed to this oic's export")
	}
	if _, problems, err := fourth.Verify(ctx, nil); err != nil || len(problems) != 0 {
		t.Errorf("verify: %v, %+v", err, problems)
	}
	if got := strings.ReplaceAll(strings.Join(exportLines(t, fourth, t.TempDir())[1:], ""), `,"unverified":["unsigned"]`, ""); got != strings.Join(lines[1:], "") {
		t.Errorf("exported from the folder that took a part another oic derived:\n%s\nwant\n%s", got, strings.Join(lines[1:], ""))
	}
}
