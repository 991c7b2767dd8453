package exchange

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"oic/store/exchange/jsoncheck"
)

// realLinesEnv names a JSON Lines export (the demo's, say) whose first
// lines BenchmarkCheckRealLines checks: the generated visits of the other
// benchmarks are smaller and plainer than a year of demo visits, whose
// audit trails are most of each line.
const realLinesEnv = "OIC_IMPORT_LINES"

// realLines is the provenance's schema version and up to n visit lines
// of the export realLinesEnv names.
func realLines(b *testing.B, n int) (int, [][]byte) {
	b.Helper()
	path := os.Getenv(realLinesEnv)
	if path == "" {
		b.Skip("set " + realLinesEnv + " to a JSON Lines export to check its first lines")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	if !sc.Scan() {
		b.Fatalf("%s: no provenance line: %v", path, sc.Err())
	}
	var head struct {
		Provenance struct {
			SchemaVersion int `json:"schema_version"`
		} `json:"provenance"`
	}
	if err := json.Unmarshal(sc.Bytes(), &head); err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	for len(lines) < n && sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return head.Provenance.SchemaVersion, lines
}

// BenchmarkCheckRealLines is the schema's one-pass check of the first 300
// visit lines of a real export, as the import runs it on each line.
func BenchmarkCheckRealLines(b *testing.B) {
	version, lines := realLines(b, 300)
	schemas, err := lineSchemasOf(version)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	sc := jsoncheck.NewChecker()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			if msg := sc.Check(schemas.visit, l); msg != "" {
				b.Fatal(msg)
			}
		}
	}
}
