package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Small layout helpers. They measure display cells, not bytes, so names
// with accents or wide characters line up.

// Cells is the display width of s. Most of what the register draws is
// plain ASCII, one cell a byte; only the rest needs the ANSI-aware
// measure, which is the costliest step of drawing a row.
func Cells(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return lipgloss.Width(s)
		}
	}
	return len(s)
}

// Truncate cuts s to width cells, marking the cut with an ellipsis.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if Cells(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// PadRight pads s with spaces to width cells, truncating if longer.
func PadRight(s string, width int) string {
	s = Truncate(s, width)
	if w := Cells(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// PadLeft right-aligns s in width cells.
func PadLeft(s string, width int) string {
	s = Truncate(s, width)
	if w := Cells(s); w < width {
		return strings.Repeat(" ", width-w) + s
	}
	return s
}

// Spread puts left and right on one line of width cells, right-aligned
// right; when both do not fit, right gives way.
func Spread(left, right string, width int) string {
	lw, rw := lipgloss.Width(left), lipgloss.Width(right)
	if lw+1+rw > width {
		if lw >= width {
			return Truncate(left, width)
		}
		right = Truncate(right, width-lw-1)
		rw = lipgloss.Width(right)
	}
	gap := width - lw - rw
	if gap < 1 {
		return Truncate(left, width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// FitHeight pads or cuts s to exactly h lines, so the footer never moves.
func FitHeight(s string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// FitBox cuts s to h lines of at most w cells: the last guard that a
// screen's content never wraps or scrolls the terminal, whatever a text
// field or a resize left it holding.
func FitBox(s string, w, h int) string {
	lines := strings.Split(FitHeight(s, h), "\n")
	for i, l := range lines {
		// A line is never wider in cells than it is long in bytes, so most
		// lines need no measuring: this runs on every frame.
		if len(l) > w {
			lines[i] = Truncate(l, w)
		}
	}
	return strings.Join(lines, "\n")
}

// Wrap breaks text into lines of at most width cells, at spaces only:
// ansi.Wordwrap also breaks after every hyphen, which split rule IDs
// ("ONF-" / "3") and words like walk-by. Hyphens are swapped for a
// non-breaking one of the same width while wrapping.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	if !strings.Contains(s, "-") {
		return ansi.Wordwrap(s, width, "")
	}
	const nb = "\u2011"
	return strings.ReplaceAll(ansi.Wordwrap(strings.ReplaceAll(s, "-", nb), width, ""), nb, "-")
}

// Hang wraps s to width after the prefix, its continuation lines
// indented to line up under the first: "  ✗ not recorded. Once …".
func Hang(prefix, s string, width int) string {
	n := Cells(prefix)
	return prefix + strings.TrimLeft(Indent(Wrap(s, max(10, width-n)), n), " ")
}

func SplitLines(s string) []string { return strings.Split(s, "\n") }

// Indent prefixes every line of s with n spaces.
func Indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// ResizeInput sets a text input's width and re-places its cursor, which
// makes it recompute what part of its text is in view: without it, an input
// made narrower keeps drawing its old width.
func ResizeInput(in *textinput.Model, w int) {
	in.Width = w
	in.SetCursor(in.Position())
}
