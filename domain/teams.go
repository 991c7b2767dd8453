package domain

import "slices"

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
