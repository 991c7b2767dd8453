package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Officers from outside the visit's team, for the assurer's checks.
var (
	outsider = Officer{StaffNo: "CIO009", Name: "Chris Doyle", Grade: "HEO", Team: "SLN"}
	outIO    = Officer{StaffNo: "IO0077", Name: "Bea Hart", Grade: "EO", Team: "SLN"}
	outG7    = Officer{StaffNo: "AD0003", Name: "Mo Reid", Grade: "G7", Team: "SLN"}
)

// assureAt is a week after the visit.
var assureAt = start.Add(7 * 24 * time.Hour)

// closedVisit is afterVisit debriefed and closed by its OIC, Dana Okafor.
func closedVisit(t testing.TB) *Visit {
	t.Helper()
	v := afterVisit(t)
	debriefAll(t, v)
	if _, err := v.Close(DefaultConfig(), cio, debriefAt); err != nil {
		t.Fatal(err)
	}
	return v
}

// answered is the assurance form with every item given ans, a rating and
// feedback; a note on each, which "not met" needs.
func answered(ans AssuranceAnswer) map[string]string {
	m := map[string]string{FieldAsrRating: "green", FieldAsrFeedback: "A well-run visit; keep the recce notes this full."}
	for _, c := range AssuranceChecklist {
		m[FieldAsrAnswer(c.ID)], m[FieldAsrNote(c.ID)] = string(ans), "checked against the record"
	}
	return m
}

// TestASR2_Assurer is the assurer's grade and independence at their
// boundaries: the grade table decides, and anyone who was on the visit is
// refused whatever their grade.
func TestASR2_Assurer(t *testing.T) {
	v := closedVisit(t)
	v.Roster = append(v.Roster, RosterEntry{StaffNo: hmi.StaffNo, Name: hmi.Name, Role: RoleOffSite, Command: []CommandRole{CommandGold}, Grade: hmi.Grade})
	removed := Officer{StaffNo: "CIO010", Name: "Ola Bright", Grade: "HEO", Team: "SLN"}
	v.Briefing.Acceptances = append(v.Briefing.Acceptances, Acceptance{StaffNo: removed.StaffNo, Name: removed.Name, Version: 1, At: start})
	cases := []struct {
		name string
		o    Officer
		want string // "" for allowed
	}{
		{"a CIO who was not on the visit", outsider, ""},
		{"a Grade 7 who was not on the visit", outG7, ""},
		{"an HMI who was on the roster", hmi, "ASR-2: Jo Marsh (HMI001) was on the team of SLN-2026-0042 and may not assure it"},
		{"the OIC, a CIO", cio, "ASR-2: Dana Okafor (CIO001) was the OIC of SLN-2026-0042 and may not assure it"},
		{"a CIO who accepted the briefing and was taken off the roster", removed, "ASR-2: Ola Bright (CIO010) was on the team"},
		{"an IO from outside", outIO, "ASR-2: first-line assurance needs a CIO (HEO) or above; Bea Hart (IO0077) is an IO (EO)"},
		{"an administrative officer", Officer{StaffNo: "AO0002", Name: "Kay Lunn", Grade: "AO"}, "needs a CIO (HEO) or above; Kay Lunn (AO0002) is an Administrative Officer (AO)"},
		{"a grade not in the table", Officer{StaffNo: "XX0001", Name: "Ned Vale", Grade: "SCS"}, `has grade "SCS", which is not in the grade table`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := DefaultConfig().MayAssure(v, tc.o)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			// The refusal stands at every step: saving the checklist and
			// marking assured.
			if _, err := v.Clone().SetAssurance(DefaultConfig(), answered(AnswerMet), tc.o, assureAt); err == nil {
				t.Error("SetAssurance let them record it")
			}
		})
	}
	// The grade table decides: with HMI as the lowest assuring grade, a
	// CIO is refused, saying so.
	cfg := DefaultConfig()
	cfg.AssurerGrade = "SEO"
	if err := cfg.MayAssure(v, outsider); err == nil || !strings.Contains(err.Error(), "needs a HMI (SEO) or above; Chris Doyle (CIO009) is a CIO (HEO)") {
		t.Errorf("with assurer_grade SEO, a CIO: %v", err)
	}
	cfg.AssurerGrade = "XYZ"
	if err := cfg.Validate(); err == nil {
		t.Error("Validate accepted an assurer_grade not in the grade table")
	}
}

// TestASR1_Checklist: a draft may be saved half done, but an answer is one
// of three, an item not met says why, and marking assured needs every item
// answered, a rating and feedback.
func TestASR1_Checklist(t *testing.T) {
	v := closedVisit(t)
	cfg := DefaultConfig()
	half := map[string]string{FieldAsrAnswer("epa"): "met", FieldAsrAnswer("onf"): "NOT MET", FieldAsrNote("onf"): "returned unsigned and accepted; no phone check"}
	c, err := v.SetAssurance(cfg, half, outsider, assureAt)
	if err != nil {
		t.Fatal(err)
	}
	if c.Action != "assurance recorded" || len(c.Fields) != 3 || v.Assurance.Recorded.By != outsider.StaffNo {
		t.Errorf("change %+v, recorded %+v", c, v.Assurance.Recorded)
	}
	if it, _ := v.Assurance.Item("onf"); it.Answer != AnswerNotMet {
		t.Errorf("onf answer %q", it.Answer)
	}
	if _, err := v.SetAssurance(cfg, v.AssuranceValues(), outsider, assureAt); !errors.Is(err, ErrNoChange) {
		t.Errorf("an unchanged save: %v", err)
	}
	// Marking assured now lists what is missing, and changes nothing.
	before := v.Clone()
	_, err = v.Assure(cfg, outsider, assureAt)
	if err == nil || !strings.Contains(err.Error(), "ASR-1: 11 of 13 checklist items unanswered") || !strings.Contains(err.Error(), "no overall rating") || !strings.Contains(err.Error(), "no feedback to the OIC") {
		t.Fatalf("Assure with the checklist half done: %v", err)
	}
	if v.State != Closed || v.Assurance.Done() || len(v.History) != len(before.History) {
		t.Error("a refused Assure changed the visit")
	}
	// Field problems: an unknown answer, a note missing where not met, a
	// rating that is not one.
	bad := answered(AnswerMet)
	bad[FieldAsrAnswer("recce")] = "mostly"
	bad[FieldAsrAnswer("seizures")], bad[FieldAsrNote("seizures")] = "not met", ""
	bad[FieldAsrRating] = "blue"
	_, err = v.Clone().SetAssurance(cfg, bad, outsider, assureAt)
	ve := validation(t, err)
	if got := strings.Join(fields(ve), " "); got != "assurance.recce assurance.seizures.note assurance.rating" {
		t.Errorf("fields %s", got)
	}
	if msg := ve.For(FieldAsrNote("seizures")); msg != "ASR-1: say what was not met and what the OIC should do about it" {
		t.Errorf("note message %q", msg)
	}
	// Complete with one item not met: assured, by the actor, with the
	// grade they hold, from closed straight to assured.
	full := answered(AnswerMet)
	full[FieldAsrAnswer("seizures")], full[FieldAsrNote("seizures")] = "not met", "passport seized but no sealed bag number recorded"
	full[FieldAsrRating] = "amber"
	if _, err := v.SetAssurance(cfg, full, outsider, assureAt); err != nil {
		t.Fatal(err)
	}
	prev := v.Clone()
	c, err = v.Assure(cfg, outsider, assureAt.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := AppendOnly(prev, v); err != nil {
		t.Fatal(err)
	}
	a := v.Assurance
	if v.State != Assured || a.Assured.By != outsider.StaffNo || a.AssurerGrade != "HEO" || !a.FeedbackPending() {
		t.Errorf("state %s, assurance %+v", v.State, a)
	}
	h := v.History[len(v.History)-1]
	if h.From != Closed || h.To != Assured || h.Reason != "first-line assurance: amber by Chris Doyle (CIO009); 1 of 13 items not met" || c.Reason != h.Reason {
		t.Errorf("history %+v, change %+v", h, c)
	}
	// Final: not saved again, not rewritten through the store.
	if _, err := v.Clone().SetAssurance(cfg, answered(AnswerMet), outsider, assureAt); err == nil {
		t.Error("an assured visit's assurance changed")
	}
	edited := v.Clone()
	edited.Assurance.Rating = Green
	if err := AppendOnly(v, edited); !errors.Is(err, ErrAppendOnly) {
		t.Errorf("AppendOnly let an assured rating change: %v", err)
	}
}

// TestASR1_NotBeforeClosing: assurance reviews a closed record.
func TestASR1_NotBeforeClosing(t *testing.T) {
	v := afterVisit(t)
	err := v.AssuranceEditable(DefaultConfig(), outsider)
	if err == nil || !strings.Contains(err.Error(), "ASR-1: SLN-2026-0042 is deployed: first-line assurance reviews a visit once it is closed") {
		t.Errorf("on a deployed visit: %v", err)
	}
	if _, err := v.Assure(DefaultConfig(), outsider, assureAt); err == nil {
		t.Error("a deployed visit was assured")
	}
}

// TestASR2_OICAcknowledges: the OIC, and only the OIC signed in as
// themselves (IDN-1), acknowledges the feedback, once; the acknowledgement
// is the one thing added to an assured visit.
func TestASR2_OICAcknowledges(t *testing.T) {
	v := closedVisit(t)
	if _, err := v.AcknowledgeFeedback(cio, assureAt); err == nil || !strings.Contains(err.Error(), "no assurance feedback to acknowledge yet") {
		t.Errorf("before assurance: %v", err)
	}
	must(t)(v.SetAssurance(DefaultConfig(), answered(AnswerMet), outsider, assureAt))
	must(t)(v.Assure(DefaultConfig(), outsider, assureAt))
	if _, err := v.Clone().AcknowledgeFeedback(outsider, assureAt); err == nil || !strings.Contains(err.Error(), "IDN-1: only the OIC (Dana Okafor (CIO001)) acknowledges") {
		t.Errorf("the assurer acknowledging: %v", err)
	}
	if _, err := v.Clone().AcknowledgeFeedback(arrestIO, assureAt); err == nil {
		t.Error("a team member acknowledged for the OIC")
	}
	prev := v.Clone()
	c, err := v.AcknowledgeFeedback(cio, assureAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := AppendOnly(prev, v); err != nil {
		t.Fatalf("the acknowledgement refused by AppendOnly: %v", err)
	}
	if v.Assurance.FeedbackPending() || v.Assurance.Acknowledged.By != cio.StaffNo || c.Action != "assurance feedback acknowledged" {
		t.Errorf("acknowledged %+v, change %+v", v.Assurance.Acknowledged, c)
	}
	if _, err := v.Clone().AcknowledgeFeedback(cio, assureAt.Add(2*time.Hour)); err == nil || !strings.Contains(err.Error(), "acknowledged the feedback on") {
		t.Errorf("twice: %v", err)
	}
	moved := v.Clone()
	moved.Assurance.Acknowledged.At = moved.Assurance.Acknowledged.At.Add(time.Hour)
	if err := AppendOnly(v, moved); !errors.Is(err, ErrAppendOnly) {
		t.Errorf("AppendOnly let the acknowledgement move: %v", err)
	}
}

// TestASR_FollowUpThenAssured: the follow-up state is a step of its own
// (any officer moves it there), and an assured visit is final.
func TestASR_FollowUpThenAssured(t *testing.T) {
	v := closedVisit(t)
	must(t)(v.Transition(FollowUp, "", cio, assureAt))
	must(t)(v.SetAssurance(DefaultConfig(), answered(AnswerNotApplicable), outsider, assureAt))
	must(t)(v.Assure(DefaultConfig(), outsider, assureAt))
	if h := v.History[len(v.History)-1]; h.From != FollowUp || h.To != Assured {
		t.Errorf("history %+v", h)
	}
	if err := v.FollowUpEditable(cio); err == nil {
		t.Error("follow-ups still open on an assured visit")
	}
}
