package domain

import (
	"unicode"
	"unicode/utf8"
)

// Text shown to a person (in a terminal, a spreadsheet, a Markdown
// reader) is made inert first: whatever a terminal or a reader would act
// on instead of showing is shown as a symbol. The forms and the import
// refuse such characters (checkText), but a record changed outside oic,
// an argument or a file name may still hold them, and an escape sequence
// can retitle a terminal, clear it, hide its cursor or write to its
// clipboard.
//
// Newlines and tabs stay: free text holds them. A C0 control character
// becomes its Unicode control picture (ESC is ␛, NUL ␀, BEL ␇), DEL
// becomes ␡, and a C1 control character, a bidirectional override or a
// byte that is not UTF-8 becomes �. What follows an escape character is
// left as text: "␛]2;title␇" shows what was stored.

// Inert is s made inert.
func Inert(s string) string {
	i := activeAt(s)
	if i < 0 {
		return s
	}
	return string(appendInert(append(make([]byte, 0, len(s)+16), s[:i]...), s[i:]))
}

// InertAt is where the first character Inert would change is in s, or -1:
// for a screen that lets its own styling through (tui/common) and makes
// the rest inert.
func InertAt(s string) int { return activeAt(s) }

// IsInert says whether b needs nothing done to be shown.
func IsInert(b []byte) bool { return activeAt(b) < 0 }

// AppendInert appends b, made inert, to dst.
func AppendInert(dst, b []byte) []byte { return appendInert(dst, b) }

// activeAt is where the first character to neutralise is in s, or -1.
func activeAt[T ~string | ~[]byte](s T) int {
	for i := 0; i < len(s); {
		// Printable ASCII, most of any text, in one comparison a byte.
		for i < len(s) && s[i]-0x20 < 0x7f-0x20 {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c == '\n' || c == '\t' {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return i
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if inertRune(r, size) != "" {
			return i
		}
		i += size
	}
	return -1
}

// inertRune is what shows in the place of r (size bytes long), or "" when
// r shows as itself.
func inertRune(r rune, size int) string {
	switch {
	case r == '\n' || r == '\t':
		return ""
	case r < 0x20:
		return string(rune(0x2400 + r)) // ␀ ... ␟
	case r == 0x7f:
		return "\u2421" // ␡
	case r == utf8.RuneError && size == 1, r >= 0x80 && r < 0xa0, unicode.Is(unicode.Bidi_Control, r):
		return "\ufffd"
	}
	return ""
}

func appendInert[T ~string | ~[]byte](dst []byte, s T) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		}
		if repl := inertRune(r, size); repl != "" {
			dst = append(dst, repl...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}
