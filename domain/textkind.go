package domain

import (
	"errors"
	"reflect"
)

// TextKind is what a stored text field holds, and so the rule its text is
// held to. Each text field of a record says its kind where it is declared,
// in a `text` tag ("line", "prose" or "composed"), so that what arrives
// from outside (an import) is held to the rule the form that writes the
// field applies, and a redacted export knows free text from a reference.
// A new text field without the tag fails TestEveryTextFieldHasAKind.
type TextKind uint8

const (
	// TextLine is a name, a reference or a single fact: one line of at
	// most MaxShort characters, as every short form field is.
	TextLine TextKind = iota + 1
	// TextProse is what an officer writes in their own words: lines and
	// tabs, at most MaxLong characters.
	TextProse
	// TextComposed is text oic makes from other fields (a briefing's
	// text, from the order and the roster): lines and tabs, and no limit
	// of its own, since its parts have theirs.
	TextComposed
)

var textKinds = map[string]TextKind{"line": TextLine, "prose": TextProse, "composed": TextComposed}

// TextKindOf is the kind of a field of a stored record, or 0 when the
// field holds no text. A field of a named string type (a reference, a
// staff number, a state, a choice from a list) is a line unless its tag
// says otherwise; a plain string field must say (TextKindOf reports 0 for
// one that does not, which the domain's tests refuse).
func TextKindOf(f reflect.StructField) TextKind {
	t := f.Type
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.String {
		return 0
	}
	if k, ok := textKinds[f.Tag.Get("text")]; ok {
		return k
	}
	if t.PkgPath() != "" {
		return TextLine
	}
	return 0
}

// Max is the most characters a text of the kind holds; -1 for no limit.
func (k TextKind) Max() int {
	switch k {
	case TextLine:
		return MaxShort
	case TextProse:
		return MaxLong
	}
	return -1
}

// Check holds stored text to the kind's rule: what the form refuses
// (cleanText), a file is refused for too. Text is checked as stored, not
// trimmed.
func (k TextKind) Check(s string) error {
	if e := checkText(s, k.Max(), k != TextLine); e != nil {
		return errors.New(e.msg)
	}
	return nil
}

// CheckBytes is Check of text still in the bytes it was read from.
func (k TextKind) CheckBytes(b []byte) error {
	if e := checkText(b, k.Max(), k != TextLine); e != nil {
		return errors.New(e.msg)
	}
	return nil
}
