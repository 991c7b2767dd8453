package jsoncheck

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestCompileRefusesUnknownKeywords: a schema keyword the validator does
// not implement is an error when it compiles, never a constraint silently
// skipped.
func TestCompileRefusesUnknownKeywords(t *testing.T) {
	for _, kw := range []string{`"patternProperties": {}`, `"if": {}`, `"additionalProperties": true`, `"format": "email"`, `"$ref": "other.json"`} {
		doc := []byte(`{"$defs": {"x": {"type": "object", ` + kw + `}}}`)
		if _, err := Compile(doc, "#/$defs/x", "the test schema"); err == nil {
			t.Errorf("%s compiled", kw)
		}
	}
}

// sampleSchema uses every keyword the validator implements.
const sampleSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {
    "thing": {
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "when", "tags"],
      "properties": {
        "id": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
        "kind": {"enum": ["a", "b"]},
        "mixed": {"enum": ["x", 1, null]},
        "fixed": {"const": 3},
        "when": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "name": {"type": "string", "minLength": 2},
        "count": {"type": "integer", "minimum": 0, "maximum": 10},
        "ratio": {"type": "number", "minimum": 0.5},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3, "uniqueItems": true},
        "either": {"anyOf": [{"type": "boolean"}, {"const": ""}]},
        "one": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]},
        "child": {"$ref": "#/$defs/child"},
        "maybe": {"type": ["string", "null"]}
      }
    },
    "child": {"type": "object", "properties": {"child": {"$ref": "#/$defs/child"}, "n": {"type": "integer"}}}
  }
}`

// TestSchemaVerdicts: the tree check (Validate) and the streaming check
// (Checker) give the general validator's verdict on values that pass and
// values that break each keyword.
func TestSchemaVerdicts(t *testing.T) {
	mine, err := Compile([]byte(sampleSchema), "#/$defs/thing", "the test schema")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(sampleSchema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("sample.json", doc); err != nil {
		t.Fatal(err)
	}
	general, err := c.Compile("sample.json#/$defs/thing")
	if err != nil {
		t.Fatal(err)
	}
	const good = `{"id":"ABC-0001","kind":"a","mixed":1,"fixed":3,"when":"2026-03-02T09:00:00Z","day":"2026-03-02","name":"Jo",` +
		`"count":10,"ratio":0.5,"tags":["x","y"],"either":"","one":25.5,"child":{"child":{"n":1}},"maybe":null}`
	seasoned := NewChecker()
	refused := 0
	for _, in := range []string{
		good,
		`{"id":"ABC-0001","when":"2026-03-02T09:00:00+01:00","tags":["x"]}`,
		strings.Replace(good, `"ABC-0001"`, `"abc-0001"`, 1),
		strings.Replace(good, `"kind":"a"`, `"kind":"c"`, 1),
		strings.Replace(good, `"mixed":1`, `"mixed":2`, 1),
		strings.Replace(good, `"mixed":1`, `"mixed":null`, 1),
		strings.Replace(good, `"fixed":3`, `"fixed":3.0`, 1),
		strings.Replace(good, `"fixed":3`, `"fixed":4`, 1),
		strings.Replace(good, `"2026-03-02T09:00:00Z"`, `"2026-03-02 09:00"`, 1),
		strings.Replace(good, `"2026-03-02"`, `"2026-02-30"`, 1),
		strings.Replace(good, `"Jo"`, `"J"`, 1),
		strings.Replace(good, `"Jo"`, `"Jé"`, 1),
		strings.Replace(good, `"count":10`, `"count":11`, 1),
		strings.Replace(good, `"count":10`, `"count":-1`, 1),
		strings.Replace(good, `"count":10`, `"count":1.5`, 1),
		strings.Replace(good, `"ratio":0.5`, `"ratio":0.25`, 1),
		strings.Replace(good, `["x","y"]`, `[]`, 1),
		strings.Replace(good, `["x","y"]`, `["x","y","z","w"]`, 1),
		strings.Replace(good, `["x","y"]`, `["x","x"]`, 1),
		strings.Replace(good, `["x","y"]`, `["x",1]`, 1),
		strings.Replace(good, `"either":""`, `"either":true`, 1),
		strings.Replace(good, `"either":""`, `"either":"no"`, 1),
		strings.Replace(good, `"one":25.5`, `"one":7`, 1),
		strings.Replace(good, `"one":25.5`, `"one":2.5`, 1),
		strings.Replace(good, `{"n":1}`, `{"n":"1"}`, 1),
		strings.Replace(good, `"maybe":null`, `"maybe":"x"`, 1),
		strings.Replace(good, `"maybe":null`, `"maybe":false`, 1),
		strings.Replace(good, `"id":"ABC-0001",`, ``, 1),
		strings.Replace(good, `"id":"ABC-0001"`, `"id":"ABC-0001","extra":1`, 1),
		`[]`, `"thing"`, `null`,
	} {
		v, _, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(in)))
		if err != nil {
			t.Fatal(err)
		}
		want := general.Validate(inst) == nil
		tree := mine.Validate(v)
		stream := NewChecker().Check(mine, []byte(in))
		if (tree == "") != want || (stream == "") != want {
			t.Errorf("%s: the general validator says valid=%v; the tree check %q, the streaming check %q", in, want, tree, stream)
		}
		if !want {
			refused++
		}
		if !want && (!strings.Contains(tree, "does not match the test schema") || !strings.Contains(stream, "does not match the test schema")) {
			t.Errorf("%s: the messages do not name the schema: %q, %q", in, tree, stream)
		}
		// A checker that has read the lines before, learning their key
		// order, gives the same verdict.
		if again := seasoned.Check(mine, []byte(in)); again != stream {
			t.Errorf("%s: a seasoned checker says %q, a fresh one %q", in, again, stream)
		}
	}
	if refused < 25 {
		t.Errorf("only %d of the values are refused; the cases do not break what they should", refused)
	}
}

// TestTextRules: a rule given for a place in the schema holds every string
// checked there, read as a line is read (Checker) or parsed first
// (Validate), its escapes decoded; a place the schema does not reach, or
// a $ref, is refused when compiling.
func TestTextRules(t *testing.T) {
	doc := []byte(`{"$defs": {
		"line": {"type": "object", "properties": {
			"name": {"type": "string"},
			"note": {"type": "string", "minLength": 1},
			"ref": {"$ref": "#/$defs/code"},
			"list": {"type": "array", "items": {"type": "string"}}}},
		"code": {"type": "string", "pattern": "^[A-Z]+$"}}}`)
	noX := func(b []byte) error {
		if bytes.ContainsRune(b, 'x') {
			return fmt.Errorf("holds an x (%d bytes)", len(b))
		}
		return nil
	}
	rules := map[string]TextRule{
		"#/$defs/line/properties/name":       noX,
		"#/$defs/line/properties/note":       noX,
		"#/$defs/code":                       noX,
		"#/$defs/line/properties/list/items": noX,
	}
	s, err := CompileWith(doc, "#/$defs/line", "the test schema", rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{`{"name": "Ali", "note": "seen", "ref": "AB", "list": ["a", "b"]}`, ""},
		{`{"name": "Alix"}`, "at '/name': holds an x (4 bytes)"},
		{`{"name": "A\nli\u0078"}`, "at '/name': holds an x (5 bytes)"},
		{`{"note": "x"}`, "at '/note': holds an x"},
		{`{"note": ""}`, "at '/note': at least 1 characters"},
		{`{"list": ["a", "\u0078"]}`, "at '/list/1': holds an x"},
		{`{"ref": "x"}`, "at '/ref': holds an x"},
	} {
		got := NewChecker().Check(s, []byte(tc.in))
		v, _, err := s.Parse([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		parsed := s.Validate(v)
		for _, g := range []string{got, parsed} {
			if (tc.want == "") != (g == "") || !strings.Contains(g, tc.want) {
				t.Errorf("%s: %q, want %q", tc.in, g, tc.want)
			}
		}
	}
	if _, err := CompileWith(doc, "#/$defs/line", "the test schema", map[string]TextRule{"#/$defs/line/properties/nmae": noX}); err == nil {
		t.Error("a rule for a place the schema does not have was taken")
	}
	if _, err := CompileWith(doc, "#/$defs/line", "the test schema", map[string]TextRule{"#/$defs/line/properties/ref": noX}); err == nil {
		t.Error("a rule on a $ref was taken")
	}
}
