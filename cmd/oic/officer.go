package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"oic/domain"
	"oic/store"
)

const officerUsage = "add|list|show|role|confirm-grade|key ..."

// The sub-commands of oic officer, each with its own flags.
const (
	officerAddUsage  = "add --staff-no STAFFNO --name NAME --grade GRADE --team TEAM [--arrest-trained [--refresher DATE]] [--role ROLE]..."
	officerListUsage = "list [--json]"
	officerShowUsage = "show STAFFNO [--json]"
)

// officerClock is when a profile is added; tests stand still.
var officerClock = time.Now

// runOfficer adds, lists and shows officer profiles without the terminal
// UI, so that a records folder can take a profile for the clerk who
// imports and exports, and a script can see who is on this computer.
func runOfficer(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "oic officer: say what to do: add, list, show, role, confirm-grade or key\n%s", officerUsageText())
		return errUsage
	}
	switch args[0] {
	case "add":
		return officerAdd(ctx, g, args[1:], stdout, stderr)
	case "list":
		return officerList(ctx, g, args[1:], stdout, stderr)
	case "show":
		return officerShow(ctx, g, args[1:], stdout, stderr)
	case "key":
		return runOfficerKey(ctx, g, args[1:], stdout, stderr)
	case "role":
		return officerRole(ctx, g, args[1:], stdout, stderr)
	case "confirm-grade":
		return officerConfirmGrade(ctx, g, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, officerUsageText())
		return nil
	}
	fmt.Fprintf(stderr, "oic officer: %q is not one of add, list, show, role, confirm-grade or key\n%s", args[0], officerUsageText())
	return errUsage
}

func officerUsageText() string {
	return "Usage:\n  oic officer " + officerAddUsage + "\n  oic officer " + officerListUsage + "\n  oic officer " + officerShowUsage +
		"\n  oic officer " + officerRoleUsage + "\n  oic officer " + officerConfirmUsage + "\n" + officerKeyUsageText()[len("Usage:\n"):]
}

// officerFlags names the flag that gives each field of the profile, so a
// refusal points at what to change on the command line.
var officerFlags = map[string]string{
	domain.FieldStaffNo: "--staff-no", domain.FieldName: "--name", domain.FieldGrade: "--grade",
	domain.FieldTeam: "--team", domain.FieldArrest: "--arrest-trained", domain.FieldRefresherOn: "--refresher",
}

// officerAdd adds a profile with the checks of the TUI's profile form
// (domain.NewOfficer): nothing is saved unless every field is right, and
// a staff number that already has a profile is refused, never replaced.
func officerAdd(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("officer add", stderr)
	staffNo := fs.String("staff-no", "", "the officer's staff `number`, letters and digits as on their pass")
	name := fs.String("name", "", "their `name` as it should appear on records")
	grade := fs.String("grade", "", "their `grade`: its code (EO, HEO, SEO, G7...) or title (IO, CIO, HMI...)")
	team := fs.String("team", "", "their ICE `team`: its code (SLN) or name (South London)")
	arrest := fs.Bool("arrest-trained", false, "they are arrest-trained")
	refresher := fs.String("refresher", "", "`date` of their last yearly arrest refresher, as 14/03/2026 (with --arrest-trained)")
	var roles roleList
	fs.Var(&roles, "role", "a `role` to give: duty-cio, clerk or admin (repeat, or a list as clerk,admin); for an administrator, or to make the folder's first")
	if err := parseFlags(fs, args, stdout, officerAddUsage[len("add "):]); err != nil {
		return err
	}
	// The profile is checked before the store is opened: a refusal
	// leaves no new data folder behind.
	dir, err := g.dir()
	if err != nil {
		return err
	}
	cfg, err := loadConfig(dir)
	if err != nil {
		return err
	}
	o, err := domain.NewOfficer(domain.OfficerInput{
		StaffNo: *staffNo, Name: *name, Grade: gradeCode(cfg, *grade), Team: *team, ArrestTrained: *arrest, RefresherOn: *refresher,
	}, cfg, officerClock())
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve {
			fmt.Fprintf(stderr, "oic officer add: %s: %s\n", officerFlags[fe.Field], ve.For(fe.Field))
		}
		fmt.Fprintf(stderr, "Nothing was saved.\nUsage: oic officer %s\n", officerAddUsage)
		return errUsage
	}
	if err != nil {
		return err
	}
	// The folder's configuration as opening it leaves it: whether it has
	// an administrator (roles) is worked out there.
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	switch old, err := s.Officer(ctx, o.StaffNo); {
	case err == nil:
		return fmt.Errorf("%s already has a profile in %s (%s, %s, %s); nothing was saved. oic officer show %s shows it", o.StaffNo, s.Dir(), old.Name, old.Grade, old.Team, o.StaffNo)
	case !errors.Is(err, domain.ErrNotFound):
		return err
	}
	by, err := profileAdder(ctx, g, s, o)
	if err != nil {
		return err
	}
	if by.StaffNo != o.StaffNo { // the profile's first entry names them
		if err := recordsAs(ctx, g, s, by, cfg.Location(), stderr); err != nil {
			return err
		}
	}
	c, first, err := addedAccess(ctx, g, s, cfg, &o, by, roles)
	if err != nil {
		return err
	}
	if err := s.SaveOfficer(ctx, o, c); err != nil {
		return err
	}
	g2, _ := cfg.Grade(o.Grade)
	fmt.Fprintf(stdout, "Added %s, %s, %s, to %s.\n", o.Label(), g2.Label(), o.Team, s.Dir())
	if len(roles) > 0 {
		fmt.Fprintf(stdout, "Roles: %s.\n", o.RolesText())
	}
	if first {
		firstAdminNote(ctx, s, o, stdout)
	}
	// As on oic's first run: a folder where nobody has signed in takes
	// the first officer it is given, so a records clerk can import and
	// export straight away.
	if cur, err := s.SignedIn(ctx); err == nil && cur == "" && g.as == "" {
		if err := s.SetSignedIn(ctx, o.StaffNo); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Signed in as %s: nobody had signed in to this folder. --as STAFFNO acts as someone else.\n", o.Label())
	}
	return nil
}

// profileAdder is who a new profile's first audit entry names: the
// officer signed in (or --as), or, where nobody is, the officer added,
// as on oic's first run. An --as with no profile here may add only
// their own.
func profileAdder(ctx context.Context, g *globals, s *store.Store, o domain.Officer) (domain.Officer, error) {
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return by, err
	}
	switch {
	case by.StaffNo == "" || by.StaffNo == o.StaffNo:
		return o, nil
	case by.Name == string(by.StaffNo) && g.as != "":
		if _, err := s.Officer(ctx, by.StaffNo); errors.Is(err, domain.ErrNotFound) {
			return by, fmt.Errorf("--as %s: no profile in %s, so nobody could say who added %s; add your own profile first (oic officer add --staff-no %s ...), or leave --as off", by.StaffNo, s.Dir(), o.StaffNo, by.StaffNo)
		}
	}
	return by, nil
}

// gradeCode is the code of the grade s names by code or by title ("CIO"
// is HEO), or s as it is, for NewOfficer to refuse with the codes.
func gradeCode(cfg domain.Config, s string) string {
	s = strings.TrimSpace(s)
	if _, ok := cfg.Grade(s); ok {
		return s
	}
	for _, g := range cfg.Grades {
		if strings.EqualFold(g.Title, s) {
			return g.Code
		}
	}
	return s
}

// officerList prints every profile on this computer, one a line as
// STAFFNO<TAB>name<TAB>grade<TAB>team<TAB>arrest-trained<TAB>refresher,
// or a JSON array with --json. A profile changed outside oic is named on
// stderr, left out, and makes the exit status 1.
func officerList(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("officer list", stderr)
	asJSON := fs.Bool("json", false, "print the profiles as a JSON array")
	if err := parseFlags(fs, args, stdout, officerListUsage[len("list "):]); err != nil {
		return err
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	officers, err := s.ListOfficers(ctx)
	var re *domain.RecordError
	if err != nil && !errors.As(err, &re) {
		return err
	}
	if *asJSON {
		if officers == nil {
			officers = []domain.Officer{}
		}
		if err := encodeJSON(stdout, officers); err != nil {
			return err
		}
	} else {
		for _, o := range officers {
			gr, _ := cfg.Grade(o.Grade)
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", o.StaffNo, oneLine(o.Name), gr.Label(), o.Team, yesNo(o.ArrestTrained), o.RefresherOn.UK())
		}
	}
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, "oic officer list:", line)
		}
		return &exitError{Code: 1}
	}
	if len(officers) == 0 && !*asJSON {
		fmt.Fprintf(stderr, "oic officer list: no officer profiles in %s; oic officer add adds one\n", s.Dir())
	}
	return nil
}

// officerShow prints one profile and its audit trail: who added or
// changed it, when, and what changed.
func officerShow(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("officer show", stderr)
	asJSON := fs.Bool("json", false, "print {\"officer\", \"audit\"} as JSON")
	rest, err := parseWithArgs(fs, args, stdout, officerShowUsage[len("show "):])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintf(stderr, "oic officer show: give one staff number, like IO0042\nUsage: oic officer %s\n", officerShowUsage)
		return errUsage
	}
	sn, err := domain.ParseStaffNo(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "oic officer show: %q: %v\n", rest[0], err)
		return errUsage
	}
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	o, err := s.Officer(ctx, sn)
	if errors.Is(err, domain.ErrNotFound) {
		return fmt.Errorf("no officer %s in %s; oic officer list lists those there are", sn, s.Dir())
	}
	if err != nil {
		return err // changed outside oic: not shown as if it were sound
	}
	trail, err := s.OfficerAudit(ctx, sn)
	if err != nil {
		return err
	}
	if err := domain.VerifyChain(trail); err != nil {
		return fmt.Errorf("officer %s: its audit trail is broken: %v; report it, and restore the data folder from a backup (oic verify lists every such record)", sn, err)
	}
	if *asJSON {
		return encodeJSON(stdout, struct {
			Officer domain.Officer      `json:"officer"`
			Audit   []domain.AuditEntry `json:"audit"`
		}{o, trail})
	}
	gr, _ := cfg.Grade(o.Grade)
	team := string(o.Team)
	if t, ok := domain.TeamByCode(o.Team); ok {
		team += " (" + t.Name + ")"
	}
	refresher := "none recorded"
	if !o.RefresherOn.IsZero() {
		refresher = o.RefresherOn.UK()
	}
	fmt.Fprintf(stdout, "Staff number\t%s\nName\t%s\nGrade\t%s\nTeam\t%s\nArrest-trained\t%s\n", o.StaffNo, oneLine(o.Name), gr.Label(), team, yesNo(o.ArrestTrained))
	if o.ArrestTrained {
		fmt.Fprintf(stdout, "Last refresher\t%s\n", refresher)
	}
	confirmed := "not yet, by an administrator (oic officer confirm-grade " + string(o.StaffNo) + ")"
	if o.GradeConfirmed() {
		confirmed = o.GradeConfirmedBy.Label(cfg.Location())
	}
	fmt.Fprintf(stdout, "Roles\t%s\nGrade confirmed\t%s\n", o.RolesText(), confirmed)
	fmt.Fprintln(stdout, "\nAudit trail:")
	for _, e := range trail {
		c := e.Change
		line := fmt.Sprintf("%d\t%s\t%s\tby %s", e.Seq, c.At.In(cfg.Location()).Format(domain.DateTimeLayout), c.Action, domain.Officer{StaffNo: c.Actor, Name: c.ActorName}.Label())
		var fields []string
		for _, f := range c.Fields {
			fields = append(fields, fmt.Sprintf("%s: %s → %s", f.Field, orDash(f.Old), orDash(f.New)))
		}
		if len(fields) > 0 {
			line += "\t" + strings.Join(fields, "; ")
		}
		fmt.Fprintln(stdout, line)
	}
	return nil
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
