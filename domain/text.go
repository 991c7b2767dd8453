package domain

import (
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
	if !utf8.ValidString(s) {
		return s, fmt.Errorf("contains bytes that are not text")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return s, fmt.Errorf("too long: %d characters, at most %d", n, max)
	}
	for _, r := range s {
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if unicode.IsControl(r) {
			return s, fmt.Errorf("contains a control character (%U); retype it", r)
		}
		// Bidirectional overrides can make a name or reference display
		// reversed or reordered in a terminal: what an officer reads
		// would not be what is stored.
		if unicode.Is(unicode.Bidi_Control, r) {
			return s, fmt.Errorf("contains an invisible direction-changing character (%U); retype it", r)
		}
	}
	return s, nil
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
