package domain

import (
	"strings"
	"testing"
	"time"
)

func TestParseStaffNo(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want StaffNo
		msg  string
	}{
		{"cio001", "CIO001", ""},
		{" CIO 001 ", "CIO001", ""},
		{"abc", "ABC", ""},
		{"A12345678901", "A12345678901", ""},
		{"", "", "enter your staff number"},
		{"   ", "", "enter your staff number"},
		{"ab", "", "3 to 12 letters and digits"},
		{"A123456789012", "", "3 to 12 letters and digits"},
		{"AB-12", "", `only letters and digits, not '-'`},
		{"ÄBC1", "", "only letters and digits"},
		{"AB\x1b12", "", "only letters and digits"},
	} {
		got, err := ParseStaffNo(tc.in)
		if tc.msg == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseStaffNo(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseStaffNo(%q) = %q, want an error", tc.in, got)
			continue
		}
		wantContains(t, "ParseStaffNo("+tc.in+") error", err.Error(), tc.msg)
	}
}

func goodOfficer() OfficerInput {
	return OfficerInput{StaffNo: "io0042", Name: " Sam Patel ", Grade: "eo", Team: "sln", ArrestTrained: true, RefresherOn: "01/03/2026"}
}

func TestNewOfficer(t *testing.T) {
	o, err := NewOfficer(goodOfficer(), DefaultConfig(), t0)
	if err != nil {
		t.Fatal(err)
	}
	want := Officer{StaffNo: "IO0042", Name: "Sam Patel", Grade: "EO", Team: "SLN", ArrestTrained: true,
		RefresherOn: Date{2026, time.March, 1}, UpdatedAt: t0}
	if o != want {
		t.Errorf("NewOfficer = %+v, want %+v", o, want)
	}
	if back, err := NewOfficer(o.Input(), DefaultConfig(), t0); err != nil || back != o {
		t.Errorf("Input round trip = %+v, %v", back, err)
	}
}

// TestNewOfficer_FieldErrors: each problem is reported beside its own field
// and nowhere else.
func TestNewOfficer_FieldErrors(t *testing.T) {
	long := strings.Repeat("Lorem ipsum dolor sit amet.\n", 400)
	for _, tc := range []struct {
		name  string
		edit  func(*OfficerInput)
		field string
		msg   string
	}{
		{"no staff number", func(in *OfficerInput) { in.StaffNo = "" }, FieldStaffNo, "enter your staff number"},
		{"bad staff number", func(in *OfficerInput) { in.StaffNo = "IO/42" }, FieldStaffNo, "only letters and digits"},
		{"no name", func(in *OfficerInput) { in.Name = "  " }, FieldName, "required"},
		{"escape in name", func(in *OfficerInput) { in.Name = "Sam\x1b[31m Patel" }, FieldName, "control character"},
		{"name pasted", func(in *OfficerInput) { in.Name = long }, FieldName, "too long"},
		{"no grade", func(in *OfficerInput) { in.Grade = "" }, FieldGrade, "choose a grade"},
		{"unknown grade", func(in *OfficerInput) { in.Grade = " CO " }, FieldGrade, `unknown grade "CO"; one of AO, EO, HEO, SEO, G7, G6`},
		{"grade pasted", func(in *OfficerInput) { in.Grade = long }, FieldGrade, "too long"},
		{"no team", func(in *OfficerInput) { in.Team = "" }, FieldTeam, "choose one of the 15 ICE teams"},
		{"unknown team", func(in *OfficerInput) { in.Team = "XYZ" }, FieldTeam, `no ICE team is called "XYZ": choose one of the 15 ICE teams`},
		{"team that fits several", func(in *OfficerInput) { in.Team = "South" }, FieldTeam, `"South" fits 3 teams (SCE South Central ICE, SLN South London ICE, SEA South East ICE): say which`},
		{"team pasted", func(in *OfficerInput) { in.Team = long }, FieldTeam, "too long"},
		{"refresher tomorrow", func(in *OfficerInput) { in.RefresherOn = "26/11/2026" }, FieldRefresherOn, "cannot be in the future"},
		{"refresher not a date", func(in *OfficerInput) { in.RefresherOn = "31/02/2026" }, FieldRefresherOn, "not a real date"},
		{"refresher pasted", func(in *OfficerInput) { in.RefresherOn = long }, FieldRefresherOn, "too long"},
		{"refresher without training", func(in *OfficerInput) { in.ArrestTrained = false }, FieldRefresherOn, "only an arrest-trained officer has a refresher"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodOfficer()
			tc.edit(&in)
			_, err := NewOfficer(in, DefaultConfig(), t0)
			ve := validation(t, err)
			if len(ve) != 1 || ve[0].Field != tc.field {
				t.Fatalf("errors on %v, want only %s: %v", fields(ve), tc.field, ve)
			}
			wantContains(t, tc.field, ve.For(tc.field), tc.msg)
			if len(ve.For(tc.field)) > 200 {
				t.Errorf("message is %d characters long", len(ve.For(tc.field)))
			}
		})
	}
}

func TestNewOfficer_Accepts(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*OfficerInput)
	}{
		{"refresher today", func(in *OfficerInput) { in.RefresherOn = "25/11/2026" }},
		{"trained, no refresher yet", func(in *OfficerInput) { in.RefresherOn = "" }},
		{"untrained, no refresher", func(in *OfficerInput) { in.ArrestTrained, in.RefresherOn = false, "" }},
		{"grade in any case", func(in *OfficerInput) { in.Grade = "Heo" }},
	} {
		in := goodOfficer()
		tc.edit(&in)
		if _, err := NewOfficer(in, DefaultConfig(), t0); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestNewOfficer_AllProblemsAtOnce(t *testing.T) {
	_, err := NewOfficer(OfficerInput{}, DefaultConfig(), t0)
	ve := validation(t, err)
	for _, f := range []string{FieldStaffNo, FieldName, FieldGrade, FieldTeam} {
		if ve.For(f) == "" {
			t.Errorf("no message for %s in %v", f, ve)
		}
	}
}

// renamed is a grade table as the Home Office might publish it after a
// renaming, listed out of rank order.
var renamed = Config{Grades: []Grade{
	{Code: "G7", Title: "Grade 7", Rank: 5, MayAuthorise: Red, Deploys: true},
	{Code: "IO", Rank: 2, Deploys: true},
	{Code: "CIO", Rank: 3, MayAuthorise: Green, Deploys: true},
}}

func TestNewOfficer_RenamedGrades(t *testing.T) {
	if err := renamed.Validate(); err != nil {
		t.Fatal(err)
	}
	in := goodOfficer()
	in.Grade = "cio"
	if o, err := NewOfficer(in, renamed, t0); err != nil || o.Grade != "CIO" {
		t.Errorf("grade cio under the renamed table = %q, %v", o.Grade, err)
	}
	in.Grade = "HEO"
	_, err := NewOfficer(in, renamed, t0)
	if got := validation(t, err).For(FieldGrade); got != `unknown grade "HEO"; one of IO, CIO, G7` {
		t.Errorf("message = %q", got)
	}
}

func TestEPA2_DefaultGradeTable(t *testing.T) {
	cfg := DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]Rating{"AO": "", "EO": "", "HEO": Green, "SEO": Amber, "G7": Red, "G6": Red} {
		g, ok := cfg.Grade(code)
		if !ok || g.MayAuthorise != want {
			t.Errorf("grade %s may authorise %q (found %v), want %q", code, g.MayAuthorise, ok, want)
		}
	}
	if g, _ := cfg.Grade("AO"); g.Deploys {
		t.Error("Administrative Officers support but do not deploy")
	}
}

func TestConfig_GradeLookup(t *testing.T) {
	cfg := DefaultConfig()
	for _, code := range []string{"HEO", "heo", "Heo"} {
		if g, ok := cfg.Grade(code); !ok || g.Code != "HEO" {
			t.Errorf("Grade(%q) = %+v, %v", code, g, ok)
		}
	}
	for _, code := range []string{"", "CIO", "HE"} {
		if g, ok := cfg.Grade(code); ok {
			t.Errorf("Grade(%q) = %+v, want not found", code, g)
		}
	}
	if got := strings.Join(cfg.GradeCodes(), ","); got != "AO,EO,HEO,SEO,G7,G6" {
		t.Errorf("GradeCodes = %s", got)
	}
	g, _ := cfg.Grade("HEO")
	if g.Label() != "CIO (HEO)" || (Grade{Code: "G7", Title: "G7"}).Label() != "G7" || (Grade{Code: "EO"}).Label() != "EO" {
		t.Errorf("labels: %q", g.Label())
	}
}

func TestConfig_Validate(t *testing.T) {
	base := DefaultConfig().Grades
	with := func(edit func([]Grade) []Grade) Config {
		gs := append([]Grade(nil), base...)
		return Config{Grades: edit(gs)}
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		msg  string
	}{
		{"empty table", Config{}, "the grade table is empty"},
		{"no code", with(func(g []Grade) []Grade { g[1].Code = ""; return g }), "a grade has no code"},
		{"duplicate code", with(func(g []Grade) []Grade { return append(g, Grade{Code: "HEO", Rank: 9}) }), "grade HEO is listed twice"},
		{"duplicate code, other case", with(func(g []Grade) []Grade { return append(g, Grade{Code: "heo", Rank: 9}) }), "grade heo is listed twice"},
		{"duplicate rank", with(func(g []Grade) []Grade { return append(g, Grade{Code: "SCS", Rank: 3}) }), "two grades share rank 3"},
		{"bad rating", with(func(g []Grade) []Grade { g[2].MayAuthorise = "purple"; return g }), `grade HEO may_authorise "purple"`},
		{"capitalised rating", with(func(g []Grade) []Grade { g[2].MayAuthorise = "Green"; return g }), `may_authorise "Green"`},
	} {
		err := tc.cfg.Validate()
		if err == nil {
			t.Errorf("%s: Validate passed", tc.name)
			continue
		}
		wantContains(t, tc.name, err.Error(), tc.msg)
	}
}

// TestRefresherLapsed: a yearly refresher lapses when it is over a year old
// (Home Office response to ICIBI, 2015, 5.4).
func TestRefresherLapsed(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trained bool
		on, day Date
		want    bool
	}{
		{"not arrest-trained", false, Date{}, Date{2026, 11, 25}, false},
		{"not trained, old date", false, Date{2020, 1, 1}, Date{2026, 11, 25}, false},
		{"trained, none recorded", true, Date{}, Date{2026, 11, 25}, true},
		{"a day short of a year", true, Date{2025, 11, 25}, Date{2026, 11, 24}, false},
		{"exactly one year", true, Date{2025, 11, 25}, Date{2026, 11, 25}, false},
		{"one year and a day", true, Date{2025, 11, 25}, Date{2026, 11, 26}, true},
		{"same day", true, Date{2026, 11, 25}, Date{2026, 11, 25}, false},
		{"year end", true, Date{2025, 12, 31}, Date{2026, 12, 31}, false},
		{"year end plus a day", true, Date{2025, 12, 31}, Date{2027, 1, 1}, true},
		// A refresher on 29 February has its anniversary on 1 March in a
		// common year, as a birthday does in English law.
		{"29 Feb, on 28 Feb", true, Date{2024, 2, 29}, Date{2025, 2, 28}, false},
		{"29 Feb, on 1 Mar", true, Date{2024, 2, 29}, Date{2025, 3, 1}, false},
		{"29 Feb, on 2 Mar", true, Date{2024, 2, 29}, Date{2025, 3, 2}, true},
		{"into a leap year", true, Date{2027, 2, 28}, Date{2028, 2, 29}, true},
		{"into a leap year, on the day", true, Date{2027, 2, 28}, Date{2028, 2, 28}, false},
	} {
		o := Officer{ArrestTrained: tc.trained, RefresherOn: tc.on}
		if got := o.RefresherLapsed(tc.day); got != tc.want {
			t.Errorf("%s: refresher %v lapsed on %v = %v, want %v", tc.name, tc.on, tc.day, got, tc.want)
		}
	}
}

func TestOfficerLabel(t *testing.T) {
	if got := cio.Label(); got != "Dana Okafor (CIO001)" {
		t.Errorf("Label = %q", got)
	}
	if got := (Officer{StaffNo: "X12"}).Label(); got != "X12" {
		t.Errorf("Label without a name = %q", got)
	}
}

// A team is named by its code or its name; a name is never settled by
// picking one of several teams, nor the team of another name.
func TestFindTeam(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{"SLN", "SLN", ""},
		{" sln ", "SLN", ""},
		{"South London", "SLN", ""},
		{"south  london ice", "SLN", ""},
		{"South London ICE", "SLN", ""},
		{"Wales", "WWE", ""},
		{"West of England", "WWE", ""},
		{"Rapid", "RRT", ""},
		{"London", "", `"London" fits 4 teams (SLN South London ICE, WLN West London ICE, CLN Central London ICE, NEL North East London ICE)`},
		{"North East", "", `fits 2 teams (NEY North East, Yorkshire & Humber ICE, NEL North East London ICE)`},
		{"Manchester", "", `no ICE team is called "Manchester"`},
		{"ICE", "", "fits 15 teams"},
		{"", "", "choose one of the 15 ICE teams"},
	} {
		got, err := FindTeam(c.in)
		switch {
		case c.err == "" && (err != nil || string(got.Code) != c.want):
			t.Errorf("FindTeam(%q) = %s, %v; want %s", c.in, got.Code, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("FindTeam(%q) = %s, %v; want an error with %q", c.in, got.Code, err, c.err)
		}
	}
	// The profile takes the team by name as the form takes it by code.
	in := goodOfficer()
	in.Team = "South London"
	if o, err := NewOfficer(in, DefaultConfig(), t0); err != nil || o.Team != "SLN" {
		t.Fatalf("team %q: %s, %v", in.Team, o.Team, err)
	}
}
