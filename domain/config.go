package domain

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/London on a Windows laptop with no zone database
)

// Rating is an Enforcement Planning Assessment risk rating (EPA-1).
type Rating string

const (
	Green Rating = "green"
	Amber Rating = "amber"
	Red   Rating = "red"
)

// Grade is one row of the grade table: a Civil Service grade, the title
// officers use for it, its seniority, and the highest risk rating it may
// authorise (EPA-2). Deploys is false for grades that support but do not go
// on visits (Administrative Officers).
type Grade struct {
	Code         string `json:"code"`
	Title        string `json:"title"`
	Rank         int    `json:"rank"`
	MayAuthorise Rating `json:"may_authorise,omitempty"`
	Deploys      bool   `json:"deploys"`
}

// Label is how a grade is shown: "CIO (HEO)", or just the code when the
// title adds nothing.
func (g Grade) Label() string {
	if g.Title == "" || g.Title == g.Code {
		return g.Code
	}
	return g.Title + " (" + g.Code + ")"
}

// Config holds the facts the Home Office may change without changing the
// rules: grade names and who may authorise what. It lives in one place, with
// the ICIBI defaults, because grades are renamed (AD became Grade 7 in 2024).
type Config struct {
	Grades []Grade `json:"grades"`
	// Administered is set where the folder has an administrator: then
	// roles and confirmed grades apply (roles.go). Not configuration: it
	// is read from the officers' profiles when the folder is opened.
	Administered bool `json:"-"`
	// CheckMaxAgeDays is how old a mandatory check may be on the day of the
	// visit before it is flagged to be re-run (TSK-2, practice: 28 days).
	CheckMaxAgeDays int `json:"check_max_age_days"`
	// IntelMaxAgeDays is how old intelligence may be on the day of the
	// visit before it is flagged as possibly stale (TSK-2, practice: 90 days).
	IntelMaxAgeDays int `json:"intel_max_age_days"`
	// FinalCheckHours is the window before the visit in which the final
	// status check must be made (CHK-2; ICIBI 5.14: 24 hours).
	FinalCheckHours int `json:"final_check_hours"`
	// ImageryMaxAgeMonths is how old recce imagery may be before it is
	// flagged (REC-2, practice: 12 months).
	ImageryMaxAgeMonths int `json:"imagery_max_age_months"`
	// CloseWithinHours is how soon after the visit it must be closed
	// (DBF-3; ICIBI 6.33: 48 hours).
	CloseWithinHours int `json:"close_within_hours,omitempty"`
	// TimeZone names the zone whose calendar the rules count days and
	// months in ("valid for one calendar month", ONF-5; "on the day",
	// BRF-3): Europe/London, never the machine's zone, so two laptops
	// agree on a date whatever they are set to.
	TimeZone string `json:"time_zone,omitempty"`
	// The duty CIO's board (issue 16). AssuranceDays is how long after
	// closing a visit's first-line assurance is due (ASR-1, practice: 28
	// days); SilentMinutes is how long a deployed visit may go without a
	// timeline entry before the board flags it (practice: 60 minutes).
	AssuranceDays int `json:"assurance_days,omitempty"`
	SilentMinutes int `json:"silent_minutes,omitempty"`

	// AssurerGrade is the code of the most junior grade that may give a
	// closed visit first-line assurance (ASR-2: a CIO or above; by
	// default HEO, the CIO's grade).
	AssurerGrade string `json:"assurer_grade,omitempty"`

	// RetentionYears is how many years after its record ended a visit
	// is kept before oic lists it as past retention (RET-1, retention.go:
	// six years, from issue 18).
	RetentionYears int `json:"retention_years,omitempty"`
}

// AssurerGradeCode is ASR-2's lowest grade that assures.
func (c Config) AssurerGradeCode() string {
	if c.AssurerGrade != "" {
		return c.AssurerGrade
	}
	return "HEO"
}

// DefaultTimeZone is the officers' calendar: UK local dates.
const DefaultTimeZone = "Europe/London"

// zones holds each zone loaded: LoadLocation reads and parses the zone
// database on every call, and the rules ask for the zone per visit.
var zones sync.Map // name -> *time.Location

// Location is the zone of the rules' calendar (TimeZone, by default
// Europe/London). A name Validate would refuse falls back to
// Europe/London, which the embedded zone database always holds.
func (c Config) Location() *time.Location {
	name := c.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		if name == DefaultTimeZone {
			panic("domain: the embedded zone database has no " + DefaultTimeZone + ": " + err.Error())
		}
		return Config{}.Location()
	}
	zones.Store(name, l)
	return l
}

// LocalDate is the calendar date of t in the rules' zone: an ONF returned
// at 00:30 BST on 1 October was returned on 1 October, whatever offset the
// time was stored with.
func (c Config) LocalDate(t time.Time) Date { return DateOf(t.In(c.Location())) }

// DefaultConfig is the grade table of DOMAIN.md (ICIBI 5.4-5.6, 6.1; enforcement
// planning guidance v6.0 for Grade 7 and Grade 6).
func DefaultConfig() Config {
	return Config{Grades: []Grade{
		{Code: "AO", Title: "Administrative Officer", Rank: 1},
		{Code: "EO", Title: "IO", Rank: 2, Deploys: true},
		{Code: "HEO", Title: "CIO", Rank: 3, MayAuthorise: Green, Deploys: true},
		{Code: "SEO", Title: "HMI", Rank: 4, MayAuthorise: Amber, Deploys: true},
		{Code: "G7", Title: "Grade 7 / AD", Rank: 5, MayAuthorise: Red, Deploys: true},
		{Code: "G6", Title: "Grade 6 / DD", Rank: 6, MayAuthorise: Red, Deploys: true},
	}, CheckMaxAgeDays: 28, IntelMaxAgeDays: 90, FinalCheckHours: 24, RetentionYears: DefaultRetentionYears}
}

// Thresholds left out of a config file (zero) take the ICIBI defaults.
func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// CheckMaxAge is TSK-2's age limit for a check on the day of the visit.
func (c Config) CheckMaxAge() time.Duration {
	return time.Duration(orDefault(c.CheckMaxAgeDays, 28)) * 24 * time.Hour
}

// IntelMaxAge is TSK-2's age limit for intelligence on the day of the visit.
func (c Config) IntelMaxAge() time.Duration {
	return time.Duration(orDefault(c.IntelMaxAgeDays, 90)) * 24 * time.Hour
}

// FinalCheckWindow is CHK-2's window before the visit.
func (c Config) FinalCheckWindow() time.Duration {
	return time.Duration(orDefault(c.FinalCheckHours, 24)) * time.Hour
}

// CloseWithin is DBF-3's limit from the visit to its closure.
func (c Config) CloseWithin() time.Duration {
	return time.Duration(orDefault(c.CloseWithinHours, 48)) * time.Hour
}

// AssuranceWithin is how long after closing first-line assurance is due.
func (c Config) AssuranceWithin() time.Duration {
	return time.Duration(orDefault(c.AssuranceDays, 28)) * 24 * time.Hour
}

// SilentAfter is how long a deployed visit may go without a timeline
// entry before the board says it has gone silent.
func (c Config) SilentAfter() time.Duration {
	return time.Duration(orDefault(c.SilentMinutes, 60)) * time.Minute
}

// ImageryMaxMonths is REC-2's age limit for imagery, in months.
func (c Config) ImageryMaxMonths() int { return orDefault(c.ImageryMaxAgeMonths, 12) }

// MinGradeFor returns the most junior grade that may authorise rating r, for
// messages like "amber needs an HMI or above".
func (c Config) MinGradeFor(r Rating) (Grade, bool) {
	var best Grade
	found := false
	for _, g := range c.Grades {
		if g.MayAuthorise != "" && g.MayAuthorise.Rank() >= r.Rank() && (!found || g.Rank < best.Rank) {
			best, found = g, true
		}
	}
	return best, found
}

// MayAuthorise reports whether an officer of grade code may authorise r.
func (c Config) MayAuthorise(code string, r Rating) bool {
	g, ok := c.Grade(code)
	return ok && g.MayAuthorise != "" && g.MayAuthorise.Rank() >= r.Rank()
}

// Rank orders ratings: green 1, amber 2, red 3; 0 for none.
func (r Rating) Rank() int {
	switch r {
	case Green:
		return 1
	case Amber:
		return 2
	case Red:
		return 3
	}
	return 0
}

// Ratings lists the EPA risk ratings, least risk first.
var Ratings = []Rating{Green, Amber, Red}

// Grade returns the grade with code (case-insensitive).
func (c Config) Grade(code string) (Grade, bool) {
	i := slices.IndexFunc(c.Grades, func(g Grade) bool { return strings.EqualFold(g.Code, code) })
	if i < 0 {
		return Grade{}, false
	}
	return c.Grades[i], true
}

// GradeCodes lists the grade codes, most junior first, for pickers and messages.
func (c Config) GradeCodes() []string {
	gs := slices.Clone(c.Grades)
	slices.SortFunc(gs, func(a, b Grade) int { return a.Rank - b.Rank })
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Code
	}
	return out
}

// Validate checks a loaded configuration makes sense: unique codes and ranks,
// known ratings.
func (c Config) Validate() error {
	if len(c.Grades) == 0 {
		return fmt.Errorf("config: the grade table is empty")
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"check_max_age_days", c.CheckMaxAgeDays}, {"intel_max_age_days", c.IntelMaxAgeDays}, {"final_check_hours", c.FinalCheckHours}, {"imagery_max_age_months", c.ImageryMaxAgeMonths},
		{"assurance_days", c.AssuranceDays}, {"silent_minutes", c.SilentMinutes}} {
		if n.v < 0 {
			return fmt.Errorf("config: %s must be a positive number, not %d", n.name, n.v)
		}
	}
	if err := c.validRetention(); err != nil {
		return err
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			return fmt.Errorf("config: time_zone %q is not a zone name (for example %s): %v", c.TimeZone, DefaultTimeZone, err)
		}
	}
	if c.AssurerGrade != "" {
		if _, ok := c.Grade(c.AssurerGrade); !ok {
			return fmt.Errorf("config: assurer_grade %q is not in the grade table; one of %s", c.AssurerGrade, strings.Join(c.GradeCodes(), ", "))
		}
	}
	codes, ranks := map[string]bool{}, map[int]bool{}
	for _, g := range c.Grades {
		k := strings.ToUpper(g.Code)
		if k == "" {
			return fmt.Errorf("config: a grade has no code")
		}
		if codes[k] {
			return fmt.Errorf("config: grade %s is listed twice", g.Code)
		}
		if ranks[g.Rank] {
			return fmt.Errorf("config: two grades share rank %d", g.Rank)
		}
		codes[k], ranks[g.Rank] = true, true
		switch g.MayAuthorise {
		case "", Green, Amber, Red:
		default:
			return fmt.Errorf("config: grade %s may_authorise %q: use green, amber, red or leave it out", g.Code, g.MayAuthorise)
		}
	}
	return nil
}
