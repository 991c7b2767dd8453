package domain

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on free text. They keep a record readable and stop a stray paste of
// a whole document landing in a name field.
const (
	MaxShort = 120  // names, references, single-line facts
	MaxLong  = 2000 // summaries, rationales, reasons
)

// cleanText trims s and checks it fits in max characters and holds no
// control characters. Stored text is drawn in a terminal, so an escape
// sequence in a record must never reach one. Newlines and tabs are allowed
// only when multiline is true.
func cleanText(s string, max int, multiline bool) (string, error) {
	s = strings.TrimSpace(s)
	if multiline {
		// Text pasted from Windows or some terminals ends lines with CR; it
		// was refused as a control character the officer cannot see.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	if err := checkText(s, max, multiline); err != nil {
		if err.control {
			return s, fmt.Errorf("%s; retype it", err.msg)
		}
		return s, errors.New(err.msg)
	}
	return s, nil
}

// textError is what checkText finds wrong. control marks a character the
// officer cannot see, which the forms ask to be typed again.
type textError struct {
	msg     string
	control bool
}

// checkText is the rule every stored text is held to, whether typed into a
// form (cleanText) or read from a file (TextKind.Check): valid UTF-8, at
// most max characters (max < 0: no limit), no control characters but
// newlines and tabs where multiline, no bidirectional overrides. It takes
// bytes or a string, so an import checks what it reads without copying.
func checkText[T ~string | ~[]byte](s T, max int, multiline bool) *textError {
	var found *textError // the first character refused; a text too long is told first
	n := 0
	for i := 0; i < len(s); {
		// Printable ASCII, most of any record, in one comparison a byte.
		j := i
		for j < len(s) && s[j]-0x20 < 0x7f-0x20 {
			j++
		}
		n += j - i
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			// At most four bytes: a conversion this small is not allocated.
			r, size = utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
			if r == utf8.RuneError && size == 1 {
				return &textError{msg: "contains bytes that are not text"}
			}
		}
		i, n = i+size, n+1
		switch {
		case found != nil, (r == '\n' || r == '\t') && multiline:
		case unicode.IsControl(r):
			found = &textError{msg: fmt.Sprintf("contains a control character (%U)", r), control: true}
		case r >= utf8.RuneSelf && unicode.Is(unicode.Bidi_Control, r):
			// Bidirectional overrides can make a name or reference display
			// reversed or reordered in a terminal: what an officer reads
			// would not be what is stored.
			found = &textError{msg: fmt.Sprintf("contains an invisible direction-changing character (%U)", r), control: true}
		}
	}
	if max >= 0 && n > max {
		return &textError{msg: fmt.Sprintf("too long: %d characters, at most %d", n, max)}
	}
	return found
}

// text validates a text field into p, returning the cleaned value.
func (p *problems) text(field, s string, max int, required bool) string {
	v, err := cleanText(s, max, max > MaxShort)
	if err != nil {
		p.add(field, err.Error())
		return v
	}
	if required && v == "" {
		p.add(field, "required")
	}
	return v
}

// short checks the raw input of a picked or parsed field (team, postcode,
// dates, staff number) before it is parsed, reporting false after adding the
// problem. Without it a 10 kB paste into the postcode was quoted back in full
// in a "not a UK postcode" message instead of being refused as too long.
func (p *problems) short(field, s string) bool {
	if _, err := cleanText(s, MaxShort, false); err != nil {
		p.add(field, err.Error())
		return false
	}
	return true
}
