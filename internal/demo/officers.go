package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"oic/domain"
)

// DemoStaffNo is the officer the CLI signs in as after loading: a CIO on
// South London ICE, arrest-trained and in date, OIC of some of its visits.
const DemoStaffNo domain.StaffNo = "DEMO01"

// DemoName is the demo officer's name: invented, and checked not to be a
// public figure's.
const DemoName = "Alex Renwick"

// Grades are the grade codes demo officers hold, all in
// domain.DefaultConfig. A configuration that renames them cannot show the
// demo correctly, and the CLI says so.
var Grades = []string{"AO", "EO", "HEO", "SEO", "G7"}

// teamSizes are the officer pools, about 660 in all, bigger in London and
// the big conurbations. ICIBI figure 2 counts 946 FTE nationally; the demo
// keeps a smaller headcount so lists stay readable.
var teamSizes = map[domain.TeamCode]int{
	"SCO": 38, "NIR": 26, "NWE": 52, "WWE": 44, "EMD": 40, "NEY": 50, "WMD": 54,
	"SCE": 42, "EOE": 40, "SLN": 50, "SEA": 42, "WLN": 48, "CLN": 56, "NEL": 52, "RRT": 30,
}

// Grade shares of ICIBI figure 2 (August 2023 FTE): AO 51.73, EO 691,
// HEO 144.1, SEO 46.49, Grade 7 13, of 946.29.
const (
	shareAO  = 51.73 / 946.29
	shareHEO = 144.1 / 946.29
	shareSEO = 46.49 / 946.29
)

// gradeCounts splits a team of n into grades by the figure 2 shares. Every
// team keeps at least two CIOs and an HMI, because someone must authorise
// and assure its visits (EPA-2, ASR-1), and the larger teams have a Grade 7.
func gradeCounts(n int) (ao, eo, heo, seo, g7 int) {
	ao = int(math.Round(float64(n) * shareAO))
	heo = max(2, int(math.Round(float64(n)*shareHEO)))
	seo = max(1, int(math.Round(float64(n)*shareSEO)))
	if n >= 42 {
		g7 = 1
	}
	return ao, n - ao - heo - seo - g7, heo, seo, g7
}

// pool is one team's officers, with the subsets visits draw from.
type pool struct {
	team     domain.Team
	officers []domain.Officer
	deploy   []int // go on visits (not AO)
	oics     []int // may be OIC: arrest-trained IO or CIO
	managers []int // may authorise green and assure: CIO or HMI (EPA-2)
	demo     int   // index of DEMO01, or -1
	weight   int   // share of the national visits
}

// buildPools makes every team's officers, DEMO01 among South London's.
// Officers are validated by domain.NewOfficer as of now.
func buildPools(r *rand.Rand, cfg domain.Config, now time.Time) ([]*pool, error) {
	usedName := map[string]bool{DemoName: true}
	usedNo := map[domain.StaffNo]bool{DemoStaffNo: true}
	today := midnight(now)
	var pools []*pool
	for _, tm := range domain.Teams {
		p := &pool{team: tm, demo: -1}
		n := teamSizes[tm.Code] + between(r, -2, 2)
		ao, eo, heo, seo, g7 := gradeCounts(n)
		grades := make([]string, 0, n)
		for _, gc := range []struct {
			code string
			n    int
		}{{"G7", g7}, {"SEO", seo}, {"HEO", heo}, {"EO", eo}, {"AO", ao}} {
			for range gc.n {
				grades = append(grades, gc.code)
			}
		}
		for _, grade := range grades {
			in := domain.OfficerInput{Name: officerName(r, usedName), Grade: grade, Team: string(tm.Code)}
			for {
				sn := domain.StaffNo(fmt.Sprintf("%07d", between(r, 1_000_000, 9_999_999)))
				if !usedNo[sn] {
					usedNo[sn], in.StaffNo = true, string(sn)
					break
				}
			}
			if chance(r, trainedShare[grade]) {
				in.ArrestTrained = true
				// Most refreshers are in date; about one in fourteen is
				// over a year old, which readiness should warn about.
				back := between(r, 10, 355)
				if chance(r, 0.07) {
					back = between(r, 370, 900)
				}
				in.RefresherOn = domain.DateOf(addDays(at(today, 12, 0), -back)).UK()
			}
			o, err := domain.NewOfficer(in, cfg, now)
			if err != nil {
				return nil, fmt.Errorf("demo officer %s: %w", in.StaffNo, err)
			}
			p.officers = append(p.officers, o)
		}
		if tm.Code == "SLN" {
			in := domain.OfficerInput{StaffNo: string(DemoStaffNo), Name: DemoName, Grade: "HEO", Team: "SLN",
				ArrestTrained: true, RefresherOn: domain.DateOf(addDays(at(today, 12, 0), -between(r, 20, 60))).UK()}
			o, err := domain.NewOfficer(in, cfg, now)
			if err != nil {
				return nil, fmt.Errorf("demo officer %s: %w", in.StaffNo, err)
			}
			p.demo = len(p.officers)
			p.officers = append(p.officers, o)
		}
		giveRoles(p.officers, now)
		for i, o := range p.officers {
			if o.Grade == "AO" {
				continue
			}
			p.deploy = append(p.deploy, i)
			if o.ArrestTrained && (o.Grade == "EO" || o.Grade == "HEO") {
				p.oics = append(p.oics, i)
			}
			if o.Grade == "HEO" || o.Grade == "SEO" {
				p.managers = append(p.managers, i)
			}
		}
		// The Rapid Response Team supports the regions rather than running a
		// region's caseload, so it leads fewer visits for its size.
		p.weight = len(p.officers)
		if tm.Code == "RRT" {
			p.weight /= 2
		}
		pools = append(pools, p)
	}
	return pools, nil
}

// giveRoles gives a team's officers their roles (issue 17), as an
// administrator would, drawing nothing from the random stream so the
// visits are the same as before roles: DEMO01 is the administrator and
// confirms every grade; every CIO and above is a duty CIO, since the
// demo's visits are assured by any of them; each team's first
// administrative officer is its records clerk.
func giveRoles(officers []domain.Officer, now time.Time) {
	admin := domain.Stamp{By: DemoStaffNo, ByName: DemoName, At: now}
	clerk := false
	for i := range officers {
		o := &officers[i]
		o.GradeConfirmedBy = domain.GradeConfirmation{Grade: o.Grade, Stamp: admin}
		switch {
		case o.StaffNo == DemoStaffNo:
			o.Roles = domain.RolesOf(domain.RoleAdmin, domain.RoleDutyCIO)
		case o.Grade == "AO" && !clerk:
			o.Roles, clerk = domain.RolesOf(domain.RoleClerk), true
		case o.Grade != "AO" && o.Grade != "EO":
			o.Roles = domain.RolesOf(domain.RoleDutyCIO)
		}
	}
}

// trainedShare is the share of each grade that is arrest-trained: nearly
// every IO and CIO, fewer managers, no administrative staff.
var trainedShare = map[string]float64{"AO": 0, "EO": 0.88, "HEO": 0.85, "SEO": 0.6, "G7": 0.3}
