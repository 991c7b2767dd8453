// Package assurance is the visit's assurance tab (ASR-1, ASR-2, IDN-1):
// on a closed visit, an officer who may assure it works through the
// checklist, rates the visit, writes the feedback and marks it assured;
// one who may not is told why and what would satisfy the rule. Once
// assured, the record is shown read only, with whether the OIC has
// acknowledged the feedback, which the OIC does here. The visit also
// moves to follow-up from here.
package assurance

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Assurance"

// Tab is the assurance tab.
type Tab struct{ tab.Base }

// New is the assurance tab of v.
func New(v *tab.Visit) *Tab { return &Tab{tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }

// Short is "Asr": with it every tab's short name fits 80 columns.
func (tb *Tab) Short() string { return "Asr" }

func (tb *Tab) Draw() { tb.VP.SetContent(tb.view(tb.W)) }

// Key handles the tab's own keys; ok is false for the visit screen's.
func (tb *Tab) Key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.AssuranceKeys
	switch {
	case key.Matches(msg, k.Edit):
		return tb.edit(), true
	case key.Matches(msg, k.Assure):
		return tb.assure(), true
	case key.Matches(msg, k.FollowUp):
		return tb.followUp(), true
	case key.Matches(msg, k.Acknowledge):
		return tb.acknowledge(), true
	case key.Matches(msg, k.SignIn):
		return tb.SwitchOfficer(), true
	}
	return nil, false
}

// edit opens the checklist for an officer who may assure the visit; for
// one who may not, it says why (ASR-1, ASR-2).
func (tb *Tab) edit() tea.Cmd {
	if err := tb.V.AssuranceEditable(tb.S.Config, tb.S.Me); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(newChecklistForm(tb.S, tb.V))
}

// assure marks the visit assured after asking, or says what stops it.
func (tb *Tab) assure() tea.Cmd {
	v, s := tb.V, tb.S
	if _, err := v.Clone().Assure(s.Config, s.Me, s.Now()); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	a := v.Assurance
	body := fmt.Sprintf("Mark %s assured, rated %s, with %d of %d items not met? The assurance becomes final and carries your name; %s, sees your feedback when they next sign in.",
		v.Ref, a.Rating, len(a.NotMet()), len(domain.AssuranceChecklist), tb.oicLabel())
	return common.Push(dialog.NewConfirm(s, "Assure "+string(v.Ref), body, func() tea.Cmd {
		ev := v.Clone()
		c, err := ev.Assure(s.Config, s.Me, s.Now())
		if err != nil {
			return common.Flash(common.FlashError, err.Error())
		}
		return tb.Save(ev, c, "assured "+string(a.Rating)+": the OIC sees the feedback at their next sign-in")
	}))
}

// followUp moves a closed visit to follow-up, with the lifecycle's own
// checks.
func (tb *Tab) followUp() tea.Cmd {
	v, s := tb.V, tb.S
	if err := v.CanTransition(domain.FollowUp); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(dialog.NewPrompt(s, "Follow-up on "+string(v.Ref),
		"What is being followed up (referrals, notices, the feedback to the police)? This goes on the record with your name.",
		"e.g. CPRN referral to the civil penalty team; NRM referral awaiting decision", func(reason string) (tea.Cmd, error) {
			ev := v.Clone()
			c, err := ev.Transition(domain.FollowUp, reason, s.Me, s.Now())
			if err != nil {
				return nil, err
			}
			return tb.Save(ev, c, "now follow-up"), nil
		}))
}

// acknowledge records that the OIC has read the feedback.
func (tb *Tab) acknowledge() tea.Cmd {
	v, s := tb.V, tb.S
	if _, err := v.Clone().AcknowledgeFeedback(s.Me, s.Now()); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return common.Push(dialog.NewConfirm(s, "Acknowledge feedback on "+string(v.Ref),
		"Record that you have read the assurer's feedback on "+string(v.Ref)+"? Your name and the time go on the visit and its audit trail.", func() tea.Cmd {
			ev := v.Clone()
			c, err := ev.AcknowledgeFeedback(s.Me, s.Now())
			if err != nil {
				return common.Flash(common.FlashError, err.Error())
			}
			return tb.Save(ev, c, "feedback acknowledged")
		}))
}

// oicLabel names the visit's OIC.
func (tb *Tab) oicLabel() string {
	v := tb.V
	if oic, ok := v.Commander(domain.CommandOIC); ok {
		return "the OIC, " + oic.Label()
	}
	return "the OIC, " + domain.Officer{StaffNo: v.Basics.OIC, Name: v.Basics.OICName}.Label()
}

func (tb *Tab) ShortHelp() []key.Binding {
	k := common.AssuranceKeys
	v := tb.V
	if v == nil {
		return nil
	}
	switch v.State {
	case domain.Closed, domain.FollowUp:
		var keys []key.Binding
		if v.AssuranceEditable(tb.S.Config, tb.S.Me) == nil {
			keys = append(keys, k.Edit, k.Assure)
		} else {
			keys = append(keys, k.SignIn)
		}
		if v.State == domain.Closed {
			keys = append(keys, k.FollowUp)
		}
		return append(keys, common.VisitKeys.NextTab)
	case domain.Assured:
		if v.Assurance.FeedbackPending() && v.OICStaffNo() == tb.S.Me.StaffNo {
			return []key.Binding{k.Acknowledge, common.VisitKeys.NextTab}
		}
	}
	return tb.VisitHelp()
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.AssuranceKeys
	return []common.HelpGroup{{Title: "Assurance tab", Keys: []key.Binding{k.Edit, k.Assure, k.FollowUp, k.Acknowledge, k.SignIn}}}
}
