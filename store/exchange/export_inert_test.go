package exchange

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"oic/domain"
)

// hostile is text an escape sequence or a control character hides in:
// it retitles a terminal, clears it, leaves the alternate screen, hides
// the cursor, writes to the clipboard (OSC 52), and holds a NUL, a C1
// CSI, DEL and a bidirectional override.
const hostile = "\x1b]2;pwned\x07\x1b[2J\x1b[?1049l\x1b[?25l\x1b]52;c;cm0gLXJmIH4=\x07\x00\u009b2J\x7f\u202e"

// controlIn is the first control character (but newline and tab), C1
// control, bidirectional override or byte that is not text in b.
func controlIn(b []byte) (rune, bool) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r != '\n' && r != '\t' && unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return r, true
		}
		i += size
	}
	return 0, false
}

// TestCSVAndMarkdownHoldNoControlCharacters (issue 14, section 3): a
// record that holds escape sequences and control characters (changed
// outside oic, or stored before the import checked its text; here in the
// parts of a closed visit that may still change) is exported
// to CSV and Markdown with each shown as a symbol, never as itself; the
// JSON Lines export keeps the record as stored, as JSON writes it (the
// import refuses such text).
func TestCSVAndMarkdownHoldNoControlCharacters(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	v := personalVisit(t, s, t0.Add(48*time.Hour)).Clone()
	v.Basics.Premises.Name += hostile
	v.Basics.Premises.Address += hostile
	v.Basics.Intel.Ref += hostile
	v.Basics.Intel.Summary += hostile
	v.Subjects[0].Name += hostile
	v.Subjects[1].Withdrawn = hostile
	v, err := s.SaveVisit(ctx, v, domain.Change{Action: "changed outside the forms (test)", Actor: alice.StaffNo, At: t0.Add(100 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	by := alice
	by.Name += hostile
	for _, f := range []ExportFormat{FormatCSV, FormatMarkdown} {
		out := exportBytes(t, s, exportOpts(by, f, t0.Add(200*time.Hour)))
		if r, found := controlIn(out); found {
			i := bytes.IndexRune(out, r)
			t.Errorf("%s holds %U: %q", f, r, out[max(0, i-40):min(len(out), i+40)])
		}
		if !bytes.Contains(out, []byte("␛]2;pwned␇␛[2J")) {
			t.Errorf("%s does not show the escape sequences as symbols", f)
		}
		if f == FormatMarkdown && !bytes.Contains(out, []byte(alice.Name+"␛]2;pwned␇")) {
			t.Errorf("the Markdown header does not show the exporter's name as symbols")
		}
	}
	out := exportBytes(t, s, exportOpts(alice, FormatJSONL, t0.Add(200*time.Hour)))
	if !strings.Contains(string(out), `\u001b]2;pwned\u0007`) {
		t.Error("the JSON Lines export does not keep the record as JSON escapes it")
	}
}
