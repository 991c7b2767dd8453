package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"oic/domain"
	"oic/store"
)

// The sub-commands that give roles and confirm grades (IDN-1).
const (
	officerRoleUsage    = "role STAFFNO [--add ROLE]... [--remove ROLE]..."
	officerConfirmUsage = "confirm-grade STAFFNO"
)

// administered reports whether the folder has an administrator, which
// switches roles on (domain.Config.Administered). A profile changed
// outside oic is left out, as everywhere: it gives nobody a role.
func administered(s *store.Store) bool {
	officers, _ := s.ListOfficers(context.Background())
	return domain.Administered(officers)
}

// roleList is a repeatable flag of roles: --role clerk --role admin, or
// --role clerk,admin.
type roleList []domain.Role

func (l *roleList) String() string { return fmt.Sprint(*l) }
func (l *roleList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		r, err := domain.ParseRole(part)
		if err != nil {
			return err
		}
		*l = append(*l, r)
	}
	return nil
}

// actingAdmin is the officer who changes roles or grades: the one signed
// in (or --as), who must be an administrator. In a folder with no
// administrator, whoever has the folder may make the first one
// (makesAdmin), and nothing else: by is then the officer signed in, or
// none.
func actingAdmin(ctx context.Context, g *globals, s *store.Store, cfg domain.Config, makesAdmin bool) (domain.Officer, error) {
	if !cfg.Administered {
		if !makesAdmin {
			return domain.Officer{}, fmt.Errorf("%s has no administrator yet, so roles and confirmed grades do not apply there: make the first one with oic officer role STAFFNO --add admin (whoever has the folder may); nothing was changed", s.Dir())
		}
		return signedIn(ctx, g, s, false)
	}
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return by, err
	}
	if by.StaffNo == "" {
		return by, fmt.Errorf("nobody is signed in on %s, and changing roles and grades is for an administrator: pass --as STAFFNO (yours, an administrator's); nothing was changed", s.Dir())
	}
	if err := cfg.May(by, domain.ActAdminister); err != nil {
		return by, fmt.Errorf("%w; nothing was changed", err)
	}
	return by, nil
}

// officerRole gives and takes away roles (oic officer role STAFFNO --add
// clerk --remove duty-cio), each change on the profile's audit trail.
func officerRole(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("officer role", stderr)
	var add, remove roleList
	fs.Var(&add, "add", "a `role` to give: duty-cio, clerk or admin (repeat, or a list as clerk,admin)")
	fs.Var(&remove, "remove", "a `role` to take away")
	sn, err := officerArg(fs, args, stdout, stderr, officerRoleUsage)
	if err != nil {
		return err
	}
	if len(add)+len(remove) == 0 {
		fmt.Fprintf(stderr, "oic officer role: say which roles to give (--add) or take away (--remove)\nUsage: oic officer %s\n", officerRoleUsage)
		return errUsage
	}
	return changeProfile(ctx, g, sn, slices.Contains(add, domain.RoleAdmin), func(s *store.Store, cfg domain.Config, o *domain.Officer, by domain.Officer) (domain.Change, error) {
		first := !cfg.Administered
		if by.StaffNo == "" {
			by = *o // the host made the first administrator, as on first run
		}
		c, err := cfg.ChangeRoles(o, add, remove, by, officerClock())
		if err != nil {
			return c, err
		}
		if first && !o.GradeConfirmed() {
			// The first administrator's word on their own grade is the
			// only one there is; after them, an administrator confirms
			// others'.
			cc, _ := domain.ConfirmGrade(o, *o, officerClock())
			c.Fields = append(c.Fields, cc.Fields...)
			c.Reason = "the first administrator of the folder, made by whoever had it"
		}
		return c, nil
	}, func(s *store.Store, cfg domain.Config, o, _ domain.Officer) {
		fmt.Fprintf(stdout, "%s now has the roles: %s.\n", o.Label(), o.RolesText())
		if !cfg.Administered {
			firstAdminNote(ctx, s, o, stdout)
		}
	})
}

// officerConfirmGrade records an administrator's word that an officer
// holds the grade on their profile: until then, where the folder has an
// administrator, it authorises nothing (EPA-2).
func officerConfirmGrade(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("officer confirm-grade", stderr)
	sn, err := officerArg(fs, args, stdout, stderr, officerConfirmUsage)
	if err != nil {
		return err
	}
	return changeProfile(ctx, g, sn, false, func(_ *store.Store, _ domain.Config, o *domain.Officer, by domain.Officer) (domain.Change, error) {
		return domain.ConfirmGrade(o, by, officerClock())
	}, func(_ *store.Store, cfg domain.Config, o, by domain.Officer) {
		gr, _ := cfg.Grade(o.Grade)
		fmt.Fprintf(stdout, "The grade of %s, %s, is confirmed by %s.\n", o.Label(), gr.Label(), by.Label())
	})
}

// changeProfile is what an administrator's change of a profile does:
// open the folder, read sn's profile and who acts (actingAdmin; the
// folder's first administrator if addsAdmin), make the change and save
// it with its audit entry, then say so (done). A refusal changes
// nothing.
func changeProfile(ctx context.Context, g *globals, sn domain.StaffNo, addsAdmin bool,
	change func(s *store.Store, cfg domain.Config, o *domain.Officer, by domain.Officer) (domain.Change, error),
	done func(s *store.Store, cfg domain.Config, o, by domain.Officer)) error {
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	o, err := profileOf(ctx, s, sn)
	if err != nil {
		return err
	}
	by, err := actingAdmin(ctx, g, s, cfg, !cfg.Administered && addsAdmin)
	if err != nil {
		return err
	}
	if by.StaffNo != "" { // the profile's trail names them (IDN-1)
		if err := recordsAs(ctx, g, s, by, cfg.Location(), g.stderr); err != nil {
			return err
		}
	}
	c, err := change(s, cfg, &o, by)
	if err != nil {
		return fmt.Errorf("%w; nothing was changed", err)
	}
	if err := s.SaveOfficer(ctx, o, c); err != nil {
		return err
	}
	done(s, cfg, o, by)
	return nil
}

// firstAdminNote says what changed when the folder's first administrator
// was made: roles now apply, and whose grades wait to be confirmed.
func firstAdminNote(ctx context.Context, s *store.Store, admin domain.Officer, stdout io.Writer) {
	fmt.Fprintf(stdout, "%s is the first administrator of %s: roles now apply there. Exports, imports and measures need the clerk role, assurance the duty-cio role, and a grade authorises only once an administrator confirms it.\n", admin.Label(), s.Dir())
	officers, _ := s.ListOfficers(ctx)
	var waiting []string
	for _, o := range officers {
		if o.StaffNo != admin.StaffNo && !o.GradeConfirmed() {
			waiting = append(waiting, string(o.StaffNo))
		}
	}
	if len(waiting) > 0 {
		fmt.Fprintf(stdout, "Grades not yet confirmed (%d): %s. For each: oic officer confirm-grade STAFFNO --as %s\n", len(waiting), strings.Join(waiting, ", "), admin.StaffNo)
	}
}

// officerArg parses a sub-command's flags and its one staff number.
func officerArg(f *flag.FlagSet, args []string, stdout, stderr io.Writer, usage string) (domain.StaffNo, error) {
	rest, err := parseWithArgs(f, args, stdout, usage[strings.IndexByte(usage, ' ')+1:])
	if err != nil {
		return "", err
	}
	if len(rest) != 1 {
		fmt.Fprintf(stderr, "oic %s: give one staff number, like IO0042\nUsage: oic officer %s\n", f.Name(), usage)
		return "", errUsage
	}
	sn, err := domain.ParseStaffNo(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "oic %s: %q: %v\n", f.Name(), rest[0], err)
		return "", errUsage
	}
	return sn, nil
}

// profileOf reads sn's profile to change it: one changed outside oic is
// not changed further.
func profileOf(ctx context.Context, s *store.Store, sn domain.StaffNo) (domain.Officer, error) {
	o, err := s.Officer(ctx, sn)
	if errors.Is(err, domain.ErrNotFound) {
		return o, fmt.Errorf("no officer %s in %s; oic officer list lists those there are, oic officer add adds one", sn, s.Dir())
	}
	return o, err
}

// addedAccess gives a profile being added its roles and, where an
// administrator adds it, its grade's confirmation, and returns its first
// audit entry. Where the folder has an administrator, only one adds
// another's profile or gives roles; an officer adding their own gets
// none, and a grade not yet confirmed. Where it has none, whoever has
// the folder may add the first administrator (first), whose grade is
// taken as they give it.
func addedAccess(ctx context.Context, g *globals, s *store.Store, cfg domain.Config, o *domain.Officer, by domain.Officer, roles roleList) (c domain.Change, first bool, err error) {
	self := by.StaffNo == o.StaffNo
	if cfg.Administered && (len(roles) > 0 || !self) {
		if by, err = actingAdmin(ctx, g, s, cfg, false); err != nil {
			if self || by.StaffNo == "" {
				err = fmt.Errorf("%s has an administrator, so only one gives roles; add the profile without --role, and ask one (oic officer role %s --add ROLE --as THEIR-STAFFNO); nothing was saved", s.Dir(), o.StaffNo)
			}
			return c, false, err
		}
	}
	if !cfg.Administered && len(roles) > 0 && !slices.Contains(roles, domain.RoleAdmin) {
		return c, false, fmt.Errorf("%s has no administrator yet, so roles do not apply there: make the first one (--role admin) before giving others; nothing was saved", s.Dir())
	}
	c = domain.ProfileChange(nil, *o, by, o.UpdatedAt)
	if len(roles) > 0 {
		rc, err := cfg.ChangeRoles(o, roles, nil, by, o.UpdatedAt)
		if err != nil {
			return c, false, fmt.Errorf("%w; nothing was saved", err)
		}
		c.Fields = append(c.Fields, rc.Fields...)
	}
	first = !cfg.Administered && o.Has(domain.RoleAdmin)
	switch {
	case first:
		// The first administrator's word on their own grade is the
		// only one there is; after them, an administrator confirms.
		cc, _ := domain.ConfirmGrade(o, *o, o.UpdatedAt)
		c.Fields = append(c.Fields, cc.Fields...)
	case cfg.Administered && !self:
		cc, _ := domain.ConfirmGrade(o, by, o.UpdatedAt)
		c.Fields = append(c.Fields, cc.Fields...)
	}
	if first {
		c.Reason = "the first administrator of the folder, made by whoever had it"
	}
	return c, first, nil
}

// mayAs is the officer signed in (or --as), if they may do a where the
// folder has an administrator (domain.Config.May); where it has none,
// whoever is signed in, or nobody, may, as before roles.
func mayAs(ctx context.Context, g *globals, s *store.Store, cfg domain.Config, a domain.Action) (domain.Officer, error) {
	by, err := signedIn(ctx, g, s, false)
	if err != nil || !cfg.Administered {
		return by, err
	}
	if by.StaffNo == "" {
		return by, fmt.Errorf("nobody is signed in on %s, and %s has an administrator, so roles apply: pass --as STAFFNO (yours)", s.Dir(), s.Dir())
	}
	return by, cfg.May(by, a)
}

// maySee refuses a visit to the officer signed in (or --as) who may not
// see it, where the folder has an administrator (who sees what, issue
// 17), as the visit screen does a visit opened by its reference.
func maySee(ctx context.Context, g *globals, s *store.Store, cfg domain.Config, v *domain.Visit) error {
	if !cfg.Administered {
		return nil
	}
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return err
	}
	if by.StaffNo == "" {
		return fmt.Errorf("nobody is signed in on %s, and who may see %s depends on who asks: pass --as STAFFNO (yours)", s.Dir(), v.Ref)
	}
	return cfg.MaySee(by, v)
}
