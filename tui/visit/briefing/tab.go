// Package briefing is the visit's briefing tab (BRF-1 to BRF-5): the
// issued order and who has accepted which version of it, the verbal
// briefing on the day, the OIC's confirmation, any override of missing
// acceptances, and the deploy gate.
//
// Acceptance is always by the officer signed in: several officers accept
// at one laptop by each signing in (u) and accepting (a) in turn. Nobody,
// the OIC included, accepts for another.
package briefing

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/visit/tab"
)

// Name is the tab's name.
const Name = "Briefing"

// Tab is the briefing tab: the last refusal to deploy, shown at the top of
// the tab for as long as the visit stays as it was refused.
type Tab struct {
	tab.Base
	refused dialog.Refusal
	// stale is whether the order has changed since the current version
	// (BRF-2), worked out on refresh: it rebuilds and hashes the order,
	// too dear for the footer, which is drawn on every message.
	stale bool
}

// New is the briefing tab of v.
func New(v *tab.Visit) *Tab { return &Tab{Base: tab.NewBase(v)} }

func (tb *Tab) Name() string  { return Name }
func (tb *Tab) Label() string { return Name }
func (tb *Tab) Short() string { return "Brief" }

func (tb *Tab) Draw() {
	tb.stale = tb.V.BriefingStale()
	tb.VP.SetContent(tb.briefingView(tb.W))
}

// Key handles the briefing tab's own keys; ok is false for keys
// the rest of the visit screen handles (↑/↓ scroll).
func (tb *Tab) Key(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.BriefingKeys
	switch {
	case key.Matches(msg, k.Issue):
		return tb.issueBriefing(), true
	case key.Matches(msg, k.Accept):
		return tb.acceptBriefing(), true
	case key.Matches(msg, k.SignIn):
		return tb.SwitchOfficer(), true
	case key.Matches(msg, k.Verbal):
		if _, err := tb.V.Clone().RecordVerbal(domain.VerbalBriefing{}, tb.S.Me, tb.S.Now()); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newVerbalForm(tb.S, tb.V)), true
	case key.Matches(msg, k.Confirm):
		if _, err := tb.V.Clone().Confirm(nil, "", tb.S.Config, tb.S.Me, tb.S.Now()); err != nil && !isValidation(err) {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newConfirmForm(tb.S, tb.V)), true
	case key.Matches(msg, k.Override):
		return tb.overrideAcceptances(), true
	case key.Matches(msg, k.Deploy):
		return tb.deploy(), true
	}
	return nil, false
}

func isValidation(err error) bool {
	var ve domain.ValidationError
	return errors.As(err, &ve)
}

// issueBriefing issues the order as it stands as the next version, asking
// first: on a re-issue, what changed, and whose acceptances it voids.
// What the domain refuses outright is said before anything is typed.
func (tb *Tab) issueBriefing() tea.Cmd {
	v := tb.V
	_, err := v.Clone().IssueBriefing("pre-check", tb.S.Me, tb.S.Now())
	if err != nil && !isValidation(err) {
		return common.Flash(common.FlashError, err.Error())
	}
	cur, had := v.Briefing.Current()
	q := fmt.Sprintf("Issue the order as it stands to the %s on the team as version 1? Each of them then signs in, reads it and accepts it (BRF-1). "+
		"A note for the team is optional; press enter to issue.", common.Plural(len(v.Roster), "officer"))
	placeholder := "optional, e.g. first issue after authorisation"
	if had {
		var accepted []string
		for _, r := range v.Roster {
			if _, ok := v.Briefing.Accepted(r.StaffNo, cur.N); ok {
				accepted = append(accepted, r.Label())
			}
		}
		void := "Nobody has accepted it yet."
		if len(accepted) > 0 {
			void = fmt.Sprintf("Version %d replaces it and voids %s acceptances (BRF-2): %s must accept again.", cur.N+1, common.Pick(len(accepted) == 1, "its", "their"), strings.Join(accepted, ", "))
		}
		q = fmt.Sprintf("What changed since version %d? The officers read your note with the new version. %s", cur.N, void)
		placeholder = "e.g. Priya Shah added to the arrest team"
	}
	return common.Push(dialog.NewPrompt(tb.S, "Issue the briefing for "+string(v.Ref), q, placeholder, func(note string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.IssueBriefing(note, tb.S.Me, tb.S.Now())
		if err != nil {
			return nil, err
		}
		n, _ := ev.Briefing.Current()
		what := fmt.Sprintf("briefing version %d issued to %s", n.N, common.Plural(len(ev.Roster), "officer"))
		for _, f := range c.Fields {
			if strings.HasPrefix(f.Field, "briefing.acceptances voided") {
				what += "; void (BRF-2), to accept again: " + f.Old
			}
		}
		return tb.Save(ev, c, what), nil
	}))
}

// acceptBriefing opens the current version for the signed-in officer to
// read and accept, or says why they cannot.
func (tb *Tab) acceptBriefing() tea.Cmd {
	v := tb.V
	cur, _ := v.Briefing.Current()
	if _, err := v.Clone().AcceptBriefing(cur.N, tb.S.Me, tb.S.Now()); err != nil {
		msg := err.Error()
		if _, on := v.Rostered(tb.S.Me.StaffNo); !on && len(v.Roster) > 0 {
			msg += ". " + tb.S.SignInYourself()
		}
		return common.Flash(common.FlashError, msg)
	}
	return common.Push(newAcceptScreen(tb, cur))
}

// overrideAcceptances records the OIC's decision to deploy without the
// acceptances still missing (BRF-1), with the reason, after naming them.
func (tb *Tab) overrideAcceptances() tea.Cmd {
	v := tb.V
	if _, err := v.Clone().OverrideAcceptances("pre-check: a reason long enough", tb.S.Me, tb.S.Now()); err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	cur, _ := v.Briefing.Current()
	var names []string
	for _, r := range v.Outstanding() {
		names = append(names, r.Label())
	}
	q := fmt.Sprintf("%s not accepted version %d: %s. Why does the team deploy without their acceptance? "+
		"The override, your name and the reason are shown on the visit from now on (BRF-1).",
		common.Pick(len(names) == 1, "1 officer has", fmt.Sprintf("%d officers have", len(names))), cur.N, strings.Join(names, ", "))
	return common.Push(dialog.NewPrompt(tb.S, "Override missing acceptances", q, "e.g. briefed in person at the RV point; laptop down", func(reason string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.OverrideAcceptances(reason, tb.S.Me, tb.S.Now())
		if err != nil {
			return nil, err
		}
		return tb.Save(ev, c, "missing acceptances overridden (BRF-1)"), nil
	}))
}

// deploy moves the visit to deployed. Refused, every blocking finding is
// shown at the top of the tab, in full, so the OIC reads who is missing.
func (tb *Tab) deploy() tea.Cmd {
	ev := tb.V.Clone()
	c, err := ev.Deploy(tb.S.Config, tb.S.Me, tb.S.Now())
	if cmd, refused := tb.Refuse(&tb.refused, "deploy", err); refused {
		return cmd
	}
	return tb.Save(ev, c, "deployed: the team is live")
}

func (tb *Tab) ShortHelp() []key.Binding {
	return append(tb.stepKeys(), common.VisitKeys.NextTab)
}

// stepKeys are the briefing's steps open to the officer signed in now.
func (tb *Tab) stepKeys() []key.Binding {
	k := common.BriefingKeys
	v := tb.V
	if v == nil {
		return nil
	}
	me := tb.S.Me.StaffNo
	oic, hasOIC := v.Commander(domain.CommandOIC)
	isOIC := hasOIC && oic.StaffNo == me
	cur, issued := v.Briefing.Current()
	var keys []key.Binding
	switch v.State {
	case domain.Authorised, domain.Briefed:
	default:
		if v.State == domain.Deployed {
			if _, on := v.Rostered(me); on {
				if _, ok := v.Briefing.Accepted(me, cur.N); !ok && issued {
					return []key.Binding{k.Accept, k.SignIn}
				}
			}
		}
		return nil
	}
	if isOIC && (!issued || tb.stale) {
		keys = append(keys, k.Issue)
	}
	if issued && !tb.stale {
		if _, on := v.Rostered(me); on {
			if _, ok := v.Briefing.Accepted(me, cur.N); !ok {
				keys = append(keys, k.Accept)
			}
		}
	}
	if isOIC && issued && v.State == domain.Briefed {
		if v.Briefing.Verbal == nil {
			keys = append(keys, k.Verbal)
		}
		if c := v.Briefing.Confirm; c == nil || c.Version != cur.N {
			keys = append(keys, k.Confirm)
		}
		keys = append(keys, k.Deploy)
		if _, over := v.Briefing.OverrideFor(cur.N); !over && len(v.Outstanding()) > 0 {
			keys = append(keys, k.Override)
		}
	}
	return append(keys, k.SignIn)
}

func (tb *Tab) HelpGroups() []common.HelpGroup {
	k := common.BriefingKeys
	return []common.HelpGroup{{Title: "Briefing tab", Keys: []key.Binding{k.Issue, k.Accept, k.SignIn, k.Verbal, k.Confirm, k.Override, k.Deploy}}}
}
