package domain

import "testing"

// TestSamePremises_REC5: an earlier visit's knowledge of a place is found
// again only if both visits are recognised as the same premises, however
// the address and postcode were typed.
func TestSamePremises_REC5(t *testing.T) {
	for _, tc := range []struct {
		name       string
		addrA, pcA string
		addrB, pcB string
		same       bool
	}{
		{"St is Street", "12 High St", "CR0 1ND", "12 High Street", "CR0 1ND", true},
		{"comma after the number", "12, High Street", "CR0 1ND", "12 High Street", "CR0 1ND", true},
		{"case", "12 high street", "CR0 1ND", "12 HIGH STREET", "CR0 1ND", true},
		{"full stop after an abbreviation", "12 High St.", "CR0 1ND", "12 High Street", "CR0 1ND", true},
		{"postcode case and spacing", "12 High Street", "cr0 1nd", "12 High Street", "CR01ND", true},
		{"postcode padded", "12 High Street", "  CR0   1ND ", "12 High Street", "cr01nd", true},
		{"the town is left out: the postcode fixes it", "12 High Street, Croydon", "CR0 1ND", "12 High St", "CR0 1ND", true},
		{"town without a comma", "12 High Street Croydon", "CR0 1ND", "12 High St, Croydon", "CR0 1ND", true},
		{"district and town", "12 High Street, South Norwood, London", "CR0 1ND", "12 High St", "CR0 1ND", true},
		{"another number", "12 High Street", "CR0 1ND", "14 High Street", "CR0 1ND", false},
		{"another postcode", "12 High Street", "CR0 1ND", "12 High Street", "CR0 2ND", false},
		{"another street", "12 High Street", "CR0 1ND", "12 Church Street", "CR0 1ND", false},
		{"unit matters", "Unit 3, Purley Way, Croydon", "CR0 4XJ", "Unit 4, Purley Way, Croydon", "CR0 4XJ", false},
		{"unit, town dropped", "Unit 3, Purley Way, Croydon", "CR0 4XJ", "Unit 3 Purley Way", "CR0 4XJ", true},
		{"flat matters", "Flat 2, 12 High Street", "CR0 1ND", "Flat 3, 12 High Street", "CR0 1ND", false},
		{"flat and apartment", "Flat 2, 12 High Street", "CR0 1ND", "Apt 2 12 High St", "CR0 1ND", true},
		{"number with a letter", "12A High Street", "CR0 1ND", "12 a High St", "CR0 1ND", true},
		{"12A is not 12", "12A High Street", "CR0 1ND", "12 High Street", "CR0 1ND", false},
		{"apostrophe", "3 King's Road", "SW3 4UZ", "3 Kings Rd", "SW3 4UZ", true},
		{"Saint before the name", "5 St John's Road", "SW11 1QN", "5 Saint Johns Rd", "SW11 1QN", true},
		{"No. before the number", "No. 12 High Street", "CR0 1ND", "12 High St", "CR0 1ND", true},
		{"range of numbers", "Site at 40-48 Mill Lane, Ely", "CB7 4AA", "Site at 40 - 48 Mill Ln", "CB7 4AA", true},
		{"street word after a number runs on", "12 Park Road, Croydon", "CR0 1ND", "12 Park Rd", "CR0 1ND", true},
		{"Park Road is not Park Lane", "12 Park Road", "CR0 1ND", "12 Park Lane", "CR0 1ND", false},
		{"no known street word: the numbered part", "201 Brixton Foo, London", "SW2 1HW", "201 Brixton Foo", "SW2 1HW", true},
		{"estate", "Unit 7, Riverside Industrial Estate, Wisbech", "PE13 2RN", "Unit 7 Riverside Ind Est", "PE13 2RN", true},
		{"lane with no number", "Moor Lane, near Wisbech", "PE13 4AA", "Moor Ln", "PE13 4AA", true},
		{"Ave", "1 Elm Ave", "E1 6AN", "1 Elm Avenue", "E1 6AN", true},
		{"Ln", "2 Rye Ln", "SE15 4ST", "2 Rye Lane", "SE15 4ST", true},
		{"Dr", "3 Oak Dr", "M1 1AE", "3 Oak Drive", "M1 1AE", true},
		{"Ct", "4 Ash Ct", "M1 1AE", "4 Ash Court", "M1 1AE", true},
		{"Pl", "5 Elm Pl", "M1 1AE", "5 Elm Place", "M1 1AE", true},
		{"Sq", "6 Bell Sq", "M1 1AE", "6 Bell Square", "M1 1AE", true},
		{"Cres", "7 Moon Cres", "M1 1AE", "7 Moon Crescent", "M1 1AE", true},
		{"Gdns", "8 Rose Gdns", "M1 1AE", "8 Rose Gardens", "M1 1AE", true},
		{"Terr", "9 Sea Terr", "M1 1AE", "9 Sea Terrace", "M1 1AE", true},
		{"Pde", "10 Station Pde", "SM1 1DH", "10 Station Parade", "SM1 1DH", true},
		{"a building name kept on one side only does not match (a known limit)", "The Old Mill, 3 Mill Lane", "CB7 4AA", "3 Mill Lane", "CB7 4AA", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Premises{Address: tc.addrA, Postcode: Postcode(tc.pcA)}
			b := Premises{Address: tc.addrB, Postcode: Postcode(tc.pcB)}
			if got := SamePremises(a, b); got != tc.same {
				t.Errorf("SamePremises(%q %q, %q %q) = %v, want %v\nkeys %q and %q",
					tc.addrA, tc.pcA, tc.addrB, tc.pcB, got, tc.same, a.Key(), b.Key())
			}
		})
	}
}

func TestAddressLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"12 High Street, Croydon", "12 high street"},
		{"12, High St., Croydon", "12 high street"},
		{"Unit 3, Purley Way, Croydon", "unit 3 purley way"},
		{"Flat 2, 12 High Street", "flat 2 12 high street"},
		{"7 Westgate, Wakefield", "7 westgate"},
		{"12 The Broadway, Ealing", "12 the broadway"},
		{"48 London Road, Norbury", "48 london road"},
		{"Site at 40-48 Mill Lane, Ely", "site at 40 48 mill lane"},
		{"Somewhere without a street", "somewhere without a street"},
		{"", ""},
		{" , ; ", ""},
	} {
		if got := AddressLine(tc.in); got != tc.want {
			t.Errorf("AddressLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The key names the postcode in its normal form, so it reads in a log.
func TestPremisesKey(t *testing.T) {
	got := Premises{Name: "Golden Dragon", Address: "12 High St, Croydon", Postcode: "cr01nd"}.Key()
	if want := PremisesKey("CR0 1ND|12 high street"); got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
	// A postcode that does not parse still gives a stable key.
	if k := (Premises{Address: "1 Any Road", Postcode: "not a pc"}).Key(); k != "NOTAPC|1 any road" {
		t.Errorf("Key with a bad postcode = %q", k)
	}
}
