package common

import "strings"

func Marker(t *Theme, selected bool) string {
	if selected {
		return t.Cursor.Render("▸ ")
	}
	return "  "
}

// Facts renders "label  value" lines, values wrapped under themselves; an
// empty value reads as a dash.
func Facts(t *Theme, width int, pairs ...string) string {
	const lw = 16
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		val := pairs[i+1]
		if val == "" {
			val = t.Muted.Render("—")
		}
		lines := SplitLines(Wrap(val, max(10, width-lw)))
		b.WriteString(t.Label.Render(PadRight(pairs[i], lw)) + lines[0] + "\n")
		for _, l := range lines[1:] {
			b.WriteString(strings.Repeat(" ", lw) + l + "\n")
		}
	}
	return b.String()
}

// RowsOf renders "label  value" lines indented by two, labels lw wide,
// values wrapped under themselves; an empty value reads as a dash.
func RowsOf(t *Theme, width, lw int, pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		val := pairs[i+1]
		if val == "" {
			val = t.Muted.Render("—")
		}
		lines := SplitLines(Wrap(val, max(10, width-lw-2)))
		b.WriteString("  " + t.Label.Render(PadRight(pairs[i], lw)) + lines[0] + "\n")
		for _, l := range lines[1:] {
			b.WriteString(strings.Repeat(" ", lw+2) + l + "\n")
		}
	}
	return b.String()
}

// KV renders "label  value" lines with values wrapped under themselves,
// labels 18 cells wide.
func KV(t *Theme, width int, pairs ...string) string { return RowsOf(t, width, 18, pairs...) }
