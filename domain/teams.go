package domain

import (
	"fmt"
	"slices"
	"strings"
)

// TeamCode is the short code of an ICE team, used in visit references.
type TeamCode string

// Team is one of the Immigration Compliance and Enforcement teams.
type Team struct {
	Code   TeamCode
	Name   string
	Region string
}

// Teams are the 15 ICE teams and their regions as of August 2023 (ICIBI
// figure 1). The Rapid Response Team is national but based in the North.
var Teams = []Team{
	{"SCO", "Scotland ICE", "North"},
	{"NIR", "Northern Ireland ICE", "North"},
	{"NWE", "North West ICE", "North"},
	{"WWE", "Wales & West of England ICE", "North"},
	{"EMD", "East Midlands ICE", "North"},
	{"NEY", "North East, Yorkshire & Humber ICE", "North"},
	{"WMD", "West Midlands ICE", "North"},
	{"SCE", "South Central ICE", "South"},
	{"EOE", "East of England ICE", "South"},
	{"SLN", "South London ICE", "South"},
	{"SEA", "South East ICE", "South"},
	{"WLN", "West London ICE", "South"},
	{"CLN", "Central London ICE", "South"},
	{"NEL", "North East London ICE", "South"},
	{"RRT", "Rapid Response Team ICE", "North"},
}

// TeamByCode returns the team with code c.
func TeamByCode(c TeamCode) (Team, bool) {
	i := slices.IndexFunc(Teams, func(t Team) bool { return t.Code == c })
	if i < 0 {
		return Team{}, false
	}
	return Teams[i], true
}

// FindTeam is the team s names: its code ("SLN", any case) or its name,
// whole or by the start of any of its words ("South London", "south
// london ice", "Wales"). A name that fits several teams, or none, is
// refused with what it fits, never settled by picking one: a new officer
// who typed "South London" was once given North West ICE.
func FindTeam(s string) (Team, error) {
	want := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if want == "" {
		return Team{}, fmt.Errorf("choose one of the 15 ICE teams")
	}
	if t, ok := TeamByCode(TeamCode(strings.ToUpper(want))); ok {
		return t, nil
	}
	var found []Team
	for _, t := range Teams {
		if TeamNameFits(t, want) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Team{}, fmt.Errorf("no ICE team is called %q: choose one of the 15 ICE teams, by code (SLN) or name (South London)", strings.TrimSpace(s))
	}
	if len(found) > 4 {
		return Team{}, fmt.Errorf("%q fits %d teams: say which, by code (SLN) or a longer name (South London)", strings.TrimSpace(s), len(found))
	}
	names := make([]string, len(found))
	for i, t := range found {
		names[i] = string(t.Code) + " " + t.Name
	}
	return Team{}, fmt.Errorf("%q fits %d teams (%s): say which, by code or a longer name", strings.TrimSpace(s), len(found), strings.Join(names, ", "))
}

// TeamNameFits reports whether want, in lower case with single spaces,
// begins a word of t's name and runs on from there ("london" and "south
// london i" fit South London ICE).
func TeamNameFits(t Team, want string) bool {
	name := strings.ToLower(t.Name)
	for i := 0; i < len(name); i++ {
		if (i == 0 || name[i-1] == ' ') && strings.HasPrefix(name[i:], want) {
			return true
		}
	}
	return false
}

// Sectors are the business sectors illegal-working visits are recorded
// against. The inspection names takeaways, fast food restaurants, nail bars,
// car washes, construction sites and factories (ICIBI 5.30), and the GLAA's
// joint operations in garments, care and agriculture (ICIBI 6.60); the rest
// complete a list an officer can always choose from.
var Sectors = []string{
	"Restaurant / takeaway",
	"Hand car wash",
	"Nail bar / beauty",
	"Barber / hairdresser",
	"Convenience store / retail",
	"Construction",
	"Care sector",
	"Agriculture",
	"Garment manufacture",
	"Warehouse / logistics",
	"Food processing",
	"Hotel / hospitality",
	"Cleaning services",
	"Security services",
	"Other",
}

// ValidSector reports whether s is one of Sectors.
func ValidSector(s string) bool { return slices.Contains(Sectors, s) }
