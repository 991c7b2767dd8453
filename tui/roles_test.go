package tui_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/tui"
	"oic/tui/common"
	"oic/tui/register"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// TestRecordsClerk_RegisterKeys (issue 17, point 4): where the folder has
// an administrator, the register's X (export) and M (measures) are the
// records clerk's: a CIO without the role is told which role to ask for,
// and neither screen opens. Without an administrator, both open as
// before.
func TestRecordsClerk_RegisterKeys(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	var req domain.ExportRequest
	administered := func(o *tui.Options) { o.Config.Administered = true }
	d := tuitest.NewDriver(t, rolesApp(t, s, fakeExporter(&req), administered), 140, 30)
	d.Press("X")
	tuitest.Contains(t, d.View(), "IDN-1: exporting visits is for a records clerk: ask an administrator (oic officer role CIO001 --add clerk).")
	lacks(t, d.View(), "Format")
	d.Press("M")
	tuitest.Contains(t, d.View(), "IDN-1: counting the measures of effect is for a records clerk: ask an administrator (oic officer role CIO001 --add clerk).")
	lacks(t, d.View(), "Measures of effect")

	d = tuitest.NewDriver(t, exportApp(t, s, fakeExporter(&req)), 140, 30)
	d.Press("X")
	lacks(t, d.View(), "IDN-1")
	tuitest.Contains(t, d.View(), "Format")
	d.Press("esc", "M")
	tuitest.Contains(t, d.View(), "Measures of effect")
}

func rolesApp(t *testing.T, s domain.Store, ex domain.Exporter, with func(*tui.Options)) *tui.App {
	t.Helper()
	t.Chdir(t.TempDir())
	return apptest.App(t, s, func(o *tui.Options) { o.Export = ex }, with)
}

func lacks(t *testing.T, view, not string) {
	t.Helper()
	if strings.Contains(view, not) {
		t.Errorf("view holds %q:\n%s", not, view)
	}
}

// TestAccessLog_OpeningAVisit (issue 17, DPA 2018 s.62): each opening of
// a visit is logged once, with who, when and which, however often the
// visit is read again while it is open.
func TestAccessLog_OpeningAVisit(t *testing.T) {
	s := tuitest.Store(t)
	vs := tuitest.Seed(t, s, 3)
	d := tuitest.NewDriver(t, apptest.App(t, s), 140, 30)
	d.Press("enter")
	d.WaitFor("Visit ")
	ctx := context.Background()
	waitEntries := func(n int) []domain.AccessEntry {
		t.Helper()
		for range 200 {
			got, err := s.AccessEntries(ctx, domain.AccessFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) >= n {
				return got
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("fewer than %d access log entries", n)
		return nil
	}
	got := waitEntries(1)
	ref := got[0].Ref
	if got[0].By != tuitest.CIO.StaffNo || got[0].ByName != tuitest.CIO.Name || got[0].Action != domain.AccessOpened || !got[0].At.Equal(tuitest.Now) ||
		!slices.ContainsFunc(vs, func(v *domain.Visit) bool { return v.Ref == ref }) {
		t.Fatalf("entry %+v", got[0])
	}
	// A save reloads the visit: not another opening.
	v := tuitest.Stored(t, s, ref)
	if _, err := s.SaveVisit(ctx, v, domain.Change{Action: "touched", Actor: tuitest.CIO.StaffNo, At: tuitest.Now}); err != nil {
		t.Fatal(err)
	}
	d.Press("esc", "enter")
	d.WaitFor("Visit ")
	if got := waitEntries(2); len(got) != 2 || got[1].Ref != ref || got[1].Seq != 2 {
		t.Fatalf("entries %+v", got)
	}
}

// TestWhoSeesWhat_Register (issue 17): where the folder has an
// administrator, the register lists an officer's team's visits, a duty
// CIO's their region's; a visit of another team opened by its reference
// is refused with who may see it, and its opening is not logged. With no
// administrator, every visit is listed, as before roles.
func TestWhoSeesWhat_Register(t *testing.T) {
	s := tuitest.Store(t)
	ctx := context.Background()
	sln := tuitest.Seed(t, s, 1)[0]
	refs := inTeams(t, s, sln, "WLN", "NWE")
	wlnIO := domain.Officer{StaffNo: "IO0500", Name: "Wyn Lee", Grade: "EO", Team: "WLN"}
	wlnDuty := domain.Officer{StaffNo: "CIO500", Name: "Wren Duty", Grade: "HEO", Team: "WLN", Roles: domain.RolesOf(domain.RoleDutyCIO)}
	for _, o := range []domain.Officer{wlnIO, wlnDuty} {
		tuitest.SaveOfficer(t, s, o)
	}
	administered := func(o *tui.Options) { o.Config.Administered = true }
	for _, tc := range []struct {
		name  string
		with  []func(*tui.Options)
		shown []domain.TeamCode
	}{
		{"no administrator", []func(*tui.Options){apptest.As(wlnIO.StaffNo)}, []domain.TeamCode{"SLN", "WLN", "NWE"}},
		{"a WLN IO", []func(*tui.Options){apptest.As(wlnIO.StaffNo), administered}, []domain.TeamCode{"WLN"}},
		{"a WLN duty CIO", []func(*tui.Options){apptest.As(wlnDuty.StaffNo), administered}, []domain.TeamCode{"SLN", "WLN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tuitest.NewDriver(t, apptest.App(t, s, tc.with...), 140, 30)
			d.WaitFor(string(refs["WLN"]))
			for team, ref := range refs {
				if shown := strings.Contains(d.View(), string(ref)); shown != slices.Contains(tc.shown, team) {
					t.Errorf("%s shown %v:\n%s", ref, shown, d.View())
				}
			}
		})
	}

	before, _ := s.AccessEntries(ctx, domain.AccessFilter{})
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(wlnIO.StaffNo), administered), 140, 30)
	d.Send(common.OpenVisitMsg{Ref: refs["SLN"]})
	d.WaitFor("is a visit of South London ICE")
	tuitest.Contains(t, d.View(), string(refs["SLN"])+" is a visit of South London ICE: it is seen by that team, by the officers on it, and by the")
	lacks(t, d.View(), sln.Basics.Premises.Name)
	time.Sleep(50 * time.Millisecond)
	if after, _ := s.AccessEntries(ctx, domain.AccessFilter{}); len(after) != len(before) {
		t.Errorf("a refused opening was logged: %+v", after[len(before):])
	}
}

// TestWhoSeesWhat_Board (issue 17): where the folder has an
// administrator, today's board shows a duty CIO their region's visits
// only; with none, every team's.
func TestWhoSeesWhat_Board(t *testing.T) {
	s := tuitest.Store(t)
	today := tuitest.Seed(t, s, 3)[2] // planned 30 minutes from now
	refs := inTeams(t, s, today, "WLN", "NWE")
	duty := domain.Officer{StaffNo: "CIO500", Name: "Wren Duty", Grade: "HEO", Team: "WLN", Roles: domain.RolesOf(domain.RoleDutyCIO)}
	tuitest.SaveOfficer(t, s, duty)
	board := func(o *tui.Options) { o.Board = true }
	administered := func(o *tui.Options) { o.Config.Administered = true }
	for _, tc := range []struct {
		name    string
		with    []func(*tui.Options)
		shown   []domain.TeamCode
		showing string
	}{
		{"no administrator", []func(*tui.Options){board, apptest.As(duty.StaffNo)}, []domain.TeamCode{"SLN", "WLN", "NWE"}, "showing every team"},
		{"a South duty CIO", []func(*tui.Options){board, apptest.As(duty.StaffNo), administered}, []domain.TeamCode{"SLN", "WLN"}, "showing the visits of the South region's teams"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tuitest.NewDriver(t, apptest.App(t, s, tc.with...), 140, 40)
			d.WaitFor(string(refs["WLN"]))
			tuitest.Contains(t, d.View(), tc.showing)
			for team, ref := range refs {
				if shown := strings.Contains(d.View(), string(ref)); shown != slices.Contains(tc.shown, team) {
					t.Errorf("%s shown %v:\n%s", ref, shown, d.View())
				}
			}
			if tc.name != "a South duty CIO" {
				return
			}
			// t and r step through what they see, never to a team or
			// region whose visits they may not see.
			var south []domain.Team
			for _, tm := range domain.Teams {
				if tm.Region == "South" {
					south = append(south, tm)
				}
			}
			for _, tm := range south {
				d.Press("t")
				tuitest.Contains(t, d.View(), "showing "+tm.Name+" ("+string(tm.Code)+")")
			}
			d.Press("t")
			tuitest.Contains(t, d.View(), tc.showing)
			d.Press("r")
			tuitest.Contains(t, d.View(), "showing the South region")
			d.Press("r")
			tuitest.Contains(t, d.View(), tc.showing)
		})
	}
}

// TestProfileEditKeepsRoles (issue 17): an officer who edits their own
// profile keeps the roles an administrator gave and, their grade
// unchanged, its confirmation: the form knows nothing of them.
func TestProfileEditKeepsRoles(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	o := tuitest.CIO
	o.Roles = domain.RolesOf(domain.RoleDutyCIO, domain.RoleClerk)
	o.GradeConfirmedBy = domain.GradeConfirmation{Grade: o.Grade, Stamp: domain.Stamp{By: "AD0001", ByName: "Ada Boss", At: tuitest.Now}}
	tuitest.SaveOfficer(t, s, o)
	d := tuitest.NewDriver(t, apptest.App(t, s), 100, 30)
	d.Press("p", "tab", "ctrl+u", "Dana Okafor-Reid", "ctrl+s")
	d.WaitFor("Profile saved")
	got, err := s.Officer(context.Background(), o.StaffNo)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Dana Okafor-Reid" || got.Roles != o.Roles || !got.GradeConfirmed() {
		t.Fatalf("after the edit: %+v", got)
	}
}

// TestProfileShowsRoles (issue 17): where the folder has an
// administrator, the officer's profile says their roles and whether their
// grade is confirmed; where it has none, nothing of roles.
func TestProfileShowsRoles(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 1)
	administered := func(o *tui.Options) { o.Config.Administered = true }
	d := tuitest.NewDriver(t, apptest.App(t, s, administered), 140, 30)
	d.Press("p")
	tuitest.Contains(t, d.View(), "Your roles: officer (an",
		"administrator gives them); your grade HEO is not yet confirmed by an administrator, so it authorises and assures nothing: ask one to run",
		"oic officer confirm-grade CIO001.")
	d = tuitest.NewDriver(t, apptest.App(t, s), 140, 30)
	d.Press("p")
	lacks(t, d.View(), "Your roles")
}

// inTeams stores a visit like v for each of teams, and returns the
// references of v and of each, by team.
func inTeams(t *testing.T, s domain.Store, v *domain.Visit, teams ...domain.TeamCode) map[domain.TeamCode]domain.Ref {
	t.Helper()
	refs := map[domain.TeamCode]domain.Ref{v.Basics.Team: v.Ref}
	for _, team := range teams {
		b := v.Basics
		b.Team = team
		nv, c, err := domain.NewVisit(b, tuitest.CIO, tuitest.Now.AddDate(0, 0, -7))
		if err != nil {
			t.Fatal(err)
		}
		if nv, err = s.CreateVisit(context.Background(), nv, c); err != nil {
			t.Fatal(err)
		}
		refs[team] = nv.Ref
	}
	return refs
}

// TestWhoSeesWhat_SharedIndex (issue 17): two sessions' registers over
// one index, an administrator's and a WLN IO's, follow a save and a new
// visit of another team from the feed: the administrator's shows both,
// the IO's neither, and counts only the visits the IO sees.
func TestWhoSeesWhat_SharedIndex(t *testing.T) {
	s := tuitest.Store(t)
	sln := tuitest.Seed(t, s, 1)[0]
	refs := inTeams(t, s, sln, "WLN")
	wlnIO := domain.Officer{StaffNo: "IO0500", Name: "Wyn Lee", Grade: "EO", Team: "WLN"}
	admin := domain.Officer{StaffNo: "AD0001", Name: "Ada Boss", Grade: "G7", Team: "SLN", Roles: domain.RolesOf(domain.RoleAdmin)}
	for _, o := range []domain.Officer{wlnIO, admin} {
		tuitest.SaveOfficer(t, s, o)
	}
	index := register.NewIndex(s)
	shared := func(o *tui.Options) { o.Config.Administered, o.Register = true, index }
	io := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(wlnIO.StaffNo), shared), 140, 30)
	ad := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(admin.StaffNo), shared), 140, 30)
	io.WaitFor("1 visit")
	ad.WaitFor("2 visits")

	tuitest.Rename(t, s, sln.Ref, "Renamed Car Wash", admin, tuitest.Now)
	more := inTeams(t, s, sln, "NWE")["NWE"]
	ad.WaitFor("Renamed Car Wash")
	ad.WaitFor(string(more))
	ad.WaitFor("3 visits")
	// A change the IO sees, last: once it shows, the ones before it have
	// reached the IO's register too.
	tuitest.Rename(t, s, refs["WLN"], "Wembley Valeting", admin, tuitest.Now)
	io.WaitFor("Wembley Valeting")
	tuitest.Contains(t, io.View(), "1 visit")
	for _, not := range []string{"Renamed Car Wash", string(sln.Ref), string(more)} {
		lacks(t, io.View(), not)
	}
	tuitest.Contains(t, io.View(), string(refs["WLN"]))
}

// TestWhoSeesWhat_VisitsTakenPartIn (issue 17): an officer's register
// lists, beside their team's visits, those of other teams they are on
// the roster of; taken off one, it goes from their register as the save
// arrives, and put on another, it comes.
func TestWhoSeesWhat_VisitsTakenPartIn(t *testing.T) {
	s := tuitest.Store(t)
	sln := tuitest.Seed(t, s, 1)[0]
	refs := inTeams(t, s, sln, "WLN", "NWE")
	wlnIO := domain.Officer{StaffNo: "IO0500", Name: "Wyn Lee", Grade: "EO", Team: "WLN", ArrestTrained: true}
	tuitest.SaveOfficer(t, s, wlnIO)
	roster := func(ref domain.Ref, on bool) {
		t.Helper()
		v := tuitest.Stored(t, s, ref)
		var c domain.Change
		var err error
		if on {
			c, err = v.AddToRoster(domain.RosterEntry{StaffNo: wlnIO.StaffNo, Name: wlnIO.Name, Role: "arrest team", Grade: wlnIO.Grade, ArrestTrained: true}, tuitest.CIO, tuitest.Now)
		} else {
			c, err = v.RemoveFromRoster(wlnIO.StaffNo, "needed elsewhere", tuitest.CIO, tuitest.Now)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveVisit(context.Background(), v, c); err != nil {
			t.Fatal(err)
		}
	}
	roster(refs["SLN"], true)
	d := tuitest.NewDriver(t, apptest.App(t, s, apptest.As(wlnIO.StaffNo), func(o *tui.Options) { o.Config.Administered = true }), 140, 30)
	d.WaitFor("2 visits")
	tuitest.Contains(t, d.View(), string(refs["SLN"]))
	tuitest.Contains(t, d.View(), string(refs["WLN"]))
	lacks(t, d.View(), string(refs["NWE"]))

	roster(refs["SLN"], false)
	roster(refs["NWE"], true)
	d.WaitFor(string(refs["NWE"]))
	d.WaitFor("2 visits")
	lacks(t, d.View(), string(refs["SLN"]))
}
