package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// textFields walks the stored record's type and calls f with every field
// that holds a string (or strings), with its path in the record's JSON.
func textFields(t reflect.Type, path string, f func(path string, sf reflect.StructField)) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[time.Time]() || t == reflect.TypeFor[Date]() {
		return
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		ft := sf.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.String {
			f(path+"."+name, sf)
			continue
		}
		textFields(sf.Type, path+"."+name, f)
	}
}

// TestEveryTextFieldHasAKind: every text field of a visit says what it
// holds, so an import holds it to its form's rule and a redacted export
// knows free text; a tag that names no kind is a typo.
func TestEveryTextFieldHasAKind(t *testing.T) {
	n := 0
	textFields(reflect.TypeFor[Visit](), "visit", func(path string, sf reflect.StructField) {
		n++
		tag, tagged := sf.Tag.Lookup("text")
		if _, ok := textKinds[tag]; tagged && !ok {
			t.Errorf("%s: text:%q is not a kind (line, prose, composed)", path, tag)
		}
		if TextKindOf(sf) == 0 {
			t.Errorf("%s is a string without a text kind: tag it text:\"line\" (one line of at most MaxShort), \"prose\" (at most MaxLong, lines allowed) or \"composed\"", path)
		}
	})
	if n < 100 {
		t.Errorf("walked %d text fields; the walk is broken", n)
	}
}

// holding finds the field of v (a struct, or a pointer to one) that holds
// s, walking into structs, pointers and slices.
func holding(v reflect.Value, s string) (reflect.StructField, bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			return holding(v.Elem(), s)
		}
	case reflect.Slice:
		for i := range v.Len() {
			if sf, ok := holding(v.Index(i), s); ok {
				return sf, ok
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f, sf := v.Field(i), v.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			if f.Kind() == reflect.String && f.String() == s {
				return sf, true
			}
			if f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String {
				for j := range f.Len() {
					if f.Index(j).String() == s {
						return sf, true
					}
				}
			}
			if got, ok := holding(f, s); ok {
				return got, ok
			}
		}
	}
	return reflect.StructField{}, false
}

// TestTextKindsFollowTheForms: each free-text field of the forms with
// their own input (the visit, a subject, the live record) stores into a
// field whose kind is the form's own rule: the form takes the kind's most
// characters (and lines, for prose) and refuses one more. The import
// holds a file to the kinds, so it refuses what these forms refuse.
func TestTextKindsFollowTheForms(t *testing.T) {
	v := newVisit(t, goodInput())
	entry := func(kind EntryKind, set func(*EntryInput, string)) func(string) (any, error) {
		return func(s string) (any, error) {
			in := EntryInput{Text: "a note"}
			switch kind {
			case EntryEncounter:
				in.Person = PersonInput{Name: "Ali Hoxha", Outcome: "cleared"}
			case EntrySeizure:
				in.Seizure = SeizureInput{Item: "phone", Exhibit: "AB/1", Seal: "S123"}
			case EntryEntry:
				in.Power, in.ConsentBy = string(PowerConsent), "Mr A Shah, the manager"
			}
			set(&in, s)
			if kind == EntryEntry && in.Warrant != "" {
				in.Power, in.ConsentBy = string(PowerWarrant), ""
			}
			return v.ParseEntry(kind, in, v.Basics.PlannedStart.Add(time.Hour))
		}
	}
	forms := map[string]func(string) (any, error){
		"subject.name": func(s string) (any, error) { return ParseSubject(SubjectInput{Name: s, Offence: Offences[0]}, t0) },
		"subject.nationality": func(s string) (any, error) {
			return ParseSubject(SubjectInput{Name: "Ali Hoxha", Offence: Offences[0], Nationality: s}, t0)
		},
		"subject.photo_ref": func(s string) (any, error) {
			return ParseSubject(SubjectInput{Name: "Ali Hoxha", Offence: Offences[0], PhotoRef: s}, t0)
		},
		"entry.text":       entry(EntryNote, func(in *EntryInput, s string) { in.Text = s }),
		"entry.consent_by": entry(EntryEntry, func(in *EntryInput, s string) { in.ConsentBy = s }),
		"entry.warrant":    entry(EntryEntry, func(in *EntryInput, s string) { in.Warrant = s }),
		"person.name":      entry(EntryEncounter, func(in *EntryInput, s string) { in.Person.Name = s }),
		"person.nationality": entry(EntryEncounter, func(in *EntryInput, s string) {
			in.Person.Nationality = s
		}),
		"person.document": entry(EntryEncounter, func(in *EntryInput, s string) { in.Person.DocNo = s }),
		"seizure.item":    entry(EntrySeizure, func(in *EntryInput, s string) { in.Seizure.Item = s }),
		"seizure.exhibit": entry(EntrySeizure, func(in *EntryInput, s string) { in.Seizure.Exhibit = s }),
		"seizure.seal":    entry(EntrySeizure, func(in *EntryInput, s string) { in.Seizure.Seal = s }),
	}
	for field, set := range basicsFields {
		forms[field] = func(s string) (any, error) {
			in := goodInput()
			set(&in, s)
			return ParseBasics(in, lookup, t0)
		}
	}
	checked := 0
	for name, parse := range forms {
		const marker = "Zqxv marker"
		out, err := parse(marker)
		if err != nil {
			continue // a field read as something else: a date, a team, a choice
		}
		sf, ok := holding(reflect.ValueOf(out), marker)
		if !ok {
			continue // stored as something else (a staff number, a postcode)
		}
		checked++
		k := TextKindOf(sf)
		if k != TextLine && k != TextProse {
			t.Errorf("%s is stored in %s, of kind %d", name, sf.Name, k)
			continue
		}
		most := strings.Repeat("a", k.Max())
		if k == TextProse {
			most = "a\n\t" + most[3:]
		}
		if _, err := parse(most); err != nil {
			t.Errorf("%s (%s, kind %d): the form refuses what the kind allows: %v", name, sf.Name, k, err)
		}
		if _, err := parse(most + "a"); err == nil || !strings.Contains(err.Error(), "too long") {
			t.Errorf("%s (%s, kind %d): the form takes more than the kind allows (%v)", name, sf.Name, k, err)
		}
		if k == TextLine {
			if _, err := parse("a\nb"); err == nil {
				t.Errorf("%s (%s): the form takes a newline in a line", name, sf.Name)
			}
		}
	}
	t.Logf("%d form fields checked", checked)
	if checked < 15 {
		t.Errorf("only %d form fields checked", checked)
	}
}

func TestTextKindCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind TextKind
		in   string
		msg  string // "" when accepted
	}{
		{"a name", TextLine, "Café Ünal", ""},
		{"a name at the limit", TextLine, strings.Repeat("é", MaxShort), ""},
		{"a name one over", TextLine, strings.Repeat("é", MaxShort+1), "too long: 121 characters, at most 120"},
		{"a 5 MB name", TextLine, strings.Repeat("A", 5<<20), "too long: 5242880 characters, at most 120"},
		{"a newline in a name", TextLine, "Ali\nHoxha", "control character (U+000A)"},
		{"a tab in a name", TextLine, "Ali\tHoxha", "control character (U+0009)"},
		{"ESC in a name", TextLine, "Ali\x1b]2;pwned\x07", "control character (U+001B)"},
		{"NUL in a name", TextLine, "Ali\x00", "control character (U+0000)"},
		{"C1 CSI in a name", TextLine, "Ali\u009b2J", "control character (U+009B)"},
		{"DEL in a name", TextLine, "Ali\x7f", "control character (U+007F)"},
		{"a bidi override", TextLine, "Ali\u202eahxoH", "direction-changing"},
		{"not UTF-8", TextLine, "Ali\xff", "not text"},
		{"untrimmed is as stored", TextLine, " Ali ", ""},
		{"prose with lines and tabs", TextProse, "one\ntwo\tthree", ""},
		{"prose at the limit", TextProse, strings.Repeat("x", MaxLong), ""},
		{"prose one over", TextProse, strings.Repeat("x", MaxLong+1), "too long: 2001 characters, at most 2000"},
		{"CR in prose", TextProse, "one\r\ntwo", "control character (U+000D)"},
		{"ESC in prose", TextProse, "one\x1b[2J", "control character (U+001B)"},
		{"composed text is long", TextComposed, strings.Repeat("x\n", MaxLong), ""},
		{"ESC in composed text", TextComposed, "x\x1b[?25l", "control character (U+001B)"},
	} {
		for _, err := range []error{tc.kind.Check(tc.in), tc.kind.CheckBytes([]byte(tc.in))} {
			switch {
			case tc.msg == "" && err != nil:
				t.Errorf("%s: %v", tc.name, err)
			case tc.msg != "" && err == nil:
				t.Errorf("%s: accepted", tc.name)
			case tc.msg != "" && !strings.Contains(err.Error(), tc.msg):
				t.Errorf("%s: %q, want it to contain %q", tc.name, err, tc.msg)
			}
		}
	}
}

func TestInert(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Golden Dragon", "Golden Dragon"},
		{"Café Łódź 東京 🍜 · → ✓", "Café Łódź 東京 🍜 · → ✓"},
		{"line one\nline two\tend", "line one\nline two\tend"},
		{"\x1b]2;pwned\x07", "␛]2;pwned␇"},
		{"\x1b[2J\x1b[?25l", "␛[2J␛[?25l"},
		{"\x1b]52;c;aGVsbG8=\x07", "␛]52;c;aGVsbG8=␇"},
		{"a\x00b\rc\x7fd", "a␀b␍c␡d"},
		{"\u009b2J", "\ufffd2J"},
		{"A\u202eB", "A\ufffdB"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"", ""},
	} {
		if got := Inert(tc.in); got != tc.want {
			t.Errorf("Inert(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := string(AppendInert([]byte("x"), []byte(tc.in))); got != "x"+tc.want {
			t.Errorf("AppendInert(%q) = %q, want %q", tc.in, got, "x"+tc.want)
		}
		if IsInert([]byte(tc.in)) != (tc.in == tc.want) {
			t.Errorf("IsInert(%q) = %v", tc.in, IsInert([]byte(tc.in)))
		}
	}
	// Text with nothing to do is not copied.
	if n := testing.AllocsPerRun(10, func() { Inert("Golden Dragon, 12 High Street · Café") }); n != 0 {
		t.Errorf("Inert of plain text allocates %v times", n)
	}
}
