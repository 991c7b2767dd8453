package exchange

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// Every line oic writes is read the quick way, and gives exactly what
// the long way gives: the visit's summary, its audit member, each
// entry's JSON as the store keeps it, and the document's seal.
func TestImportReadsOicLinesTheQuickWay(t *testing.T) {
	laptop, _, visits := twoStores(t)
	lines := exportLines(t, laptop, t.TempDir())
	schemas, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	sc := jsoncheck.NewChecker()
	n := 0
	// A visit with unverified marks has them after its trail.
	marked := strings.TrimSuffix(lines[1], "}}\n") + `,"unverified":["no history","unsigned"]}}`
	for _, l := range append(lines[1:], marked) {
		line := []byte(strings.TrimSuffix(l, "\n"))
		if len(line) == 0 {
			continue
		}
		if msg := sc.Check(schemas.visit, line); msg != "" {
			t.Fatal(msg)
		}
		top := sc.Members()
		end := docEnd(top)
		copied := bytes.Clone(line)
		q, ok := readQuick(copied, end, top)
		if !ok {
			t.Fatalf("a line oic wrote is not read the quick way: %.200s", line)
		}
		if !bytes.Equal(copied, line) {
			t.Fatal("the quick reading changed the line")
		}
		v, audit, err := visitHead(headOf(nil, line, top))
		if err != nil {
			t.Fatal(err)
		}
		enc, msg := trailProblem(v.Ref, line, end, audit)
		if msg != "" {
			t.Fatal(msg)
		}
		if q.visit.Summary() != v.Summary() || q.visit.Version != v.Version {
			t.Errorf("%s: summary %+v, the long way %+v", v.Ref, q.visit.Summary(), v.Summary())
		}
		if q.audit.Entries != audit.Entries || q.audit.Head != audit.Head || !reflect.DeepEqual(q.audit.Unverified, audit.Unverified) {
			t.Errorf("%s: audit %d %s %v, the long way %d %s %v", v.Ref, q.audit.Entries, q.audit.Head, q.audit.Unverified, audit.Entries, audit.Head, audit.Unverified)
		}
		last := len(audit.Trail) - 1
		for i, e := range audit.Trail {
			got := q.audit.Trail[i]
			if i == last {
				if !reflect.DeepEqual(got, e) {
					t.Errorf("%s: last entry %+v, the long way %+v", v.Ref, got, e)
				}
			} else if got.Ref != e.Ref || got.Seq != e.Seq || got.Prev != e.Prev || got.Hash != e.Hash || got.Record != e.Record || got.Derived != e.Derived {
				t.Errorf("%s: entry %d %+v, the long way %+v", v.Ref, i+1, got, e)
			}
			if !bytes.Equal(q.entries[i], enc[i]) {
				t.Errorf("%s: entry %d kept as\n%s\nthe long way\n%s", v.Ref, i+1, q.entries[i], enc[i])
			}
		}
		if q.docHash != audit.Trail[last].Record {
			t.Errorf("%s: document hash %s, sealed %s", v.Ref, q.docHash, audit.Trail[last].Record)
		}
		n++
	}
	if n != len(visits)+1 {
		t.Fatalf("%d lines read, %d visits exported", n, len(visits))
	}
}

// A line whose trail is laid out otherwise than oic writes it (here, a
// space after each entry's number) goes the long way, which decodes its
// entries and verifies them as oic encodes them: it imports, and its
// trail is kept as oic encodes it.
func TestImportReadsOtherLayoutsTheLongWay(t *testing.T) {
	laptop, central, visits := twoStores(t)
	dir := t.TempDir()
	lines := exportLines(t, laptop, dir)
	spaced := strings.ReplaceAll(lines[1], `,"seq":`, `,"seq": `)
	if spaced == lines[1] {
		t.Fatal("the test changed nothing")
	}
	schemas, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	sc := jsoncheck.NewChecker()
	line := []byte(strings.TrimSuffix(spaced, "\n"))
	if msg := sc.Check(schemas.visit, line); msg != "" {
		t.Fatal(msg)
	}
	if _, ok := readQuick(line, docEnd(sc.Members()), sc.Members()); ok {
		t.Fatal("a trail laid out otherwise was read the quick way")
	}
	path := filepath.Join(dir, "spaced.jsonl")
	writeExport(t, path, []byte(lines[0]+spaced+strings.Join(lines[2:], "")))
	res, err := ImportFile(context.Background(), central, path, importOpts(t0.Add(300*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != len(visits) {
		t.Fatalf("%d added, want %d", res.Added, len(visits))
	}
	for _, v := range visits {
		here, err := central.Audit(context.Background(), v.Ref)
		if err != nil {
			t.Fatal(err)
		}
		there, err := laptop.Audit(context.Background(), v.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(here, there) {
			t.Errorf("%s: the trail imported differs from the one exported", v.Ref)
		}
		if err := domain.VerifyChain(here); err != nil {
			t.Errorf("%s: %v", v.Ref, err)
		}
	}
}

// Whatever a line holds, the quick way takes it only where the long way
// takes it too, and then gives what the long way gives: a change the
// quick way misses would be a record taken unchecked.
func FuzzReadQuickAgreesWithTheLongWay(f *testing.F) {
	laptop, _ := openStore(f)
	start := t0.Add(48 * time.Hour)
	closedVisit(f, laptop, start, start.Add(3*time.Hour))
	personalVisit(f, laptop, start.Add(24*time.Hour))
	path := exportTo(f, laptop, f.TempDir(), "seed.jsonl", exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range strings.Split(string(good), "\n")[1:] {
		if l != "" {
			f.Add([]byte(l))
			f.Add([]byte(strings.TrimSuffix(l, "}}") + `,"unverified":["unsigned"]}}`))
		}
	}
	schemas, err := lineSchemas()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line []byte) { quickAgrees(t, schemas, line) })
}

// Every one of thousands of lines oic wrote, each with one byte changed
// (FuzzReadQuickAgreesWithTheLongWay's property, on inputs a fuzzer
// reaches only slowly at 50 KB a line).
func TestReadQuickAgreesWithTheLongWayOnChangedLines(t *testing.T) {
	laptop, _, _ := twoStores(t)
	lines := exportLines(t, laptop, t.TempDir())
	schemas, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	bytesTried := []byte{'0', '1', '9', 'a', 'f', '"', ',', '}', ']', ' ', 'Z', '+', ':', '\\'}
	quick := 0
	for _, l := range lines[1:] {
		base := []byte(strings.TrimSuffix(l, "\n"))
		if len(base) == 0 {
			continue
		}
		if quickAgrees(t, schemas, base) {
			quick++
		}
		for range 1500 {
			line := bytes.Clone(base)
			line[r.IntN(len(line))] = bytesTried[r.IntN(len(bytesTried))]
			quickAgrees(t, schemas, line)
		}
	}
	if quick != len(lines)-2 {
		t.Fatalf("%d lines of %d read the quick way", quick, len(lines)-2)
	}
}

// quickAgrees checks line both ways: whatever the quick way takes, the
// long way takes too and reads alike. It says whether the quick way took
// it.
func quickAgrees(t *testing.T, schemas exportSchemas, line []byte) bool {
	t.Helper()
	sc := jsoncheck.NewChecker()
	if sc.Check(schemas.visit, line) != "" {
		return false
	}
	top := sc.Members()
	end := docEnd(top)
	q, ok := readQuick(bytes.Clone(line), end, top)
	if !ok {
		return false
	}
	v, audit, err := visitHead(headOf(nil, line, top))
	if err != nil {
		t.Fatalf("taken the quick way, refused the long way: %v", err)
	}
	enc, msg := trailProblem(v.Ref, line, end, audit)
	if msg != "" {
		t.Fatalf("taken the quick way, refused the long way: %s", msg)
	}
	if q.visit.Summary() != v.Summary() || q.audit.Head != audit.Head || q.audit.Entries != audit.Entries ||
		!reflect.DeepEqual(q.audit.Unverified, audit.Unverified) || len(q.entries) != len(enc) {
		t.Fatal("the two ways read the line differently")
	}
	for i := range enc {
		if !bytes.Equal(q.entries[i], enc[i]) {
			t.Fatalf("entry %d: the two ways keep it differently", i+1)
		}
	}
	return true
}
