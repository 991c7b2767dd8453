package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/jsoncheck"
)

// The export and import benchmarks share a store of closedN closed
// visits: one visit built, visited, debriefed and closed through the
// domain, cloned with new references, premises, teams and dates (every
// time in it moved by the same amount), each with a twelve-entry audit
// trail. OIC_EXPORT_BENCH_DIR keeps the store between runs (built there
// on first use), and is what oic export is timed on from the command
// line. The 100k benchmarks need it set: the store is 2 GB, too big to
// build and drop on every run.
const closedN = 100_000

var closedBench struct {
	once sync.Once
	dir  string
	err  error
}

func closedBenchDir(b *testing.B) string {
	b.Helper()
	closedBench.dir = os.Getenv("OIC_EXPORT_BENCH_DIR")
	if closedBench.dir == "" {
		b.Skip("set OIC_EXPORT_BENCH_DIR to a folder for the store of 100,000 closed visits (built there on first use, then kept)")
	}
	closedBench.once.Do(func() {
		s, err := store.OpenWith(closedBench.dir, store.Options{Derive: Derivation()})
		if err != nil {
			closedBench.err = err
			return
		}
		defer s.Close()
		if n, err := s.CountVisits(context.Background()); err != nil || n >= closedN {
			closedBench.err = err
			return
		}
		began := time.Now()
		closedBench.err = loadClosed(b, s, closedN)
		b.Logf("built %d closed visits in %s, in %s", closedN, time.Since(began).Round(time.Millisecond), closedBench.dir)
	})
	if closedBench.err != nil {
		b.Fatal(closedBench.err)
	}
	return closedBench.dir
}

// loadClosed fills an empty store with n closed visits (with the derived
// parts of their export lines if s was opened with Derivation).
func loadClosed(tb testing.TB, s *store.Store, n int) error {
	tmp, err := store.Open(tb.TempDir())
	if err != nil {
		return err
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	proto := personalVisit(tb, tmp, start)
	tmp.Close()
	if err := s.SaveOfficer(context.Background(), alice, domain.ProfileChange(nil, alice, alice, alice.UpdatedAt)); err != nil {
		return err
	}
	bw, err := s.NewBulkWriter(context.Background())
	if err != nil {
		return err
	}
	states := []domain.State{domain.Assured, domain.Assured, domain.Assured, domain.FollowUp, domain.Closed}
	first := time.Date(2010, 1, 4, 6, 0, 0, 0, time.UTC)
	span := start.Sub(first)
	for i := range n {
		v := cloneVisit(proto)
		at := first.Add(time.Duration(int64(span) / int64(n) * int64(i))).Truncate(time.Minute)
		shiftTimes(reflect.ValueOf(v).Elem(), at.Sub(start))
		team := teams[i%len(teams)]
		v.Basics.Team = team
		v.Basics.Premises.Name = fmt.Sprintf("Premises %d", i)
		v.Basics.Premises.Postcode = postcodes[i%len(postcodes)]
		v.Ref = domain.FormatRef(team, at.Year(), uint32(i+1))
		v.State = states[i%len(states)]
		v.Version = 12
		changes := make([]domain.Change, v.Version)
		for j := range changes {
			changes[j] = domain.Change{Action: fmt.Sprintf("step %d", j+1), Actor: alice.StaffNo, ActorName: alice.Name, At: at.Add(time.Duration(j) * time.Minute),
				Fields: []domain.FieldChange{{Field: "debrief.summary", New: strings.Repeat("a long note of what happened ", 20)}}}
		}
		if err := bw.AddVisit(v, changes); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func cloneVisit(v *domain.Visit) *domain.Visit {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	out := new(domain.Visit)
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
	return out
}

// shiftTimes moves every time in v by d.
func shiftTimes(v reflect.Value, d time.Duration) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			shiftTimes(v.Elem(), d)
		}
	case reflect.Slice:
		for i := range v.Len() {
			shiftTimes(v.Index(i), d)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if t := v.Interface().(time.Time); !t.IsZero() {
				v.Set(reflect.ValueOf(t.Add(d)))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				shiftTimes(v.Field(i), d)
			}
		}
	}
}

// BenchmarkExport100k exports every closed visit of the 100k store to a
// file, as oic export does.
func BenchmarkExport100k(b *testing.B) {
	dir := closedBenchDir(b)
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, f := range ExportFormats {
		b.Run(string(f), func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "out."+string(f))
			b.ReportAllocs()
			for b.Loop() {
				res, err := ExportFile(context.Background(), s, out, exportOpts(alice, f, time.Now()))
				if err != nil {
					b.Fatal(err)
				}
				if res.Count != closedN {
					b.Fatalf("%d visits", res.Count)
				}
				b.ReportMetric(float64(res.Bytes)/1e6, "MB")
			}
		})
	}
}

// BenchmarkExportLine is one visit line made the export's way (the stored
// document as it is, the derived keys appended by hand) and the plain way
// (encoding/json of the same values). Decoding the stored document and
// working out the debrief sections, which both need, is outside the
// timing; BenchmarkExportVisit has the whole.
func BenchmarkExportLine(b *testing.B) {
	s, _ := openStore(b)
	v := personalVisit(b, s, t0.Add(48*time.Hour))
	doc, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	secs, ps := sectionsOf(v.DebriefSections()), planningOf(v)
	head := store.AuditHead{Seq: 12, Hash: strings.Repeat("ab", 32)}
	b.Run("oic", func(b *testing.B) {
		b.ReportAllocs()
		var buf, derived []byte
		for b.Loop() {
			derived = appendDerived(derived[:0], secs, ps)
			buf, err = appendVisitLine(buf[:0], doc, derived, lineAudit{head: head})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		var out []byte
		for b.Loop() {
			out, err = json.Marshal(visitLine{Visit: v, DebriefSections: secs, PlanningSummary: ps, Audit: exportAudit{Entries: 12, Head: head.Hash}})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(out)))
	})
}

// BenchmarkExportVisit is the whole of one visit's line from its stored
// document: decode, debrief sections, planning summary, line.
func BenchmarkExportVisit(b *testing.B) {
	s, _ := openStore(b)
	v := personalVisit(b, s, t0.Add(48*time.Hour))
	doc, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	head := store.AuditHead{Seq: 12, Hash: strings.Repeat("ab", 32)}
	for _, f := range ExportFormats {
		b.Run(string(f), func(b *testing.B) {
			opt := exportOpts(alice, f, t0)
			r := newRenderer(&opt)
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				if buf, err = r.render(buf[:0], v.Ref, doc, lineAudit{head: head}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The same line the plain way: encoding/json reads the whole stored
	// visit and writes the line from the values.
	b.Run("jsonl-encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x domain.Visit
			if err := json.Unmarshal(doc, &x); err != nil {
				b.Fatal(err)
			}
			secs := sectionsOf(x.DebriefSections())
			line, err := json.Marshal(visitLine{Visit: &x, DebriefSections: secs, PlanningSummary: planningOf(&x),
				Audit: exportAudit{Entries: head.Seq, Head: head.Hash}})
			if err != nil {
				b.Fatal(err)
			}
			_ = append(line, '\n')
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x domain.Visit
			if err := decodeVisit(doc, &x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-for-export", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x domain.Visit
			if err := decodeForExport(doc, &x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x domain.Visit
			if err := json.Unmarshal(doc, &x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sections", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v.DebriefSections()
		}
	})
}

// BenchmarkExportStoredLine is one closed visit's line as the JSON Lines
// export makes it: straight from the store, its document and the derived
// part stored with it (storedLine), the reads from Badger included.
func BenchmarkExportStoredLine(b *testing.B) {
	s, _ := openStore(b)
	v := personalVisit(b, s, t0.Add(48*time.Hour))
	head := store.AuditHead{Seq: 12, Hash: strings.Repeat("ab", 32)}
	snap, err := s.Snapshot(1)
	if err != nil {
		b.Fatal(err)
	}
	defer snap.Close()
	rd := snap.Readers()[0]
	b.ReportAllocs()
	var buf, doc []byte
	for b.Loop() {
		var ok bool
		if doc, err = rd.Document(v.Ref, doc); err != nil {
			b.Fatal(err)
		}
		if buf, ok, err = storedLine(rd, v.Ref, doc, lineAudit{head: head}, buf[:0]); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkImport100k imports the 100k export into an empty store.
func BenchmarkImport100k(b *testing.B) {
	dir := closedBenchDir(b)
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "all.jsonl")
	if _, err := ExportFile(context.Background(), s, path, exportOpts(alice, FormatJSONL, time.Now())); err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		c, err := store.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := ImportFile(context.Background(), c, path, importOpts(time.Now()))
		if err != nil {
			b.Fatal(err)
		}
		if res.Added != closedN {
			b.Fatalf("%+v", res)
		}
		b.StopTimer()
		c.Close()
		b.StartTimer()
	}
}

// BenchmarkImportLine is the check of one visit line: JSON, schema,
// decoding, the store.
func BenchmarkImportLine(b *testing.B) {
	s, _ := openStore(b)
	v := personalVisit(b, s, t0.Add(48*time.Hour))
	line := lineFor(b, v)
	schemas, err := lineSchemas()
	if err != nil {
		b.Fatal(err)
	}
	central, _ := openStore(b)
	snap, err := central.Snapshot(1)
	if err != nil {
		b.Fatal(err)
	}
	defer snap.Close()
	rd := snap.Readers()[0]
	lc := &lineChecker{sc: jsoncheck.NewChecker()}
	sc := lc.sc
	b.Run("check", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, errs := checkLine(rd, lc, 2, line, schemas, lineHistory{schema: ExportSchemaVersion, cfg: domain.DefaultConfig()}); errs != nil {
				b.Fatal(errs)
			}
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := schemas.visit.Parse(line); err != nil {
				b.Fatal(err)
			}
		}
	})
	doc, _, _ := schemas.visit.Parse(line)
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if msg := schemas.visit.Validate(doc); msg != "" {
				b.Fatal(msg)
			}
		}
	})
	b.Run("stream", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if msg := sc.Check(schemas.visit, line); msg != "" {
				b.Fatal(msg)
			}
		}
	})
	sc.Check(schemas.visit, line)
	b.Run("head", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := visitHead(headOf(nil, line, sc.Members())); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("validate-jsonschema", func(b *testing.B) {
		_, general := schemaFromRepo(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := general.Validate(jsoncheck.Plain(doc)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var l visitLine
			if err := decodeLine(line, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	_ = io.Discard
}
