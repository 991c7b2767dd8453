package onf

import (
	"errors"
	"fmt"

	"oic/domain"
	"oic/tui/common"
	"oic/tui/form"
)

// The ONF tab's forms, on the machinery of form.NewPart:
// drafts, Esc-asks-first, ctrl+s, and the domain's problems under each
// field.

// newONFForm records the ONF: where it went, when, and what came back
// (ONF-1 to ONF-4, ONF-6). One form for the whole life of the ONF: the
// officer opens it again when the form comes back.
func newONFForm(s *common.Session, v *domain.Visit) common.Screen {
	start := v.Basics.PlannedStart
	sendBy := start.Add(-domain.ONFLeadTime).In(s.Loc).Format(domain.DateTimeLayout)
	parse := func(v *domain.Visit, m map[string]string) (domain.ONF, error) {
		return domain.ParseONF(m, v.Basics.PlannedStart, s.Now())
	}
	return form.NewPart(s, v, form.Part{
		Title: "ONF for " + string(v.Ref),
		Intro: fmt.Sprintf("The Operational Notification Form to the local police (ONF-1): send it by %s, 3 days before the visit (ONF-2); "+
			"the police have 72 hours to return it signed and complete (ONF-3, ONF-4). Fill in what has happened so far and come back when it returns.", sendBy),
		Draft:  "onf",
		Values: func(v *domain.Visit) map[string]string { return v.Plan.ONF.Values(s.Loc) },
		Fields: func(f *form.Form, in map[string]string) {
			f.Section("Police force (ONF-1)").
				Text(domain.FieldONFForce, "Police force", "the force for the premises' area, e.g. Surrey Police", in[domain.FieldONFForce]).
				Toggle(domain.FieldONFMet, "Met arrangement", in[domain.FieldONFMet] == "yes").
				Text(domain.FieldONFMetNote, "Arrangement used", "for a Metropolitan Police visit: how they were told instead of an ONF", in[domain.FieldONFMetNote]).
				Section("Sent (ONF-2)").
				Text(domain.FieldONFSentAt, "Sent at", "e.g. today 09:15 or 20/11/2026 16:00; blank if not yet sent", in[domain.FieldONFSentAt]).
				Toggle(domain.FieldONFAssistance, "Assistance requested", in[domain.FieldONFAssistance] == "yes").
				Section("Returned by the police (ONF-3, ONF-4, ONF-6)").
				Text(domain.FieldONFReturnedAt, "Returned at", "when it came back; blank if not yet", in[domain.FieldONFReturnedAt]).
				Text(domain.FieldONFSignedBy, "Signed by", "the police officer's name as signed", in[domain.FieldONFSignedBy]).
				Text(domain.FieldONFSignedRank, "Rank", "e.g. DS, Inspector", in[domain.FieldONFSignedRank]).
				Text(domain.FieldONFIncomplete, "Sections missing", "sections left blank, separated by commas; blank if every section is complete", in[domain.FieldONFIncomplete]).
				Text(domain.FieldONFMarkers, "Warning markers", "as the police gave them, e.g. weapons; violence; none known", in[domain.FieldONFMarkers]).
				Text(domain.FieldONFTensions, "Community tensions", "as the police gave them, e.g. none known", in[domain.FieldONFTensions])
		},
		Check: func(v *domain.Visit, m map[string]string) error { _, err := parse(v, m); return err },
		Save: func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
			o, err := parse(ev, m)
			if err != nil {
				return domain.Change{}, err
			}
			return ev.SetONF(o, s.Me, s.Now())
		},
		Describe: func(k, val string) string {
			if k != domain.FieldONFSentAt {
				return ""
			}
			at, err := domain.ParseDateTime(val, s.Now())
			switch {
			case err != nil || val == "":
				return fmt.Sprintf("send by %s (3 days before the visit, ONF-2); e.g. today 09:15", sendBy)
			case at.After(start.Add(-domain.ONFLeadTime)):
				return fmt.Sprintf("! after %s: sent late (ONF-2); a phone check will be needed", sendBy)
			}
			return fmt.Sprintf("✓ by %s: in time (ONF-2); due back %s", sendBy, at.Add(domain.ONFReturnTime).Format(domain.DateTimeLayout))
		},
	})
}

// newPhoneCheckForm records the telephone check with the police
// intelligence unit (ONF-3): when, who, and what they said.
func newPhoneCheckForm(s *common.Session, v *domain.Visit) common.Screen {
	try := func(ev *domain.Visit, m map[string]string) (domain.Change, error) {
		pc, err := domain.ParsePhoneCheck(m, s.Now())
		if err != nil {
			return domain.Change{}, err
		}
		if old := ev.Plan.ONF.Phone; old != nil && old.At.Equal(pc.At) && old.Contact == pc.Contact && old.Outcome == pc.Outcome {
			return domain.Change{}, domain.ErrNoChange
		}
		return ev.RecordPhoneCheck(pc, s.Me, s.Now())
	}
	intro := "The ONF is not back in time, or came back unusable: the visit may go ahead only after a telephone check with the police intelligence unit " +
		"about warning markers, adverse information and community tensions, recorded here (ONF-3)."
	if v.Plan.ONF.Phone != nil {
		intro = "A phone check is already recorded; saving replaces it, and the audit trail keeps the old one. " + intro
	}
	return form.NewPart(s, v, form.Part{
		Title: "Phone check for " + string(v.Ref),
		Intro: intro,
		Draft: "phone-check",
		Values: func(v *domain.Visit) map[string]string {
			if p := v.Plan.ONF.Phone; p != nil {
				return map[string]string{domain.FieldPhoneAt: p.At.In(s.Loc).Format(domain.DateTimeLayout), domain.FieldPhoneContact: p.Contact, domain.FieldPhoneOutcome: p.Outcome}
			}
			return map[string]string{domain.FieldPhoneAt: s.Now().Format(domain.DateTimeLayout)}
		},
		Fields: func(f *form.Form, in map[string]string) {
			f.Text(domain.FieldPhoneAt, "Called at", "e.g. today 05:10", in[domain.FieldPhoneAt]).
				Text(domain.FieldPhoneContact, "Spoke to", "name, rank and unit, e.g. DC Hale, Croydon intelligence unit", in[domain.FieldPhoneContact]).
				Text(domain.FieldPhoneOutcome, "What they said", "warning markers, adverse information, community tensions; e.g. no markers, no tensions known", in[domain.FieldPhoneOutcome])
		},
		Check: func(v *domain.Visit, m map[string]string) error {
			_, err := try(v.Clone(), m)
			if errors.Is(err, domain.ErrNoChange) {
				return nil
			}
			return err
		},
		Save: try,
	})
}
