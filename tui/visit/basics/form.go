package basics

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// NewForm opens a new visit (v nil) or edits the basics of v.
func NewForm(s *common.Session, v *domain.Visit) common.Screen {
	officers := s.Officers()
	lookup := func(sn domain.StaffNo) (domain.Officer, bool) { o, ok := officers[sn]; return o, ok }

	in := domain.BasicsInput{Team: string(s.Me.Team), OIC: string(s.Me.StaffNo)}
	title, draftKey := "New visit", "new-visit"
	if v != nil {
		in = v.Basics.Input(s.Loc)
		title, draftKey = "Edit "+string(v.Ref), "edit:"+string(v.Ref)
	}
	f := visitFields(s.Theme, in)
	base := v // the stored version the edit started from; ctrl+r moves it on

	parse := func(m map[string]string) (domain.Basics, error) {
		return domain.ParseBasics(basicsInput(m), lookup, s.Now())
	}
	f.Validate = func(m map[string]string) error {
		b, err := parse(m)
		if err == nil && base == nil {
			_, _, err = domain.NewVisit(b, s.Me, s.Now()) // a new visit must be in the future
		}
		return err
	}
	f.Describe = func(k, val string) string {
		if k != domain.FieldOIC {
			return ""
		}
		sn, err := domain.ParseStaffNo(val)
		if err != nil {
			return ""
		}
		o, ok := officers[sn]
		if !ok {
			return "no officer " + string(sn) + " on this computer yet"
		}
		g, _ := s.Config.Grade(o.Grade)
		arrest := "not arrest-trained"
		if o.ArrestTrained {
			arrest = "arrest-trained"
		}
		return fmt.Sprintf("→ %s · %s · %s · %s", o.Name, g.Title, o.Team, arrest)
	}

	intro := "Fill in what prompted the visit and when it is planned. Problems show under each field as you go; ctrl+s saves."
	if v != nil {
		intro = fmt.Sprintf("Editing the basics of %s. Each change is kept in the audit trail with its old and new value.", v.Ref)
		if a := v.Plan.Auth; a != nil {
			intro += fmt.Sprintf(" Authorised by %s: if the planned start moves beyond what the checks or the ONF cover, that authorisation is void (EPA-2).", a.Name)
		}
	}
	fs := &form.Screen{Session: s, Heading: title, Intro: intro, Form: f, DraftKey: draftKey}
	if v != nil {
		fs.Ref, fs.Version = v.Ref, v.Version
	}
	fs.Submit = func(m map[string]string) (tea.Cmd, error) {
		b, err := parse(m)
		if err != nil {
			return nil, err
		}
		now := s.Now()
		st, me := s.Store, s.Me
		if base == nil {
			nv, c, err := domain.NewVisit(b, me, now)
			if err != nil {
				return nil, err
			}
			return func() tea.Msg {
				saved, err := st.CreateVisit(context.Background(), nv, c)
				if err != nil {
					return form.SavedMsg{Err: err}
				}
				return form.SavedMsg{Then: tea.Sequence(common.OpenVisit(saved.Ref),
					common.Flash(common.FlashOK, fmt.Sprintf("Visit %s opened (%s).", saved.Ref, saved.State)))}
			}, nil
		}
		ev := base.Clone()
		c, err := ev.EditBasicsUnder(s.Config, b, me, now)
		if errors.Is(err, domain.ErrNoChange) {
			return tea.Batch(func() tea.Msg {
				return form.SavedMsg{Then: common.Flash(common.FlashInfo, "Nothing changed; nothing saved.")}
			}), nil
		}
		if err != nil {
			return nil, err
		}
		return func() tea.Msg {
			saved, err := st.SaveVisit(context.Background(), ev, c)
			if err != nil {
				return form.SavedMsg{Err: err}
			}
			if c.Reason != "" {
				// The planned start moved beyond what was authorised.
				return form.SavedMsg{Then: common.Flash(common.FlashError, fmt.Sprintf("%s saved (version %d); %s. Have it authorised again.", saved.Ref, saved.Version, c.Reason))}
			}
			return form.SavedMsg{Then: common.Flash(common.FlashOK, fmt.Sprintf("%s saved: %s changed (version %d).", saved.Ref, common.Plural(len(c.Fields), "field"), saved.Version))}
		}, nil
	}
	if v != nil {
		fs.Reload = func() tea.Cmd {
			return func() tea.Msg {
				latest, err := s.Store.Visit(context.Background(), v.Ref)
				if err != nil {
					return common.FlashMsg{Kind: common.FlashError, Text: err.Error()}
				}
				return form.ReloadedMsg{Visit: latest}
			}
		}
		fs.Rebase = func(latest *domain.Visit) (map[string]string, string) {
			base = latest
			return basicsValues(latest.Basics.Input(s.Loc)), latest.UpdatedByName
		}
	}
	fs.RestoreDraft()
	return fs
}

// basicsValues is the inverse of basicsInput: form values by field key.
func basicsValues(in domain.BasicsInput) map[string]string {
	m := make(map[string]string, len(basicsFields))
	for _, f := range basicsFields {
		m[f.key] = *f.at(&in)
	}
	return m
}

func visitFields(t *common.Theme, in domain.BasicsInput) *form.Form {
	sectors := make([]form.Option, len(domain.Sectors))
	for i, s := range domain.Sectors {
		sectors[i] = form.Option{Value: s, Label: s}
	}
	prios := make([]form.Option, 0, 6)
	for i := 1; i <= 6; i++ {
		prios = append(prios, form.Option{Value: strconv.Itoa(i), Label: fmt.Sprintf("%d %s", i, domain.Priorities[i])})
	}
	decisions := []form.Option{{Value: "", Label: "pending"}, {Value: string(domain.Adopted), Label: "adopted"}, {Value: string(domain.NotAdopted), Label: "not adopted"}}
	forums := []form.Option{{Value: "", Label: "none yet"}}
	for _, f := range domain.Forums {
		forums = append(forums, form.Option{Value: f, Label: f})
	}
	return form.New(t).
		Section("Team and premises").
		Choice(domain.FieldTeam, "Team", form.TeamOptions(), in.Team).
		Text(domain.FieldPremName, "Premises name", "trading name, e.g. Golden Dragon Takeaway", in.PremName).
		Text(domain.FieldPremAddress, "Address", "street address and town", in.PremAddress).
		Text(domain.FieldPostcode, "Postcode", "e.g. CR0 1AB", in.Postcode).
		Choice(domain.FieldSector, "Business sector", sectors, in.Sector).
		Section("Intelligence").
		Text(domain.FieldIntelRef, "Intelligence ref", "the reference on the intelligence log", in.IntelRef).
		Text(domain.FieldIntelRecv, "Date received", "e.g. 02/11/2026", in.IntelReceived).
		Choice(domain.FieldPriority, "Priority bucket", prios, in.Priority).
		Text(domain.FieldIntelSummary, "Summary", "what the intelligence says, in a sentence or two", in.IntelSummary).
		Section("Tasking decision (TSK-1)").
		Choice(domain.FieldDecision, "Decision", decisions, in.Decision).
		Choice(domain.FieldForum, "Forum", forums, in.Forum).
		Text(domain.FieldDecidedAt, "Decided at", "e.g. 20/11/2026 10:00 or today 09:30", in.DecidedAt).
		Text(domain.FieldRationale, "Rationale", "why it was adopted or not", in.Rationale).
		Section("The visit").
		Text(domain.FieldPlannedStart, "Planned start", "e.g. 27/11/2026 06:00 or tomorrow 06:00", in.PlannedStart).
		Text(domain.FieldOIC, "OIC staff number", "the officer in charge", in.OIC).
		Done()
}

// basicsFields ties each visit-form field to its place in BasicsInput,
// once, for both directions.
var basicsFields = []struct {
	key string
	at  func(*domain.BasicsInput) *string
}{
	{domain.FieldTeam, func(in *domain.BasicsInput) *string { return &in.Team }},
	{domain.FieldPremName, func(in *domain.BasicsInput) *string { return &in.PremName }},
	{domain.FieldPremAddress, func(in *domain.BasicsInput) *string { return &in.PremAddress }},
	{domain.FieldPostcode, func(in *domain.BasicsInput) *string { return &in.Postcode }},
	{domain.FieldSector, func(in *domain.BasicsInput) *string { return &in.Sector }},
	{domain.FieldIntelRef, func(in *domain.BasicsInput) *string { return &in.IntelRef }},
	{domain.FieldIntelRecv, func(in *domain.BasicsInput) *string { return &in.IntelReceived }},
	{domain.FieldPriority, func(in *domain.BasicsInput) *string { return &in.Priority }},
	{domain.FieldIntelSummary, func(in *domain.BasicsInput) *string { return &in.IntelSummary }},
	{domain.FieldDecision, func(in *domain.BasicsInput) *string { return &in.Decision }},
	{domain.FieldForum, func(in *domain.BasicsInput) *string { return &in.Forum }},
	{domain.FieldDecidedAt, func(in *domain.BasicsInput) *string { return &in.DecidedAt }},
	{domain.FieldRationale, func(in *domain.BasicsInput) *string { return &in.Rationale }},
	{domain.FieldPlannedStart, func(in *domain.BasicsInput) *string { return &in.PlannedStart }},
	{domain.FieldOIC, func(in *domain.BasicsInput) *string { return &in.OIC }},
}

func basicsInput(m map[string]string) domain.BasicsInput {
	var in domain.BasicsInput
	for _, f := range basicsFields {
		*f.at(&in) = m[f.key]
	}
	return in
}
