package domain

import (
	"strings"
	"unicode"
)

// Premises identity (REC-5): knowledge of a place from earlier visits is
// only found again if two visits to it are recognised as the same premises,
// however each officer typed the address.
//
// The choice: premises are the same when their postcodes are the same
// (ParsePostcode's normal form, so "cr0 1nd" and "CR01ND" agree) and their
// addresses agree up to the end of the street, after normalising.
//
// Why not the whole address: the postcode already fixes the town (a
// postcode unit is one side of one street, about fifteen addresses), and
// officers write the town, district or county inconsistently or not at all
// ("12 High Street, Croydon", "12 High St"). Why not the first line up to
// the first comma: addresses are as often written "12, High Street" or
// "Unit 3, Purley Way", whose first part alone is a bare number. What tells
// premises apart within one postcode is the flat or unit, the building
// number and the street; all of those must agree.
//
// Normalising: letters are folded to lower case; apostrophes are dropped
// ("King's" = "Kings"); other punctuation separates words ("12, High St."
// = "12 High St"); a letter written apart from its number joins it ("12 A"
// = "12A"), and "No." before a number goes; the common abbreviations are
// spelled out (St, Rd, Ave, Ln, Dr, Ct, Pl, Sq, Cres, Gdns, Terr, Pde, Cl
// and a few more). "St" before a street's name is Saint ("12 St John's
// Road"), after it Street.
//
// The street ends at the first street word (Street, Road, Lane, Way,
// Estate...) that follows a name ("Park" in "12 Park Road" follows a number,
// so the street runs on to "Road"), or else at the end of the first
// comma-separated part that has a number followed by a name ("201 Brixton
// Hill", "7 Westgate"). Whatever follows is the locality and is left out.
// If no street can be found, the whole address is kept: an unusual address
// then matches only one written the same way. Failing to find a history is
// the lesser harm; taking another building's entrances for this one's would
// be the greater.
//
// Known limits: a building name written on one visit and left out on
// another ("The Old Mill, 3 Mill Lane" and "3 Mill Lane") does not match,
// nor does a business name typed into the address.

// PremisesKey identifies premises for matching visits to them: the
// normalised postcode and the address up to the end of its street.
type PremisesKey string

// Key returns the premises' identity.
func (p Premises) Key() PremisesKey {
	return PremisesKey(normalPostcode(string(p.Postcode)) + "|" + AddressLine(p.Address))
}

// SamePremises reports whether a and b are the same place.
func SamePremises(a, b Premises) bool { return a.Key() == b.Key() }

// normalPostcode is the postcode's normal form, or for one that does not
// parse (never stored by the forms) its characters without spaces in upper
// case, so the key is still stable.
func normalPostcode(s string) string {
	if pc, err := ParsePostcode(s); err == nil {
		return string(pc)
	}
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// AddressLine normalises an address to the words that identify premises
// within a postcode: flat or unit, building number and street, as
// described above. "Unit 3, Purley Way, Croydon" gives "unit 3 purley way".
func AddressLine(address string) string {
	var out []string
	for _, part := range addressParts(address) {
		words := expand(part)
		for i, w := range words {
			out = append(out, w)
			if streetWords[w] && i > 0 && !isNumber(words[i-1]) {
				return strings.Join(out, " ")
			}
		}
		if hasNumberedName(words) {
			return strings.Join(out, " ")
		}
	}
	return strings.Join(out, " ")
}

// addressParts splits an address at commas, semicolons and line breaks
// into parts, each a list of lower-case words.
func addressParts(address string) [][]string {
	var parts [][]string
	for _, p := range strings.FieldsFunc(address, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		p = strings.Map(func(r rune) rune {
			switch r {
			case '\'', '’', '‘', '`':
				return -1
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return ' '
		}, p)
		if w := strings.Fields(p); len(w) > 0 {
			parts = append(parts, w)
		}
	}
	return parts
}

// expand joins a lone letter to the number before it and spells out
// abbreviations.
func expand(words []string) []string {
	out := make([]string, 0, len(words))
	for i, w := range words {
		n := len(out)
		if (w == "no" || w == "number") && i+1 < len(words) && isNumber(words[i+1]) {
			continue // "No. 12" is 12
		}
		if n > 0 && len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' && allDigits(out[n-1]) {
			out[n-1] += w // "12 a" is 12A
			continue
		}
		switch {
		case w == "st" || w == "saint":
			// Before a street's name (first, or after a number) it is
			// Saint; after a name it is Street.
			if n == 0 || isNumber(out[n-1]) {
				w = "saint"
			} else {
				w = "street"
			}
		case abbreviations[w] != "":
			w = abbreviations[w]
		}
		out = append(out, w)
	}
	return out
}

// hasNumberedName reports whether the words hold a number followed by a
// name: "201 brixton hill", "unit 3 bar quux", not "unit 3" alone.
func hasNumberedName(words []string) bool {
	for i := 0; i+1 < len(words); i++ {
		if isNumber(words[i]) && !isNumber(words[i+1]) {
			return true
		}
	}
	return false
}

// isNumber is a building or unit number: "12", "12a", "3b".
func isNumber(w string) bool { return w != "" && isDigit(w[0]) }

// abbreviations are those seen in addresses, spelled out. "st" is decided
// by its place (see expand).
var abbreviations = map[string]string{
	"rd": "road", "ave": "avenue", "av": "avenue", "ln": "lane", "dr": "drive", "drv": "drive",
	"ct": "court", "crt": "court", "pl": "place", "sq": "square", "cres": "crescent", "cresc": "crescent",
	"gdns": "gardens", "gdn": "gardens", "gardns": "gardens", "terr": "terrace",
	"ter": "terrace", "tce": "terrace", "pde": "parade", "cl": "close", "gr": "grove", "gro": "grove",
	"pk": "park", "hwy": "highway", "bvd": "boulevard", "blvd": "boulevard", "mkt": "market",
	"est": "estate", "ind": "industrial", "bldg": "building", "bldgs": "buildings", "hse": "house",
	"apt": "flat", "apartment": "flat",
}

// streetWords end a street's name. The list need not be complete: a street
// ending in another word is found by its number ("201 Brixton Foo").
var streetWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`street road avenue lane drive court place square crescent gardens
		terrace parade close grove park way hill row walk mews green rise broadway estate yard
		wharf gate passage circus vale approach boulevard market quay parkway embankment highway
		path end`) {
		m[w] = true
	}
	return m
}()
