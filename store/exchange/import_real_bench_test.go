package exchange

import (
	"bufio"
	"bytes"
	"os"
	"testing"

	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// realLines are up to n visit lines of the export OIC_BENCH_EXPORT names
// (a demo's export), or the benchmark is skipped.
func realLines(b *testing.B, n int) [][]byte {
	path := os.Getenv("OIC_BENCH_EXPORT")
	if path == "" {
		b.Skip("OIC_BENCH_EXPORT names no export")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	r.ReadBytes('\n')
	var out [][]byte
	for len(out) < n {
		l, err := r.ReadBytes('\n')
		if err != nil {
			break
		}
		out = append(out, bytes.TrimSuffix(l, []byte("\n")))
	}
	return out
}

// BenchmarkImportRealLine reads real lines the quick way and the long way
// (what the long way decodes for the measures included).
func BenchmarkImportRealLine(b *testing.B) {
	lines := realLines(b, 200)
	schemas, err := lineSchemasOf(2)
	if err != nil {
		b.Fatal(err)
	}
	sc := jsoncheck.NewChecker()
	type checked struct {
		top []jsoncheck.Member
		end int
	}
	var cs []checked
	size := 0
	for _, l := range lines {
		if msg := sc.Check(schemas.visit, l); msg != "" {
			b.Fatal(msg)
		}
		top := append([]jsoncheck.Member(nil), sc.Members()...)
		cs = append(cs, checked{top, docEnd(top)})
		size += len(l)
	}
	b.Run("check", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, l := range lines {
				sc.Check(schemas.visit, l)
			}
		}
	})
	b.Run("quick", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for i, l := range lines {
				if _, ok := readQuick(l, cs[i].end, cs[i].top); !ok {
					b.Fatal("not quick")
				}
			}
		}
	})
	b.Run("long", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		var head []byte
		for b.Loop() {
			for i, l := range lines {
				head = headOf(head, l, cs[i].top)
				v, audit, err := visitHead(head)
				if err != nil {
					b.Fatal(err)
				}
				if _, msg := trailProblem(v.Ref, l, cs[i].end, audit); msg != "" {
					b.Fatal(msg)
				}
				doc := append(l[:cs[i].end:cs[i].end], '}')
				if err := segjson.Unmarshal(doc, new(domain.Visit)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("doc", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for i, l := range lines {
				doc := append(l[:cs[i].end:cs[i].end], '}')
				if err := segjson.Unmarshal(doc, new(domain.Visit)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
