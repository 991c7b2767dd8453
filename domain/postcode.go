package domain

import (
	"fmt"
	"strings"
)

// Postcode is a UK postcode in its normal written form: upper case, one space
// before the inward code ("SW1A 1AA"). Premises are matched on it, so "sw1a1aa"
// and "SW1A  1AA" must become the same value.
type Postcode string

// ParsePostcode validates s against the Royal Mail formats and returns it
// normalised. Outward codes: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA.
func ParsePostcode(s string) (Postcode, error) {
	raw := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if raw == "" {
		return "", fmt.Errorf("enter the postcode, for example SW1A 1AA")
	}
	if raw == "GIR0AA" { // the one historic exception, still in use
		return "GIR 0AA", nil
	}
	if len(raw) < 5 || len(raw) > 7 {
		return "", fmt.Errorf("%q is not a UK postcode (expected a form like SW1A 1AA)", strings.TrimSpace(s))
	}
	out, in := raw[:len(raw)-3], raw[len(raw)-3:]
	if !validInward(in) || !validOutward(out) {
		return "", fmt.Errorf("%q is not a UK postcode (expected a form like SW1A 1AA)", strings.TrimSpace(s))
	}
	return Postcode(out + " " + in), nil
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// validInward checks 9AA; the inward letters never use C, I, K, M, O or V.
func validInward(s string) bool {
	return isDigit(s[0]) && isLetter(s[1]) && isLetter(s[2]) &&
		!strings.ContainsRune("CIKMOV", rune(s[1])) && !strings.ContainsRune("CIKMOV", rune(s[2]))
}

func validOutward(s string) bool {
	if len(s) < 2 || len(s) > 4 || !isLetter(s[0]) || strings.ContainsRune("QVX", rune(s[0])) {
		return false
	}
	switch {
	case len(s) == 2: // A9
		return isDigit(s[1])
	case len(s) == 3 && isDigit(s[1]): // A99 or A9A
		return isDigit(s[2]) || strings.ContainsRune("ABCDEFGHJKPSTUW", rune(s[2]))
	case len(s) == 3: // AA9
		return secondLetterOK(s[1]) && isDigit(s[2])
	default: // AA99 or AA9A
		return isLetter(s[1]) && secondLetterOK(s[1]) && isDigit(s[2]) &&
			(isDigit(s[3]) || strings.ContainsRune("ABEHMNPRVWXY", rune(s[3])))
	}
}

func secondLetterOK(c byte) bool { return isLetter(c) && !strings.ContainsRune("IJZ", rune(c)) }

// Area is the leading letters of the postcode ("SW" of "SW1A 1AA").
func (p Postcode) Area() string {
	i := 0
	for i < len(p) && isLetter(p[i]) {
		i++
	}
	return string(p[:i])
}
