package board

import (
	"fmt"
	"strings"

	"oic/tui/common"
)

// line is one line of the board below its top line: a section's heading,
// a section's "none", or a row (row >= 0).
type line struct {
	sec    section
	row    int
	none   bool
	detail bool // the row's second line
}

// layout lists the lines: each section's heading, then its rows or none.
func (b *Screen) layout() {
	b.lines = b.lines[:0]
	i := 0
	for sec := range numSections {
		b.lines = append(b.lines, line{sec: sec, row: -1})
		start := i
		for i < len(b.rows) && b.rows[i].sec == sec {
			b.lines = append(b.lines, line{sec: sec, row: i})
			if b.rows[i].detail != "" {
				b.lines = append(b.lines, line{sec: sec, row: i, detail: true})
			}
			i++
		}
		if i == start {
			b.lines = append(b.lines, line{sec: sec, row: -1, none: true})
		}
	}
}

// listHeight is the lines below the top line.
func (b *Screen) listHeight() int { return max(1, b.h-1) }

// follow scrolls so the cursor's line is in view, with its section's
// heading when it fits.
func (b *Screen) follow() {
	at := -1
	for i, l := range b.lines {
		if l.row == b.cursor && !l.none && !l.detail && l.row >= 0 {
			at = i
			break
		}
	}
	h := b.listHeight()
	if at < 0 {
		b.offset = 0
		return
	}
	if at-1 < b.offset { // keep the heading above the first row in view
		b.offset = max(0, at-1)
	}
	last := at
	if at+1 < len(b.lines) && b.lines[at+1].detail {
		last = at + 1
	}
	if last >= b.offset+h {
		b.offset = last - h + 1
	}
	b.offset = max(0, min(b.offset, len(b.lines)-h))
}

func (b *Screen) View() string {
	t := b.s.Theme
	var out strings.Builder
	out.WriteString(b.topLine())
	if b.loading && len(b.rows) == 0 {
		out.WriteString("\n\n" + t.Muted.Render("  Reading today's visits and those still open…"))
		return out.String()
	}
	counts := [numSections]int{}
	for _, r := range b.rows {
		counts[r.sec]++
	}
	h := b.listHeight()
	for i := b.offset; i < min(len(b.lines), b.offset+h); i++ {
		l := b.lines[i]
		out.WriteByte('\n')
		switch {
		case l.row < 0 && !l.none:
			head := fmt.Sprintf("%s (%d)", sectionTitles[l.sec], counts[l.sec])
			if l.sec == secOverdue && b.later > 0 {
				head += t.Muted.Render(fmt.Sprintf("  checking the ONFs of open visits and the assurance of closed ones: %s of %s read…", common.Commas(b.laterAll-b.later), common.Commas(b.laterAll)))
			}
			out.WriteString(common.Truncate(t.Header.Render(head), b.w))
		case l.none:
			out.WriteString(t.Muted.Render("  " + noneText[l.sec]))
		case l.detail:
			out.WriteString("      " + common.Truncate(b.rows[l.row].detail, max(1, b.w-6)))
		default:
			out.WriteString(b.rowLine(l.row))
		}
	}
	return out.String()
}

var noneText = [numSections]string{
	"none declared on a deployed visit",
	"no visit deployed",
	"no other visit planned for today",
	"nothing overdue",
}

func (b *Screen) rowLine(i int) string {
	t := b.s.Theme
	r := b.rows[i]
	text := common.Truncate(r.text, max(1, b.w-2))
	if i == b.cursor {
		return t.Cursor.Render("▸") + " " + t.Selected.Render(text)
	}
	mark := "  "
	switch r.level {
	case alarm:
		return t.Alarm.Render("!!") + t.Error.Render(text)
	case warn:
		mark = t.Warn.Render("! ")
	}
	return mark + text
}

func (b *Screen) topLine() string {
	t := b.s.Theme
	now := b.s.Now()
	left := t.Bold.Render(now.Format("Mon 02 Jan 2006 15:04:05")) + t.Muted.Render(" · showing "+b.f.label(b.everything())+" · t team · r region")
	right := ""
	switch {
	case b.loadErr != nil:
		right = t.Error.Render("✗ could not read every visit: " + b.loadErr.Error())
	case b.loading:
		right = t.Muted.Render("loading…")
	}
	return common.Spread(left, right, b.w)
}
