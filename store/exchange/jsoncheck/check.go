package jsoncheck

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Checker validates a line against a Schema as it reads it, in one pass
// and without building the value. It reads JSON as strictly as Parse (a
// test holds the two to the same verdicts) and judges values as
// Schema.Validate does; a value whose check needs it whole (uniqueItems,
// or an enum or const that is not a plain string or number) is parsed
// and handed to validate. anyOf and oneOf read their value once per form.
//
// A Checker learns as it goes, so one is meant to read many lines, on one
// goroutine.
type Checker struct {
	b    []byte
	i    int
	keys map[string]string // the schema's property names, for parse
	errs schemaErrors
	syn  *syntaxError
	top  []Member
	text []byte // a string with escapes, decoded for a text rule
	// learnt is what the checker has learnt of the nodes of each schema
	// it has checked against; cur is the one of the line being checked.
	learnt map[*Schema]*learnt
	cur    *learnt
}

// learnt is what a Checker keeps of one schema's nodes, by their id: a
// slice, since looking a node up in a map was a tenth of checking a line.
type learnt struct {
	// order is each object node's properties in the order its last
	// object had them. Lines written by one program have their keys in
	// one order, so the next key is nearly always the one expected, and
	// comparing it costs less than hashing it to look it up.
	order [][]*propInfo
	memo  []map[string]bool // pattern answers
}

// NewChecker makes a Checker.
func NewChecker() *Checker {
	return &Checker{learnt: map[*Schema]*learnt{}}
}

// learn makes what the checker keeps of s's nodes the current.
func (sc *Checker) learn(s *Schema) {
	l := sc.learnt[s]
	if l == nil {
		l = &learnt{order: make([][]*propInfo, s.nodes), memo: make([]map[string]bool, s.nodes)}
		sc.learnt[s] = l
	}
	sc.cur = l
}

// Check validates line against s. It returns the JSON syntax error, or
// what the schema finds wrong, or "" when the line is valid; the
// top-level members are then in Members.
func (sc *Checker) Check(s *Schema, line []byte) string {
	sc.keys = s.keys
	sc.learn(s)
	sc.b, sc.i, sc.syn, sc.top = line, 0, nil, sc.top[:0]
	sc.errs = schemaErrors{schema: s.name, path: sc.errs.path[:0]}
	sc.space()
	ok := sc.value(s.root, 0, &sc.errs)
	if sc.syn == nil {
		sc.space()
		if sc.i != len(sc.b) {
			sc.fail("unexpected %s after the value", sc.what())
		}
	}
	switch {
	case sc.syn != nil:
		return sc.syn.Error()
	case !ok:
		return "does not match " + s.name + ": " + sc.errs.String()
	}
	return ""
}

// Members are where the members of the last line checked lie in it, as
// Parse gives them. They are valid until the next Check.
func (sc *Checker) Members() []Member { return sc.top }

func (sc *Checker) fail(format string, a ...any) {
	if sc.syn == nil {
		sc.syn = &syntaxError{Offset: sc.i, Msg: fmt.Sprintf(format, a...)}
	}
}

func (sc *Checker) what() string {
	p := parser{b: sc.b, i: sc.i}
	return p.what()
}

// space moves past whitespace. The export writes none between tokens, so
// the byte at the cursor is nearly always one that is not.
func (sc *Checker) space() {
	if sc.i < len(sc.b) && sc.b[sc.i] > ' ' {
		return
	}
	sc.spaces()
}

// next moves past whitespace and returns the byte at the cursor: 0 at
// the end of the line (or a NUL, which no token starts with).
func (sc *Checker) next() byte {
	if sc.i < len(sc.b) && sc.b[sc.i] > ' ' {
		return sc.b[sc.i]
	}
	sc.spaces()
	if sc.i < len(sc.b) {
		return sc.b[sc.i]
	}
	return 0
}

func (sc *Checker) spaces() {
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// value checks the value at the cursor against n, moving past it.
// errs is nil inside anyOf and oneOf, where only the verdict matters.
func (sc *Checker) value(n *schemaNode, depth int, errs *schemaErrors) bool {
	if depth > maxDepth {
		sc.fail("nested more than %d deep", maxDepth)
		return false
	}
	if sc.i >= len(sc.b) {
		sc.fail("the line ends where a value was expected")
		return false
	}
	start := sc.i
	if n.target != nil && !n.own {
		return sc.value(n.target, depth, errs) // a plain $ref
	}
	if n.whole || n.target != nil || n.anyOf != nil || n.oneOf != nil {
		return sc.wholeValue(n, start, depth, errs)
	}
	return sc.typed(n, depth, errs)
}

// wholeValue checks the value at start against every part of n that
// needs it read more than once, or whole.
func (sc *Checker) wholeValue(n *schemaNode, start, depth int, errs *schemaErrors) bool {
	end := sc.skip(depth)
	if sc.syn != nil {
		return false
	}
	if n.whole {
		v, _, err := parse(sc.b[start:end], sc.keys)
		if err != nil {
			sc.fail("%v", err)
			return false
		}
		return n.validate(v, errs)
	}
	ok := true
	again := func(m *schemaNode, e *schemaErrors) bool {
		sc.i = start
		r := sc.value(m, depth, e)
		sc.i = end
		return r
	}
	if n.target != nil && !again(n.target, errs) {
		ok = false
	}
	if n.base != nil && !again(n.base, errs) {
		ok = false
	}
	if n.anyOf != nil {
		any := false
		for _, m := range n.anyOf {
			if again(m, nil) {
				any = true
				break
			}
		}
		if !any {
			ok = false
			if errs != nil {
				errs.add("%s matches none of the forms it may take", abbreviate(sc.b[start:end]))
			}
		}
	}
	if n.oneOf != nil {
		matched := 0
		for _, m := range n.oneOf {
			if again(m, nil) {
				matched++
			}
		}
		if matched != 1 {
			ok = false
			if errs != nil {
				errs.add("must match exactly one of %d forms, matches %d", len(n.oneOf), matched)
			}
		}
	}
	sc.i = end
	return ok
}

func enumText(enum []any) string {
	vals := make([]string, len(enum))
	for i, e := range enum {
		vals[i] = Show(e)
	}
	return strings.Join(vals, ", ")
}

func abbreviate(b []byte) string {
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

// typed checks a value against n's type and the keywords of that type.
func (sc *Checker) typed(n *schemaNode, depth int, errs *schemaErrors) bool {
	c := sc.b[sc.i]
	bit := kindOf[c]
	if bit == 0 {
		sc.fail("unexpected %s where a value was expected", sc.what())
		return false
	}
	start := sc.i
	if n.enumStr != nil && bit != kindString {
		sc.skip(depth)
		if errs != nil {
			errs.add("value must be one of %s", enumText(n.enum))
		}
		return false
	}
	if len(n.types) > 0 && n.kinds&bit == 0 {
		if bit == kindNumber && n.kinds&kindInteger != 0 {
			// decided once the number is read
		} else {
			sc.skip(depth)
			if errs != nil {
				errs.add("got %s, want %s", kindNames[bits.TrailingZeros8(bit)], strings.Join(n.types, " or "))
			}
			return false
		}
	}
	switch bit {
	case kindObject:
		return sc.object(n, depth, errs)
	case kindArray:
		return sc.array(n, depth, errs)
	case kindString:
		return sc.str(n, errs)
	case kindNumber:
		return sc.number(n, errs)
	case kindBoolean:
		word := "true"
		if c == 'f' {
			word = "false"
		}
		if !sc.literal(word) {
			return false
		}
	default:
		if !sc.literal("null") {
			return false
		}
	}
	if n.hasConst || n.enum != nil {
		v, _, _ := parse(sc.b[start:sc.i], sc.keys)
		return n.validate(v, errs)
	}
	return true
}

// kindOf is the kind of value a byte starts, as its bit in kinds; 0:
// none.
var kindOf = func() (t [256]uint8) {
	t['{'], t['['], t['"'], t['t'], t['f'], t['n'] = kindObject, kindArray, kindString, kindBoolean, kindBoolean, kindNull
	t['-'] = kindNumber
	for c := '0'; c <= '9'; c++ {
		t[c] = kindNumber
	}
	return t
}()

// quotedAt reports whether b holds the property's name in quotes at i.
// Most names are short: the name and its closing quote are one word.
func (p *propInfo) quotedAt(b []byte, i int) bool {
	if i+9 <= len(b) {
		if binary.LittleEndian.Uint64(b[i+1:i+9])&p.mask != p.word {
			return false
		}
		if len(p.name) < 8 {
			return true
		}
	}
	end := i + len(p.name) + 1
	return end < len(b) && b[end] == '"' && string(b[i+1:end]) == p.name
}

func (sc *Checker) literal(word string) bool {
	if len(sc.b)-sc.i < len(word) || string(sc.b[sc.i:sc.i+len(word)]) != word {
		sc.fail("unexpected %s where a value was expected", sc.what())
		return false
	}
	sc.i += len(word)
	return true
}

func (sc *Checker) object(n *schemaNode, depth int, errs *schemaErrors) bool {
	sc.i++ // {
	ok := true
	var seen, got uint64 // known properties seen; required ones got
	var others map[string]bool
	var order []*propInfo
	if n.id >= 0 {
		order = sc.cur.order[n.id]
	}
	pos := 0 // known properties so far
	if sc.next() == '}' {
		sc.i++
		return sc.required(n, got, errs)
	}
	for {
		if sc.next() != '"' {
			sc.fail("unexpected %s where a key in quotes was expected", sc.what())
			return false
		}
		kstart := sc.i
		var raw []byte
		var k string // only made when needed: an unknown key, an error, the top level
		var info *propInfo
		escaped := false
		if pos < len(order) && order[pos].plain && order[pos].quotedAt(sc.b, sc.i) {
			// The key expected, which needs no reading: its bytes are
			// those of a name that holds nothing a string must escape.
			info = order[pos]
			sc.i += len(info.name) + 2
		} else {
			end, esc, err := stringEnd(sc.b, sc.i)
			sc.i, escaped = end, esc
			if err != nil {
				sc.syn = err
				return false
			}
			raw = sc.b[kstart+1 : end-1]
			if escaped {
				q := parser{b: sc.b, i: kstart}
				k, _ = q.str()
				raw = []byte(k)
			}
			if pos < len(order) && order[pos].name == string(raw) {
				info = order[pos]
			} else if info = n.props[string(raw)]; info != nil {
				order = append(order[:pos], info)
				sc.cur.order[n.id] = order
			}
		}
		if info != nil {
			pos++
			if seen&(1<<info.bit) != 0 {
				sc.syn = &syntaxError{Offset: kstart, Msg: fmt.Sprintf("key %q appears twice in one object", info.name)}
				return false
			}
			seen |= 1 << info.bit
			if info.required {
				got |= 1 << info.reqBit
			}
			k = info.name
		} else {
			if others == nil {
				others = map[string]bool{}
			}
			if others[string(raw)] {
				sc.syn = &syntaxError{Offset: kstart, Msg: fmt.Sprintf("key %q appears twice in one object", raw)}
				return false
			}
			others[string(raw)] = true
			if !escaped && depth == 0 {
				k = string(raw)
			}
		}
		if sc.next() != ':' {
			if info != nil {
				raw = []byte(info.name) // the key as written, when it was expected
			}
			sc.fail("unexpected %s where ':' was expected after key %q", sc.what(), raw)
			return false
		}
		sc.i++
		sc.space()
		switch {
		case info != nil && info.node != nil:
			if info.node.plain && depth < maxDepth && sc.i < len(sc.b) && sc.b[sc.i] == '"' {
				// A plain string, read and nothing more: most of a line's.
				end, _, err := stringEnd(sc.b, sc.i)
				sc.i = end
				if err != nil {
					sc.syn = err
					return false
				}
				break
			}
			if errs != nil {
				errs.path = append(errs.path, k)
			}
			if !sc.value(info.node, depth+1, errs) {
				ok = false
			}
			if errs != nil {
				errs.path = errs.path[:len(errs.path)-1]
			}
		default:
			sc.skip(depth + 1)
			if n.closed && info == nil {
				ok = false
				if errs != nil {
					errs.add("property %s is not in %s", strconv.Quote(string(raw)), errs.schema)
				}
			}
		}
		if sc.syn != nil {
			return false
		}
		if depth == 0 {
			sc.top = append(sc.top, Member{Key: k, Start: kstart, End: sc.i})
		}
		switch sc.next() {
		case ',':
			sc.i++
		case '}':
			sc.i++
			return sc.required(n, got, errs) && ok
		default:
			if sc.i >= len(sc.b) {
				sc.fail("the line ends inside an object")
			} else {
				sc.fail("unexpected %s where ',' or '}' was expected", sc.what())
			}
			return false
		}
	}
}

// required reports the required properties not got.
func (sc *Checker) required(n *schemaNode, got uint64, errs *schemaErrors) bool {
	if got == n.reqAll {
		return true
	}
	if errs != nil {
		for _, r := range n.required {
			if got&(1<<n.reqBit[r]) == 0 {
				errs.add("missing property %s", strconv.Quote(r))
			}
		}
	}
	return false
}

func (sc *Checker) array(n *schemaNode, depth int, errs *schemaErrors) bool {
	sc.i++ // [
	ok := true
	count := 0
	if sc.next() == ']' {
		sc.i++
	} else {
		for {
			sc.space()
			if n.item != nil && n.item.plain && depth < maxDepth && sc.i < len(sc.b) && sc.b[sc.i] == '"' {
				end, _, err := stringEnd(sc.b, sc.i)
				sc.i = end
				if err != nil {
					sc.syn = err
					return false
				}
			} else if n.item != nil {
				if errs != nil {
					errs.path = append(errs.path, strconv.Itoa(count))
				}
				if !sc.value(n.item, depth+1, errs) {
					ok = false
				}
				if errs != nil {
					errs.path = errs.path[:len(errs.path)-1]
				}
			} else {
				sc.skip(depth + 1)
			}
			if sc.syn != nil {
				return false
			}
			count++
			c := sc.next()
			if c == ']' {
				sc.i++
				break
			}
			if c != ',' {
				if sc.i >= len(sc.b) {
					sc.fail("the line ends inside an array")
				} else {
					sc.fail("unexpected %s where ',' or ']' was expected", sc.what())
				}
				return false
			}
			sc.i++
		}
	}
	if count < n.minItems {
		ok = false
		if errs != nil {
			errs.add("at least %d items, got %d", n.minItems, count)
		}
	}
	if n.maxItems >= 0 && count > n.maxItems {
		ok = false
		if errs != nil {
			errs.add("at most %d items, got %d", n.maxItems, count)
		}
	}
	return ok
}

// str checks a string: its text as JSON escapes give it, against the
// enum, pattern, length and format.
func (sc *Checker) str(n *schemaNode, errs *schemaErrors) bool {
	quoted := sc.i
	end, escaped, err := stringEnd(sc.b, sc.i)
	sc.i = end
	if err != nil {
		sc.syn = err
		return false
	}
	raw := sc.b[quoted+1 : end-1]
	if !n.text {
		return true
	}
	ok := true
	fail := func(format string, a ...any) {
		ok = false
		if errs != nil {
			errs.add(format, a...)
		}
	}
	if n.rule != nil {
		text := raw
		if escaped {
			// Decoded into the checker's buffer: prose with lines is
			// escaped, and copying each such string would cost an
			// allocation.
			p2 := parser{b: sc.b, i: quoted + 1}
			var err error
			if sc.text, err = p2.unescape(sc.text[:0], quoted+1); err != nil {
				sc.syn = err.(*syntaxError)
				return false
			}
			text = sc.text
		}
		if err := n.rule(text); err != nil {
			fail("%s", err)
		}
		if !(n.enumStr != nil || n.minLength > 0 || n.pattern != nil || n.format != "") {
			return ok
		}
	}
	var s []byte = raw
	if escaped {
		p2 := parser{b: sc.b, i: quoted}
		str, err := p2.str()
		if err != nil {
			sc.syn = err.(*syntaxError)
			return false
		}
		s = []byte(str)
	}
	if n.enumStr != nil && !n.enumStr[string(s)] {
		// The list is written only when it is reported: inside anyOf a
		// string is tried against enums that do not hold it on every line.
		ok = false
		if errs != nil {
			errs.add("value must be one of %s", enumText(n.enum))
		}
	}
	if n.minLength > 0 && utf8.RuneCount(s) < n.minLength {
		fail("at least %d characters, got %d", n.minLength, utf8.RuneCount(s))
	}
	if n.pattern != nil {
		memo := sc.cur.memo[n.id]
		if memo == nil {
			memo = map[string]bool{}
			sc.cur.memo[n.id] = memo
		}
		m, known := memo[string(s)]
		if !known {
			m = n.pattern.Match(s)
			if len(memo) < 4096 {
				memo[string(s)] = m
			}
		}
		if !m {
			fail("%s does not match %s", strconv.Quote(string(s)), n.pattern)
		}
	}
	switch n.format {
	case "date-time":
		var t time.Time
		if escaped || t.UnmarshalJSON(sc.b[quoted:sc.i]) != nil {
			fail("%s is not a date-time (RFC 3339)", strconv.Quote(string(s)))
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, string(s)); err != nil {
			fail("%s is not a date (YYYY-MM-DD)", strconv.Quote(string(s)))
		}
	}
	return ok
}

// number checks a number: integer or not, and its bounds.
func (sc *Checker) number(n *schemaNode, errs *schemaErrors) bool {
	p := parser{b: sc.b, i: sc.i}
	start := sc.i
	if err := p.scanNumber(); err != nil {
		sc.i = p.i
		sc.syn = err.(*syntaxError)
		return false
	}
	sc.i = p.i
	text := sc.b[start:sc.i]
	whole := bytes.IndexAny(text, ".eE") < 0
	var iv int64
	var ierr error
	if whole {
		iv, ierr = strconv.ParseInt(string(text), 10, 64)
		if ierr != nil {
			if _, err := strconv.ParseUint(string(text), 10, 64); err != nil {
				whole = false
			}
		}
	}
	if len(n.types) > 0 && n.kinds&kindNumber == 0 && !(whole && n.kinds&kindInteger != 0) {
		if errs != nil {
			errs.add("got number, want %s", strings.Join(n.types, " or "))
		}
		return false
	}
	ok := true
	if n.minimum != nil || n.maximum != nil {
		if whole && ierr == nil && (n.minimum == nil || n.minInt != nil) && (n.maximum == nil || n.maxInt != nil) {
			if n.minInt != nil && iv < *n.minInt {
				ok = false
				if errs != nil {
					errs.add("must be at least %d, got %s", *n.minInt, text)
				}
			}
			if n.maxInt != nil && iv > *n.maxInt {
				ok = false
				if errs != nil {
					errs.add("must be at most %d, got %s", *n.maxInt, text)
				}
			}
		} else {
			f, _ := new(big.Float).SetString(string(text))
			if n.minimum != nil && f.Cmp(n.minimum) < 0 {
				ok = false
				if errs != nil {
					errs.add("must be at least %s, got %s", n.minimum.String(), text)
				}
			}
			if n.maximum != nil && f.Cmp(n.maximum) > 0 {
				ok = false
				if errs != nil {
					errs.add("must be at most %s, got %s", n.maximum.String(), text)
				}
			}
		}
	}
	return ok
}

// skip moves past the value at the cursor, checking only its syntax, and
// returns where it ends.
func (sc *Checker) skip(depth int) int {
	if depth > maxDepth {
		sc.fail("nested more than %d deep", maxDepth)
		return sc.i
	}
	if sc.i >= len(sc.b) {
		sc.fail("the line ends where a value was expected")
		return sc.i
	}
	switch c := sc.b[sc.i]; {
	case c == '{':
		sc.object(anyObject, depth, nil)
	case c == '[':
		sc.array(anyArray, depth, nil)
	case c == '"':
		end, _, err := stringEnd(sc.b, sc.i)
		if err != nil {
			sc.syn = err
		}
		sc.i = end
	case c == '-' || (c >= '0' && c <= '9'):
		p := parser{b: sc.b, i: sc.i}
		if err := p.scanNumber(); err != nil {
			sc.syn = err.(*syntaxError)
		}
		sc.i = p.i
	case c == 't':
		sc.literal("true")
	case c == 'f':
		sc.literal("false")
	case c == 'n':
		sc.literal("null")
	default:
		sc.fail("unexpected %s where a value was expected", sc.what())
	}
	return sc.i
}

// anyObject and anyArray take any object or array: what skip checks
// values against.
var (
	anyObject = &schemaNode{maxItems: -1, id: -1}
	anyArray  = &schemaNode{maxItems: -1, id: -1}
)
