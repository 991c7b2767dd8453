package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
	"oic/tui/form"
)

// The briefing tab (BRF-1 to BRF-5): the issued order and who has accepted
// which version of it, the verbal briefing on the day, the OIC's
// confirmation, any override of missing acceptances, and the deploy gate.
//
// Acceptance is always by the officer signed in: several officers accept
// at one laptop by each signing in (u) and accepting (a) in turn. Nobody,
// the OIC included, accepts for another.

// briefTab is the tab's state: the last refusal to deploy, shown at the
// top of the tab for as long as the visit stays as it was refused.
type briefTab struct {
	refused refusal
	// stale is whether the order has changed since the current version
	// (BRF-2), worked out on refresh: it rebuilds and hashes the order,
	// too dear for the footer, which is drawn on every message.
	stale bool
}

// briefingKey handles the briefing tab's own keys; ok is false for keys
// the rest of the visit screen handles (↑/↓ scroll).
func (d *detail) briefingKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := common.BriefingKeys
	switch {
	case key.Matches(msg, k.Issue):
		return d.issueBriefing(), true
	case key.Matches(msg, k.Accept):
		return d.acceptBriefing(), true
	case key.Matches(msg, k.SignIn):
		return d.switchOfficer(), true
	case key.Matches(msg, k.Verbal):
		if _, err := d.v.Clone().RecordVerbal(domain.VerbalBriefing{}, d.s.Me, d.s.Now()); err != nil {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newVerbalForm(d.s, d.v)), true
	case key.Matches(msg, k.Confirm):
		if _, err := d.v.Clone().Confirm(nil, "", d.s.Config, d.s.Me, d.s.Now()); err != nil && !isValidation(err) {
			return common.Flash(common.FlashError, err.Error()), true
		}
		return common.Push(newConfirmForm(d.s, d.v)), true
	case key.Matches(msg, k.Override):
		return d.overrideAcceptances(), true
	case key.Matches(msg, k.Deploy):
		return d.deploy(), true
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
func (d *detail) issueBriefing() tea.Cmd {
	v := d.v
	_, err := v.Clone().IssueBriefing("pre-check", d.s.Me, d.s.Now())
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
	return common.Push(dialog.NewPrompt(d.s, "Issue the briefing for "+string(v.Ref), q, placeholder, func(note string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.IssueBriefing(note, d.s.Me, d.s.Now())
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
		return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, what)), nil
	}))
}

// acceptBriefing opens the current version for the signed-in officer to
// read and accept, or says why they cannot.
func (d *detail) acceptBriefing() tea.Cmd {
	v := d.v
	cur, _ := v.Briefing.Current()
	if _, err := v.Clone().AcceptBriefing(cur.N, d.s.Me, d.s.Now()); err != nil {
		msg := err.Error()
		if _, on := v.Rostered(d.s.Me.StaffNo); !on && len(v.Roster) > 0 {
			msg += ". Press u to sign in as yourself."
		}
		return common.Flash(common.FlashError, msg)
	}
	return common.Push(newAcceptScreen(d, cur))
}

// overrideAcceptances records the OIC's decision to deploy without the
// acceptances still missing (BRF-1), with the reason, after naming them.
func (d *detail) overrideAcceptances() tea.Cmd {
	v := d.v
	if _, err := v.Clone().OverrideAcceptances("pre-check: a reason long enough", d.s.Me, d.s.Now()); err != nil {
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
	return common.Push(dialog.NewPrompt(d.s, "Override missing acceptances", q, "e.g. briefed in person at the RV point; laptop down", func(reason string) (tea.Cmd, error) {
		ev := v.Clone()
		c, err := ev.OverrideAcceptances(reason, d.s.Me, d.s.Now())
		if err != nil {
			return nil, err
		}
		return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, "missing acceptances overridden (BRF-1)")), nil
	}))
}

// deploy moves the visit to deployed. Refused, every blocking finding is
// shown at the top of the tab, in full, so the OIC reads who is missing.
func (d *detail) deploy() tea.Cmd {
	ev := d.v.Clone()
	c, err := ev.Deploy(d.s.Config, d.s.Me, d.s.Now())
	if cmd, refused := d.refuse(&d.brief.refused, "deploy", err); refused {
		return cmd
	}
	return common.DeliverTo(d, form.SaveVisit(d.s, ev, c, "deployed: the team is live"))
}

func (d *detail) briefingShortHelp() []key.Binding {
	k := common.BriefingKeys
	v := d.v
	if v == nil {
		return nil
	}
	me := d.s.Me.StaffNo
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
	if isOIC && (!issued || d.brief.stale) {
		keys = append(keys, k.Issue)
	}
	if issued && !d.brief.stale {
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

func briefingHelpGroup() common.HelpGroup {
	k := common.BriefingKeys
	return common.HelpGroup{Title: "Briefing tab", Keys: []key.Binding{k.Issue, k.Accept, k.SignIn, k.Verbal, k.Confirm, k.Override, k.Deploy}}
}
