package exchange

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"oic/domain"
)

// Redaction (oic export --redact), as the inspectors redacted ICIBI
// figure 7. Every field that identifies a person the visit concerns (its
// named subjects, the people met, whoever gave consent to entry) is
// replaced: a name by a placeholder, "Person 1", "Person 2", numbered by
// first appearance in the visit (subjects first, then the live record in
// order); a date of birth is taken out; a photograph or identity document
// reference becomes "[photo of Person 1]", "[document of Person 1]"; who
// consented becomes their placeholder alone, whatever else the field said
// ("the owner, Ms Hamilton" names her). The same person is the same
// placeholder wherever they appear in that visit's record, and in every
// export of it.
//
// Free text (the fields of kind prose or composed, domain.TextKind) is
// withheld whole, "[free text withheld: N characters]": names in prose,
// third parties' included, cannot be found reliably. With KeepText it
// stays, searched as the rest of the record is.
//
// Every other string in the record and in its debrief sections is then
// searched for what was replaced: the full name in any case and spacing,
// each part of a name of three letters or more as written or in capitals
// ("HOXHA"), each date of birth in the forms officers write, each
// reference; and for telephone numbers, which become "[phone number]".
// Officers' names are not personal data of the people encountered and
// stay: a part of a name an officer of the visit shares ("Shah") is
// searched for only within the full name.

type redactor struct {
	people   map[string]string // normalised name -> placeholder
	n        int
	rules    []redactRule
	keepText bool
	officers map[string]bool // parts of the names of the visit's officers, in lower case
	// first holds the rules by the first letter they match, in lower
	// case, longest first: a word is tried against those alone, not all
	// of them (BENCHMARKS.md, issue 14).
	first map[rune][]int
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

func newRedactor(v *domain.Visit, keepText bool) *redactor {
	r := &redactor{people: map[string]string{}, keepText: keepText, officers: officerNameParts(v)}
	for _, s := range v.Subjects {
		r.person(s.Name, s.DOB, "", s.PhotoRef, true)
	}
	for _, e := range v.Timeline {
		if e.ConsentBy != "" {
			r.consent(e.ConsentBy)
		}
		if p := e.Person; p != nil {
			r.person(p.Name, p.DOB, p.DocNo, "", true)
		}
	}
	slices.SortStableFunc(r.rules, func(a, b redactRule) int { return b.size - a.size })
	r.first = map[rune][]int{}
	for i, rule := range r.rules {
		c := unicode.ToLower(rule.tokens[0][0])
		r.first[c] = append(r.first[c], i)
	}
	return r
}

// officerNameParts are the parts of the names of the officers a visit
// records (its roster, its OIC, its authorisers, whoever accepted the
// briefing, gave feedback, made a check or a recce, or recorded
// anything), in lower case.
func officerNameParts(v *domain.Visit) map[string]bool {
	parts := map[string]bool{}
	add := func(name string) {
		for _, w := range strings.Fields(name) {
			parts[strings.ToLower(strings.Trim(w, ".,;:()\"'"))] = true
		}
	}
	add(v.Basics.OICName)
	add(v.UpdatedByName)
	for _, e := range v.Roster {
		add(e.Name)
	}
	for _, a := range append(slices.Clone(v.Plan.Voided), ptrValues(v.Plan.Auth)...) {
		add(a.Name)
	}
	for _, h := range v.History {
		add(h.ByName)
	}
	for _, a := range v.Briefing.Acceptances {
		add(a.Name)
	}
	for _, o := range v.Briefing.Overrides {
		for _, n := range o.Names {
			add(n)
		}
	}
	for _, f := range v.Debrief.Team {
		add(f.Name)
	}
	for _, c := range v.Plan.Checks {
		add(c.DoneByName)
	}
	for _, rc := range v.Plan.Recces {
		add(rc.ByName)
	}
	add(v.Plan.EPA.AssessedByName)
	var stamps func(x reflect.Value)
	stamps = func(x reflect.Value) {
		switch x.Kind() {
		case reflect.Pointer:
			if !x.IsNil() {
				stamps(x.Elem())
			}
		case reflect.Slice:
			for i := range x.Len() {
				stamps(x.Index(i))
			}
		case reflect.Struct:
			switch x.Type() {
			case stampType:
				add(x.Addr().Interface().(*domain.Stamp).ByName)
				return
			case timeType, dateType:
				return
			}
			for _, i := range fieldsOf(x.Type()).structs {
				stamps(x.Field(i))
			}
		}
	}
	stamps(reflect.ValueOf(v).Elem())
	return parts
}

func ptrValues[T any](p *T) []T {
	if p == nil {
		return nil
	}
	return []T{*p}
}

// consentName is the name in who gave consent to entry: the words written
// with a capital, as in "the owner, Ms Hamilton" or "Mr A Shah, the
// manager".
func consentName(s string) string {
	var name []string
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,;:()\"'")
		if c, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(c) && !strings.EqualFold(w, "the") {
			name = append(name, w)
		}
	}
	return strings.Join(name, " ")
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

// consent records whoever gave consent to entry: the whole field is one
// person, found in text by the field as written and by their name.
func (r *redactor) consent(s string) {
	ph := r.placeholder(s)
	if ph == "" {
		return
	}
	r.add(s, true, ph)
	if name := consentName(s); name != "" {
		r.people[normName(name)] = ph
		r.add(name, true, ph)
		r.parts(name, ph)
	}
}

// person records a person and the rules that find them in text. parts
// says whether each part of the name is searched for alone too.
func (r *redactor) person(name string, dob domain.Date, doc, photo string, parts bool) {
	ph := r.placeholder(name)
	if ph != "" {
		r.add(name, true, ph)
		if parts {
			r.parts(name, ph)
		}
	}
	if !dob.IsZero() {
		for _, f := range dobForms(dob) {
			r.add(f, false, "[date of birth"+of(ph)+"]")
		}
	}
	if doc = strings.TrimSpace(doc); doc != "" {
		r.add(doc, true, "[document"+of(ph)+"]")
	}
	if photo = strings.TrimSpace(photo); photo != "" {
		r.add(photo, true, "[photo"+of(ph)+"]")
	}
}

// parts adds a rule for each part of a name that is long enough, not a
// common word and not part of an officer's name.
func (r *redactor) parts(name, ph string) {
	for _, w := range strings.Fields(name) {
		w = strings.Trim(w, ".,;:()\"'")
		lw := strings.ToLower(w)
		if utf8.RuneCountInString(w) < 3 || slices.Contains(nameStopWords, lw) || r.officers[lw] {
			continue
		}
		r.add(w, false, ph)
		if up := strings.ToUpper(w); up != w {
			r.add(up, false, ph)
		}
	}
}

// of is " of Person 1", or "" for no one named.
func of(ph string) string {
	if ph == "" {
		return ""
	}
	return " of " + ph
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

// visit redacts v in place: first the fields that identify a person, then
// free text, then every other string in the record.
func (r *redactor) visit(v *domain.Visit) {
	for i := range v.Subjects {
		s := &v.Subjects[i]
		ph := r.placeholder(s.Name)
		if ph != "" {
			s.Name = ph
		}
		s.DOB = domain.Date{}
		if s.PhotoRef != "" {
			s.PhotoRef = "[photo" + of(ph) + "]"
		}
	}
	for i := range v.Timeline {
		e := &v.Timeline[i]
		if e.ConsentBy != "" {
			if ph := r.placeholder(e.ConsentBy); ph != "" {
				e.ConsentBy = ph
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
				p.DocNo = "[document" + of(ph) + "]"
			}
			e.Person = &p
		}
	}
	r.walk(reflect.ValueOf(v).Elem(), 0)
}

// sections redacts the debrief sections' text. What is missing comes from
// the record before redaction (missing), so a note withheld does not turn
// a section complete.
func (r *redactor) sections(secs, missing []domain.DebriefSection) {
	for i := range secs {
		if i < len(missing) && missing[i].ID == secs[i].ID {
			secs[i].Missing = slices.Clone(missing[i].Missing)
		}
		r.walk(reflect.ValueOf(&secs[i]).Elem(), 0)
	}
}

// withheld is what stands for free text under redaction.
func withheld(s string) string {
	return fmt.Sprintf("[free text withheld: %d characters]", utf8.RuneCountInString(s))
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	dateType  = reflect.TypeFor[domain.Date]()
	stampType = reflect.TypeFor[domain.Stamp]()
)

// walk redacts every exported string in v, whose kind of text (from its
// field) is kind.
func (r *redactor) walk(v reflect.Value, kind domain.TextKind) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if !v.CanSet() || s == "" {
			return
		}
		if (kind == domain.TextProse || kind == domain.TextComposed) && !r.keepText {
			v.SetString(withheld(s))
			return
		}
		if red := redactPhones(r.apply(s)); red != s {
			v.SetString(red)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			r.walk(v.Elem(), kind)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.walk(v.Index(i), kind)
		}
	case reflect.Struct:
		if v.Type() == timeType || v.Type() == dateType {
			return
		}
		fs := fieldsOf(v.Type())
		for _, i := range fs.exported {
			r.walk(v.Field(i), fs.kinds[i])
		}
	}
}

// typeFields is what a walk needs of a struct type, worked out once per
// type rather than from its tags for every visit (BENCHMARKS.md, issue
// 14).
type typeFields struct {
	exported []int             // the exported fields
	structs  []int             // those that may hold a struct: structs, pointers, slices
	kinds    []domain.TextKind // each field's kind of text
}

var typeFieldsCache sync.Map // reflect.Type -> *typeFields

func fieldsOf(t reflect.Type) *typeFields {
	if f, ok := typeFieldsCache.Load(t); ok {
		return f.(*typeFields)
	}
	f := &typeFields{kinds: make([]domain.TextKind, t.NumField())}
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		f.exported = append(f.exported, i)
		f.kinds[i] = domain.TextKindOf(sf)
		switch sf.Type.Kind() {
		case reflect.Struct, reflect.Pointer, reflect.Slice, reflect.Array:
			f.structs = append(f.structs, i)
		}
	}
	typeFieldsCache.Store(t, f)
	return f
}

// phoneNumber is a UK telephone number as officers write one: 0 or +44
// (with (0) perhaps) and ten or eleven digits in all, in groups.
var phoneNumber = regexp.MustCompile(`(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)(?:\d\)?[ -]?){8,9}\d`)

// redactPhones replaces each telephone number in s that stands alone
// (not within a longer reference) with "[phone number]".
func redactPhones(s string) string {
	if !mayHoldPhone(s) {
		return s
	}
	var b strings.Builder
	done := 0
	for _, m := range phoneNumber.FindAllStringIndex(s, -1) {
		before, _ := utf8.DecodeLastRuneInString(s[:m[0]])
		after, _ := utf8.DecodeRuneInString(s[m[1]:])
		if m[0] > 0 && (isWordRune(before) || before == '+') || m[1] < len(s) && isWordRune(after) {
			continue
		}
		b.WriteString(s[done:m[0]])
		b.WriteString("[phone number]")
		done = m[1]
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// mayHoldPhone says whether s has a 0 or a + that starts a word and is
// followed by ten digits or more in groups: the regular expression runs
// only then (hashes, references and counts are many, numbers few).
func mayHoldPhone(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '0' && c != '+' || i > 0 && (s[i-1] >= utf8.RuneSelf || isWordRune(rune(s[i-1]))) {
			continue
		}
		n := 0
	run:
		for j := i; j < len(s); j++ {
			switch c := s[j]; {
			case c >= '0' && c <= '9':
				n++
			case c == ' ' || c == '-' || c == '(' || c == ')' || c == '+':
			default:
				break run
			}
		}
		if n >= 10 {
			return true
		}
	}
	return false
}

// redactedEntry is an audit entry as a redacted export carries it:
// hashes and times only. Its number, its time, its own hash, the hash of
// the entry before and any other hash it holds stay, so the chain's shape
// can be seen; who acted, what they did and why (names, old and new
// values, reasons) are withheld.
func redactedEntry(e domain.AuditEntry) domain.AuditEntry {
	e.Change = domain.Change{At: e.Change.At}
	return e
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
	c, _ := utf8.DecodeRuneInString(s[i:])
	for _, k := range r.first[unicode.ToLower(c)] {
		if end, ok := r.rules[k].match(s, i); ok {
			return end, r.rules[k].repl, true
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
