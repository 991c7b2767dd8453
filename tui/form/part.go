package form

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
)

// Part describes a form over one part of a visit's record (a planning
// section, the ONF, a recce, a debrief section, a live entry): drafts,
// Esc-asks-first, ctrl+s and the domain's own problems beside each field
// come with it. The form is given the visit as it was when opened; ctrl+r
// after a conflict moves it on to the latest.
type Part struct {
	Title, Intro string
	Draft        string // the draft's name; the visit's reference is added
	// Fields adds the form's fields, filled from in.
	Fields func(f *Form, in map[string]string)
	// Values are the record's current values (or a new entry's defaults).
	Values func(v *domain.Visit) map[string]string
	// Check validates as the officer moves between fields; Save applies
	// the values to ev, a copy of the visit, and returns the change.
	Check    func(v *domain.Visit, m map[string]string) error
	Save     func(ev *domain.Visit, m map[string]string) (domain.Change, error)
	Describe func(key, value string) string
	// Adds says the form only adds to the record (a live entry): saved
	// from a version another session has moved on, it goes on top.
	Adds bool
}

// NewPart opens the form p describes over v.
func NewPart(s *common.Session, v *domain.Visit, p Part) *Screen {
	base := v
	f := New(s.Theme)
	p.Fields(f, p.Values(v))
	f.Done()
	f.Validate = func(m map[string]string) error { return p.Check(base, m) }
	f.Describe = p.Describe
	fs := &Screen{Session: s, Heading: p.Title, Intro: p.Intro, Form: f, DraftKey: p.Draft + ":" + string(v.Ref),
		Ref: v.Ref, Version: v.Version, Adds: p.Adds}
	fs.Submit = func(m map[string]string) (tea.Cmd, error) {
		ev := base.Clone()
		c, err := p.Save(ev, m)
		if errors.Is(err, domain.ErrNoChange) {
			return func() tea.Msg {
				return SavedMsg{Then: common.Flash(common.FlashInfo, "Nothing changed; nothing saved.")}
			}, nil
		}
		if err != nil {
			return nil, err
		}
		return SaveVisit(s, ev, c, c.Action), nil
	}
	ref := v.Ref
	fs.Reload = func() tea.Cmd {
		return func() tea.Msg {
			latest, err := s.Store.Visit(context.Background(), ref)
			if err != nil {
				return common.FlashMsg{Kind: common.FlashError, Text: err.Error()}
			}
			return ReloadedMsg{latest}
		}
	}
	fs.Rebase = func(latest *domain.Visit) (map[string]string, string) {
		base = latest
		return p.Values(latest), latest.UpdatedByName
	}
	fs.RestoreDraft()
	return fs
}

// OfficerNote describes the officer a staff number names, as typed:
// "→ Sam Whitfield, IO, SLN".
func OfficerNote(s *common.Session, officers map[domain.StaffNo]domain.Officer, val string) (domain.Officer, string) {
	sn, err := domain.ParseStaffNo(val)
	if err != nil {
		return domain.Officer{}, ""
	}
	o, ok := officers[sn]
	if !ok {
		return domain.Officer{}, NoProfile(sn)
	}
	g, _ := s.Config.Grade(o.Grade)
	return o, fmt.Sprintf("→ %s, %s, %s", o.Name, g.Title, o.Team)
}

// NoProfile says that no officer sn has a profile here, and the ways to
// add one: an officer new to the tool cannot guess them.
func NoProfile(sn domain.StaffNo) string {
	return fmt.Sprintf("no officer %s on this computer yet: add their profile on the roster tab (a, then ctrl+n) or with oic officer add, or they sign in once with oic --as %s", sn, sn)
}

func LookupIn(officers map[domain.StaffNo]domain.Officer) domain.OfficerLookup {
	return func(sn domain.StaffNo) (domain.Officer, bool) { o, ok := officers[sn]; return o, ok }
}
