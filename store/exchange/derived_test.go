package exchange

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// derivedOf reads ref's document as the store holds it (its JSON), the
// derived part stored with it, and whether that part is one this build
// uses.
func derivedOf(t testing.TB, s *store.Store, ref domain.Ref) (doc, part []byte, ok bool) {
	t.Helper()
	snap, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	rd := snap.Readers()[0]
	if doc, err = rd.Document(ref, nil); err != nil {
		t.Fatal(err)
	}
	head, _, err := rd.AuditHead(ref)
	if err != nil {
		t.Fatal(err)
	}
	ok, err = rd.Derived(ref, head, derivedVersion, doc, func(p []byte) error {
		part = bytes.Clone(p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc, part, ok
}

// derivedFixture stores, in s, three closed visits saved through the
// store, the last followed up and saved again: each save a new document.
func derivedFixture(t *testing.T, s *store.Store) []*domain.Visit {
	visits := []*domain.Visit{figure7Visit(t, s), personalVisit(t, s, t0.Add(48*time.Hour)), personalVisit(t, s, t0.Add(96*time.Hour))}
	v := visits[2]
	if _, err := v.RecordFollowUp("HSE", "unsafe wiring in the kitchen reported", alice, t0.Add(120*time.Hour)); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVisit(context.Background(), v, domain.Change{Action: "follow-up", Actor: alice.StaffNo, At: t0.Add(120 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	visits[2] = v
	return visits
}

// TestStoredDerivedIsDerived: a closed visit saved through a store opened
// with Derivation carries the derived part of its export line, the same
// bytes the export derives from the document itself, and an export that
// uses them is, byte for byte, the export of the same visits saved where
// no part is kept, which derives everything afresh.
func TestStoredDerivedIsDerived(t *testing.T) {
	s, _ := openStore(t)
	visits := derivedFixture(t, s)
	for _, v := range visits {
		doc, stored, ok := derivedOf(t, s, v.Ref)
		if !ok {
			t.Fatalf("%s (%s) has no derived export part for its document", v.Ref, v.State)
		}
		var x domain.Visit
		if err := decodeForExport(doc, &x); err != nil {
			t.Fatal(err)
		}
		if want := appendDerived(nil, sectionsOf(x.DebriefSections()), planningOf(&x)); !bytes.Equal(stored, want) {
			t.Errorf("%s: stored derived part differs from the document's:\n got %s\nwant %s", v.Ref, stored, want)
		}
	}

	plain, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for i, v := range derivedFixture(t, plain) {
		if v.Ref != visits[i].Ref {
			t.Fatalf("the plain store's visit %d is %s, not %s", i, v.Ref, visits[i].Ref)
		}
		if _, _, ok := derivedOf(t, plain, v.Ref); ok {
			t.Fatalf("%s has a derived part in a store opened without Derivation", v.Ref)
		}
	}
	opt := exportOpts(alice, FormatJSONL, t0)
	withStored := exportBytes(t, s, opt)
	// The trails' hashes differ, and only they: each entry seals the
	// record it leaves, which in s includes the derived part, and hashes
	// the one before.
	anyHead := func(b []byte) []byte {
		b = regexp.MustCompile(`,"derived":"[0-9a-f]{64}"`).ReplaceAll(b, nil)
		return regexp.MustCompile(`"(head|hash|prev)":"[0-9a-f]{64}"`).ReplaceAll(b, []byte(`"$1":"…"`))
	}
	if afresh := exportBytes(t, plain, opt); !bytes.Equal(anyHead(withStored), anyHead(afresh)) {
		t.Errorf("the export using the stored parts differs from the one deriving them:\n got %s\nwant %s", withStored, afresh)
	}
	if n := validateJSONL(t, withStored); n != len(visits) {
		t.Errorf("%d visit lines, want %d", n, len(visits))
	}
}

// TestStoredDerivedNotUsedForAnotherDocument: a derived part names the
// document it came from; one that does not match the document (left by
// a save where the store was opened without Derivation, as beside a
// document an import writes, or made by a build deriving differently) is
// passed over and the part derived afresh.
func TestStoredDerivedNotUsedForAnotherDocument(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	v := personalVisit(t, s, t0.Add(48*time.Hour))
	_, stored, ok := derivedOf(t, s, v.Ref)
	if !ok {
		t.Fatal("no derived export part stored")
	}
	s.Close()

	// Another document under the same reference, saved by a store that
	// keeps no part: the one stored is of the document before.
	reopen := func(o store.Options) *store.Store {
		s, err := store.OpenWith(dir, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	followUp := func(s *store.Store, text string, at time.Time) {
		cur := mustVisit(t, s, v.Ref)
		if _, err := cur.RecordFollowUp("HMRC", text, alice, at); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveVisit(ctx, cur, domain.Change{Action: "follow-up", Actor: alice.StaffNo, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	s = reopen(store.Options{})
	followUp(s, "a follow-up the stored part never saw", t0.Add(120*time.Hour))
	if _, _, ok := derivedOf(t, s, v.Ref); ok {
		t.Fatal("a derived part made from another document was used")
	}
	line := lastLine(exportBytes(t, s, exportOpts(alice, FormatJSONL, t0)))
	if !strings.Contains(line, `"facts":[`) || !strings.Contains(line, "HMRC: a follow-up the stored part never saw") ||
		strings.Contains(line, `"debrief_sections":`+string(stored[len(`,"debrief_sections":`):])) {
		t.Errorf("the line does not carry sections derived from the document it holds:\n%s", line)
	}
	s.Close()

	// A part of the document as it is, from a build deriving another way.
	other := store.Derivation{Version: derivedVersion + 1, Part: func(*domain.Visit, []byte) []byte {
		return []byte(`,"debrief_sections":[],"planning_summary":{}`)
	}}
	s = reopen(store.Options{Derive: other})
	followUp(s, "and another", t0.Add(121*time.Hour))
	if _, _, ok := derivedOf(t, s, v.Ref); ok {
		t.Fatal("a derived part of another derivation version was used")
	}
	if line := lastLine(exportBytes(t, s, exportOpts(alice, FormatJSONL, t0))); strings.Contains(line, `"debrief_sections":[]`) {
		t.Errorf("the export used a part of another derivation version:\n%s", line)
	}
}

// TestDerivedVersion holds derivedVersion to what the derivation makes of
// the fixture visits (testdata/export/derived.golden): a change to the
// debrief sections, the planning summary or their encoding must come with
// a new derivedVersion, or stores would go on exporting parts derived the
// old way. -update rewrites the golden file only once the version is new.
func TestDerivedVersion(t *testing.T) {
	s, _ := openStore(t)
	var got strings.Builder
	fmt.Fprintf(&got, "derivedVersion %d\n", derivedVersion)
	for _, v := range []*domain.Visit{figure7Visit(t, s), personalVisit(t, s, t0.Add(48*time.Hour))} {
		_, d, ok := derivedOf(t, s, v.Ref)
		if !ok {
			t.Fatalf("%s has no derived export part", v.Ref)
		}
		fmt.Fprintf(&got, "%s\n", d)
	}
	path := filepath.Join("..", "..", "testdata", "export", "derived.golden")
	want, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatalf("%v (run go test ./store/exchange -run %s -update to create it)", err, t.Name())
	}
	if string(want) == got.String() {
		return
	}
	wantVersion, _, _ := strings.Cut(string(want), "\n")
	gotVersion, _, _ := strings.Cut(got.String(), "\n")
	if len(want) > 0 && wantVersion == gotVersion {
		t.Fatalf("the derived export parts changed but derivedVersion is still %d: raise it in store/exchange/derived.go, "+
			"then run go test ./store/exchange -run %s -update and read the diff\n--- want\n%s\n--- got\n%s", derivedVersion, t.Name(), want, got.String())
	}
	if !*update {
		t.Fatalf("%s is for %s, this build has %s: run go test ./store/exchange -run %s -update and read the diff", path, wantVersion, gotVersion, t.Name())
	}
	if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lastLine is an export's last line, the visit of a one-visit export.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	return lines[len(lines)-1]
}
