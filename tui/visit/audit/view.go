package audit

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"oic/domain"
	"oic/tui/common"
)

func (tb *Tab) history(w int) string {
	t := tb.S.Theme
	var b strings.Builder
	b.WriteString(t.Muted.Render("Every change of state, who made it and why (ICIBI 3.14-3.15, 6.32).") + "\n\n")
	for _, h := range tb.V.History {
		from := string(h.From)
		if from == "" {
			from = "opened"
		}
		line := fmt.Sprintf("%s  %-10s → %-10s  %s (%s)", h.At.In(tb.S.Loc).Format(domain.DateTimeLayout), from, h.To, h.ByName, h.By)
		b.WriteString(common.Truncate(line, w) + "\n")
		if h.Reason != "" {
			b.WriteString(t.Muted.Render(common.Wrap("    "+h.Reason, w)) + "\n")
		}
	}
	return b.String()
}

func (tb *Tab) auditView(w int) string {
	t := tb.S.Theme
	var b strings.Builder
	// Verified only when both hold: a whole chain over a changed record
	// proves nothing about what is shown.
	if tb.Verified() {
		b.WriteString(t.OK.Render(fmt.Sprintf("✓ Chain verified: %s, each sealed with SHA-256 to the one before, the last to the record as stored.", common.Plural(len(tb.Audit), "entry"))) + "\n\n")
	}
	for _, m := range tb.Unverified {
		b.WriteString(t.Warn.Render(common.Wrap("? "+domain.UnverifiedText([]string{m})+": "+domain.UnverifiedWhy(m)+".", w)) + "\n")
	}
	if len(tb.Unverified) > 0 {
		b.WriteString("\n")
	}
	var re *domain.RecordError
	if errors.As(tb.Record, &re) {
		b.WriteString(t.Error.Render(common.Wrap(domain.RecordChanged+": "+re.Problem+". What is shown is what the store now holds, not what was recorded; it cannot be saved over or exported. Report it, and have the data folder restored from a backup.", w)) + "\n\n")
	}
	if tb.Chain != nil {
		b.WriteString(t.Error.Render(common.Wrap("✗ AUDIT CHAIN BROKEN: "+tb.Chain.Error()+". Report this: the record may have been altered outside oic.", w)) + "\n\n")
	}
	for i := len(tb.Audit) - 1; i >= 0; i-- { // newest first: what changed last is what is asked about
		e := tb.Audit[i]
		c := e.Change
		who := c.ActorName
		if c.Actor != "" { // oic itself has no staff number (the baseline entry)
			who += " (" + string(c.Actor) + ")"
		}
		b.WriteString(common.Truncate(fmt.Sprintf("#%d  %s  %s  %s", e.Seq, c.At.In(tb.S.Loc).Format(domain.DateTimeLayout), c.Action, who), w) + "\n")
		if i > 0 && c.At.Before(tb.Audit[i-1].Change.At) {
			b.WriteString(t.Warn.Render("    ⚠ dated before the entry above it: the computer's clock may have been wrong") + "\n")
		}
		for _, f := range c.Fields {
			line := fmt.Sprintf("    %s: %s → %s", fieldLabel(f.Field), tb.auditValue(f.Old), tb.auditValue(f.New))
			b.WriteString(t.Muted.Render(common.Truncate(line, w)) + "\n")
		}
		if c.Reason != "" {
			b.WriteString(t.Muted.Render(common.Wrap("    reason: "+c.Reason, w)) + "\n")
		}
	}
	b.WriteString(tb.arrivalsView(w))
	return b.String()
}

// arrivalsView is the visit's arrivals, below its trail: each import
// that brought it here, oldest first, from their own record.
func (tb *Tab) arrivalsView(w int) string {
	if len(tb.Arrivals) == 0 && tb.ArrivalsChain == nil {
		return ""
	}
	t := tb.S.Theme
	var b strings.Builder
	b.WriteString("\n" + t.Muted.Render(common.Wrap("How it came to this folder: its arrivals, kept apart from its trail, which is the one of the folder it was made in.", w)) + "\n")
	if tb.ArrivalsChain != nil {
		b.WriteString(t.Error.Render(common.Wrap("✗ ARRIVALS BROKEN: "+tb.ArrivalsChain.Error()+". Report this: the record of its import may have been altered outside oic.", w)) + "\n")
	}
	for _, e := range tb.Arrivals {
		a := domain.ArrivalOf(e)
		by := domain.Officer{StaffNo: a.By, Name: a.ByName}.Label()
		b.WriteString(common.Wrap(fmt.Sprintf("Arrived %s: imported by %s from an export by %s at %s, %s",
			a.At.In(tb.S.Loc).Format(domain.DateTimeLayout), by, a.ExportedBy, a.ExportedAt.In(tb.S.Loc).Format(domain.DateTimeLayout), a.SignedBy()), w) + "\n")
		detail := fmt.Sprintf("    version %d, file %s (SHA-256 %s), export schema %d, oic %s", a.Version, a.File, a.FileSHA256, a.Schema, a.ToolVersion)
		b.WriteString(t.Muted.Render(common.Wrap(detail, w)) + "\n")
		if len(a.Unverified) > 0 {
			b.WriteString(t.Warn.Render("    "+domain.UnverifiedText(a.Unverified)) + "\n")
		}
	}
	return b.String()
}

// auditValue shows a stored value for reading: times in the officer's
// zone, dates the UK way, empty as a dash. The trail itself keeps the
// exact machine form.
func (tb *Tab) auditValue(v string) string {
	if v == "" {
		return "—"
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.In(tb.S.Loc).Format(domain.DateTimeLayout)
	}
	if len(v) == 10 {
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return domain.DateOf(t).UK()
		}
	}
	return v
}
