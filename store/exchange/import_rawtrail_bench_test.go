package exchange

import (
	"testing"

	segjson "github.com/segmentio/encoding/json"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// BenchmarkImportRealLine reads real lines (realLinesEnv) the quick way
// and the long way (what the long way decodes for the measures included).
func BenchmarkImportRealLine(b *testing.B) {
	version, lines := realLines(b, 200)
	schemas, err := lineSchemasOf(version)
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
	// The document decoded as the long way does, and in its own memory,
	// as readQuick does.
	for _, d := range []struct {
		name  string
		flags segjson.ParseFlags
	}{{"doc", 0}, {"doc-in-place", segjson.ZeroCopy}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for i, l := range lines {
					doc := append(l[:cs[i].end:cs[i].end], '}')
					if _, err := segjson.Parse(doc, new(domain.Visit), d.flags); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
