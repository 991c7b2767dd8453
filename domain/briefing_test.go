package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The team of the briefing tests, beside cio (the OIC and bronze) and hmi
// (gold): a CIO as silver and three IOs.
var (
	silver   = Officer{StaffNo: "CIO002", Name: "Ravi Shah", Grade: "HEO", Team: "SLN"}
	arrestIO = Officer{StaffNo: "IO0043", Name: "Lee Grant", Grade: "EO", Team: "SLN", ArrestTrained: true, RefresherOn: Date{2026, time.June, 1}}
	driverIO = Officer{StaffNo: "IO0044", Name: "Ana Silva", Grade: "EO", Team: "SLN"}
	admin    = Officer{StaffNo: "AO0001", Name: "Pat Jones", Grade: "AO", Team: "SLN"}
)

// roster puts o on v's team through ParseRosterEntry and AddToRoster.
func roster(t testing.TB, v *Visit, o Officer, role, command string) {
	t.Helper()
	e, err := v.ParseRosterEntry(RosterInput{StaffNo: string(o.StaffNo), Role: role, Command: command}, o, false, DefaultConfig())
	if err != nil {
		t.Fatalf("roster %s: %v", o.StaffNo, err)
	}
	must(t)(v.AddToRoster(e, cio, t0))
}

// rostered is planned, authorised by the HMI, with a team of five: the CIO
// as OIC and bronze, the HMI as gold and the second CIO as silver (both off
// site), an IO on the arrest team and an IO driving.
func rostered(t testing.TB) *Visit {
	t.Helper()
	v := planned(t)
	if _, err := v.Authorise("", DefaultConfig(), hmi, inWindow); err != nil {
		t.Fatal(err)
	}
	roster(t, v, cio, "", "OIC, bronze")
	roster(t, v, hmi, RoleOffSite, "gold")
	roster(t, v, silver, RoleOffSite, "silver")
	roster(t, v, arrestIO, RoleArrest, "")
	roster(t, v, driverIO, "driver", "")
	return v
}

// briefed is rostered with version 1 issued by the OIC.
func briefed(t testing.TB) *Visit {
	t.Helper()
	v := rostered(t)
	must(t)(v.IssueBriefing("", cio, inWindow))
	return v
}

// ready is briefed, accepted by all five, with the verbal briefing and the
// OIC's confirmation: nothing blocks deployment.
func ready(t testing.TB) *Visit {
	t.Helper()
	v := briefed(t)
	for _, o := range []Officer{cio, hmi, silver, arrestIO, driverIO} {
		must(t)(v.AcceptBriefing(1, o, inWindow.Add(10*time.Minute)))
	}
	vb, err := v.ParseVerbal(VerbalInput{At: "26/11/2026 05:15", Risks: "Rear exit to the alley; dog reported next door", Questions: "Dogs on site? None known\nParking? Church Road"}, DefaultConfig(), start.Add(-30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	must(t)(v.RecordVerbal(vb, cio, start.Add(-30*time.Minute)))
	must(t)(v.Confirm(allTicked(), "", DefaultConfig(), cio, start.Add(-20*time.Minute)))
	return v
}

func allTicked() []bool {
	b := make([]bool, len(ConfirmItems))
	for i := range b {
		b[i] = true
	}
	return b
}

func TestRoster_CMD1RefusedAtEntry(t *testing.T) {
	v := rostered(t)
	cfg := DefaultConfig()
	untrained := Officer{StaffNo: "IO0099", Name: "Kit Moss", Grade: "EO", Team: "SLN"}
	for _, c := range []struct {
		name  string
		o     Officer
		in    RosterInput
		field string
		want  string
	}{
		{"a second OIC", arrestIO, RosterInput{Command: "oic"}, FieldRosterCommand, "CMD-1: Dana Okafor (CIO001) is already the OIC"},
		{"a second gold", untrained, RosterInput{Role: "rear cover", Command: "gold"}, FieldRosterCommand, "CMD-1: Jo Marsh (HMI001) is already the gold"},
		{"already on the team", driverIO, RosterInput{Role: "driver"}, FieldRosterOfficer, "Ana Silva (IO0044) is already on the team"},
		{"a grade that does not deploy", admin, RosterInput{Role: "observer"}, FieldRosterOfficer, "a grade that does not deploy"},
		{"no role at all", untrained, RosterInput{}, FieldRosterRole, "BRF-4: give every officer a role"},
		{"an unknown role", untrained, RosterInput{Role: "lookout"}, FieldRosterRole, `"lookout" is not a team role`},
		{"an unknown command", untrained, RosterInput{Role: "driver", Command: "platinum"}, FieldRosterCommand, `"platinum" is not a command role`},
	} {
		_, err := v.ParseRosterEntry(c.in, c.o, false, cfg)
		var ve ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.For(c.field), c.want) {
			t.Errorf("%s: %v, want %s: %q", c.name, err, c.field, c.want)
		}
	}
	// The OIC and bronze lead on site: arrest-trained, IO or above, present.
	empty := planned(t)
	for _, c := range []struct {
		name, cmd, role string
		o               Officer
		want            string
	}{
		{"OIC not arrest-trained", "OIC", "", untrained, "CMD-1: the OIC must be arrest-trained; Kit Moss (IO0099) is not"},
		{"bronze not arrest-trained", "bronze", "", untrained, "CMD-1: the bronze must be arrest-trained"},
		{"bronze off site", "bronze", RoleOffSite, cio, "CMD-1: the bronze leads at the premises and cannot be off site"},
	} {
		_, err := empty.ParseRosterEntry(RosterInput{Role: c.role, Command: c.cmd}, c.o, false, cfg)
		var ve ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// Changing the OIC's own roles is not a second OIC.
	e, err := v.ParseRosterEntry(RosterInput{Role: RoleArrest, Command: "OIC bronze"}, cio, true, cfg)
	if err != nil {
		t.Fatalf("changing the OIC's own role: %v", err)
	}
	if c, err := v.ChangeRosterRole(e, cio, t0); err != nil || c.Fields[0].Old != "OIC, bronze" || c.Fields[0].New != "OIC, bronze · arrest team" {
		t.Errorf("change role: %+v, %v", c, err)
	}
}

func TestParseCommand(t *testing.T) {
	for in, want := range map[string]string{"": "", "oic": "OIC", "Bronze, OIC": "OIC bronze", "gold/silver": "gold silver", "oic+oic": "OIC"} {
		got, err := ParseCommand(in)
		var s []string
		for _, c := range got {
			s = append(s, string(c))
		}
		if err != nil || strings.Join(s, " ") != want {
			t.Errorf("ParseCommand(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
}

func authorisedPlanned(t testing.TB) *Visit {
	v := planned(t)
	if _, err := v.Authorise("", DefaultConfig(), hmi, inWindow); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestIssueBriefing(t *testing.T) {
	v := rostered(t)
	if _, err := v.IssueBriefing("", io, inWindow); err == nil || !strings.Contains(err.Error(), "only the OIC, Dana Okafor (CIO001), issues the briefing") {
		t.Errorf("issued by an officer who is not the OIC: %v", err)
	}
	c, err := v.IssueBriefing("", cio, inWindow)
	if err != nil {
		t.Fatal(err)
	}
	if v.State != Briefed || c.Fields[len(c.Fields)-1] != (FieldChange{Field: "state", Old: "authorised", New: "briefed"}) {
		t.Errorf("state %s, change %+v", v.State, c)
	}
	cur, _ := v.Briefing.Current()
	if cur.N != 1 || cur.Digest != Digest(cur.Text) || !strings.Contains(cur.Text, "OIC, bronze: Dana Okafor (CIO001)") || !strings.Contains(cur.Text, "Power of entry: informed consent of the occupier") {
		t.Errorf("version 1: %+v", cur)
	}
	if _, err := v.IssueBriefing("again", cio, inWindow); err == nil || !strings.Contains(err.Error(), "version 1 already says this") {
		t.Errorf("re-issue of an unchanged order: %v", err)
	}
	planning := planned(t)
	if _, err := planning.IssueBriefing("", cio, inWindow); err == nil || !strings.Contains(err.Error(), "once the visit is authorised") {
		t.Errorf("issued in planning: %v", err)
	}
}

// TestBRF2_NewVersionVoidsAcceptances: accepting binds to a version; a new
// version voids what was accepted, says whose, and the old version can no
// longer be accepted.
func TestBRF2_NewVersionVoidsAcceptances(t *testing.T) {
	v := briefed(t)
	must(t)(v.AcceptBriefing(1, cio, inWindow))
	must(t)(v.AcceptBriefing(1, arrestIO, inWindow))
	roster(t, v, Officer{StaffNo: "IO0050", Name: "Jo Bell", Grade: "EO"}, "rear cover", "")
	if _, err := v.AcceptBriefing(1, driverIO, inWindow); err == nil || !strings.HasPrefix(err.Error(), "BRF-2: the order has changed since version 1") {
		t.Errorf("accepting a stale briefing: %v", err)
	}
	if _, err := v.IssueBriefing("", cio, inWindow); err == nil || !strings.Contains(err.Error(), "BRF-2: say what changed since version 1") {
		t.Errorf("re-issue without saying what changed: %v", err)
	}
	c, err := v.IssueBriefing("Jo Bell joins on rear cover", cio, inWindow)
	if err != nil {
		t.Fatal(err)
	}
	last := c.Fields[len(c.Fields)-1]
	if last.Field != "briefing.acceptances voided (BRF-2)" || last.Old != "Dana Okafor (CIO001); Lee Grant (IO0043)" {
		t.Errorf("the re-issue does not say whose acceptances it voids: %+v", c.Fields)
	}
	if n := len(v.Outstanding()); n != 6 {
		t.Errorf("%d outstanding after re-issue, want all 6", n)
	}
	if _, err := v.AcceptBriefing(1, cio, inWindow); err == nil || err.Error() != "BRF-2: version 1 has been replaced by version 2; read and accept version 2" {
		t.Errorf("accepting the old version: %v", err)
	}
	must(t)(v.AcceptBriefing(2, cio, inWindow))
	if a, ok := v.Briefing.Accepted(cio.StaffNo, 1); !ok || a.Version != 1 {
		t.Error("the voided acceptance of version 1 is no longer on the record")
	}
}

func TestAcceptBriefing_OnlyAsYourself(t *testing.T) {
	v := briefed(t)
	if _, err := v.AcceptBriefing(1, io, inWindow); err == nil || !strings.HasPrefix(err.Error(), "BRF-1: Sam Patel (IO0042) is not on the team") {
		t.Errorf("an officer not on the roster accepting: %v", err)
	}
	c, err := v.AcceptBriefing(1, driverIO, inWindow)
	if err != nil {
		t.Fatal(err)
	}
	a := v.Briefing.Acceptances[0]
	if a.StaffNo != driverIO.StaffNo || c.Actor != driverIO.StaffNo || a.Version != 1 || !a.At.Equal(inWindow) {
		t.Errorf("acceptance %+v by %s", a, c.Actor)
	}
	if _, err := v.AcceptBriefing(1, driverIO, inWindow); err == nil || !strings.Contains(err.Error(), "you accepted version 1 at") {
		t.Errorf("accepting twice: %v", err)
	}
}

func TestParseVerbal(t *testing.T) {
	v := briefed(t)
	now := start.Add(-30 * time.Minute)
	for _, c := range []struct {
		name  string
		in    VerbalInput
		field string
		want  string
	}{
		{"the day before", VerbalInput{At: "24/11/2026 18:00", Risks: "x", Questions: "none"}, FieldVerbalAt, "BRF-3: the verbal briefing is given on the day of the visit, 26/11/2026; 24/11/2026 18:00 is 2 days before"},
		// BRF-3 (issue 15): the same calendar day, not within 24 hours.
		{"the evening before", VerbalInput{At: "25/11/2026 21:00", Risks: "x", Questions: "none"}, FieldVerbalAt, "BRF-3: the verbal briefing is given on the day of the visit, 26/11/2026; 25/11/2026 21:00 is the day before; record the briefing given to the team that day"},
		{"a minute before midnight", VerbalInput{At: "25/11/2026 23:59", Risks: "x", Questions: "none"}, FieldVerbalAt, "BRF-3: the verbal briefing is given on the day of the visit"},
		{"in the future", VerbalInput{At: "26/11/2026 05:45", Risks: "x", Questions: "none"}, FieldVerbalAt, "cannot be in the future"},
		{"no risks", VerbalInput{At: "26/11/2026 05:15", Questions: "none"}, FieldVerbalRisks, "BRF-3: say which salient risks were discussed"},
		{"a question with no answer", VerbalInput{At: "26/11/2026 05:15", Risks: "x", Questions: "Dogs?"}, FieldVerbalQuestion, `BRF-5: "Dogs?" has no answer`},
		{"nothing about questions", VerbalInput{At: "26/11/2026 05:15", Risks: "x"}, FieldVerbalQuestion, "BRF-5: list each question and its answer, or write none"},
	} {
		_, err := v.ParseVerbal(c.in, DefaultConfig(), now)
		var ve ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.For(c.field), c.want) {
			t.Errorf("%s: %v, want %s %q", c.name, err, c.field, c.want)
		}
	}
	if _, err := v.ParseVerbal(VerbalInput{At: "26/11/2026 00:00", Risks: "x", Questions: "none"}, DefaultConfig(), now); err != nil {
		t.Errorf("BRF-3: at midnight on the day: %v", err)
	}
	vb, err := v.ParseVerbal(VerbalInput{At: "05:15", Risks: "Rear exit", Questions: "None"}, DefaultConfig(), now)
	if err == nil {
		t.Errorf("a bare time is not a date and time: %+v", vb)
	}
	vb, err = v.ParseVerbal(VerbalInput{At: "today 05:15", Risks: "Rear exit", Questions: "Who holds the door? Lee\n"}, DefaultConfig(), now)
	if err != nil || len(vb.Questions) != 1 || vb.Questions[0] != (QA{"Who holds the door?", "Lee"}) {
		t.Errorf("verbal %+v, %v", vb, err)
	}
}

func TestConfirm_BRF4(t *testing.T) {
	v := briefed(t)
	cfg := DefaultConfig()
	unticked := allTicked()
	unticked[3] = false
	_, err := v.Confirm(unticked, "", cfg, cio, inWindow)
	var ve ValidationError
	if !errors.As(err, &ve) || ve.For(FieldConfirm(3)) != "BRF-4: confirm equipment available and working" {
		t.Errorf("an item left unticked: %v", err)
	}
	// Gold, silver and bronze cannot be confirmed in place with no silver.
	must(t)(v.RemoveFromRoster(silver.StaffNo, "off sick", cio, inWindow))
	_, err = v.Confirm(allTicked(), "", cfg, cio, inWindow)
	if !errors.As(err, &ve) || ve.For(FieldConfirm(4)) != "CMD-1: cannot be confirmed: no silver named on the roster" {
		t.Errorf("confirmed without a silver: %v", err)
	}
	if ve.For(FieldConfirm(5)) != "BRF-2: cannot be confirmed: the order has changed since version 1 was issued; officers have not seen the change" {
		t.Errorf("order circulated confirmed while stale: %q", ve.For(FieldConfirm(5)))
	}
	if _, err := v.Confirm(allTicked(), "", cfg, driverIO, inWindow); err == nil || !strings.Contains(err.Error(), "only the OIC") {
		t.Errorf("confirmed by another officer: %v", err)
	}
}

func TestDeploy_Gate(t *testing.T) {
	cfg := DefaultConfig()
	at := start.Add(-10 * time.Minute)
	// Three of five accepted: deploying names the two missing.
	v := briefed(t)
	for _, o := range []Officer{cio, hmi, silver} {
		must(t)(v.AcceptBriefing(1, o, inWindow))
	}
	_, err := v.Deploy(cfg, cio, at)
	var be *BlockedError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "BRF-1 blocks: 2 officers of 5 not accepted version 1: Lee Grant (IO0043), Ana Silva (IO0044)") {
		t.Fatalf("deploy with acceptances missing: %v", err)
	}
	if v.State != Briefed {
		t.Fatal("a refused deploy changed the state")
	}
	if _, err := v.Transition(Deployed, "", cio, at); err == nil {
		t.Error("a bare transition deployed the visit")
	}
	// All accept, with the verbal briefing and confirmation: it deploys.
	r := ready(t)
	if _, err := r.Deploy(cfg, driverIO, at); err == nil || !strings.Contains(err.Error(), "only the OIC") {
		t.Errorf("deployed by an officer who is not the OIC: %v", err)
	}
	if _, err := r.Deploy(cfg, cio, at); err != nil || r.State != Deployed {
		t.Fatalf("deploy when ready: %v, %s", err, r.State)
	}
	// An override with a reason lets the team go, and says so in history.
	o := ready(t)
	roster(t, o, Officer{StaffNo: "IO0050", Name: "Jo Bell", Grade: "EO"}, "rear cover", "")
	must(t)(o.IssueBriefing("Jo Bell joins on rear cover", cio, inWindow))
	for _, of := range []Officer{cio, hmi, silver, arrestIO, driverIO} {
		must(t)(o.AcceptBriefing(2, of, inWindow))
	}
	must(t)(o.Confirm(allTicked(), "", cfg, cio, at))
	if _, err := o.OverrideAcceptances("late", cio, at); err == nil || !strings.Contains(err.Error(), "BRF-1: say why") {
		t.Errorf("an override without a real reason: %v", err)
	}
	must(t)(o.OverrideAcceptances("Jo Bell briefed in person at 05:20; no signal for PRONTO", cio, at))
	if _, err := o.Deploy(cfg, cio, at); err != nil {
		t.Fatalf("deploy with an override: %v", err)
	}
	if h := o.History[len(o.History)-1]; !strings.Contains(h.Reason, "acceptances overridden (Jo Bell (IO0050)): Jo Bell briefed in person") {
		t.Errorf("history does not show the override: %q", h.Reason)
	}
	// No override lifts a planning block: the final status check is stale.
	p := ready(t)
	final := p.Plan.Checks[len(p.Plan.Checks)-1]
	must(t)(p.WithdrawCheck(final.ID, "made against the wrong person", cio, at))
	_, err = p.Deploy(cfg, cio, at)
	if err == nil || !strings.Contains(err.Error(), "CHK-2 blocks") {
		t.Errorf("deployed without the final status check: %v", err)
	}
}

func TestRemoveFromRoster_NeedsReasonOnceIssued(t *testing.T) {
	v := rostered(t)
	if _, err := v.RemoveFromRoster(driverIO.StaffNo, "", cio, inWindow); err != nil {
		t.Errorf("removing before the briefing: %v", err)
	}
	b := briefed(t)
	_, err := b.RemoveFromRoster(driverIO.StaffNo, "", cio, inWindow)
	var ve ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For(FieldReason), "say why they are taken off the team") {
		t.Errorf("removing after the briefing without a reason: %v", err)
	}
	b.State = Deployed
	if _, err := b.RemoveFromRoster(driverIO.StaffNo, "x", cio, inWindow); err == nil || !strings.Contains(err.Error(), "the team is fixed") {
		t.Errorf("removing once deployed: %v", err)
	}
}
