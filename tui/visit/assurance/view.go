package assurance

import (
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
)

// view is the tab's content: what assurance needs and who may give it,
// then the checklist as answered so far, the rating and the feedback, and
// once assured, who assured it and whether the OIC has acknowledged it.
func (tb *Tab) view(w int) string {
	t := tb.S.Theme
	v := tb.V
	var b strings.Builder
	b.WriteString(t.Header.Render("First-line assurance (ASR-1)") + "\n")
	wrap := func(s string) { b.WriteString(common.Wrap(s, w) + "\n") }
	switch v.State {
	case domain.Closed, domain.FollowUp:
		tb.whoMay(&b, w)
	case domain.Assured:
		tb.assured(&b, w)
	default:
		wrap(fmt.Sprintf("A CIO or above who was not on the visit reviews it against the checklist once it is closed; %s is %s.", v.Ref, v.State))
		return b.String()
	}
	// The rating and the feedback first: what the OIC opens the tab to
	// read. Then the checklist, every item with its question, answered
	// or not.
	a := v.Assurance
	rating := t.Bold.Render("Rating: ") + ratingText(a.Rating)
	if nm := a.NotMet(); len(nm) > 0 {
		names := make([]string, len(nm))
		for i, it := range nm {
			c, _ := domain.ChecklistItemByID(it.ID)
			names[i] = c.Label
		}
		rating += t.Error.Render(fmt.Sprintf(" · ✗ %d of %d items not met: %s", len(nm), len(domain.AssuranceChecklist), strings.Join(names, ", ")))
	}
	b.WriteString("\n" + common.Truncate(rating, w) + "\n")
	b.WriteString(t.Bold.Render("Feedback to the OIC:") + "\n")
	if a.Feedback == "" {
		b.WriteString(t.Muted.Render("none written yet") + "\n")
	} else {
		wrap(a.Feedback)
	}
	b.WriteString(tb.Stamp(a.Recorded))
	area := ""
	for _, c := range domain.AssuranceChecklist {
		if c.Area != area {
			area = c.Area
			b.WriteString("\n" + t.Bold.Render(area) + "\n")
		}
		it, _ := a.Item(c.ID)
		glyph, word, style := "?", "unanswered", t.Muted
		switch it.Answer {
		case domain.AnswerMet:
			glyph, word, style = "✓", "met", t.OK
		case domain.AnswerNotMet:
			glyph, word, style = "✗", "not met", t.Error
		case domain.AnswerNotApplicable:
			glyph, word, style = "–", "n/a", t.Muted
		}
		line := style.Render(glyph+" "+common.PadRight(word, 12)) + c.Label + t.Muted.Render(" ("+c.Rules+"): "+c.Question)
		b.WriteString(common.Truncate(line, w) + "\n")
		if it.Note != "" {
			for _, l := range common.SplitLines(common.Wrap(it.Note, max(20, w-15))) {
				b.WriteString(strings.Repeat(" ", 15) + l + "\n")
			}
		}
	}
	return b.String()
}

// ratingText is the rating in words: colour never carries it alone.
func ratingText(r domain.Rating) string {
	if r == "" {
		return "not rated yet"
	}
	return strings.ToUpper(string(r))
}

// whoMay says, on a visit awaiting assurance, whether the officer signed
// in may assure it and what to do next; if not, the rule that refuses
// them and what would satisfy it.
func (tb *Tab) whoMay(b *strings.Builder, w int) {
	t := tb.S.Theme
	v, s := tb.V, tb.S
	err := v.AssuranceEditable(s.Config, s.Me)
	if err != nil {
		b.WriteString(common.Wrap(t.Error.Render("✗ You cannot assure "+string(v.Ref)+".")+" "+err.Error(), w) + "\n")
		how := " u switches officer."
		if s.Fixed {
			how = " The assurer records it in their own session, with their own key."
		}
		b.WriteString(t.Muted.Render(common.Wrap("IDN-1: an assurance carries the name of the officer signed in; nobody records it on another's behalf."+how, w)) + "\n")
		return
	}
	a := v.Assurance
	switch un := len(a.Unanswered()); {
	case un == len(domain.AssuranceChecklist) && a.Rating == "":
		b.WriteString(common.Wrap("You may assure this visit. Press enter to work through the checklist, then A to mark it assured.", w) + "\n")
	case un > 0:
		b.WriteString(common.Wrap(fmt.Sprintf("%d of %d items still to answer: enter to carry on.", un, len(domain.AssuranceChecklist)), w) + "\n")
	default:
		b.WriteString(common.Wrap("Every item is answered: A to mark the visit assured, or enter to change an answer.", w) + "\n")
	}
}

// assured heads an assured visit's record: who assured it and when, and
// whether the OIC has acknowledged the feedback.
func (tb *Tab) assured(b *strings.Builder, w int) {
	t := tb.S.Theme
	v, s := tb.V, tb.S
	a := v.Assurance
	if !a.Done() {
		// A visit assured before this version kept only its history.
		b.WriteString(common.Wrap("Assured before the checklist was kept in oic: see the history on the audit tab.", w) + "\n")
		return
	}
	b.WriteString(common.Wrap(fmt.Sprintf("Assured %s by %s, %s, %s.", ratingText(a.Rating), domain.Officer{StaffNo: a.Assured.By, Name: a.Assured.ByName}.Label(),
		tb.GradeLabel(a.AssurerGrade), tb.When(a.Assured.At)), w) + "\n")
	if ack := a.Acknowledged; !ack.At.IsZero() {
		b.WriteString(t.OK.Render(common.Wrap(fmt.Sprintf("✓ Feedback acknowledged by %s, %s.", domain.Officer{StaffNo: ack.By, Name: ack.ByName}.Label(), tb.When(ack.At)), w)) + "\n")
		return
	}
	line := "! Feedback not yet acknowledged by " + tb.oicLabel() + "."
	if v.OICStaffNo() == s.Me.StaffNo {
		line += " Read it below, then press K to acknowledge it (ASR-2)."
	}
	b.WriteString(t.Warn.Render(common.Wrap(line, w)) + "\n")
}
