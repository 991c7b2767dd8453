package domain

import (
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		max       int
		multiline bool
		want      string
		msg       string // "" when accepted
	}{
		{"trimmed", "  Golden Dragon \n", MaxShort, false, "Golden Dragon", ""},
		{"empty", "", MaxShort, false, "", ""},
		{"at the limit, in characters", strings.Repeat("é", MaxShort), MaxShort, false, strings.Repeat("é", MaxShort), ""},
		{"one over", strings.Repeat("é", MaxShort+1), MaxShort, false, "", "too long: 121 characters, at most 120"},
		{"newline in a long field", "line one\nline two", MaxLong, true, "line one\nline two", ""},
		{"tab in a long field", "a\tb", MaxLong, true, "a\tb", ""},
		{"CRLF in a long field", "line one\r\nline two\rthree", MaxLong, true, "line one\nline two\nthree", ""},
		{"newline in a short field", "Golden\nDragon", MaxShort, false, "", "control character (U+000A)"},
		{"tab in a short field", "Golden\tDragon", MaxShort, false, "", "control character (U+0009)"},
		{"CR in a short field", "Golden\rDragon", MaxShort, false, "", "control character (U+000D)"},
		{"ESC", "Golden \x1b[2J Dragon", MaxShort, false, "", "control character (U+001B)"},
		{"ESC in a long field", "a\x1b]0;pwned\x07b", MaxLong, true, "", "control character (U+001B)"},
		{"NUL", "Golden\x00Dragon", MaxLong, true, "", "control character (U+0000)"},
		{"DEL", "Golden\x7fDragon", MaxShort, false, "", "control character (U+007F)"},
		{"C1 CSI", "Golden\u009b2JDragon", MaxShort, false, "", "control character (U+009B)"},
		{"bytes that are not UTF-8", "Golden\xffDragon", MaxShort, false, "", "not text"},
		{"accents and emoji are text", "Café Ünal 🍜", MaxShort, false, "Café Ünal 🍜", ""},
	} {
		got, err := cleanText(tc.in, tc.max, tc.multiline)
		switch {
		case tc.msg == "" && (err != nil || got != tc.want):
			t.Errorf("%s: cleanText = %q, %v; want %q", tc.name, got, err, tc.want)
		case tc.msg != "" && err == nil:
			t.Errorf("%s: cleanText = %q, want an error", tc.name, got)
		case tc.msg != "":
			wantContains(t, tc.name, err.Error(), tc.msg)
		}
	}
}

// basicsFields sets each basics form field by its field name.
var basicsFields = map[string]func(*BasicsInput, string){
	FieldTeam:         func(in *BasicsInput, s string) { in.Team = s },
	FieldPremName:     func(in *BasicsInput, s string) { in.PremName = s },
	FieldPremAddress:  func(in *BasicsInput, s string) { in.PremAddress = s },
	FieldPostcode:     func(in *BasicsInput, s string) { in.Postcode = s },
	FieldSector:       func(in *BasicsInput, s string) { in.Sector = s },
	FieldIntelRef:     func(in *BasicsInput, s string) { in.IntelRef = s },
	FieldIntelRecv:    func(in *BasicsInput, s string) { in.IntelReceived = s },
	FieldPriority:     func(in *BasicsInput, s string) { in.Priority = s },
	FieldIntelSummary: func(in *BasicsInput, s string) { in.IntelSummary = s },
	FieldDecision:     func(in *BasicsInput, s string) { in.Decision = s },
	FieldForum:        func(in *BasicsInput, s string) { in.Forum = s },
	FieldDecidedAt:    func(in *BasicsInput, s string) { in.DecidedAt = s },
	FieldRationale:    func(in *BasicsInput, s string) { in.Rationale = s },
	FieldPlannedStart: func(in *BasicsInput, s string) { in.PlannedStart = s },
	FieldOIC:          func(in *BasicsInput, s string) { in.OIC = s },
}

// longFields may hold several lines.
var longFields = map[string]bool{FieldIntelSummary: true, FieldRationale: true}

func TestBasicsFieldsCovered(t *testing.T) {
	// Every field the audit trail knows is exercised by the tests below.
	for _, f := range (Basics{}).fields() {
		if basicsFields[f[0]] == nil {
			t.Errorf("no test setter for basics field %s", f[0])
		}
	}
	if len(basicsFields) != len((Basics{}).fields()) {
		t.Errorf("%d setters for %d fields", len(basicsFields), len((Basics{}).fields()))
	}
}

// TestBasics_PasteTooLong: a 10 kB paste into any field of the visit form
// is refused as too long beside that field, and only that field, with a
// message short enough to read.
func TestBasics_PasteTooLong(t *testing.T) {
	paste := strings.Repeat("Lorem ipsum dolor sit amet, consectetur.\n", 250) // 10,250 bytes
	for field, set := range basicsFields {
		t.Run(field, func(t *testing.T) {
			in := goodInput()
			set(&in, paste)
			_, err := ParseBasics(in, lookup, t0)
			ve := validation(t, err)
			if len(ve) != 1 || ve[0].Field != field {
				t.Fatalf("errors on %v, want only %s", fields(ve), field)
			}
			msg := ve.For(field)
			wantContains(t, field, msg, "too long")
			if len(msg) > 200 {
				t.Errorf("message is %d characters long", len(msg))
			}
		})
	}
}

// TestBasics_ControlCharacters: an escape sequence or NUL in any field is
// refused beside that field, so it never reaches a terminal; a newline is
// allowed only in the long fields.
func TestBasics_ControlCharacters(t *testing.T) {
	for field, set := range basicsFields {
		for _, bad := range []string{"x\x1b[31my", "x\x00y", "x\ny"} {
			in := goodInput()
			set(&in, bad)
			_, err := ParseBasics(in, lookup, t0)
			newlineOK := bad == "x\ny" && longFields[field]
			if newlineOK {
				if err != nil {
					t.Errorf("%s %q: %v", field, bad, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s %q accepted", field, bad)
				continue
			}
			ve := validation(t, err)
			if len(ve) != 1 || ve[0].Field != field {
				t.Errorf("%s %q: errors on %v, want only %s", field, bad, fields(ve), field)
				continue
			}
			wantContains(t, field, ve.For(field), "control character")
		}
	}
}

func TestCleanTextRefusesBidiOverrides(t *testing.T) {
	for _, s := range []string{"Golden\u202eDragon", "A\u2066B", "x\u200fy"} {
		if _, err := cleanText(s, MaxShort, false); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if _, err := cleanText("Café Łódź 東京", MaxShort, false); err != nil {
		t.Errorf("ordinary accented and CJK text refused: %v", err)
	}
}
