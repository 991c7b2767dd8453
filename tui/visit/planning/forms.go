package planning

import (
	"errors"
	"fmt"
	"strings"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// The planning tab's forms. Each is a form.Part over one part of the
// planning record: drafts, Esc-asks-first, ctrl+s and the domain's own
// problems under each field come with it. A form is given the visit as it
// was when opened; ctrl+r after a conflict moves it on to the latest.

// newCheckForm records one check (CHK-1). It opens on the first mandatory
// check still missing, so an officer working down the list presses C,
// chooses the result and saves.
func newCheckForm(s *common.Session, v *domain.Visit) common.Screen {
	officers := s.Officers()
	systems := make([]form.Option, len(domain.CheckSystems))
	for i, c := range domain.CheckSystems {
		systems[i] = form.Option{Value: string(c.System), Label: string(c.System)}
	}
	results := []form.Option{{Value: string(domain.NoTrace), Label: "no trace"}, {Value: string(domain.TraceFound), Label: "trace found"}}
	return form.NewPart(s, v, form.Part{
		Title: "Add a check to " + string(v.Ref),
		Intro: "One search of one system for one subject or the address (CHK-1): what was searched, what it found, who searched and when.",
		Draft: "check",
		Values: func(v *domain.Visit) map[string]string {
			m := map[string]string{domain.FieldCheckBy: string(s.Me.StaffNo), domain.FieldCheckAt: s.Now().Format(domain.DateTimeLayout)}
			if tg, sys, ok := nextCheck(s, v); ok {
				m[domain.FieldCheckTarget], m[domain.FieldCheckSystem] = tg, string(sys)
			}
			return m
		},
		Fields: func(f *form.Form, in map[string]string) {
			f.Choice(domain.FieldCheckSystem, "System", systems, in[domain.FieldCheckSystem]).
				Choice(domain.FieldCheckTarget, "Of", targetOptions(v), in[domain.FieldCheckTarget]).
				Choice(domain.FieldCheckResult, "Result", results, in[domain.FieldCheckResult]).
				Text(domain.FieldCheckDetail, "Detail", "what a trace found; optional for no trace", in[domain.FieldCheckDetail]).
				Text(domain.FieldCheckBy, "Done by", "staff number of the officer who searched", in[domain.FieldCheckBy]).
				Text(domain.FieldCheckAt, "Done at", "e.g. today 10:30 or 24/11/2026 16:00", in[domain.FieldCheckAt])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := v.ParseCheck(m, form.LookupIn(officers), s.Now())
			return err
		},
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			c, err := ev.ParseCheck(m, form.LookupIn(officers), s.Now())
			if err != nil {
				return domain.Change{}, err
			}
			return ev.AddCheck(c, s.Me, s.Now())
		},
		Describe: func(k, val string) string {
			switch k {
			case domain.FieldCheckSystem:
				for _, c := range domain.CheckSystems {
					if string(c.System) == val {
						return c.Hint
					}
				}
			case domain.FieldCheckBy:
				_, note := form.OfficerNote(s, officers, val)
				return note
			}
			return ""
		},
	})
}

// targetOptions are what a check can be of: each standing subject, then
// the address.
func targetOptions(v *domain.Visit) []form.Option {
	var out []form.Option
	for _, tg := range v.CheckTargets() {
		label := v.TargetLabel(tg)
		if tg == domain.TargetAddress {
			label = "the address, " + string(v.Basics.Premises.Postcode)
		}
		out = append(out, form.Option{Value: tg, Label: label})
	}
	return out
}

// nextCheck is the first mandatory check not yet recorded, then the first
// final status check needed once its window is open.
func nextCheck(s *common.Session, v *domain.Visit) (string, domain.CheckSystem, bool) {
	targets := v.CheckTargets()
	for _, tg := range targets {
		required := domain.SubjectChecks
		if tg == domain.TargetAddress {
			required = domain.AddressChecks
		}
		for _, sys := range required {
			if _, ok := v.Plan.LatestCheck(tg, sys); !ok {
				return tg, sys, true
			}
		}
	}
	start := v.Basics.PlannedStart
	from := start.Add(-s.Config.FinalCheckWindow())
	if start.IsZero() || s.Now().Before(from) {
		return "", "", false
	}
	if len(targets) > 1 {
		targets = targets[:len(targets)-1]
	}
	for _, tg := range targets {
		if c, ok := v.Plan.LatestCheck(tg, domain.SysFinalStatus); !ok || c.DoneAt.Before(from) {
			return tg, domain.SysFinalStatus, true
		}
	}
	return "", "", false
}

// fieldWithdrawCheck names the check chosen on the withdraw form.
const fieldWithdrawCheck = "check.withdraw"

// newWithdrawCheckForm strikes out a check recorded in error, with the
// reason; it stays on the record.
func newWithdrawCheckForm(s *common.Session, v *domain.Visit) common.Screen {
	var checks []form.Option
	about := map[string]string{}
	for _, c := range standingChecks(v) {
		checks = append(checks, form.Option{Value: c.ID, Label: fmt.Sprintf("%s %s of %s", c.ID, c.System, v.TargetLabel(c.Target))})
		about[c.ID] = fmt.Sprintf("%s; %s by %s", c.Result, c.DoneAt.In(s.Loc).Format(domain.DateTimeLayout), c.DoneByName)
	}
	try := func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
		if m[fieldWithdrawCheck] == "" {
			return domain.Change{}, domain.ValidationError{{Field: fieldWithdrawCheck, Msg: "choose the check recorded in error"}}
		}
		return ev.WithdrawCheck(m[fieldWithdrawCheck], m[domain.FieldReason], s.Me, s.Now())
	}
	return form.NewPart(s, v, form.Part{
		Title:  "Withdraw a check on " + string(v.Ref),
		Intro:  "A check recorded in error is struck out with your reason, never deleted. If it was right but is now old, add a new check instead.",
		Draft:  "withdraw-check",
		Values: func(*domain.Visit) map[string]string { return map[string]string{} },
		Fields: func(f *form.Form, in map[string]string) {
			f.Choice(fieldWithdrawCheck, "Check", checks, in[fieldWithdrawCheck]).
				Text(domain.FieldReason, "Why", "e.g. searched the wrong person; wrong date entered", in[domain.FieldReason])
		},
		Check: func(v *domain.Visit, m map[string]string) error { _, err := try(v.Clone(), m); return err },
		Save:  try,
		Describe: func(k, val string) string {
			if k == fieldWithdrawCheck {
				return about[val]
			}
			return ""
		},
	})
}

var ratingOptions = []form.Option{{Value: string(domain.Green), Label: "green"}, {Value: string(domain.Amber), Label: "amber"}, {Value: string(domain.Red), Label: "red"}}

// newEPAForm records the Enforcement Planning Assessment (EPA-1, EPA-5).
func newEPAForm(s *common.Session, v *domain.Visit) common.Screen {
	officers := s.Officers()
	intro := "The Enforcement Planning Assessment: the risk rating (EPA-1) and each risk found with how it is mitigated, green visits included (EPA-5). Leave spare risk lines blank."
	if a := v.Plan.Auth; a != nil {
		intro = fmt.Sprintf("! Authorised by %s at %s. Changing the rating or the risks voids that authorisation (EPA-2): the visit goes back to planning and must be authorised again.\n\n",
			a.Name, a.Rating) + intro
	}
	parse := func(m map[string]string) (domain.EPA, error) { return domain.ParseEPA(m, form.LookupIn(officers)) }
	return form.NewPart(s, v, form.Part{
		Title: "EPA for " + string(v.Ref),
		Intro: intro,
		Draft: "epa",
		Values: func(v *domain.Visit) map[string]string {
			m := v.Plan.EPA.Values()
			if m[domain.FieldAssessor] == "" {
				m[domain.FieldAssessor] = string(s.Me.StaffNo)
			}
			return m
		},
		Fields: func(f *form.Form, in map[string]string) {
			f.Section("Assessment").
				Choice(domain.FieldRating, "Risk rating", ratingOptions, in[domain.FieldRating]).
				Text(domain.FieldAssessor, "Assessed by", "staff number of the officer who made the assessment", in[domain.FieldAssessor]).
				Section("Risks and how each is mitigated (EPA-5)")
			for i := 1; i <= domain.MaxRisks; i++ {
				f.Text(domain.FieldRisk(i), fmt.Sprintf("Risk %d", i), "e.g. rear exit to an alley; dog on the premises", in[domain.FieldRisk(i)]).
					Text(domain.FieldMitigation(i), fmt.Sprintf("Mitigation %d", i), "what will be done about it", in[domain.FieldMitigation(i)])
			}
		},
		Check: func(_ *domain.Visit, m map[string]string) error { _, err := parse(m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			e, err := parse(m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetEPA(e, s.Me, s.Now())
		},
		Describe: func(k, val string) string {
			switch k {
			case domain.FieldRating:
				if val == "" {
					return "green, amber or red; the rating sets who may authorise"
				}
				return val + ": " + ratingNeeds(s, domain.Rating(val))
			case domain.FieldAssessor:
				_, note := form.OfficerNote(s, officers, val)
				return note
			}
			return ""
		},
	})
}

// ratingNeeds says what a rating asks for: "an HMI or above authorises;
// full IIMARCH order".
func ratingNeeds(s *common.Session, r domain.Rating) string {
	who := "an officer of the right grade authorises"
	if g, ok := s.Config.MinGradeFor(r); ok {
		who = g.Title + " or above authorises"
	}
	switch r {
	case domain.Green:
		return who + "; the short digital order"
	case domain.Red:
		return who + "; full IIMARCH order and an ECIA"
	}
	return who + "; full IIMARCH order"
}

// newPLANForm records the PLAN assessment (PLAN-1).
func newPLANForm(s *common.Session, v *domain.Visit) common.Screen {
	return form.NewPart(s, v, form.Part{
		Title:  "PLAN for " + string(v.Ref),
		Intro:  "Is the visit proportionate, legal, accountable and necessary? A sentence or two of rationale for each (PLAN-1). You may save it part-written.",
		Draft:  "plan",
		Values: func(v *domain.Visit) map[string]string { return v.Plan.PLAN.Values() },
		Fields: func(f *form.Form, in map[string]string) {
			f.Text(domain.FieldProportionate, "Proportionate", "why the visit is in proportion to the harm, e.g. two workers; short visit", in[domain.FieldProportionate]).
				Text(domain.FieldLegal, "Legal", "the powers relied on, e.g. consent; power of arrest s.28A", in[domain.FieldLegal]).
				Text(domain.FieldAccountable, "Accountable", "who decides and where it is recorded", in[domain.FieldAccountable]).
				Text(domain.FieldNecessary, "Necessary", "why a visit and not another way, e.g. corroborated intelligence", in[domain.FieldNecessary])
		},
		Check: func(_ *domain.Visit, m map[string]string) error { _, err := domain.ParsePLAN(m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			pl, err := domain.ParsePLAN(m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetPLAN(pl, s.Me, s.Now())
		},
	})
}

// newCommunityForm records the community impact consideration (COMM-1).
func newCommunityForm(s *common.Session, v *domain.Visit) common.Screen {
	return form.NewPart(s, v, form.Part{
		Title:  "Community impact for " + string(v.Ref),
		Intro:  "Every visit, not only red ones (COMM-1): the likely impact on the community and how it will be reduced.",
		Draft:  "community",
		Values: func(v *domain.Visit) map[string]string { return v.Plan.Community.Values() },
		Fields: func(f *form.Form, in map[string]string) {
			f.Text(domain.FieldImpact, "Impact", "tensions, schools or places of worship nearby, timing", in[domain.FieldImpact]).
				Text(domain.FieldCommMitigation, "Mitigation", "how it will be reduced, e.g. visit at 06:00 on a weekday", in[domain.FieldCommMitigation])
		},
		Check: func(_ *domain.Visit, m map[string]string) error { _, err := domain.ParseCommunity(m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			c, err := domain.ParseCommunity(m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetCommunity(c, s.Me, s.Now())
		},
	})
}

// newECIAForm records the Equality and Community Impact Assessment (EPA-3).
func newECIAForm(s *common.Session, v *domain.Visit) common.Screen {
	intro := "A red visit needs a completed Equality and Community Impact Assessment before it is authorised (EPA-3)."
	if r := v.Plan.EPA.Rating; r != domain.Red {
		intro = "Not required unless the visit is rated red (EPA-3), but it may be recorded."
	}
	return form.NewPart(s, v, form.Part{
		Title:  "ECIA for " + string(v.Ref),
		Intro:  intro,
		Draft:  "ecia",
		Values: func(v *domain.Visit) map[string]string { return v.Plan.ECIA.Values() },
		Fields: func(f *form.Form, in map[string]string) {
			f.Text(domain.FieldECIARef, "Reference", "the ECIA's reference", in[domain.FieldECIARef]).
				Text(domain.FieldECIABy, "Completed by", "name or staff number", in[domain.FieldECIABy]).
				Text(domain.FieldECIAOn, "Completed on", "date, e.g. 20/11/2026", in[domain.FieldECIAOn]).
				Text(domain.FieldECIAConclusion, "Conclusion", "what it concluded", in[domain.FieldECIAConclusion])
		},
		Check: func(_ *domain.Visit, m map[string]string) error { _, err := domain.ParseECIA(m, s.Now()); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			e, err := domain.ParseECIA(m, s.Now())
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetECIA(e, s.Me, s.Now())
		},
	})
}

// orderLabels are the IIMARCH sections as the form labels them, with what
// each holds.
var orderLabels = map[string][2]string{
	domain.FieldInformation:    {"Information", "what is known: premises, subjects, intelligence, police information"},
	domain.FieldIntention:      {"Intention", "what the visit is to achieve"},
	domain.FieldMethod:         {"Method", "how: entry, teams, rear cover, timings"},
	domain.FieldAdministration: {"Administration", "vehicles, custody suite, interpreters, PPE, who does what"},
	domain.FieldRiskAssessment: {"Risk assessment", "risks to officers and public, and their controls"},
	domain.FieldCommunications: {"Communications", "radio channel, call signs, the duty CIO's number"},
	domain.FieldHumanRights:    {"Human rights / legal", "human rights and other legal issues: powers, Article 8, safeguarding"},
}

// newOrderForm writes the IIMARCH operational order (EPA-4).
func newOrderForm(s *common.Session, v *domain.Visit) common.Screen {
	return form.NewPart(s, v, form.Part{
		Title:  "Operational order for " + string(v.Ref),
		Intro:  "Amber and red visits need every IIMARCH section written (EPA-4): it is what every officer is briefed from. You may save it part-written.",
		Draft:  "order",
		Values: func(v *domain.Visit) map[string]string { return v.Plan.Order.Values() },
		Fields: func(f *form.Form, in map[string]string) {
			for _, sec := range domain.OrderSections {
				l := orderLabels[sec.Field]
				f.Text(sec.Field, l[0], l[1], in[sec.Field])
			}
		},
		Check: func(_ *domain.Visit, m map[string]string) error { _, err := domain.ParseOrder(m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			o, err := domain.ParseOrder(m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetOrder(o, s.Me, s.Now())
		},
	})
}

// newPowerForm records the intended power of entry (PWR-1).
func newPowerForm(s *common.Session, v *domain.Visit) common.Screen {
	powers := make([]form.Option, len(domain.Powers))
	for i, p := range domain.Powers {
		powers[i] = form.Option{Value: string(p.Kind), Label: string(p.Kind)}
	}
	return form.NewPart(s, v, form.Part{
		Title:  "Power of entry for " + string(v.Ref),
		Intro:  "The power of entry you intend to use (PWR-1). What was actually used is recorded on the day.",
		Draft:  "power",
		Values: func(v *domain.Visit) map[string]string { return v.Plan.Power.Values() },
		Fields: func(f *form.Form, in map[string]string) {
			f.Choice(domain.FieldPower, "Power", powers, in[domain.FieldPower]).
				Text(domain.FieldPowerDetail, "Detail", "warrant or letter reference; for other, the power and why", in[domain.FieldPowerDetail])
		},
		Check: func(_ *domain.Visit, m map[string]string) error { _, err := domain.ParsePower(m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			p, err := domain.ParsePower(m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetPower(p, s.Me, s.Now())
		},
		Describe: func(k, val string) string {
			if k == domain.FieldPower && val != "" {
				return powerHint(domain.PowerKind(val))
			}
			return ""
		},
	})
}

// newAuthoriseForm records who authorised the visit (EPA-2). Every rule is
// checked again as the officer types: whatever would block is listed in
// full under the staff number, one finding a line.
func newAuthoriseForm(s *common.Session, v *domain.Visit) common.Screen {
	officers := s.Officers()
	r := v.Plan.EPA.Rating
	need := "an officer of the right grade to authorise"
	if g, ok := s.Config.MinGradeFor(r); ok {
		need = "authorising at " + g.Title + " or above"
	}
	intro := fmt.Sprintf("Record who authorised %s at its rating, %s, which needs %s (EPA-2). Anything that blocks it is listed under the staff number. You are recorded as the officer who entered it.",
		v.Ref, r, need)
	if r == "" {
		intro = fmt.Sprintf("%s has no risk rating yet (EPA-1): record the EPA first. Anything else that blocks authorisation is listed under the staff number.", v.Ref)
	}
	var fs *form.Screen
	try := func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
		by := strings.TrimSpace(m[domain.FieldAuthoriser])
		if by == "" {
			return domain.Change{}, domain.ValidationError{{Field: domain.FieldAuthoriser, Rule: "EPA-2", Msg: "enter the staff number of the officer who authorised the visit"}}
		}
		sn, err := domain.ParseStaffNo(by)
		if err != nil {
			return domain.Change{}, domain.ValidationError{{Field: domain.FieldAuthoriser, Msg: err.Error()}}
		}
		o, ok := officers[sn]
		if !ok {
			return domain.Change{}, domain.ValidationError{{Field: domain.FieldAuthoriser, Msg: form.NoProfile(sn)}}
		}
		c, err := ev.Authorise(o, m[domain.FieldAuthNote], s.Config, s.Me, s.Now())
		var be *domain.BlockedError
		if errors.As(err, &be) {
			return c, domain.ValidationError{{Field: domain.FieldAuthoriser, Msg: blockedText(be, formOf(fs).FieldWidth())}}
		}
		return c, err
	}
	fs = form.NewPart(s, v, form.Part{
		Title: "Authorise " + string(v.Ref),
		Intro: intro,
		Draft: "authorise",
		Values: func(*domain.Visit) map[string]string {
			m := map[string]string{}
			if r != "" && s.Config.MayAuthorise(s.Me.Grade, r) {
				m[domain.FieldAuthoriser] = string(s.Me.StaffNo)
			}
			return m
		},
		Fields: func(f *form.Form, in map[string]string) {
			f.Text(domain.FieldAuthoriser, "Authorising officer", "staff number of the officer who authorised, e.g. HMI001", in[domain.FieldAuthoriser]).
				Text(domain.FieldAuthNote, "Note", "optional, e.g. authorised by phone at 05:10", in[domain.FieldAuthNote])
		},
		Check: func(v *domain.Visit, m map[string]string) error { _, err := try(v.Clone(), m); return err },
		Save:  try,
		Describe: func(k, val string) string {
			if k != domain.FieldAuthoriser {
				return ""
			}
			o, note := form.OfficerNote(s, officers, val)
			if o.StaffNo == "" {
				return note
			}
			g, _ := s.Config.Grade(o.Grade)
			switch {
			case g.MayAuthorise == "":
				return fmt.Sprintf("→ %s, %s: may not authorise visits", o.Name, g.Title)
			case r == "":
				return fmt.Sprintf("→ %s, %s: may authorise up to %s", o.Name, g.Title, g.MayAuthorise)
			case s.Config.MayAuthorise(o.Grade, r):
				return fmt.Sprintf("→ %s, %s: may authorise %s", o.Name, g.Title, r)
			}
			return fmt.Sprintf("→ %s, %s: may authorise %s, not %s", o.Name, g.Title, g.MayAuthorise, r)
		},
	})
	return fs
}

func formOf(fs *form.Screen) *form.Form {
	if fs == nil {
		return nil
	}
	return fs.Form
}

// blockedText lists every finding that blocks, one a line, wrapped to
// width so nothing is cut off.
func blockedText(be *domain.BlockedError, width int) string {
	n := "1 finding blocks"
	if len(be.Findings) != 1 {
		n = fmt.Sprintf("%d findings block", len(be.Findings))
	}
	lines := []string{fmt.Sprintf("Cannot authorise %s yet; %s:", be.Ref, n)}
	for _, f := range be.Findings {
		for i, l := range common.SplitLines(common.Wrap(f.Rule+" blocks: "+f.Message, max(10, width-4))) {
			lines = append(lines, common.Pick(i == 0, "  ✗ ", "    ")+l)
		}
	}
	return strings.Join(lines, "\n")
}
