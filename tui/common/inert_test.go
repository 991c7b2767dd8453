package common

import (
	"testing"
)

func TestInertFrame(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		sgr  bool
		want string
	}{
		{"plain text", "Golden Dragon · café\n→ next", true, ""},
		{"the theme's styles", "\x1b[1;36moic\x1b[0m \x1b[90m·\x1b[0m \x1b[7mrow\x1b[m \x1b[38;5;6mx\x1b[0m \x1b[38;2;10;20;30;48;5;5my\x1b[0m", true, ""},
		{"a title", "Star\x1b]2;pwned\x07 Takeaway", true, "Star␛]2;pwned␇ Takeaway"},
		{"a clear screen and the cursor", "\x1b[2J\x1b[?1049l\x1b[?25l", true, "␛[2J␛[?1049l␛[?25l"},
		{"the clipboard", "\x1b]52;c;aGk=\x07", true, "␛]52;c;aGk=␇"},
		{"NUL, C1 CSI, DEL, a bidirectional override", "a\x00b\u009b2Jc\x7fd\u202ee", true, "a␀b\ufffd2Jc␡d\ufffde"},
		{"concealed", "\x1b[8mhidden\x1b[0m", true, "␛[8mhidden\x1b[0m"},
		{"blinking", "\x1b[1;5mx", true, "␛[1;5mx"},
		{"a colour cut short", "\x1b[38;5mx", true, "␛[38;5mx"},
		{"a colour of no form", "\x1b[38;7;1mx", true, "␛[38;7;1mx"},
		{"subparameters", "\x1b[4:3mx", true, "␛[4:3mx"},
		{"not SGR", "\x1b[5Ax", true, "␛[5Ax"},
		{"a lone escape at the end", "x\x1b", true, "x␛"},
		{"without styles, none passes", "\x1b[1;36moic\x1b[0m", false, "␛[1;36moic␛[0m"},
		{"newlines stay", "a\nb\n", false, ""},
	} {
		got, changed := InertFrame(tc.in, tc.sgr)
		want := tc.want
		if want == "" {
			want = tc.in
		}
		if got != want || changed != (tc.want != "") {
			t.Errorf("%s: InertFrame(%q) = %q, %v; want %q", tc.name, tc.in, got, changed, want)
		}
	}
	frame := "\x1b[1;36moic\x1b[0m \x1b[90m·\x1b[0m Visit register · 1,000 visits\n" + "SLN-2026-0001  Golden Dragon Takeaway  planning\n"
	if n := testing.AllocsPerRun(10, func() { InertFrame(frame, true) }); n != 0 {
		t.Errorf("a frame with nothing to do costs %v allocations", n)
	}
}
