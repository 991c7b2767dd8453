// Package jsoncheck reads JSON strictly and checks it against a JSON
// Schema, fast enough to run on every line of a large file: a reader of
// one value into plain values (Parse), a compiler of the schema keywords
// it implements into a tree of checks (Compile), and a checker that runs
// those checks as it reads a line, without building its value (Checker).
// It knows nothing of what the JSON describes.
package jsoncheck

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Parse reads one JSON value, strictly (RFC 8259: no trailing commas, no
// comments, UTF-8 only, no key twice in one object), into plain values
// for the schema validator: Object (members in order), []any, string,
// json.Number, bool and nil. It is written for speed (faster than
// encoding/json's decoding into an interface: an object is a slice, not
// a map), and it notes where each member of the top-level object lies,
// so a caller can cut a member out of its line without re-encoding it. A
// fuzz test holds it to encoding/json's reading of the same bytes.
func Parse(b []byte) (any, []Member, error) { return parse(b, nil) }

// parse is Parse sharing keys, the property names of a schema, rather
// than copying them out of every object (nil: none).
func parse(b []byte, keys map[string]string) (any, []Member, error) {
	p := parser{b: b, keys: keys}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, nil, err
	}
	p.space()
	if p.i != len(p.b) {
		return nil, nil, p.errorf("unexpected %s after the value", p.what())
	}
	return v, p.top, nil
}

// Member is where a member of the top-level object lies in the input:
// its key, the offset of the key's opening quote and the offset just
// past its value.
type Member struct {
	Key        string
	Start, End int
}

type parser struct {
	b    []byte
	i    int
	top  []Member
	keys map[string]string
}

// Object is a JSON object: its members in the order written.
type Object []Field

// Field is one member of an Object.
type Field struct {
	Key   string
	Value any
}

// Get returns the member named key.
func (o Object) Get(key string) (any, bool) {
	for _, f := range o {
		if f.Key == key {
			return f.Value, true
		}
	}
	return nil, false
}

// propertyNames adds every property name of a schema document to into.
func propertyNames(v any, into map[string]string) {
	switch x := v.(type) {
	case Object:
		for _, f := range x {
			into[f.Key] = f.Key
			if f.Key == "properties" {
				if props, ok := f.Value.(Object); ok {
					for _, p := range props {
						into[p.Key] = p.Key
					}
				}
			}
			propertyNames(f.Value, into)
		}
	case []any:
		for _, e := range x {
			propertyNames(e, into)
		}
	}
}

// maxDepth bounds nesting, so a hostile line cannot exhaust the stack.
const maxDepth = 512

// syntaxError is a syntax error at a byte offset of the line.
type syntaxError struct {
	Offset int
	Msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("not valid JSON at byte %d: %s", e.Offset+1, e.Msg)
}

func (p *parser) errorf(format string, a ...any) error {
	return &syntaxError{Offset: p.i, Msg: fmt.Sprintf(format, a...)}
}

// what names the byte at the cursor for a message.
func (p *parser) what() string {
	if p.i >= len(p.b) {
		return "end of line"
	}
	c := p.b[p.i]
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested more than %d deep", maxDepth)
	}
	if p.i >= len(p.b) {
		return nil, p.errorf("the line ends where a value was expected")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.errorf("unexpected %s where a value was expected", p.what())
}

func (p *parser) literal(word string) error {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return p.errorf("unexpected %s where a value was expected", p.what())
	}
	p.i += len(word)
	return nil
}

func (p *parser) object(depth int) (any, error) {
	p.i++ // {
	m := make(Object, 0, 8)
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.errorf("unexpected %s where a key in quotes was expected", p.what())
		}
		start := p.i
		k, err := p.key()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.errorf("unexpected %s where ':' was expected after key %q", p.what(), k)
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, dup := m.Get(k); dup {
			return nil, &syntaxError{Offset: start, Msg: fmt.Sprintf("key %q appears twice in one object", k)}
		}
		m = append(m, Field{k, v})
		if depth == 0 {
			p.top = append(p.top, Member{Key: k, Start: start, End: p.i})
		}
		p.space()
		if p.i >= len(p.b) {
			return nil, p.errorf("the line ends inside an object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m, nil
		default:
			return nil, p.errorf("unexpected %s where ',' or '}' was expected", p.what())
		}
	}
}

func (p *parser) array(depth int) (any, error) {
	p.i++ // [
	a := make([]any, 0, 4)
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.space()
		if p.i >= len(p.b) {
			return nil, p.errorf("the line ends inside an array")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return a, nil
		default:
			return nil, p.errorf("unexpected %s where ',' or ']' was expected", p.what())
		}
	}
}

// key reads an object's key: one of the schema's is not copied.
func (p *parser) key() (string, error) {
	if end := p.i + 1; end < len(p.b) {
		for j := end; j < len(p.b) && j-end < 64; j++ {
			c := p.b[j]
			if c == '"' {
				if k, ok := p.keys[string(p.b[end:j])]; ok {
					p.i = j + 1
					return k, nil
				}
				break
			}
			if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				break
			}
		}
	}
	return p.str()
}

// str reads a string. The common case, no escapes and plain text, is one
// scan and one copy.
func (p *parser) str() (string, error) {
	p.i++ // "
	start := p.i
	ascii := true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			if !ascii && !utf8.Valid(s) {
				return "", &syntaxError{Offset: start, Msg: "a string is not valid UTF-8"}
			}
			p.i++
			return string(s), nil
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return "", p.errorf("a control character (0x%02x) inside a string must be escaped", c)
		case c >= utf8.RuneSelf:
			ascii = false
		}
		p.i++
	}
	return "", &syntaxError{Offset: start - 1, Msg: "a string is not closed before the end of the line"}
}

// escaped finishes a string that has escapes, from its start.
func (p *parser) escaped(start int) (string, error) {
	buf, err := p.unescape(make([]byte, 0, p.i-start+16), start)
	if err != nil {
		return "", err
	}
	return string(buf), nil
}

// unescape appends the text of a string that has escapes to buf, from its
// start: a Checker decodes into a buffer it keeps.
func (p *parser) unescape(buf []byte, start int) ([]byte, error) {
	buf = append(buf, p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(buf) {
				return nil, &syntaxError{Offset: start, Msg: "a string is not valid UTF-8"}
			}
			return buf, nil
		case c < 0x20:
			return nil, p.errorf("a control character (0x%02x) inside a string must be escaped", c)
		case c != '\\':
			// A run of bytes that are themselves, appended at once.
			j := p.i + 1
			for j < len(p.b) && p.b[j] >= 0x20 && p.b[j] != '"' && p.b[j] != '\\' {
				j++
			}
			buf = append(buf, p.b[p.i:j]...)
			p.i = j
			continue
		}
		p.i++ // backslash
		if p.i >= len(p.b) {
			break
		}
		e := p.b[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return nil, p.errorf("\\u must be followed by four hex digits")
			}
			if utf16.IsSurrogate(r) {
				// A pair makes one character; a lone half is replaced, as
				// encoding/json does.
				r2 := rune(-1)
				if p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					var ok2 bool
					if r2, ok2 = p.hex4(); !ok2 {
						return nil, p.errorf("\\u must be followed by four hex digits")
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						buf = utf8.AppendRune(buf, dec)
						continue
					}
					p.i = save
				}
				r = utf8.RuneError
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.i--
			return nil, p.errorf("\\%c is not an escape JSON knows", e)
		}
	}
	return nil, &syntaxError{Offset: start - 1, Msg: "a string is not closed before the end of the line"}
}

func (p *parser) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// number reads a number as JSON's grammar has it, kept as its text.
func (p *parser) number() (any, error) {
	start := p.i
	if err := p.scanNumber(); err != nil {
		return nil, err
	}
	return json.Number(p.b[start:p.i]), nil
}

// stringEnd moves past the string whose opening quote is at b[i],
// checking its syntax and its UTF-8: it returns the offset just past its
// closing quote, and whether it holds escapes (then its text is what
// parser.str returns). A Checker calls it for every key and string of a
// line, most of them a few bytes long: it is a function of the bytes and
// an offset, not a parser's method, so a call sets up no parser.
func stringEnd(b []byte, i int) (int, bool, *syntaxError) {
	i++ // "
	start := i
	ascii, escaped := true, false
	for i < len(b) {
		for i+8 <= len(b) {
			m := special8(binary.LittleEndian.Uint64(b[i : i+8]))
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3 // the special byte itself
				break
			}
			i += 8
		}
		for i < len(b) && !strSpecial[b[i]] {
			i++ // the last bytes of the line, fewer than eight
		}
		if i >= len(b) {
			break
		}
		switch c := b[i]; {
		case c == '"':
			if !ascii && !utf8.Valid(b[start:i]) {
				return i, false, &syntaxError{Offset: start, Msg: "a string is not valid UTF-8"}
			}
			return i + 1, escaped, nil
		case c == '\\':
			escaped = true
			i++
			if i >= len(b) {
				continue
			}
			switch e := b[i]; e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				p := parser{b: b, i: i + 1}
				if _, ok := p.hex4(); !ok {
					return p.i, false, p.errorf("\\u must be followed by four hex digits").(*syntaxError)
				}
				i = p.i
			default:
				return i, false, &syntaxError{Offset: i, Msg: fmt.Sprintf("\\%c is not an escape JSON knows", e)}
			}
			continue
		case c < 0x20:
			return i, false, &syntaxError{Offset: i, Msg: fmt.Sprintf("a control character (0x%02x) inside a string must be escaped", c)}
		default: // the start of a multi-byte character, checked at the end
			ascii = false
		}
		i++
	}
	return i, false, &syntaxError{Offset: start - 1, Msg: "a string is not closed before the end of the line"}
}

// special8 finds the bytes strSpecial marks in the eight bytes of v,
// read little-endian, eight at a time: text is most of a typical line,
// and a byte at a time was a large part of checking one (BENCHMARKS.md,
// the import's steps). A byte is a
// quote or a backslash where v XOR that byte has a zero byte, which
// (x - 0x01…) &^ x shows in its top bit; below 0x20 where v - 0x20… sets
// it; and non-ASCII where it is set already. The result has the top bit
// of each byte found set. A borrow crosses into a byte only from a byte
// found, so its lowest bit is the first special byte exactly, and a word
// with none is 0.
func special8(v uint64) uint64 {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	q := v ^ (ones * '"')
	b := v ^ (ones * '\\')
	return ((q-ones)&^q | (b-ones)&^b | (v - ones*0x20) | v) & tops
}

// strSpecial marks the bytes a string scan stops at: the closing quote, a
// backslash, a control character, the start of a multi-byte character.
var strSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf
	}
	return t
}()

// scanNumber moves past a number, checking its grammar.
func (p *parser) scanNumber() error {
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case digits() == 0:
		return p.errorf("a number needs a digit after '-'")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return p.errorf("a number needs a digit after '.'")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return p.errorf("a number needs a digit in its exponent")
		}
	}
	return nil
}
