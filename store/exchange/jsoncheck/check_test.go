package jsoncheck

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// fuzzSchema is sampleSchema with text rules at two places (one beside
// minLength, one on an array's items), so strings with escapes are
// decoded for a rule as the export's prose is.
func fuzzSchema(t testing.TB) *Schema {
	t.Helper()
	noX := func(b []byte) error {
		if bytes.IndexByte(b, 'x') >= 0 {
			return fmt.Errorf("holds an x")
		}
		return nil
	}
	s, err := CompileWith([]byte(sampleSchema), "#/$defs/thing", "the test schema", map[string]TextRule{
		"#/$defs/thing/properties/name":       noX,
		"#/$defs/thing/properties/tags/items": noX,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seasoned is one Checker for every input of the fuzz test, so what it
// learns from one line (each object's key order) meets the next.
var seasoned = struct {
	sync.Mutex
	c *Checker
}{c: NewChecker()}

// FuzzCheckIsParseValidate holds the one-pass check to reading the value
// first and validating it: the same syntax error, word for word (but for a
// key twice in one object, which the check sees before it reads the
// value, and Parse after), or the same verdict of the schema; a checker
// that has read other lines before says the same as a fresh one.
func FuzzCheckIsParseValidate(f *testing.F) {
	const good = `{"id":"ABC-0001","kind":"a","mixed":1,"fixed":3,"when":"2026-03-02T09:00:00Z","day":"2026-03-02","name":"Jo",` +
		`"count":10,"ratio":0.5,"tags":["y","z"],"either":"","one":25.5,"child":{"child":{"n":1}},"maybe":null}`
	for _, s := range []string{
		good,
		`{"id":"ABC-0001","when":"2026-03-02T09:00:00+01:00","tags":["a\n\u0062"]}`,
		`{"tags":["a"],"when":"2026-03-02T09:00:00Z","id":"ABC-0001","name":"J\u00e9 \"x\""}`,
		strings.Replace(good, `"Jo"`, `"J\u006f\\"`, 1),
		strings.Replace(good, `"id":"ABC-0001",`, `"id":"ABC-0001","id":"ABC-0002",`, 1),
		strings.Replace(good, `{"n":1}`, `{"n":1,"n":2}`, 1),
		strings.Replace(good, `"either":""`, `"either":{"a":[1,{"b":"\u00e9"}],"a":2}`, 1),
		`{"id":"ABC-0001","kind":"a","kind":"b"}`, `{"i\u0064":"ABC-0001"}`, `{"extra":[1,2,{"x":"é"}]}`,
		"{\"name\":\"\xff\"}", "{\"name\":\"a\tb\"}", `{"name":"\ud83d\ude00"}`, `[{"a":1},"s",-0.5e3,true,null]`,
	} {
		f.Add([]byte(s))
	}
	s := fuzzSchema(f)
	f.Fuzz(func(t *testing.T, b []byte) { checkLikeParse(t, s, b) })
}

// checkLikeParse holds Checker.Check of b to Parse and Validate, a fresh
// checker and a seasoned one.
func checkLikeParse(t *testing.T, s *Schema, b []byte) {
	t.Helper()
	want := ""
	v, _, err := s.Parse(b)
	if err != nil {
		want = err.Error()
	}
	got := NewChecker().Check(s, b)
	seasoned.Lock()
	again := seasoned.c.Check(s, b)
	seasoned.Unlock()
	if again != got {
		t.Errorf("%q: a seasoned checker says %q, a fresh one %q", b, again, got)
	}
	switch {
	case err != nil:
		if got != want && !(strings.HasPrefix(got, "not valid JSON") && strings.Contains(got, "appears twice in one object")) {
			t.Errorf("%q: Parse says %q, the check %q", b, want, got)
		}
	case (s.Validate(v) == "") != (got == ""):
		t.Errorf("%q: Validate says %q, the check %q", b, s.Validate(v), got)
	case got != "" && !strings.HasPrefix(got, "does not match the test schema: "):
		t.Errorf("%q: the check reads what Parse reads, yet says %q", b, got)
	}
}

// TestStringsAcrossWords: strings are read eight bytes at a time. A byte
// that ends a plain run (the closing quote, an escape, a control
// character, a multi-byte character, a byte that is not UTF-8) at every
// place of strings up to three words long, as a key, as a plain string,
// as a string with a rule, and at the line's end, is read as Parse reads
// it.
func TestStringsAcrossWords(t *testing.T) {
	s := fuzzSchema(t)
	for n := 0; n <= 26; n++ {
		for at := 0; at <= n; at++ {
			for _, special := range []string{`"`, `\n`, `\u00e9`, `\"`, "\x01", "\x7f", "é", "\xff", "\xe2\x82", `\`, `\q`, `\u12`} {
				body := strings.Repeat("a", at) + special + strings.Repeat("b", n-at)
				for _, line := range []string{
					`{"maybe":"` + body + `"}`, `{"name":"` + body + `","tags":["` + body + `"]}`,
					`{"` + body + `":1}`, `"` + body + `"`, `"` + body, `["` + body,
				} {
					checkLikeParse(t, s, []byte(line))
				}
			}
		}
	}
}
