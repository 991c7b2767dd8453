package board

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/dialog"
)

// Acknowledging a critical incident from the board (INC-2): a CIO or
// above, signed in as themselves, with a; or the OIC, when nobody else
// uses the store, recording the duty CIO told by phone, with i. The
// domain decides who may; a refusal says why and changes nothing.

// waitingVisit is the visit under the cursor, from any of its rows (its
// overdue row as well as its incident's); whether an incident on it
// awaits acknowledgement is the domain's to say (canAcknowledge), with
// the rest of INC-2.
func (b *Screen) waitingVisit() (*domain.Visit, tea.Cmd) {
	r, ok := b.current()
	if !ok {
		return nil, common.Flash(common.FlashInfo, "No visit is chosen: move to a critical incident first.")
	}
	v := b.visits[r.ref]
	if v == nil {
		return nil, common.Flash(common.FlashInfo, fmt.Sprintf("%s has no critical incident awaiting acknowledgement.", r.ref))
	}
	return v.Clone(), nil
}

func (b *Screen) acknowledge() tea.Cmd {
	v, why := b.waitingVisit()
	if v == nil {
		return why
	}
	c, err := v.AcknowledgeIncident(b.s.Config, b.s.Me, b.s.Clock())
	if err != nil {
		return common.Flash(common.FlashError, err.Error())
	}
	return save(b.s.Store, v, c, fmt.Sprintf("%s: critical incident acknowledged by %s; it is on the visit's timeline and audit trail.", v.Ref, b.s.Me.Label()))
}

func (b *Screen) phone() tea.Cmd {
	v, why := b.waitingVisit()
	if v == nil {
		return why
	}
	// Whether the OIC may record it is the domain's to say, before
	// anything is typed.
	if _, err := v.Clone().RecordCIOInformed(domain.PhoneAckInput{Name: "-"}, b.s.Me, b.s.Clock()); err != nil && !isField(err) {
		return common.Flash(common.FlashError, err.Error())
	}
	st, me, clock := b.s.Store, b.s.Me, b.s.Clock
	ask := func(name string) (tea.Cmd, error) {
		if _, err := v.Clone().RecordCIOInformed(domain.PhoneAckInput{Name: name}, me, clock()); err != nil && fieldOf(err) == domain.FieldAckName {
			return nil, err
		}
		return common.Push(dialog.NewPrompt(b.s, "Duty CIO informed by phone",
			fmt.Sprintf("When did you tell %s? A time today such as 06:25, or leave it empty for now.", name), "now",
			func(at string) (tea.Cmd, error) {
				w := v.Clone()
				c, err := w.RecordCIOInformed(domain.PhoneAckInput{Name: name, At: at}, me, clock())
				if err != nil {
					return nil, err
				}
				return save(st, w, c, fmt.Sprintf("%s: recorded that the duty CIO %s was informed by phone; that counts as acknowledged (INC-2).", w.Ref, name)), nil
			})), nil
	}
	return common.Push(dialog.NewPrompt(b.s, "Duty CIO informed by phone",
		fmt.Sprintf("No CIO can acknowledge on this store? Phone the duty CIO about the incident on %s, then give their name (INC-2).", v.Ref),
		"the duty CIO's name", ask))
}

func isField(err error) bool { return fieldOf(err) != "" }

// fieldOf is the field a validation error names first, or "".
func fieldOf(err error) string {
	if ve, ok := err.(domain.ValidationError); ok && len(ve) > 0 {
		return ve[0].Field
	}
	return ""
}

// save stores the acknowledged visit; the change feed then brings the
// board, the banner and every other session up to date.
func save(st domain.Store, v *domain.Visit, c domain.Change, done string) tea.Cmd {
	return func() tea.Msg {
		if _, err := st.SaveVisit(context.Background(), v, c); err != nil {
			return common.FlashMsg{Kind: common.FlashError, Text: err.Error()}
		}
		return common.FlashMsg{Kind: common.FlashOK, Text: done}
	}
}
