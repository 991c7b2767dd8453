package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store/exchange/jsoncheck"
)

// TestImportHoldsTextToTheForms (issue 14, section 3): a file whose text
// no form of oic would store (a 5 MB name, an escape sequence or NUL in a
// name, a newline in a reference, prose over its limit) is refused,
// naming the line, the field and the rule, and nothing is written; text
// the forms take (prose with lines and tabs, accents) imports.
func TestImportHoldsTextToTheForms(t *testing.T) {
	laptop, _, _ := twoStores(t)
	dir := t.TempDir()
	lines := exportLines(t, laptop, dir)
	personal := -1 // the line of the visit with subjects and people met
	for i, l := range lines {
		if strings.Contains(l, `"subjects":[{`) {
			personal = i
		}
	}
	if personal < 0 {
		t.Fatal("no visit with subjects in the export")
	}
	// with is the export with the personal visit changed by edit.
	with := func(name string, edit func(v *domain.Visit)) string {
		var l visitLine
		if err := decodeLine([]byte(lines[personal]), &l); err != nil {
			t.Fatal(err)
		}
		edit(l.Visit)
		out := append([]string(nil), lines...)
		out[personal] = string(lineFor(t, l.Visit)) + "\n"
		p := filepath.Join(dir, name)
		writeExport(t, p, []byte(strings.Join(out, "")))
		return p
	}
	encounter := func(v *domain.Visit) *domain.Person {
		for i := range v.Timeline {
			if p := v.Timeline[i].Person; p != nil {
				cp := *p
				v.Timeline[i].Person = &cp
				return &cp
			}
		}
		t.Fatal("no person met")
		return nil
	}
	entryWith := func(v *domain.Visit, kind domain.EntryKind) *domain.TimelineEntry {
		for i := range v.Timeline {
			if v.Timeline[i].Kind == kind {
				return &v.Timeline[i]
			}
		}
		t.Fatalf("no %s entry", kind)
		return nil
	}
	var head struct{ Ref string }
	if err := json.Unmarshal([]byte(lines[personal]), &head); err != nil {
		t.Fatal(err)
	}
	line := fmt.Sprintf("line %d: %s: ", personal+1, head.Ref) // the line and the visit
	for name, c := range map[string]struct {
		path string
		want []string // "" when it imports
	}{
		"a 5 MB name": {with("huge.jsonl", func(v *domain.Visit) { v.Subjects[0].Name = strings.Repeat("A", 5<<20) }),
			[]string{line, "/subjects/0/name", "too long: 5242880 characters, at most 120", "ask its sender for a fresh export"}},
		"a name that retitles the terminal": {with("osc2.jsonl", func(v *domain.Visit) { v.Basics.Premises.Name = "Star\x1b]2;pwned\x07 Takeaway" }),
			[]string{line, "/basics/premises/name", "control character (U+001B)"}},
		"a name that clears the screen": {with("csi.jsonl", func(v *domain.Visit) { v.History[0].ByName = "Alice\x1b[2J\x1b[?1049l\x1b[?25l" }),
			[]string{line, "/history/0/by_name", "control character (U+001B)"}},
		"a name that writes the clipboard": {with("osc52.jsonl", func(v *domain.Visit) { encounter(v).Name = "Mei\x1b]52;c;cm0gLXJmIH4=\x07Chen" }),
			[]string{line, "/person/name", "control character (U+001B)"}},
		"NUL in who consented": {with("nul.jsonl", func(v *domain.Visit) { entryWith(v, domain.EntryEntry).ConsentBy = "Mr A Shah\x00" }),
			[]string{line, "/consent_by", "control character (U+0000)"}},
		"a C1 control in a photo reference": {with("c1.jsonl", func(v *domain.Visit) { v.Subjects[1].PhotoRef = "PH\u009b2J" }),
			[]string{line, "/subjects/1/photo_ref", "control character (U+009B)"}},
		"DEL in a document number": {with("del.jsonl", func(v *domain.Visit) { encounter(v).DocNo = "AL123\x7f" }),
			[]string{line, "/person/document", "control character (U+007F)"}},
		"a newline in a name": {with("nl.jsonl", func(v *domain.Visit) { v.Subjects[0].Name = "Arben\nHoxha" }),
			[]string{line, "/subjects/0/name", "control character (U+000A)"}},
		"a bidirectional override in a seal number": {with("bidi.jsonl", func(v *domain.Visit) { entryWith(v, domain.EntrySeizure).Seizure.Seal = "M00\u202e54321" }),
			[]string{line, "/seizure/seal", "direction-changing"}},
		"prose one over its limit": {with("long.jsonl", func(v *domain.Visit) { v.Basics.Intel.Summary = strings.Repeat("x", domain.MaxLong+1) }),
			[]string{line, "/basics/intel/summary", "too long: 2001 characters, at most 2000"}},
		"an escape in prose": {with("prose.jsonl", func(v *domain.Visit) { v.Debrief.Summary += "\x1b[8m hidden" }),
			[]string{line, "/debrief/summary", "control character (U+001B)"}},
		"an escape in the briefing's text": {with("briefing.jsonl", func(v *domain.Visit) { v.Briefing.Versions[0].Text += "\x1b]0;x\x07" }),
			[]string{line, "/briefing/versions/0/text", "control character (U+001B)"}},
		"an escape in who exported it": {func() string {
			p := filepath.Join(dir, "prov.jsonl")
			writeExport(t, p, []byte(strings.Replace(strings.Join(lines, ""), `"name":"`+alice.Name+`"`, `"name":"`+alice.Name+`\u001b]2;pwned\u0007"`, 1)))
			return p
		}(), []string{"line 1, the provenance", "/provenance/exported_by/name", "control character (U+001B)"}},
		"prose with lines, tabs and accents": {with("fine.jsonl", func(v *domain.Visit) {
			v.Basics.Intel.Summary = "Two workers seen.\n\tBoth at the back, near the café's till: Łódź plates."
			v.Subjects[0].Name = "Arbën Hoxha"
		}), nil},
	} {
		t.Run(name, func(t *testing.T) {
			central, _ := openStore(t)
			before := storeState(t, central)
			res, err := ImportFile(context.Background(), central, c.path, importOpts(t0.Add(300*time.Hour)))
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if res.Added != 3 {
					t.Errorf("added %d visits, want 3", res.Added)
				}
				return
			}
			if err == nil {
				t.Fatal("imported")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%.2000s", w, err)
				}
			}
			if len(err.Error()) > 2000 {
				t.Errorf("the message is %d bytes long: it quotes the text", len(err.Error()))
			}
			if storeState(t, central) != before {
				t.Error("the store changed")
			}
			t.Logf("%s:\n%v", name, err)
		})
	}
}

// TestEveryStringOfALineIsHeld: an escape character put in any one string
// of a visit line, in turn, is refused by the check of the line: no text
// field is missed by the rules (schema_text.go).
func TestEveryStringOfALineIsHeld(t *testing.T) {
	s, _ := openStore(t)
	v := personalVisit(t, s, t0.Add(48*time.Hour))
	schemas, err := lineSchemas()
	if err != nil {
		t.Fatal(err)
	}
	sc := jsoncheck.NewChecker()
	if msg := sc.Check(schemas.visit, lineFor(t, v)); msg != "" {
		t.Fatal(msg)
	}
	var strs []reflect.Value // every string the visit holds, settable
	var walk func(reflect.Value)
	walk = func(x reflect.Value) {
		switch x.Kind() {
		case reflect.String:
			strs = append(strs, x)
		case reflect.Pointer:
			if !x.IsNil() {
				walk(x.Elem())
			}
		case reflect.Slice:
			for i := range x.Len() {
				walk(x.Index(i))
			}
		case reflect.Struct:
			if x.Type() == reflect.TypeFor[time.Time]() || x.Type() == reflect.TypeFor[domain.Date]() {
				return
			}
			for i := range x.NumField() {
				if x.Type().Field(i).IsExported() {
					walk(x.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(v).Elem())
	if len(strs) < 60 {
		t.Fatalf("the fixture holds only %d strings", len(strs))
	}
	for _, x := range strs {
		was := x.String()
		x.SetString(was + "\x1b[2J")
		if msg := sc.Check(schemas.visit, lineFor(t, v)); !strings.Contains(msg, "U+001B") && !strings.Contains(msg, "must be one of") && !strings.Contains(msg, "does not match ^") && !strings.Contains(msg, "none of the forms") {
			t.Errorf("%q with an escape: %q", was, msg)
		}
		x.SetString(was)
	}
}
