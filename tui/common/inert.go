package common

import (
	"unicode/utf8"

	"oic/domain"
)

// InertFrame is a frame about to be drawn with everything in it that a
// terminal would act on instead of showing made inert (domain.Inert):
// stored text that holds an escape sequence (a record changed outside
// oic, a file imported before the import checked its text) can no longer
// retitle the terminal, clear it, leave the alternate screen, hide the
// cursor or write to the clipboard. Every frame passes through here
// (tui.App.View), whatever screen drew the text and however.
//
// With styles (sgr), the theme's own colours and attributes are let
// through: Select Graphic Rendition sequences (ESC [ ... m) that only
// colour, embolden, underline or reverse. Blinking and concealed text
// are not among them, so a stored sequence cannot hide what a record
// says. Without styles (NO_COLOR, tests) nothing oic draws holds an
// escape character, and none is let through.
//
// It reports whether it changed anything: a symbol is wider than the
// sequence it replaces, so the frame must be fitted again.
func InertFrame(s string, sgr bool) (string, bool) {
	var b []byte // made at the first change
	done := 0    // s[:done] is in b, or unchanged
	for i := 0; i < len(s); {
		j := domain.InertAt(s[i:])
		if j < 0 {
			break
		}
		j += i
		if sgr && s[j] == 0x1b {
			if n := sgrLen(s[j:]); n > 0 {
				i = j + n
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		if b == nil {
			b = make([]byte, 0, len(s)+32)
		}
		b = append(b, s[done:j]...)
		b = append(b, domain.Inert(s[j:j+size])...)
		done, i = j+size, j+size
	}
	if b == nil {
		return s, false
	}
	return string(append(b, s[done:]...)), true
}

// sgrLen is the length of the SGR sequence s starts with, if it is one
// the theme could have written; 0 otherwise.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	const (
		plain  = iota
		colour // after 38, 48 or 58: 5 (a palette index follows) or 2 (r, g, b)
	)
	state, args := plain, 0 // args: a colour's numbers still to pass
	for i := 2; ; {
		n, digits := 0, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && digits < 4 {
			n = n*10 + int(s[i]-'0')
			i, digits = i+1, digits+1
		}
		switch {
		case args > 0:
			args--
		case state == colour && n == 5:
			state, args = plain, 1
		case state == colour && n == 2:
			state, args = plain, 3
		case state == colour:
			return 0
		case n == 38 || n == 48 || n == 58:
			state = colour
		case n == 5 || n == 6 || n == 8:
			return 0 // blinking or concealed
		}
		if i >= len(s) {
			return 0
		}
		switch s[i] {
		case ';':
			i++
		case 'm':
			if state == colour || args > 0 {
				return 0
			}
			return i + 1
		default:
			return 0
		}
	}
}
