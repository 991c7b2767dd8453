package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"oic/store/exchange/jsoncheck"
)

// TestLineValidatorAgrees: the import's validator (jsoncheck, compiled
// from the export schema) and the general JSON Schema validator give the
// same verdict on every line of real exports and on every variant of
// them with one value broken: each value in turn replaced by one of each
// other type, by an empty or unknown string, by a negative number,
// removed, or given a key the schema does not know. Every line of a real
// export reads as encoding/json reads it.
func TestLineValidatorAgrees(t *testing.T) {
	s, _ := openStore(t)
	start := t0.Add(48 * time.Hour)
	personalVisit(t, s, start)
	late := closedVisit(t, s, start.Add(24*time.Hour), start.Add(200*time.Hour))
	late = late.Clone()
	c, err := late.RecordFollowUp("HMRC", "referred for unpaid wages", alice, start.Add(201*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVisit(t.Context(), late, c); err != nil {
		t.Fatal(err)
	}
	mine, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	gprov, gvisit := schemaFromRepo(t)

	var lines [][]byte
	for _, redact := range []bool{false, true} {
		opt := exportOpts(alice, FormatJSONL, start.Add(300*time.Hour))
		opt.Redact = redact
		lines = append(lines, bytes.Split(bytes.TrimSpace(exportBytes(t, s, opt)), []byte("\n"))...)
	}
	cases, disagree := 0, 0
	seasoned := jsoncheck.NewChecker()
	verdicts := func(line []byte, first bool) (bool, bool, string) {
		v, _, err := jsoncheck.Parse(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
		if err != nil {
			t.Fatal(err)
		}
		m, g := mine.visit, gvisit
		if first {
			m, g = mine.provenance, gprov
		}
		msg := m.Validate(v)
		smsg := jsoncheck.NewChecker().Check(m, line)
		if (msg == "") != (smsg == "") {
			t.Errorf("%.60s: the tree check says %q, the streaming check %q", line, msg, smsg)
		}
		// One checker reads a whole file: what it learnt of the key order
		// from the lines before must not change a verdict, though the
		// variants below come with their keys sorted, missing, doubled or
		// unknown.
		if again := seasoned.Check(m, line); again != smsg {
			t.Errorf("%.60s: a checker that has read the lines before says %q, a fresh one %q", line, again, smsg)
		}
		return msg == "", g.Validate(inst) == nil, msg
	}
	for i, line := range lines {
		first := bytes.HasPrefix(line, []byte(`{"provenance"`))
		if ok, gok, msg := verdicts(line, first); !ok || !gok {
			t.Fatalf("line %d of a real export: ours %v (%s), general %v", i+1, ok, msg, gok)
		}
		var tree any
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		if err := d.Decode(&tree); err != nil {
			t.Fatal(err)
		}
		if v, _, _ := jsoncheck.Parse(line); !reflect.DeepEqual(jsoncheck.Plain(v), tree) {
			t.Errorf("line %d of a real export reads otherwise than encoding/json reads it", i+1)
		}
		if i != 1 && !first {
			continue // every variant of one visit line is enough
		}
		for k, variant := range variants(tree) {
			if testing.Short() && k%5 != 0 {
				continue
			}
			b, err := json.Marshal(variant.tree)
			if err != nil {
				t.Fatal(err)
			}
			ok, gok, msg := verdicts(b, first)
			cases++
			if ok != gok {
				disagree++
				if disagree <= 10 {
					t.Errorf("%s: ours says valid=%v (%s), the general validator %v", variant.what, ok, msg, gok)
				}
			}
		}
	}
	t.Logf("%d broken variants, %d disagreements", cases, disagree)
	if cases < 500 {
		t.Errorf("only %d variants", cases)
	}
}

type variant struct {
	what string
	tree any
}

// variants are copies of tree with one thing broken.
func variants(tree any) []variant {
	var out []variant
	var walk func(path []string, set func(any) any, v any)
	walk = func(path []string, set func(any) any, v any) {
		at := "/" + strings.Join(path, "/")
		for _, r := range []any{nil, true, json.Number("7"), json.Number("-1"), json.Number("2.5"), "", "zz-unknown", "2026-13-45T25:61:00Z", []any{}, map[string]any{}} {
			if fmt.Sprint(r) == fmt.Sprint(v) {
				continue
			}
			out = append(out, variant{fmt.Sprintf("%s = %v", at, r), set(r)})
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			withExtra := clone(x)
			withExtra["zz_unknown"] = "x"
			out = append(out, variant{at + " + unknown key", set(withExtra)})
			for _, k := range keys {
				without := clone(x)
				delete(without, k)
				out = append(out, variant{at + " - " + k, set(without)})
				walk(append(path, k), func(r any) any {
					c := clone(x)
					c[k] = r
					return set(c)
				}, x[k])
			}
		case []any:
			for i := range x {
				walk(append(path, fmt.Sprint(i)), func(r any) any {
					c := append([]any(nil), x...)
					c[i] = r
					return set(c)
				}, x[i])
			}
			if len(x) > 0 {
				out = append(out, variant{at + " doubled", set(append(append([]any(nil), x...), x[0]))})
			}
		}
	}
	walk(nil, func(r any) any { return r }, tree)
	return out
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
