package domaintest

import (
	"fmt"
	"time"

	"oic/domain"
)

// The rest of the team Deploy rosters beside the OIC: Authoriser as gold,
// a CIO as silver (both off site), and two IOs.
var (
	Silver = domain.Officer{StaffNo: "CIO0902", Name: "Ravi Shah", Grade: "HEO", Team: "SLN"}
	Arrest = domain.Officer{StaffNo: "IO0903", Name: "Lee Grant", Grade: "EO", Team: "SLN", ArrestTrained: true, RefresherOn: domain.Date{Year: 2026, Month: 6, Day: 1}}
	Driver = domain.Officer{StaffNo: "IO0904", Name: "Ana Silva", Grade: "EO", Team: "SLN"}
)

// Deploy takes a planned visit all the way to deployed at now through the
// domain's own steps: authorised (completing its plan), the team rostered
// with oic as OIC and bronze, the briefing issued and accepted by every
// officer, the verbal briefing and the OIC's confirmation recorded. oic
// must be arrest-trained and of IO grade or above; now must be within a
// day before the planned start.
func Deploy(v *domain.Visit, oic domain.Officer, now time.Time) error {
	cfg := domain.DefaultConfig()
	if _, err := Authorise(v, oic, now); err != nil {
		return fmt.Errorf("authorise: %w", err)
	}
	team := []struct {
		o             domain.Officer
		role, command string
	}{
		{oic, "", "OIC, bronze"},
		{Authoriser, domain.RoleOffSite, "gold"},
		{Silver, domain.RoleOffSite, "silver"},
		{Arrest, domain.RoleArrest, ""},
		{Driver, "driver", ""},
	}
	for _, m := range team {
		e, err := v.ParseRosterEntry(domain.RosterInput{StaffNo: string(m.o.StaffNo), Role: m.role, Command: m.command}, m.o, false, cfg)
		if err != nil {
			return fmt.Errorf("roster %s: %w", m.o.StaffNo, err)
		}
		if _, err := v.AddToRoster(e, oic, now); err != nil {
			return err
		}
	}
	steps := []func() (domain.Change, error){
		func() (domain.Change, error) { return v.IssueBriefing("", oic, now) },
	}
	for _, m := range team {
		steps = append(steps, func() (domain.Change, error) { return v.AcceptBriefing(1, m.o, now) })
	}
	steps = append(steps,
		func() (domain.Change, error) {
			return v.RecordVerbal(domain.VerbalBriefing{At: now, Risks: "Rear exit to a yard", NoQuestions: true}, oic, now)
		},
		func() (domain.Change, error) {
			ticked := make([]bool, len(domain.ConfirmItems))
			for i := range ticked {
				ticked[i] = true
			}
			return v.Confirm(ticked, "", cfg, oic, now)
		},
		func() (domain.Change, error) { return v.Deploy(cfg, oic, now) },
	)
	for _, step := range steps {
		if _, err := step(); err != nil {
			return err
		}
	}
	return nil
}
