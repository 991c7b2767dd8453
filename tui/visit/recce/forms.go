package recce

import (
	"fmt"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// The recce tab's forms, on the machinery of form.NewPart.

// newRecceForm records a reconnaissance (REC-1 to REC-4).
func newRecceForm(s *common.Session, v *domain.Visit) common.Screen {
	officers := s.Officers()
	kinds := make([]form.Option, len(domain.RecceKinds))
	for i, k := range domain.RecceKinds {
		kinds[i] = form.Option{Value: string(k), Label: string(k)}
	}
	parse := func(v *domain.Visit, m map[string]string) (domain.Recce, error) {
		return domain.ParseRecce(m, form.LookupIn(officers), v.Basics.PlannedStart, s.Now())
	}
	visit := domain.DateOf(v.Basics.PlannedStart.In(s.Loc))
	return form.NewPart(s, v, form.Part{
		Title: "Add a recce to " + string(v.Ref),
		Intro: "One reconnaissance of the premises: its kind, who and when (REC-1); each imagery source and its date (REC-2); what was seen (REC-3); " +
			"and for a walk-by or drive-past the RIPA 2000 consideration (REC-4). Leave spare lines blank.",
		Draft: "recce",
		Values: func(*domain.Visit) map[string]string {
			return map[string]string{domain.FieldRecceBy: string(s.Me.StaffNo), domain.FieldRecceAt: s.Now().Format(domain.DateTimeLayout)}
		},
		Fields: func(f *form.Form, in map[string]string) {
			f.Section("The recce (REC-1)").
				Choice(domain.FieldRecceKind, "Kind", kinds, in[domain.FieldRecceKind]).
				Text(domain.FieldRecceBy, "Made by", "staff number of the officer who made it", in[domain.FieldRecceBy]).
				Text(domain.FieldRecceAt, "Made at", "e.g. today 14:00 or 23/11/2026 14:00", in[domain.FieldRecceAt]).
				Section("Imagery used (REC-2)")
			for i := 1; i <= domain.MaxSources; i++ {
				f.Text(domain.FieldSource(i), fmt.Sprintf("Source %d", i), "e.g. Google Street View; Bing Maps aerial", in[domain.FieldSource(i)]).
					Text(domain.FieldSourceDate(i), fmt.Sprintf("Imagery date %d", i), "the date the map service gives, e.g. 14/03/2019; if it gives only a month, write the 1st: 01/03/2019", in[domain.FieldSourceDate(i)])
			}
			f.Section("What was seen (REC-3)").
				Text(domain.FieldRecceOccupants, "Occupants", "how many people, e.g. 4-6 staff at lunchtime; flat above occupied", in[domain.FieldRecceOccupants]).
				Text(domain.FieldRecceEntrances, "Entrances and exits", "e.g. front door; rear door to an alley; fire exit on the left", in[domain.FieldRecceEntrances]).
				Text(domain.FieldRecceLayout, "Layout", "e.g. counter at front, kitchen behind, stairs to the flat", in[domain.FieldRecceLayout]).
				Text(domain.FieldRecceGeography, "Geographic factors", "the wider area, e.g. cul-de-sac; school opposite; busy bus stop", in[domain.FieldRecceGeography]).
				Section("RIPA 2000, for a walk-by or drive-past (REC-4)").
				Choice(domain.FieldRIPACovert, "Covert?", form.YesNoOptions, in[domain.FieldRIPACovert]).
				Choice(domain.FieldRIPAPrivate, "Private info likely?", form.YesNoOptions, in[domain.FieldRIPAPrivate]).
				Text(domain.FieldRIPAAuthRef, "Authorisation ref", "needed if covert or private info is likely: the RIPA authorisation reference", in[domain.FieldRIPAAuthRef]).
				Text(domain.FieldRIPANoAuthWhy, "Why none is needed", "only if overt and no private info: e.g. overt drive-past in a public street", in[domain.FieldRIPANoAuthWhy]).
				Section("Risks").
				Text(domain.FieldRecceRisks, "Risks and mitigations", "what the recce found and what will be done, e.g. dog in the yard: rear team told", in[domain.FieldRecceRisks])
		},
		Check: func(v *domain.Visit, m map[string]string) error { _, err := parse(v, m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			r, err := parse(ev, m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.AddRecce(r, s.Me, s.Now())
		},
		Describe: func(k, val string) string {
			switch k {
			case domain.FieldRecceKind:
				switch domain.RecceKind(val) {
				case domain.RecceVirtual:
					return "from maps and street imagery: name each source and its date (REC-2)"
				case domain.RecceWalkBy, domain.RecceDrivePast:
					return "officers went to the premises: answer the RIPA questions below (REC-4)"
				}
				return "virtual, walk-by or drive-past"
			case domain.FieldRecceBy:
				_, note := form.OfficerNote(s, officers, val)
				return note
			}
			for i := 1; i <= domain.MaxSources; i++ {
				if k != domain.FieldSourceDate(i) {
					continue
				}
				d, err := domain.ParseDate(val)
				if err != nil || d.After(domain.DateOf(s.Now())) {
					return ""
				}
				age := imageryAge(d, domain.DateOf(s.Now()))
				if imageryTooOld(s, d, visit) {
					return fmt.Sprintf("! %s: over %d months at the visit (REC-2); a walk-by would show what changed", age, s.Config.ImageryMaxMonths())
				}
				return "→ " + age
			}
			return ""
		},
	})
}

// fieldWithdrawRecce names the recce chosen on the withdraw form.
const fieldWithdrawRecce = "recce.withdraw"

// newWithdrawRecceForm strikes out a recce recorded in error, with the
// reason; it stays on the record.
func newWithdrawRecceForm(s *common.Session, v *domain.Visit) common.Screen {
	var recces []form.Option
	about := map[string]string{}
	for _, r := range standingRecces(v) {
		recces = append(recces, form.Option{Value: r.ID, Label: fmt.Sprintf("%s %s by %s", r.ID, r.Kind, r.ByName)})
		about[r.ID] = "made " + r.At.In(s.Loc).Format(domain.DateTimeLayout)
	}
	try := func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
		if m[fieldWithdrawRecce] == "" {
			return domain.Change{}, domain.ValidationError{{Field: fieldWithdrawRecce, Msg: "choose the recce recorded in error"}}
		}
		return ev.WithdrawRecce(m[fieldWithdrawRecce], m[domain.FieldReason], s.Me, s.Now())
	}
	return form.NewPart(s, v, form.Part{
		Title:  "Withdraw a recce on " + string(v.Ref),
		Intro:  "A recce recorded in error is struck out with your reason, never deleted. If it was right but is now out of date, add a new recce instead.",
		Draft:  "withdraw-recce",
		Values: func(*domain.Visit) map[string]string { return map[string]string{} },
		Fields: func(f *form.Form, in map[string]string) {
			f.Choice(fieldWithdrawRecce, "Recce", recces, in[fieldWithdrawRecce]).
				Text(domain.FieldReason, "Why", "e.g. recorded against the wrong visit; wrong premises looked at", in[domain.FieldReason])
		},
		Check: func(v *domain.Visit, m map[string]string) error { _, err := try(v.Clone(), m); return err },
		Save:  try,
		Describe: func(k, val string) string {
			if k == fieldWithdrawRecce {
				return about[val]
			}
			return ""
		},
	})
}
