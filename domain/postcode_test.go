package domain

import (
	"strings"
	"testing"
)

func TestParsePostcode_Valid(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     Postcode
		area     string
	}{
		{"A9", "M1 1AE", "M1 1AE", "M"},
		{"A99", "B33 8TH", "B33 8TH", "B"},
		{"AA9", "CR2 6XH", "CR2 6XH", "CR"},
		{"AA99", "DN55 1PT", "DN55 1PT", "DN"},
		{"A9A", "W1A 0AX", "W1A 0AX", "W"},
		{"AA9A", "EC1A 1BB", "EC1A 1BB", "EC"},
		{"GIR", "GIR 0AA", "GIR 0AA", "GIR"},
		{"GIR lower, unspaced", "gir0aa", "GIR 0AA", "GIR"},
		{"no space, lower case", "sw1a1aa", "SW1A 1AA", "SW"},
		{"padded, double space", " SW1A  1AA ", "SW1A 1AA", "SW"},
		{"mixed case", "Sw1A 1aA", "SW1A 1AA", "SW"},
		{"tabs and newline", "\tsw1a\t1aa\n", "SW1A 1AA", "SW"},
		{"space in the wrong place", "SW1A1 AA", "SW1A 1AA", "SW"},
		{"non-breaking space", "SW1A\u00a01AA", "SW1A 1AA", "SW"},
		{"A9 lower", "m11ae", "M1 1AE", "M"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePostcode(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ParsePostcode(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			if a := got.Area(); a != tc.area {
				t.Errorf("%q.Area() = %q, want %q", got, a, tc.area)
			}
		})
	}
}

func TestParsePostcode_Invalid(t *testing.T) {
	for _, tc := range []struct{ name, in, msg string }{
		{"empty", "", "enter the postcode"},
		{"blank", "   ", "enter the postcode"},
		{"Q first", "Q1 1AA", "not a UK postcode"},
		{"V first", "V1 1AA", "not a UK postcode"},
		{"X first", "X1 1AA", "not a UK postcode"},
		{"Q first AA9A", "QA1A 1AA", "not a UK postcode"},
		{"I second", "AI1 1AA", "not a UK postcode"},
		{"J second", "AJ1 1AA", "not a UK postcode"},
		{"Z second", "AZ1 1AA", "not a UK postcode"},
		{"Z second AA99", "AZ11 1AA", "not a UK postcode"},
		{"I second AA9A", "EI1A 1AA", "not a UK postcode"},
		{"digit first", "01 1AA", "not a UK postcode"},
		{"letters only outward", "ABC 1AA", "not a UK postcode"},
		{"four letters outward", "ABCD 1AA", "not a UK postcode"},
		{"A9AA", "A1AA 1AA", "not a UK postcode"},
		{"A999", "A123 1AA", "not a UK postcode"},
		{"inward letter first", "SW1A AAA", "not a UK postcode"},
		{"inward digit last", "SW1A 1A1", "not a UK postcode"},
		{"too short", "M1 1A", "not a UK postcode"},
		{"outward only", "SW1A", "not a UK postcode"},
		{"too long outward", "SW1AA 1AA", "not a UK postcode"},
		{"too long inward", "SW1A 1AAA", "not a UK postcode"},
		{"digits only", "12345", "not a UK postcode"},
		{"digits only spaced", "123 456", "not a UK postcode"},
		{"accented letter", "SW1Ä 1AA", "not a UK postcode"},
		{"full-width letters", "ＳＷ1A 1AA", "not a UK postcode"},
		{"full-width digit", "SW1A １AA", "not a UK postcode"},
		{"emoji", "SW1A 1A🙂", "not a UK postcode"},
		{"GIR look-alike", "GIR 0AB", "not a UK postcode"},
		{"punctuation", "SW1A-1AA", "not a UK postcode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePostcode(tc.in)
			if err == nil {
				t.Fatalf("ParsePostcode(%q) = %q, want an error", tc.in, got)
			}
			if got != "" {
				t.Errorf("ParsePostcode(%q) returned %q with its error", tc.in, got)
			}
			wantContains(t, "error", err.Error(), tc.msg)
		})
	}
}

// Royal Mail's restricted letter sets, written out from the format
// specification rather than from the code under test.
const (
	a9aThird   = "ABCDEFGHJKPSTUW" // third position of A9A
	aa9aFourth = "ABEHMNPRVWXY"    // fourth position of AA9A
	inwardBad  = "CIKMOV"          // never in the inward code's letters
	firstBad   = "QVX"
	secondBad  = "IJZ"
)

// TestParsePostcode_RestrictedLetters tries every letter in every restricted
// position.
func TestParsePostcode_RestrictedLetters(t *testing.T) {
	for c := 'A'; c <= 'Z'; c++ {
		l := string(c)
		for _, tc := range []struct {
			pos, in string
			ok      bool
		}{
			{"first", l + "1 1AA", !strings.ContainsRune(firstBad, c)},
			{"second AA9", "A" + l + "1 1AA", !strings.ContainsRune(secondBad, c)},
			{"second AA99", "B" + l + "12 1AA", !strings.ContainsRune(secondBad, c)},
			{"third A9A", "W1" + l + " 1AA", strings.ContainsRune(a9aThird, c)},
			{"fourth AA9A", "EC1" + l + " 1AA", strings.ContainsRune(aa9aFourth, c)},
			{"inward second", "SW1A 1" + l + "A", !strings.ContainsRune(inwardBad, c)},
			{"inward third", "SW1A 1A" + l, !strings.ContainsRune(inwardBad, c)},
		} {
			_, err := ParsePostcode(tc.in)
			if (err == nil) != tc.ok {
				t.Errorf("%s letter %s: ParsePostcode(%q) error = %v, want valid = %v", tc.pos, l, tc.in, err, tc.ok)
			}
		}
	}
}

func TestParsePostcode_MessageQuotesInput(t *testing.T) {
	_, err := ParsePostcode("  CR0 1ZZZ ")
	if err == nil || err.Error() != `"CR0 1ZZZ" is not a UK postcode (expected a form like SW1A 1AA)` {
		t.Errorf("error = %v", err)
	}
}

func TestPostcodeArea(t *testing.T) {
	for p, want := range map[Postcode]string{"SW1A 1AA": "SW", "M1 1AE": "M", "B33 8TH": "B", "GIR 0AA": "GIR", "": ""} {
		if got := p.Area(); got != want {
			t.Errorf("%q.Area() = %q, want %q", p, got, want)
		}
	}
}

// FuzzParsePostcode: no input panics, and anything accepted is in normal
// form: it re-parses to itself, upper case, one space before a 9AA inward
// code.
func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{"SW1A 1AA", "sw1a1aa", "M1 1AE", "GIR 0AA", "EC1A 1BB", "W1A 0AX", "",
		" ", "12345", "ſw1a1aa", "SW1A\u00a01AA", "\xff\xfe", "AAAAAAA", "A1 1AA\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePostcode(s)
		if err != nil {
			if p != "" {
				t.Fatalf("ParsePostcode(%q) = %q with error %v", s, p, err)
			}
			return
		}
		q, err := ParsePostcode(string(p))
		if err != nil || q != p {
			t.Fatalf("ParsePostcode(%q) = %q, which re-parses to %q, %v", s, p, q, err)
		}
		n := len(p)
		if n < 6 || n > 8 || p[n-4] != ' ' || strings.Count(string(p), " ") != 1 {
			t.Fatalf("ParsePostcode(%q) = %q: not OUT IN", s, p)
		}
		for i := 0; i < n; i++ {
			if c := p[i]; !(isLetter(c) || isDigit(c) || c == ' ') {
				t.Fatalf("ParsePostcode(%q) = %q: byte %q", s, p, c)
			}
		}
		if a := p.Area(); a == "" || len(a) > 3 {
			t.Fatalf("ParsePostcode(%q) = %q with area %q", s, p, a)
		}
	})
}
