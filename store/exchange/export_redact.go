package exchange

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"oic/domain"
)

// Redaction (oic export --redact), as the inspectors redacted ICIBI
// figure 7: the names, dates of birth and document numbers of the people
// a visit concerns (its named subjects, the people encountered, whoever
// gave consent to entry) are replaced by placeholders, "Person 1",
// "Person 2", numbered by first appearance in the visit (subjects first,
// then the live record in order). The same person is the same placeholder
// wherever they appear in that visit's record, and in every export of it.
//
// Structured fields are replaced first (a subject's name, a person's date
// of birth), then every string in the record and in its debrief sections
// is searched for what was replaced: the full name in any case and
// spacing, each part of a name of three letters or more as written or in
// capitals ("HOXHA"), each date of birth in the forms officers write, and
// each document number. Officers' names are not personal data of the
// people encountered and stay.

type redactor struct {
	people map[string]string // normalised name -> placeholder
	n      int
	rules  []redactRule
}

// redactRule replaces a sequence of words (tokens separated by any run of
// white space) that stands as whole words.
type redactRule struct {
	tokens [][]rune
	fold   bool // compare ignoring case (tokens are held in lower case)
	repl   string
	size   int
}

// nameStopWords are parts of names too common in ordinary prose to be
// replaced alone (they are still replaced within the full name).
var nameStopWords = []string{"unknown", "male", "female", "mr", "mrs", "ms", "miss", "dr", "the", "and",
	"van", "von", "der", "den", "del", "della", "bin", "binti", "ibn", "abu", "al", "el", "de", "da", "dos", "das"}

func newRedactor(v *domain.Visit) *redactor {
	r := &redactor{people: map[string]string{}}
	for _, s := range v.Subjects {
		r.person(s.Name, s.DOB, "", true)
	}
	for _, e := range v.Timeline {
		if e.ConsentBy != "" {
			name, _ := splitConsent(e.ConsentBy)
			r.person(name, domain.Date{}, "", false)
		}
		if p := e.Person; p != nil {
			r.person(p.Name, p.DOB, p.DocNo, true)
		}
	}
	slices.SortStableFunc(r.rules, func(a, b redactRule) int { return b.size - a.size })
	return r
}

// splitConsent splits "Mr A Shah, the manager" into the name and the rest
// (", the manager").
func splitConsent(s string) (name, rest string) {
	if i := strings.IndexAny(s, ",("); i >= 0 {
		return strings.TrimSpace(s[:i]), s[i:]
	}
	return strings.TrimSpace(s), ""
}

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// unnamed says whether a name is no name: blank, or "unknown male".
func unnamed(key string) bool { return key == "" || strings.HasPrefix(key, "unknown") }

// placeholder is the person's placeholder, given at first sight.
func (r *redactor) placeholder(name string) string {
	key := normName(name)
	if unnamed(key) {
		return ""
	}
	if p, ok := r.people[key]; ok {
		return p
	}
	r.n++
	p := fmt.Sprintf("Person %d", r.n)
	r.people[key] = p
	return p
}

// person records a person and the rules that find them in text. parts
// says whether each part of the name is searched for alone too.
func (r *redactor) person(name string, dob domain.Date, doc string, parts bool) {
	ph := r.placeholder(name)
	if ph != "" {
		r.add(name, true, ph)
		if parts {
			for _, w := range strings.Fields(name) {
				w = strings.Trim(w, ".,;:()\"'")
				if utf8.RuneCountInString(w) < 3 || slices.Contains(nameStopWords, strings.ToLower(w)) {
					continue
				}
				r.add(w, false, ph)
				if up := strings.ToUpper(w); up != w {
					r.add(up, false, ph)
				}
			}
		}
	}
	of := ""
	if ph != "" {
		of = " of " + ph
	}
	if !dob.IsZero() {
		for _, f := range dobForms(dob) {
			r.add(f, false, "[date of birth"+of+"]")
		}
	}
	if doc = strings.TrimSpace(doc); doc != "" {
		r.add(doc, true, "[document"+of+"]")
	}
}

// dobForms are the ways a date of birth is written in notes.
func dobForms(d domain.Date) []string {
	m, day := int(d.Month), d.Day
	return []string{
		d.UK(), d.String(),
		fmt.Sprintf("%d/%d/%d", day, m, d.Year),
		fmt.Sprintf("%02d-%02d-%04d", day, m, d.Year),
		fmt.Sprintf("%02d.%02d.%04d", day, m, d.Year),
		fmt.Sprintf("%02d/%02d/%02d", day, m, d.Year%100),
	}
}

func (r *redactor) add(s string, fold bool, repl string) {
	var rule redactRule
	for _, w := range strings.Fields(s) {
		if fold {
			w = strings.ToLower(w)
		}
		rule.tokens = append(rule.tokens, []rune(w))
		rule.size += utf8.RuneCountInString(w) + 1
	}
	if len(rule.tokens) == 0 {
		return
	}
	rule.fold, rule.repl = fold, repl
	for _, x := range r.rules {
		if x.repl == rule.repl && x.fold == rule.fold && slices.EqualFunc(x.tokens, rule.tokens, slices.Equal) {
			return
		}
	}
	r.rules = append(r.rules, rule)
}

// visit redacts v in place: first the fields that hold a person's
// details, then every string in the record.
func (r *redactor) visit(v *domain.Visit) {
	for i := range v.Subjects {
		s := &v.Subjects[i]
		if ph := r.placeholder(s.Name); ph != "" {
			s.Name = ph
		}
		s.DOB = domain.Date{}
	}
	for i := range v.Timeline {
		e := &v.Timeline[i]
		if e.ConsentBy != "" {
			name, rest := splitConsent(e.ConsentBy)
			if ph := r.placeholder(name); ph != "" {
				e.ConsentBy = ph + rest
			}
		}
		if e.Person != nil {
			p := *e.Person // never write through a pointer another copy may share
			ph := r.placeholder(p.Name)
			if ph != "" {
				p.Name = ph
			}
			p.DOB = domain.Date{}
			if p.DocNo != "" {
				p.DocNo = "[document" + map[bool]string{true: " of " + ph, false: ""}[ph != ""] + "]"
			}
			e.Person = &p
		}
	}
	r.walk(reflect.ValueOf(v).Elem())
}

// sections redacts the debrief sections' text.
func (r *redactor) sections(secs []domain.DebriefSection) {
	for i := range secs {
		r.walk(reflect.ValueOf(&secs[i]).Elem())
	}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[domain.Date]()
)

// walk applies the rules to every exported string in v.
func (r *redactor) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			if s := r.apply(v.String()); s != v.String() {
				v.SetString(s)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			r.walk(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.walk(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == timeType || v.Type() == dateType {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				r.walk(v.Field(i))
			}
		}
	}
}

func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// apply replaces every whole-word match of a rule in s, longest rules
// first.
func (r *redactor) apply(s string) string {
	if len(r.rules) == 0 || s == "" {
		return s
	}
	var b *strings.Builder
	done := 0 // s[:done] is already in b, or needs no change
	prev := ' '
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(prev) && isWordRune(c) {
			if end, repl, ok := r.matchAt(s, i); ok {
				if b == nil {
					b = &strings.Builder{}
					b.Grow(len(s) + 16)
				}
				b.WriteString(s[done:i])
				b.WriteString(repl)
				// A match ends before a character that is not part of a
				// word, so no match can start there.
				done, i, prev = end, end, 'x'
				continue
			}
		}
		prev = c
		i += size
	}
	if b == nil {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

func (r *redactor) matchAt(s string, i int) (int, string, bool) {
	for _, rule := range r.rules {
		if end, ok := rule.match(s, i); ok {
			return end, rule.repl, true
		}
	}
	return 0, "", false
}

// match reports whether the rule stands at s[i:] as whole words, and
// where the match ends.
func (rule redactRule) match(s string, i int) (int, bool) {
	for t, tok := range rule.tokens {
		if t > 0 {
			j := i
			for j < len(s) {
				c, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(c) {
					break
				}
				j += size
			}
			if j == i {
				return 0, false
			}
			i = j
		}
		for _, want := range tok {
			if i >= len(s) {
				return 0, false
			}
			c, size := utf8.DecodeRuneInString(s[i:])
			if rule.fold {
				c = unicode.ToLower(c)
			}
			if c != want {
				return 0, false
			}
			i += size
		}
	}
	if i < len(s) {
		if c, _ := utf8.DecodeRuneInString(s[i:]); isWordRune(c) {
			return 0, false
		}
	}
	return i, true
}
