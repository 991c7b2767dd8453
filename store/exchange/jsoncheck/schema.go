package jsoncheck

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A general JSON Schema validator (santhosh-tekuri/jsonschema, which the
// tests use) was many times too slow to check every line of a large file
// (BENCHMARKS.md, "Export and import"). A Schema is the schema document
// compiled into a tree of checks for the keywords it uses, walked over a
// parsed value without allocating, or run by a Checker as it reads a
// line. It refuses, at compile time, a schema with any keyword it does
// not implement, so it can never ignore a constraint; tests hold its
// verdicts to the general validator's.
//
// It is a little stricter than JSON Schema where Go would not read what
// the schema allows: an integer has no fraction or exponent and fits 64
// bits, and a date-time is read by the same parser as Go's time.Time, so
// a value it passes always decodes into the Go type the schema describes.

// Schema is one definition of a schema document, compiled.
type Schema struct {
	root *schemaNode
	// name is how messages call the schema ("the order schema").
	name string
	// keys are the property names of the schema document, shared by
	// what is parsed against it rather than copied out of every object.
	keys map[string]string
	// nodes is how many nodes root reaches, numbered from 0 (schemaNode.id).
	nodes int
}

// Compile compiles the definition at pointer ("#/$defs/order") of the
// schema document doc. name is how messages call the schema.
func Compile(doc []byte, pointer, name string) (*Schema, error) {
	return CompileWith(doc, pointer, name, nil)
}

// A TextRule is a check of a string's text beyond what JSON Schema says
// (the limits of the program that reads it): it returns what is wrong, or
// nil. It is given the text as JSON escapes give it, in memory that is
// reused once it returns.
type TextRule func(text []byte) error

// CompileWith is Compile with rules for the strings at some places of the
// schema document: each string checked against the schema at a place
// ("#/$defs/subject/properties/name", where a string's own schema is, not
// a $ref to it) is held to the rule there too. A place the definition
// does not reach is an error, so a rule is never silently left unused.
func CompileWith(doc []byte, pointer, name string, rules map[string]TextRule) (*Schema, error) {
	v, _, err := Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("%s is not JSON: %w", name, err)
	}
	m, ok := Plain(v).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a JSON object", name)
	}
	root, nodes, err := compileSchema(m, pointer, rules)
	if err != nil {
		return nil, err
	}
	keys := map[string]string{}
	propertyNames(v, keys)
	return &Schema{root: root, name: name, keys: keys, nodes: nodes}, nil
}

// Parse is the package's Parse for a value meant for s: the schema's
// property names are shared, not copied out of every object.
func (s *Schema) Parse(b []byte) (any, []Member, error) { return parse(b, s.keys) }

// Plain is v with every Object made a map[string]any, as encoding/json
// reads a value into an interface.
func Plain(v any) any {
	switch x := v.(type) {
	case Object:
		m := make(map[string]any, len(x))
		for _, f := range x {
			m[f.Key] = Plain(f.Value)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Plain(e)
		}
		return out
	}
	return v
}

// Validate checks a parsed value (Parse), returning what is wrong or "".
func (s *Schema) Validate(v any) string {
	errs := schemaErrors{schema: s.name}
	if s.root.validate(v, &errs) {
		return ""
	}
	return "does not match " + s.name + ": " + errs.String()
}

type schemaNode struct {
	types      []string // empty: any type
	properties map[string]*schemaNode
	required   []string
	closed     bool // additionalProperties: false
	items      *schemaNode
	enum       []any
	hasConst   bool
	constant   any
	pattern    *regexp.Regexp
	matched    *patternMemo // pattern answers by string: staff numbers repeat on every line
	format     string
	minimum    *big.Float
	maximum    *big.Float
	minInt     *int64 // minimum and maximum, when whole numbers
	maxInt     *int64
	minItems   int
	maxItems   int // -1: none
	unique     bool
	minLength  int
	anyOf      []*schemaNode
	oneOf      []*schemaNode
	ref        string
	target     *schemaNode // the resolved ref
	rule       TextRule    // a check of a string's text the schema cannot say

	// Worked out once compiled, for Checker.
	id      int                  // its number in its schema, for what a Checker learns of it; -1: in none
	kinds   uint8                // the types, a bit each (kindBit)
	props   map[string]*propInfo // each property: its node and bits
	reqBit  map[string]uint      // a bit for each required property
	reqAll  uint64
	text    bool            // a string's text is checked (enum, pattern, format, length)
	enumStr map[string]bool // the enum, when all strings
	whole   bool            // checked on the parsed value: uniqueItems, const, or an enum not all strings
	own     bool            // constraints besides $ref
	base    *schemaNode     // those constraints alone, when beside $ref, anyOf or oneOf
	item    *schemaNode     // items, its plain $refs followed
	// plain is a node a string meets by being one: no rule, enum,
	// pattern, format or length, nothing to try it against. Most of a
	// line's strings are checked against such nodes, and only read.
	plain bool
}

// propInfo is a property of an object node, for Checker: its schema
// (its plain $refs followed), a bit to notice it twice, and its bit among
// the required, if it is.
type propInfo struct {
	name     string
	node     *schemaNode
	bit      uint
	required bool
	reqBit   uint
	plain    bool // name holds nothing a JSON string escapes: read in quotes, it is itself
	// word is the first eight bytes of the name and its closing quote,
	// read little-endian, and mask the bytes of it they fill.
	word, mask uint64
}

// kindBit is a JSON Schema type's bit in schemaNode.kinds.
func kindBit(t string) uint8 {
	if i := slices.Index(kindNames, t); i >= 0 {
		return 1 << i
	}
	return 0
}

var kindNames = []string{"object", "array", "string", "boolean", "null", "number", "integer"}

// The bits of kindNames, in its order.
const (
	kindObject uint8 = 1 << iota
	kindArray
	kindString
	kindBoolean
	kindNull
	kindNumber
	kindInteger
)

// prepare works out what Checker needs of a compiled node.
func (n *schemaNode) prepare() error {
	if len(n.properties) > 64 || len(n.required) > 64 {
		return fmt.Errorf("schema: an object with over 64 properties is not supported")
	}
	n.props, n.reqBit = map[string]*propInfo{}, map[string]uint{}
	n.kinds = 0
	for _, t := range n.types {
		n.kinds |= kindBit(t)
	}
	for i, r := range n.required {
		n.reqBit[r] = uint(i)
		n.reqAll |= 1 << uint(i)
	}
	names := make([]string, 0, len(n.properties))
	for k := range n.properties {
		names = append(names, k)
	}
	for _, r := range n.required {
		if _, ok := n.properties[r]; !ok {
			names = append(names, r) // required, with no schema of its own
		}
	}
	slices.Sort(names)
	if len(names) > 64 {
		return fmt.Errorf("schema: an object with over 64 properties is not supported")
	}
	for i, k := range names {
		rb, req := n.reqBit[k]
		plain := utf8.ValidString(k) && !strings.ContainsFunc(k, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' })
		var w [8]byte
		filled := copy(w[:], k+`"`)
		n.props[k] = &propInfo{name: k, node: n.properties[k], bit: uint(i), required: req, reqBit: rb, plain: plain,
			word: binary.LittleEndian.Uint64(w[:]), mask: ^uint64(0) >> (64 - 8*filled)}
	}
	n.text = n.enum != nil || n.hasConst || n.pattern != nil || n.format != "" || n.minLength > 0 || n.rule != nil
	n.whole = n.unique || n.hasConst
	if n.enum != nil {
		n.enumStr = map[string]bool{}
		for _, e := range n.enum {
			s, ok := e.(string)
			if !ok {
				n.whole, n.enumStr = true, nil
				break
			}
			n.enumStr[s] = true
		}
	}
	checks := len(n.types) > 0 || n.properties != nil || len(n.required) > 0 || n.closed || n.items != nil || n.enum != nil ||
		n.hasConst || n.pattern != nil || n.format != "" || n.minimum != nil || n.maximum != nil || n.minItems > 0 ||
		n.maxItems >= 0 || n.unique || n.minLength > 0 || n.rule != nil
	n.own = checks || n.anyOf != nil || n.oneOf != nil
	n.plain = n.target == nil && n.anyOf == nil && n.oneOf == nil && !n.whole && !n.text &&
		(len(n.types) == 0 || n.kinds&kindString != 0)
	if checks && (n.target != nil || n.anyOf != nil || n.oneOf != nil) {
		b := *n
		b.target, b.anyOf, b.oneOf, b.base, b.own = nil, nil, nil, nil, true
		n.base = &b
	}
	return nil
}

// followed is n, or the node its plain $refs lead to: a $ref with no
// constraints beside it is checked as its target.
func (n *schemaNode) followed() *schemaNode {
	for n != nil && n.target != nil && !n.own {
		n = n.target
	}
	return n
}

// annotations are keywords that do not constrain.
var annotations = []string{"$schema", "$id", "$defs", "title", "description", "$comment", "examples", "default"}

type schemaCompiler struct {
	defs  map[string]any
	nodes map[string]*schemaNode
	all   []*schemaNode
	rules map[string]TextRule
	ruled map[string]bool // the places of rules, once compiled
}

// compileSchema compiles the definition at pointer ("#/$defs/order")
// of the schema document doc, returning it and how many nodes it has.
func compileSchema(doc map[string]any, pointer string, rules map[string]TextRule) (*schemaNode, int, error) {
	defs, _ := doc["$defs"].(map[string]any)
	c := &schemaCompiler{defs: defs, nodes: map[string]*schemaNode{}, rules: rules, ruled: map[string]bool{}}
	n, err := c.ref(pointer)
	if err != nil {
		return nil, 0, err
	}
	for at := range rules {
		if !c.ruled[at] {
			return nil, 0, fmt.Errorf("schema: a text rule for %s, which %s does not reach", at, pointer)
		}
	}
	ids := len(c.all)
	for i, m := range c.all {
		m.id = i
		if err := m.prepare(); err != nil {
			return nil, 0, err
		}
		if m.base != nil {
			m.base.id, ids = ids, ids+1
		}
	}
	// Once every node knows whether it is a plain $ref.
	for _, m := range c.all {
		for _, p := range m.props { // a base shares its node's
			p.node = p.node.followed()
		}
		m.item = m.items.followed()
		if m.base != nil {
			m.base.item = m.item
		}
	}
	return n, ids, nil
}

func (c *schemaCompiler) ref(pointer string) (*schemaNode, error) {
	name, ok := strings.CutPrefix(pointer, "#/$defs/")
	if !ok || strings.Contains(name, "/") {
		return nil, fmt.Errorf("schema: $ref %q: only #/$defs/NAME is supported", pointer)
	}
	if n, ok := c.nodes[name]; ok {
		return n, nil
	}
	def, ok := c.defs[name]
	if !ok {
		return nil, fmt.Errorf("schema: $ref %q: no such definition", pointer)
	}
	n := &schemaNode{maxItems: -1}
	c.nodes[name] = n // before compiling, so a recursive ref finds it
	c.all = append(c.all, n)
	return n, c.fillRuled(n, def, "#/$defs/"+name)
}

func (c *schemaCompiler) compile(v any, at string) (*schemaNode, error) {
	n := &schemaNode{maxItems: -1}
	c.all = append(c.all, n)
	return n, c.fillRuled(n, v, at)
}

// fillRuled fills n, and gives it the rule for its place, if any.
func (c *schemaCompiler) fillRuled(n *schemaNode, v any, at string) error {
	if err := c.fill(n, v, at); err != nil {
		return err
	}
	if r, ok := c.rules[at]; ok {
		if n.target != nil {
			return fmt.Errorf("schema %s: a text rule goes where the string's own schema is, not on a $ref (%s)", at, n.ref)
		}
		n.rule, c.ruled[at] = r, true
	}
	return nil
}

func (c *schemaCompiler) fill(n *schemaNode, v any, at string) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("schema %s: a schema must be an object", at)
	}
	var err error
	for k, val := range m {
		switch k {
		case "type":
			switch t := val.(type) {
			case string:
				n.types = []string{t}
			case []any:
				for _, x := range t {
					s, _ := x.(string)
					n.types = append(n.types, s)
				}
			}
		case "properties":
			n.properties = map[string]*schemaNode{}
			for name, sub := range val.(map[string]any) {
				if n.properties[name], err = c.compile(sub, at+"/properties/"+name); err != nil {
					return err
				}
			}
		case "required":
			for _, x := range val.([]any) {
				n.required = append(n.required, x.(string))
			}
		case "additionalProperties":
			if b, ok := val.(bool); !ok || b {
				return fmt.Errorf("schema %s: only additionalProperties: false is supported", at)
			}
			n.closed = true
		case "items":
			if n.items, err = c.compile(val, at+"/items"); err != nil {
				return err
			}
		case "enum":
			n.enum = val.([]any)
		case "const":
			n.hasConst, n.constant = true, val
		case "pattern":
			if n.pattern, err = regexp.Compile(val.(string)); err != nil {
				return fmt.Errorf("schema %s: %w", at, err)
			}
			n.matched = &patternMemo{m: map[string]bool{}}
		case "format":
			n.format = val.(string)
			if n.format != "date-time" && n.format != "date" {
				return fmt.Errorf("schema %s: format %q is not supported", at, n.format)
			}
		case "minimum", "maximum":
			f, ok := new(big.Float).SetString(fmt.Sprint(val))
			if !ok {
				return fmt.Errorf("schema %s: %s is not a number", at, k)
			}
			var whole *int64
			if i, err := strconv.ParseInt(fmt.Sprint(val), 10, 64); err == nil {
				whole = &i
			}
			if k == "minimum" {
				n.minimum, n.minInt = f, whole
			} else {
				n.maximum, n.maxInt = f, whole
			}
		case "minItems", "maxItems", "minLength":
			i, err := strconv.Atoi(fmt.Sprint(val))
			if err != nil {
				return fmt.Errorf("schema %s: %s is not a whole number", at, k)
			}
			switch k {
			case "minItems":
				n.minItems = i
			case "maxItems":
				n.maxItems = i
			default:
				n.minLength = i
			}
		case "uniqueItems":
			n.unique, _ = val.(bool)
		case "anyOf", "oneOf":
			for i, sub := range val.([]any) {
				s, err := c.compile(sub, fmt.Sprintf("%s/%s/%d", at, k, i))
				if err != nil {
					return err
				}
				if k == "anyOf" {
					n.anyOf = append(n.anyOf, s)
				} else {
					n.oneOf = append(n.oneOf, s)
				}
			}
		case "$ref":
			n.ref = val.(string)
			if n.target, err = c.ref(n.ref); err != nil {
				return err
			}
		default:
			if !slices.Contains(annotations, k) {
				return fmt.Errorf("schema %s: keyword %q is not supported by this validator", at, k)
			}
		}
	}
	return nil
}

// schemaErrors collects what is wrong, up to a few.
type schemaErrors struct {
	schema string // the schema's name, for messages
	list   []string
	more   int
	path   []string
}

const maxSchemaErrors = 3

func (e *schemaErrors) add(format string, a ...any) {
	if len(e.list) >= maxSchemaErrors {
		e.more++
		return
	}
	e.list = append(e.list, fmt.Sprintf("at '/%s': %s", strings.Join(e.path, "/"), fmt.Sprintf(format, a...)))
}

func (e *schemaErrors) String() string {
	s := strings.Join(e.list, "; ")
	if e.more > 0 {
		s += fmt.Sprintf("; and %d more", e.more)
	}
	return s
}

// validate checks v against the node, adding what is wrong to errs (nil
// when only a yes or no is wanted). It reports whether v is valid.
func (n *schemaNode) validate(v any, errs *schemaErrors) bool {
	ok := true
	fail := func(format string, a ...any) {
		ok = false
		if errs != nil {
			errs.add(format, a...)
		}
	}
	if n.target != nil && !n.target.validate(v, errs) {
		ok = false
	}
	if len(n.types) > 0 && !slices.ContainsFunc(n.types, func(t string) bool { return isType(v, t) }) {
		fail("got %s, want %s", typeName(v), strings.Join(n.types, " or "))
		return false
	}
	if n.hasConst && !jsonEqual(v, n.constant) {
		fail("must be %s", Show(n.constant))
	}
	if n.enum != nil && !slices.ContainsFunc(n.enum, func(e any) bool { return jsonEqual(v, e) }) {
		vals := make([]string, len(n.enum))
		for i, e := range n.enum {
			vals[i] = Show(e)
		}
		fail("value must be one of %s", strings.Join(vals, ", "))
	}
	switch x := v.(type) {
	case string:
		if n.rule != nil {
			if err := n.rule([]byte(x)); err != nil {
				fail("%s", err)
			}
		}
		if n.minLength > 0 && utf8.RuneCountInString(x) < n.minLength {
			fail("at least %d characters, got %d", n.minLength, utf8.RuneCountInString(x))
		}
		if n.pattern != nil && !n.matches(x) {
			fail("%s does not match %s", Show(x), n.pattern)
		}
		switch n.format {
		case "date-time":
			// Read as time.Time reads it from JSON, so what passes decodes.
			var buf [48]byte
			var t time.Time
			if len(x) > len(buf)-2 || strings.ContainsAny(x, "\"\\") ||
				t.UnmarshalJSON(append(append(append(buf[:0], '"'), x...), '"')) != nil {
				fail("%s is not a date-time (RFC 3339)", Show(x))
			}
		case "date":
			if _, err := time.Parse(time.DateOnly, x); err != nil {
				fail("%s is not a date (YYYY-MM-DD)", Show(x))
			}
		}
	case json.Number:
		if i, err := strconv.ParseInt(x.String(), 10, 64); err == nil && (n.minimum == nil || n.minInt != nil) && (n.maximum == nil || n.maxInt != nil) {
			if n.minInt != nil && i < *n.minInt {
				fail("must be at least %d, got %s", *n.minInt, x)
			}
			if n.maxInt != nil && i > *n.maxInt {
				fail("must be at most %d, got %s", *n.maxInt, x)
			}
		} else if n.minimum != nil || n.maximum != nil {
			f, _ := new(big.Float).SetString(x.String())
			if n.minimum != nil && f.Cmp(n.minimum) < 0 {
				fail("must be at least %s, got %s", n.minimum.String(), x)
			}
			if n.maximum != nil && f.Cmp(n.maximum) > 0 {
				fail("must be at most %s, got %s", n.maximum.String(), x)
			}
		}
	case []any:
		if len(x) < n.minItems {
			fail("at least %d items, got %d", n.minItems, len(x))
		}
		if n.maxItems >= 0 && len(x) > n.maxItems {
			fail("at most %d items, got %d", n.maxItems, len(x))
		}
		if n.unique {
			for i := range x {
				for j := range i {
					if jsonEqual(x[i], x[j]) {
						fail("items %d and %d are the same", j, i)
					}
				}
			}
		}
		if n.items != nil {
			for i, item := range x {
				if errs != nil {
					errs.path = append(errs.path, strconv.Itoa(i))
				}
				if !n.items.validate(item, errs) {
					ok = false
				}
				if errs != nil {
					errs.path = errs.path[:len(errs.path)-1]
				}
			}
		}
	case Object:
		for _, r := range n.required {
			if _, has := x.Get(r); !has {
				fail("missing property %s", Show(r))
			}
		}
		for _, kv := range x {
			k, val := kv.Key, kv.Value
			sub, known := n.properties[k]
			if !known {
				if n.closed {
					ok = false
					if errs != nil {
						errs.add("property %s is not in %s", Show(k), errs.schema)
					}
				}
				continue
			}
			if errs != nil {
				errs.path = append(errs.path, k)
			}
			if !sub.validate(val, errs) {
				ok = false
			}
			if errs != nil {
				errs.path = errs.path[:len(errs.path)-1]
			}
		}
	}
	if n.anyOf != nil && !slices.ContainsFunc(n.anyOf, func(s *schemaNode) bool { return s.validate(v, nil) }) {
		fail("%s matches none of the forms it may take", Show(v))
	}
	if n.oneOf != nil {
		matched := 0
		for _, s := range n.oneOf {
			if s.validate(v, nil) {
				matched++
			}
		}
		if matched != 1 {
			fail("must match exactly one of %d forms, matches %d", len(n.oneOf), matched)
		}
	}
	return ok
}

type patternMemo struct {
	mu sync.Mutex
	m  map[string]bool
}

// matches runs the pattern, remembering the answers for the first few
// thousand strings.
func (n *schemaNode) matches(s string) bool {
	n.matched.mu.Lock()
	ok, seen := n.matched.m[s]
	n.matched.mu.Unlock()
	if seen {
		return ok
	}
	ok = n.pattern.MatchString(s)
	n.matched.mu.Lock()
	if len(n.matched.m) < 4096 {
		n.matched.m[s] = ok
	}
	n.matched.mu.Unlock()
	return ok
}

// isType reports whether v is of JSON Schema type t. An integer is
// written without fraction or exponent and fits 64 bits, as Go reads one.
func isType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "object":
		_, ok := v.(Object)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		if _, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return true
		}
		_, err := strconv.ParseUint(n.String(), 10, 64)
		return err == nil
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case Object:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// jsonEqual is JSON equality: numbers by value, objects by members.
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		var y string
		switch b := b.(type) {
		case json.Number:
			y = b.String()
		case float64:
			y = strconv.FormatFloat(b, 'g', -1, 64)
		default:
			return false
		}
		fx, ok1 := new(big.Float).SetString(x.String())
		fy, ok2 := new(big.Float).SetString(y)
		return ok1 && ok2 && fx.Cmp(fy) == 0
	case float64:
		return jsonEqual(b, json.Number(strconv.FormatFloat(x, 'g', -1, 64)))
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, jsonEqual)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, has := y[k]
			if !has || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	case Object:
		return jsonEqual(Plain(x), Plain(b))
	}
	return a == b
}

func Show(v any) string {
	b, err := json.Marshal(Plain(v))
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 60 {
		b = append(b[:57], "..."...)
	}
	return string(b)
}
