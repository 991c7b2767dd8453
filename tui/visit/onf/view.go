package onf

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"oic/domain"
	"oic/tui/common"
)

// Drawing the ONF tab: the derived status in DOMAIN.md's words, boxed; the
// dates that matter, each marked against now; what to do now; and the
// record. Drawn when the visit or the size changes, never per frame.

// onfLook is a status's glyph and style: the glyph and the words carry the
// meaning, the colour only helps.
func (tb *Tab) onfLook(st domain.ONFStatus) (string, lipgloss.Style) {
	t := tb.S.Theme
	switch st.State {
	case domain.ONFMet, domain.ONFValid:
		return "✓", t.OK
	case domain.ONFAwaiting:
		return "…", t.Accent
	case domain.ONFPhoneCheck:
		return "!", t.Warn
	case domain.ONFNotSent:
		if !tb.S.Now().After(st.SendBy) {
			return "!", t.Warn
		}
	}
	return "✗", t.Error
}

// onfView draws the tab.
func (tb *Tab) onfView(w int) string {
	t := tb.S.Theme
	v := tb.V
	o := v.Plan.ONF
	st := o.Status(v.Basics.PlannedStart, tb.S.Now(), tb.S.Config.Location())
	var b strings.Builder
	switch {
	case v.State == domain.Cancelled || v.State == domain.StoodDown:
		b.WriteString(t.Muted.Render(common.Wrap(fmt.Sprintf("This visit is %s. What was recorded about the ONF is below, read only.", v.State), w)) + "\n\n")
	default:
		if err := v.PlanningEditable(); err != nil {
			b.WriteString(t.Warn.Render(common.Wrap("Read only: "+err.Error(), w)) + "\n\n")
		}
	}

	glyph, style := tb.onfLook(st)
	head := style.Bold(true).Render(glyph + " ONF: " + st.Label(tb.S.Loc))
	// The status, why, and what to do now: the three lines an OIC reads
	// first, boxed so they are seen first even on an 80x24 terminal.
	bw := max(10, w-4)
	b.WriteString(t.Box.Render(head+"\n"+t.Muted.Render(common.Wrap(tb.onfSubtitle(st), bw))+"\n"+
		style.Render(common.Wrap("→ Now: "+tb.onfNext(st), bw))) + "\n\n")

	b.WriteString(t.Header.Render("Dates that matter") + "\n")
	b.WriteString(tb.onfTimeline(st, w))
	b.WriteString(t.Muted.Render("  ✓ done   ✗ missed or overdue   ! needs attention   · to come") + "\n")
	if fs := tb.RuleFindings("ONF-"); len(fs) > 0 {
		b.WriteString("\n" + t.Header.Render("Findings") + "\n")
		for _, f := range fs {
			b.WriteString(tb.FindingLines(f, false, w) + "\n")
		}
	}
	b.WriteString("\n" + t.Header.Render("The record") + "\n")
	b.WriteString(tb.onfRecord(o, w))
	return b.String()
}

// onfSubtitle says in a line why the status is what it is.
func (tb *Tab) onfSubtitle(st domain.ONFStatus) string {
	o := tb.V.Plan.ONF
	at := func(t time.Time) string { return t.In(tb.S.Loc).Format(domain.DateTimeLayout) }
	force := o.Force
	if force == "" {
		force = "the police"
	}
	switch st.State {
	case domain.ONFMet:
		return "The Metropolitan Police's alternative arrangement is used instead of an ONF (ONF-1)."
	case domain.ONFNotSent:
		return fmt.Sprintf("No ONF sent yet; it goes to the police no fewer than 3 days before the visit (ONF-2): by %s.", at(st.SendBy))
	case domain.ONFSentLate:
		return fmt.Sprintf("Sent to %s %s, under 3 days before the visit (ONF-2); due back %s.", force, at(o.SentAt), at(st.DueBack))
	case domain.ONFAwaiting:
		return fmt.Sprintf("Sent to %s %s; the police have 72 hours to return it (ONF-3).", force, at(o.SentAt))
	case domain.ONFOverdue:
		return fmt.Sprintf("Not back from %s: it was due %s (ONF-3).", force, at(st.DueBack))
	case domain.ONFPhoneCheck:
		return fmt.Sprintf("Phone check with %s at %s (ONF-3).", o.Phone.Contact, at(o.Phone.At))
	case domain.ONFUnsigned:
		return fmt.Sprintf("Came back %s without a police signature (ONF-4).", at(o.ReturnedAt))
	case domain.ONFIncomplete:
		return fmt.Sprintf("Came back %s with sections blank: %s (ONF-4).", at(o.ReturnedAt), strings.Join(o.Incomplete, ", "))
	case domain.ONFValid:
		return fmt.Sprintf("Returned %s, signed by %s %s; valid one calendar month (ONF-5).", at(o.ReturnedAt), o.SignedRank, o.SignedBy)
	case domain.ONFExpired:
		return fmt.Sprintf("Returned %s; valid to %s, before the visit on %s (ONF-5).", at(o.ReturnedAt), st.ValidTill.UK(), tb.V.Basics.PlannedStart.In(tb.S.Loc).Format("02/01/2006"))
	}
	return ""
}

// onfTimeline lists the dates that matter, each marked done, missed,
// needing attention or to come, relative to now.
func (tb *Tab) onfTimeline(st domain.ONFStatus, w int) string {
	t := tb.S.Theme
	o := tb.V.Plan.ONF
	now := tb.S.Now()
	start := tb.V.Basics.PlannedStart
	type row struct {
		mark, label, when, note string
	}
	var rows []row
	if o.Met {
		rows = append(rows, row{"✓", "Met arrangement", "", "no ONF dates apply (ONF-1)"})
	} else {
		r := row{label: "Send by", when: tb.When(st.SendBy), note: "3 days before the visit (ONF-2)"}
		switch {
		case !o.SentAt.IsZero() && !st.Late:
			r.mark, r.note = "✓", "met: sent in time"
		case !o.SentAt.IsZero():
			r.mark, r.note = "✗", "missed: sent under 3 days before the visit"
		case now.After(st.SendBy):
			r.mark, r.note = "✗", "passed, not sent"
		default:
			r.mark = "·"
		}
		rows = append(rows, r)

		r = row{mark: "·", label: "Sent", when: "—", note: "not yet"}
		if !o.SentAt.IsZero() {
			r.mark, r.when, r.note = "✓", tb.When(o.SentAt), "to "+common.Pick(o.Force == "", "the police", o.Force)
		}
		rows = append(rows, r)

		r = row{mark: "·", label: "Due back", when: "—", note: "72 hours after sending (ONF-3)"}
		if !o.SentAt.IsZero() {
			r.when = tb.When(st.DueBack)
			switch {
			case !o.ReturnedAt.IsZero() && st.ReturnedLate:
				r.mark, r.note = "!", "back late, after its 72 hours"
			case !o.ReturnedAt.IsZero():
				r.mark, r.note = "✓", "back in time"
			case now.After(st.DueBack) && o.Phone != nil:
				r.mark, r.note = "!", "passed, not back; phone check made"
			case now.After(st.DueBack):
				r.mark, r.note = "✗", "passed, not back: phone check needed"
			case st.DueBack.After(start) && o.Phone != nil:
				r.mark, r.note = "!", "after the visit starts; phone check made"
			case st.DueBack.After(start):
				r.mark, r.note = "!", "after the visit starts: phone check needed"
			default:
				r.note = "the police have 72 hours (ONF-3)"
			}
		}
		rows = append(rows, r)

		r = row{mark: "·", label: "Returned", when: "—", note: "not yet"}
		if !o.ReturnedAt.IsZero() {
			r.mark, r.when = "✓", tb.When(o.ReturnedAt)
			switch {
			case o.SignedBy == "":
				r.mark, r.note = "✗", "unsigned (ONF-4)"
			case len(o.Incomplete) > 0:
				r.mark, r.note = "✗", "incomplete (ONF-4)"
			case st.ReturnedLate:
				r.mark, r.note = "!", "late, signed and complete"
			default:
				r.note = "signed and complete"
			}
		}
		rows = append(rows, r)

		if o.Phone != nil {
			rows = append(rows, row{"✓", "Phone check", tb.When(o.Phone.At), "with " + o.Phone.Contact})
		}

		r = row{mark: "·", label: "Valid until", when: "—", note: "one calendar month from its return (ONF-5)"}
		if !st.ValidTill.IsZero() {
			r.when = st.ValidTill.In(tb.S.Loc).Format("Mon 02 Jan 2006") + " (end of day)"
			if domain.DateOf(start.In(tb.S.Loc)).After(st.ValidTill) {
				r.mark, r.note = "✗", "expires before the visit"
			} else {
				r.mark, r.note = "✓", "covers the visit"
			}
		}
		rows = append(rows, r)
	}
	rows = append(rows, row{common.Pick(now.After(start), "✓", "·"), "Visit starts", tb.When(start), ""})

	var b strings.Builder
	const lw, ww = 14, 40
	for _, r := range rows {
		style := t.NewStyle()
		switch r.mark {
		case "✓":
			style = t.OK
		case "✗":
			style = t.Error
		case "!":
			style = t.Warn
		case "·":
			style = t.Muted
		}
		line := "  " + style.Render(r.mark) + " " + t.Label.Render(common.PadRight(r.label, lw)) + r.when
		switch {
		case r.note == "":
		case 4+lw+ww+1+common.Cells(r.note) <= w:
			line = "  " + style.Render(r.mark) + " " + t.Label.Render(common.PadRight(r.label, lw)) + common.PadRight(r.when, ww) + " " + style.Render(r.note)
		default: // narrow: the note goes under the date
			line += "\n" + strings.Repeat(" ", 4+lw) + style.Render(common.Truncate(r.note, max(10, w-4-lw)))
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// onfRecord is what the ONF record holds, field by field.
func (tb *Tab) onfRecord(o domain.ONF, w int) string {
	t := tb.S.Theme
	at := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.In(tb.S.Loc).Format(domain.DateTimeLayout)
	}
	var pairs []string
	if o.Met {
		pairs = append(pairs, "Police", "Metropolitan Police: alternative arrangement (ONF-1)", "Arrangement", o.MetNote)
	} else {
		pairs = append(pairs, "Police force", o.Force)
	}
	assist := ""
	if o.Stamp.By != "" || !o.SentAt.IsZero() {
		assist = common.Pick(o.Assistance, "requested", "not requested")
	}
	signed := strings.TrimSpace(o.SignedRank + " " + o.SignedBy)
	missing := strings.Join(o.Incomplete, ", ")
	if missing == "" && !o.ReturnedAt.IsZero() {
		missing = "none: every section complete"
	}
	pairs = append(pairs, "Assistance", assist, "Sent at", at(o.SentAt), "Returned at", at(o.ReturnedAt),
		"Signed by", signed, "Sections missing", missing, "Warning markers", o.Markers, "Community tensions", o.Tensions)
	if p := o.Phone; p != nil {
		pairs = append(pairs, "Phone check", at(p.At), "Spoke to", p.Contact, "What they said", p.Outcome)
	} else {
		pairs = append(pairs, "Phone check", "")
	}
	if !o.FeedbackAt.IsZero() {
		pairs = append(pairs, "Feedback sent", at(o.FeedbackAt), "Feedback", o.Feedback)
	}
	out := common.RowsOf(t, w, 20, pairs...)
	if l := o.Stamp.Label(tb.S.Loc); l != "" {
		out += "  " + t.Muted.Render("recorded by "+l) + "\n"
	}
	return out
}
