package domain

import (
	"strings"
	"testing"
	"time"
)

func TestClone_PlanningRecords(t *testing.T) {
	v := authorised(t, planned(t), hmi)
	c := v.Clone()
	c.Plan.Checks[0].Result = TraceFound
	c.Plan.EPA.Risks[0].Mitigation = "changed"
	c.Plan.Auth.Name = "changed"
	if v.Plan.Checks[0].Result != NoTrace || v.Plan.EPA.Risks[0].Mitigation == "changed" || v.Plan.Auth.Name != "Jo Marsh" {
		t.Error("changing a clone's planning records changed the original")
	}
}

// TestParseEPA: no rating is impossible (EPA-1); a risk has its mitigation
// and a mitigation its risk (EPA-5); the assessor is a known officer.
func TestParseEPA(t *testing.T) {
	good := map[string]string{FieldRating: "Amber", FieldAssessor: "io0042", FieldRisk(1): "Dog on premises", FieldMitigation(1): "Dog handler attends"}
	e, err := ParseEPA(good, lookup)
	if err != nil || e.Rating != Amber || e.AssessedBy != io.StaffNo || len(e.Risks) != 1 {
		t.Fatalf("good EPA: %+v, %v", e, err)
	}
	if back, _ := ParseEPA(e.Values(), lookup); back.Rating != e.Rating || back.Risks[0] != e.Risks[0] {
		t.Errorf("Values round trip: %+v", back)
	}
	for _, tc := range []struct {
		name, field, msg string
		edit             func(m map[string]string)
	}{
		{"no rating", FieldRating, "EPA-1: choose a rating", func(m map[string]string) { m[FieldRating] = "" }},
		{"unknown rating", FieldRating, "EPA-1: green, amber or red", func(m map[string]string) { m[FieldRating] = "purple" }},
		{"risk without mitigation", FieldMitigation(1), "EPA-5: say how this risk is mitigated", func(m map[string]string) { m[FieldMitigation(1)] = " " }},
		{"mitigation without risk", FieldRisk(2), "EPA-5: say what risk this mitigates", func(m map[string]string) { m[FieldMitigation(2)] = "Extra officer" }},
		{"unknown assessor", FieldAssessor, "no officer ZZ999 is known", func(m map[string]string) { m[FieldAssessor] = "zz999" }},
		{"no assessor", FieldAssessor, "enter the staff number of who made the assessment", func(m map[string]string) { m[FieldAssessor] = "" }},
		{"pasted document", FieldRisk(1), "too long", func(m map[string]string) { m[FieldRisk(1)] = strings.Repeat("x", 10000) }},
	} {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		tc.edit(m)
		_, err := ParseEPA(m, lookup)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		wantContains(t, tc.name, validation(t, err).For(tc.field), tc.msg)
	}
}

// TestParseCheck: a check is of a known system and target, has its result,
// who and when, and is not dated in the future or after the visit (CHK-1).
func TestParseCheck(t *testing.T) {
	v := planned(t)
	good := map[string]string{FieldCheckSystem: "PNC", FieldCheckTarget: "s1", FieldCheckResult: "no trace", FieldCheckBy: "io0042", FieldCheckAt: "24/11/2026 15:00"}
	c, err := v.ParseCheck(good, lookup, t0)
	if err != nil || c.System != SysPNC || c.Target != "S1" || c.DoneBy != io.StaffNo || !c.DoneAt.Equal(time.Date(2026, 11, 24, 15, 0, 0, 0, london)) {
		t.Fatalf("good check: %+v, %v", c, err)
	}
	v.Subjects = append(v.Subjects, Subject{ID: "S2", Name: "Gone", Withdrawn: "left the UK"})
	for _, tc := range []struct {
		name, field, msg string
		now              time.Time
		edit             func(m map[string]string)
	}{
		{"dated after the visit", FieldCheckAt, "CHK-1: dated after the visit's planned start (26/11/2026 06:00)", start.Add(time.Hour),
			func(m map[string]string) { m[FieldCheckAt] = "26/11/2026 06:30" }},
		{"dated in the future", FieldCheckAt, "a check cannot be dated in the future", t0, func(m map[string]string) { m[FieldCheckAt] = "25/11/2026 09:00" }},
		{"no time", FieldCheckAt, "CHK-1: say when the check was made", t0, func(m map[string]string) { m[FieldCheckAt] = "" }},
		{"unknown system", FieldCheckSystem, "CHK-1: choose the system searched", t0, func(m map[string]string) { m[FieldCheckSystem] = "Google" }},
		{"unknown subject", FieldCheckTarget, "has no subject S9", t0, func(m map[string]string) { m[FieldCheckTarget] = "S9" }},
		{"withdrawn subject", FieldCheckTarget, "subject S2 was withdrawn (left the UK)", t0, func(m map[string]string) { m[FieldCheckTarget] = "S2" }},
		{"trace without detail", FieldCheckDetail, "CHK-1: say what the trace found", t0, func(m map[string]string) { m[FieldCheckResult] = "trace found" }},
		{"no result", FieldCheckResult, "CHK-1: no trace, or trace found", t0, func(m map[string]string) { m[FieldCheckResult] = "" }},
	} {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		tc.edit(m)
		_, err := v.ParseCheck(m, lookup, tc.now)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		wantContains(t, tc.name, validation(t, err).For(tc.field), tc.msg)
	}
}

func TestAddAndWithdrawCheck(t *testing.T) {
	v := planned(t)
	n := len(v.Plan.Checks)
	c, err := v.AddCheck(Check{System: SysPNC, Target: "S1", Result: TraceFound, Detail: "Warning marker: violence", DoneBy: io.StaffNo, DoneAt: t0}, cio, t0)
	if err != nil {
		t.Fatal(err)
	}
	id := v.Plan.Checks[n].ID
	if id != "C9" || c.Action != "check added: C9 PNC of S1 Arben Hoxha" || v.Plan.Checks[n].Recorded.By != cio.StaffNo {
		t.Errorf("added %s: %+v", id, c)
	}
	if got, _ := v.Plan.LatestCheck("S1", SysPNC); got.ID != "C9" {
		t.Errorf("latest PNC check = %s, want the newer C9", got.ID)
	}
	if _, err := v.WithdrawCheck(id, "", cio, t0); err == nil {
		t.Error("withdrawn without a reason")
	}
	c, err = v.WithdrawCheck(id, "recorded against the wrong subject", cio, t0)
	if err != nil || c.Reason != "recorded against the wrong subject" || v.Plan.Checks[n].Withdrawn == "" {
		t.Fatalf("withdraw: %+v, %v", c, err)
	}
	if len(v.Plan.Checks) != n+1 {
		t.Error("a withdrawn check left the record")
	}
	if got, _ := v.Plan.LatestCheck("S1", SysPNC); got.ID == id {
		t.Error("a withdrawn check still counts")
	}
	if _, err := v.WithdrawCheck(id, "again", cio, t0); err == nil {
		t.Error("withdrawn twice")
	}
}

func TestParsePowerAndECIA(t *testing.T) {
	if p, err := ParsePower(map[string]string{FieldPower: string(PowerWarrant), FieldPowerDetail: "W/2026/118"}); err != nil || p.Kind != PowerWarrant {
		t.Errorf("warrant: %+v, %v", p, err)
	}
	_, err := ParsePower(map[string]string{FieldPower: string(PowerOther)})
	wantContains(t, "other without reason", validation(t, err).For(FieldPowerDetail), "PWR-1: name the power and say why")
	_, err = ParsePower(map[string]string{})
	wantContains(t, "no power", validation(t, err).For(FieldPower), "PWR-1: choose the power of entry")

	e, err := ParseECIA(map[string]string{FieldECIARef: "ECIA-22", FieldECIABy: "K. Adeyemi", FieldECIAOn: "20/11/2026", FieldECIAConclusion: "Proceed"}, t0)
	if err != nil || !e.Complete() {
		t.Errorf("ECIA: %+v, %v", e, err)
	}
	_, err = ParseECIA(map[string]string{FieldECIAOn: "01/12/2026"}, t0)
	wantContains(t, "ECIA in the future", validation(t, err).For(FieldECIAOn), "cannot be completed in the future")
}

// TestConfig_Thresholds: thresholds left out of config.json take the ICIBI
// defaults; a negative one is refused.
func TestConfig_Thresholds(t *testing.T) {
	c := Config{Grades: DefaultConfig().Grades}
	if c.CheckMaxAge() != 28*24*time.Hour || c.IntelMaxAge() != 90*24*time.Hour || c.FinalCheckWindow() != 24*time.Hour {
		t.Errorf("defaults: %v %v %v", c.CheckMaxAge(), c.IntelMaxAge(), c.FinalCheckWindow())
	}
	c.FinalCheckHours = 12
	if c.FinalCheckWindow() != 12*time.Hour {
		t.Errorf("configured window: %v", c.FinalCheckWindow())
	}
	c.CheckMaxAgeDays = -1
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "check_max_age_days must be a positive number") {
		t.Errorf("negative age: %v", err)
	}
	if g, ok := DefaultConfig().MinGradeFor(Amber); !ok || g.Code != "SEO" {
		t.Errorf("MinGradeFor(amber) = %+v", g)
	}
}
