package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

// derivedOf reads v's document as the store holds it (its JSON), the derived part
// stored with it, and whether that part is one this build uses.
func derivedOf(t testing.TB, s *Store, ref domain.Ref) ([]byte, []byte, bool) {
	t.Helper()
	var doc, rec []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(visitKey(ref))
		if err != nil {
			return err
		}
		if doc, err = itemDoc(item, nil); err != nil {
			return err
		}
		if item, err = txn.Get(derivedKey(ref)); err == badger.ErrKeyNotFound {
			return nil
		} else if err != nil {
			return err
		}
		rec, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d, ok := derivedPart(rec, derivedVersion, doc)
	return doc, d, ok
}

// TestStoredDerivedIsDerived: a closed visit saved through the store
// carries the derived part of its export line, the same bytes the export
// derives from the document itself, and an export that uses them is the
// export that derives everything afresh, byte for byte.
func TestStoredDerivedIsDerived(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	visits := []*domain.Visit{figure7Visit(t, s), personalVisit(t, s, t0.Add(48*time.Hour)), personalVisit(t, s, t0.Add(96*time.Hour))}
	// The second personal visit is followed up again and assured: each a
	// save, each a new document and a new derived part.
	v := visits[2]
	if _, err := v.RecordFollowUp("HSE", "unsafe wiring in the kitchen reported", alice, t0.Add(120*time.Hour)); err != nil {
		t.Fatal(err)
	}
	v, err := s.SaveVisit(ctx, v, domain.Change{Action: "follow-up", Actor: alice.StaffNo, At: t0.Add(120 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	visits[2] = v
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
	checkStore(t, s)

	opt := exportOpts(alice, FormatJSONL, t0)
	withStored := exportBytes(t, s, opt)
	if err := s.db.Update(func(txn *badger.Txn) error {
		for _, v := range visits {
			if err := txn.Delete(derivedKey(v.Ref)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if afresh := exportBytes(t, s, opt); !bytes.Equal(withStored, afresh) {
		t.Errorf("the export using the stored parts differs from the one deriving them:\n got %s\nwant %s", withStored, afresh)
	}
	if n := validateJSONL(t, withStored); n != len(visits) {
		t.Errorf("%d visit lines, want %d", n, len(visits))
	}
}

// TestStoredDerivedNotUsedForAnotherDocument: a derived part names the
// document it came from; one that does not match the document (written by
// an import, by hand, or by a build deriving differently) is passed over
// and the part derived afresh.
func TestStoredDerivedNotUsedForAnotherDocument(t *testing.T) {
	s, _ := openStore(t)
	v := personalVisit(t, s, t0.Add(48*time.Hour))
	doc, stored, ok := derivedOf(t, s, v.Ref)
	if !ok {
		t.Fatal("no derived export part stored")
	}
	// Another document under the same reference, its debrief changed,
	// written straight to Badger as an import writes a document.
	other := v.Clone()
	other.Debrief.Summary = "a summary the stored part never saw"
	otherDoc, err := json.Marshal(other)
	if err != nil {
		t.Fatal(err)
	}
	putRaw(t, s, visitKey(v.Ref), otherDoc)
	if _, _, ok := derivedOf(t, s, v.Ref); ok {
		t.Fatal("a derived part made from another document was used")
	}
	line := lastLine(exportBytes(t, s, exportOpts(alice, FormatJSONL, t0)))
	if !strings.Contains(line, "a summary the stored part never saw") || strings.Contains(line, `"debrief_sections":`+string(stored[len(`,"debrief_sections":`):])) {
		t.Errorf("the line does not carry sections derived from the document it holds:\n%s", line)
	}

	// The same document, but a part from a build deriving another way.
	putRaw(t, s, visitKey(v.Ref), doc)
	rec := binary.AppendUvarint(nil, derivedVersion+1)
	rec = binary.AppendUvarint(rec, uint64(len(doc)))
	rec = binary.BigEndian.AppendUint32(rec, crc32.Checksum(doc, crcTable))
	rec = append(rec, `,"debrief_sections":[],"planning_summary":{}`...)
	putRaw(t, s, derivedKey(v.Ref), rec)
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
	path := filepath.Join("..", "testdata", "export", "derived.golden")
	want, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatalf("%v (run go test ./store -run %s -update to create it)", err, t.Name())
	}
	if string(want) == got.String() {
		return
	}
	wantVersion, _, _ := strings.Cut(string(want), "\n")
	gotVersion, _, _ := strings.Cut(got.String(), "\n")
	if len(want) > 0 && wantVersion == gotVersion {
		t.Fatalf("the derived export parts changed but derivedVersion is still %d: raise it in store/derived.go, "+
			"then run go test ./store -run %s -update and read the diff\n--- want\n%s\n--- got\n%s", derivedVersion, t.Name(), want, got.String())
	}
	if !*update {
		t.Fatalf("%s is for %s, this build has %s: run go test ./store -run %s -update and read the diff", path, wantVersion, gotVersion, t.Name())
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
