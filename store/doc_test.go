package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"oic/domain"
)

func TestDocEncoding(t *testing.T) {
	doc := []byte(`{"ref":"SLN-2026-0001","version":3,"debrief":{"summary":"` + strings.Repeat("two illegal workers found; ", 40) + `"}}`)
	stored := encodeDoc(doc)
	if stored[0] != docS2 || len(stored) >= len(doc) {
		t.Fatalf("stored form: first byte %#x, %d bytes for a %d-byte document", stored[0], len(stored), len(doc))
	}
	if cap(stored) != len(stored) {
		t.Errorf("the stored form holds on to %d bytes more than it needs", cap(stored)-len(stored))
	}
	for _, dst := range [][]byte{nil, make([]byte, 0, 8), make([]byte, 0, 1<<16)} {
		got, err := decodeDoc(dst, stored)
		if err != nil || !bytes.Equal(got, doc) {
			t.Fatalf("decodeDoc(cap %d) = %q, %v", cap(dst), got, err)
		}
	}

	// A store from before SchemaVersion 2 holds plain JSON: read as it is,
	// into the caller's memory, never Badger's.
	got, err := decodeDoc(nil, doc)
	if err != nil || !bytes.Equal(got, doc) || &got[0] == &doc[0] {
		t.Fatalf("a plain document: %q, %v (aliases the stored bytes: %v)", got, err, err == nil && &got[0] == &doc[0])
	}

	for name, bad := range map[string][]byte{
		"empty":     nil,
		"truncated": stored[:len(stored)/2],
		"huge":      append(append([]byte{docS2}, 0xff, 0xff, 0xff, 0xff, 0x0f), stored[1:]...),
		"corrupt":   append(append([]byte{docS2}, stored[1:4]...), bytes.Repeat([]byte{0xff}, 40)...),
		"unknown":   append([]byte{0x7f}, stored[1:]...),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got, err := decodeDoc(nil, bad)
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Errorf("%s: decoding allocated %d MB", name, grew>>20)
		}
		if err == nil {
			t.Errorf("%s: decoded to %q, want an error", name, got)
		} else if !strings.Contains(err.Error(), "stored document") {
			t.Errorf("%s: %v does not say what is wrong", name, err)
		}
	}
}

// A store written before documents were compressed opens, is marked as
// this build's, and reads (as a visit, and as a document with its
// derived part for the export) and saves its plain documents.
func TestVersionOneStoreIsRaised(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	v := closedVisit(t, s, t0.Add(48*time.Hour), t0.Add(72*time.Hour))
	doc, want, ok := derivedOf(t, s, v.Ref)
	if !ok {
		t.Fatal("the closed visit has no derived part")
	}
	// As version 1 wrote it: the document plain, the store marked 1.
	putRaw(t, s, visitKey(v.Ref), doc)
	putRaw(t, s, keySchema, binary.BigEndian.AppendUint64(nil, 1))
	s.Close()

	s, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := storedDoc(t, s, v.Ref); got[0] != '{' {
		t.Errorf("opening rewrote the document (first byte %#x)", got[0])
	}
	if got := mustVisit(t, s, v.Ref); !reflect.DeepEqual(got, v) {
		t.Errorf("the plain document reads as\n%+v\nwant\n%+v", got, v)
	}
	if got, part, ok := derivedOf(t, s, v.Ref); !bytes.Equal(got, doc) || !ok || !bytes.Equal(part, want) {
		t.Errorf("a reader of the plain document gets\n%s\nand part %q (%v); want\n%s\nand %q", got, part, ok, doc, want)
	}
	checkStore(t, s)
	s.Close()
	if got := dump(t, dir)["m/schema"]; got != string(binary.BigEndian.AppendUint64(nil, SchemaVersion)) {
		t.Fatalf("m/schema = %x after opening a version 1 store, want %d", got, SchemaVersion)
	}

	// Its next save stores the document compressed.
	s, err = OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cur := mustVisit(t, s, v.Ref)
	if _, err := cur.RecordFollowUp("HSE", "unsafe wiring in the kitchen reported", alice, t0.Add(120*time.Hour)); err != nil {
		t.Fatal(err)
	}
	saved, err := s.SaveVisit(ctx, cur, domain.Change{Action: "follow-up", Actor: alice.StaffNo, At: t0.Add(120 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if got := storedDoc(t, s, v.Ref); got[0] != docS2 {
		t.Errorf("a save stored the document with first byte %#x, want %#x", got[0], docS2)
	}
	var plain domain.Visit
	if err := json.Unmarshal(mustDoc(t, s, v.Ref), &plain); err != nil || plain.Version != saved.Version {
		t.Errorf("the saved document decodes to version %d (%v), want %d", plain.Version, err, saved.Version)
	}
	checkStore(t, s)
}

// storedDoc is ref's document as Badger holds it.
func storedDoc(t testing.TB, s *Store, ref domain.Ref) []byte {
	t.Helper()
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(visitKey(ref))
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// mustDoc is ref's document's JSON.
func mustDoc(t testing.TB, s *Store, ref domain.Ref) []byte {
	t.Helper()
	doc, err := decodeDoc(nil, storedDoc(t, s, ref))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
