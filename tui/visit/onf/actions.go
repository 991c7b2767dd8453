package onf

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
)

// Key handles the ONF tab's own keys; ok is false for keys the rest of
// the visit screen handles.
func (tb *Tab) Key(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	k := common.ONFKeys
	switch {
	case key.Matches(msg, k.Open):
		return tb.openONF(), true
	case key.Matches(msg, k.PhoneCheck):
		return tb.phoneCheck(), true
	case key.Matches(msg, k.Feedback):
		return tb.onfFeedback(), true
	}
	return nil, false
}

// Fix opens the form that fixes an ONF finding: the phone check for one
// that is late or overdue (ONF-3) while it can be recorded, the feedback
// after the visit (ONF-7), else the ONF itself.
func (tb *Tab) Fix(f domain.Finding) (tea.Cmd, bool) {
	if !strings.HasPrefix(f.Rule, "ONF-") {
		return nil, false
	}
	switch {
	case f.Rule == "ONF-7":
		return tb.onfFeedback(), true
	case f.Rule == "ONF-3" && tb.V.CanRecordPhoneCheck() == nil:
		return tb.phoneCheck(), true
	}
	return tb.openONF(), true
}

// openONF opens the ONF form, or says why the plan cannot change now.
func (tb *Tab) openONF() tea.Cmd {
	if err := tb.V.PlanningEditable(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newONFForm(tb.S, tb.V))
}

// onfFeedback asks what the intelligence feedback report told the police
// after the visit (ONF-7). The domain says when it cannot be recorded.
func (tb *Tab) onfFeedback() tea.Cmd {
	v := tb.V
	if err := v.CanRecordONFFeedback(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(dialog.NewPrompt(tb.S, "Feedback to the police on "+string(v.Ref),
		fmt.Sprintf("What did the feedback report tell %s about the visit's outcome? It is recorded with your name and the time (ONF-7).", v.Plan.ONF.Force),
		"e.g. two arrests; S1 detained; intelligence accurate", func(text string) (tea.Cmd, error) {
			ev := v.Clone()
			c, err := ev.RecordONFFeedback(text, tb.S.Me, tb.S.Now())
			if err != nil {
				return nil, err
			}
			return tb.Save(ev, c, "ONF feedback recorded"), nil
		}))
}

// phoneCheck opens the telephone check form, or says why it cannot be
// recorded yet.
func (tb *Tab) phoneCheck() tea.Cmd {
	if err := tb.V.CanRecordPhoneCheck(); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newPhoneCheckForm(tb.S, tb.V))
}

// onfNext is what to do now about the ONF, in one line, with the key that
// does it.
func (tb *Tab) onfNext(st domain.ONFStatus) string {
	o := tb.V.Plan.ONF
	loc := tb.S.Loc
	force := o.Force
	if force == "" {
		force = "the local police force"
	}
	// Once the visit is closed the ONF is history: what is left is the
	// feedback to the force that had it (ONF-7), never chasing the form.
	switch tb.V.State {
	case domain.Closed, domain.FollowUp, domain.Assured:
		switch {
		case o.Met || o.SentAt.IsZero():
			return "The visit is closed: nothing more about the ONF; follow-ups go on the debrief tab (f)."
		case !o.FeedbackAt.IsZero():
			return fmt.Sprintf("The visit is closed and the outcome went back to %s on %s (ONF-7): nothing more about the ONF.", force, o.FeedbackAt.In(loc).Format(domain.DateTimeLayout))
		}
		return fmt.Sprintf("The visit is closed: feed its outcome back to %s and record what the report said: f (ONF-7).", force)
	}
	switch st.State {
	case domain.ONFMet:
		return "Nothing more before the visit: the Metropolitan Police arrangement is recorded (ONF-1)."
	case domain.ONFNotSent:
		if tb.S.Now().After(st.SendBy) {
			return fmt.Sprintf("Send the ONF to %s now: it is under 3 days to the visit (ONF-2). Record it: o; then phone the intelligence unit: t.", force)
		}
		return fmt.Sprintf("Send the ONF to %s by %s (ONF-2), then record it: o.", force, st.SendBy.In(loc).Format(domain.DateTimeLayout))
	case domain.ONFSentLate:
		return "It will not be back in time (ONF-3): phone the intelligence unit before the visit and record the call: t."
	case domain.ONFAwaiting:
		return fmt.Sprintf("Wait for %s to return it by %s; record the return when it comes: o.", force, st.DueBack.In(loc).Format(domain.DateTimeLayout))
	case domain.ONFOverdue:
		return "Phone the police intelligence unit and record the call: t (ONF-3)."
	case domain.ONFPhoneCheck:
		if o.ReturnedAt.IsZero() {
			return "The visit may go ahead on the phone check; record the ONF when it comes back: o."
		}
		return "The visit may go ahead on the phone check; if the police put the form right, record it: o."
	case domain.ONFUnsigned:
		return "Ask the police to sign it (ONF-4) and record the signature: o; or phone the intelligence unit and record the call: t."
	case domain.ONFIncomplete:
		return fmt.Sprintf("Ask the police to complete %s (ONF-4) and record it: o; or phone the intelligence unit: t.", strings.Join(o.Incomplete, ", "))
	case domain.ONFValid:
		return fmt.Sprintf("Nothing before the visit: it covers the visit. After it, feed the outcome back to %s (ONF-7).", force)
	case domain.ONFExpired:
		return "It expired before the visit (ONF-5): send a new ONF and record it: o; or phone the intelligence unit: t."
	}
	return ""
}
