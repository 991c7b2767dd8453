package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// profileIn reads sn's profile and trail from dir, the folder closed.
func profileIn(t *testing.T, dir string, sn domain.StaffNo) (domain.Officer, []domain.AuditEntry) {
	t.Helper()
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, err := s.Officer(context.Background(), sn)
	if err != nil {
		t.Fatal(err)
	}
	trail, err := s.OfficerAudit(context.Background(), sn)
	if err != nil {
		t.Fatal(err)
	}
	return o, trail
}

// addOfficer adds a profile with oic officer add, failing the test if
// it is refused.
func addOfficer(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, stdout, stderr := runOIC(t, context.Background(), append([]string{"officer", "add", "--data-dir", dir}, args...)...)
	if code != 0 {
		t.Fatalf("officer add %v: exit %d: %s%s", args, code, stdout, stderr)
	}
	return stdout
}

// TestOfficerRole_FirstAdministrator (IDN-1): a folder with no
// administrator takes its first from whoever has it, and says what now
// applies and whose grades wait; after that only an administrator gives
// roles and confirms grades, each change on the profile's trail, and a
// refusal changes nothing.
func TestOfficerRole_FirstAdministrator(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	addOfficer(t, dir, "--staff-no", "IO0042", "--name", "Sam Patel", "--grade", "IO", "--team", "SLN")
	addOfficer(t, dir, "--staff-no", "CIO001", "--name", "Dana Okafor", "--grade", "CIO", "--team", "SLN")

	// No administrator: roles other than the first administrator's are refused.
	code, _, stderr := runOIC(t, ctx, "officer", "role", "CIO001", "--add", "duty-cio", "--data-dir", dir)
	if code != 1 || !strings.Contains(stderr, "has no administrator yet, so roles and confirmed grades do not apply there: make the first one with oic officer role STAFFNO --add admin") {
		t.Fatalf("a role with no administrator: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "add", "--data-dir", dir, "--staff-no", "CR0001", "--name", "Cara Reid", "--grade", "EO", "--team", "SLN", "--role", "clerk"); code != 1 || !strings.Contains(stderr, "make the first one (--role admin) before giving others; nothing was saved") {
		t.Fatalf("a clerk before an administrator: exit %d: %s", code, stderr)
	}

	out := addOfficer(t, dir, "--staff-no", "AD0001", "--name", "Ada Boss", "--grade", "G7", "--team", "SLN", "--role", "admin")
	for _, want := range []string{"Roles: administrator.", "Ada Boss (AD0001) is the first administrator of " + dir + ": roles now apply there",
		"Grades not yet confirmed (2): CIO001, IO0042. For each: oic officer confirm-grade STAFFNO --as AD0001"} {
		if !strings.Contains(out, want) {
			t.Errorf("officer add said %q\nwant %q", out, want)
		}
	}
	if o, trail := profileIn(t, dir, "AD0001"); !o.Has(domain.RoleAdmin) || !o.GradeConfirmed() || o.GradeConfirmedBy.By != "AD0001" || !strings.Contains(trail[0].Change.Reason, "first administrator") {
		t.Fatalf("the first administrator: %+v, %+v", o, trail)
	}

	// IO0042, signed in on this folder since it was first, is no administrator.
	code, _, stderr = runOIC(t, ctx, "officer", "role", "CIO001", "--add", "duty-cio", "--data-dir", dir)
	if code != 1 || !strings.Contains(stderr, "IDN-1: changing officers' roles, grades and keys is for an administrator; Sam Patel (IO0042) is not one") || !strings.Contains(stderr, "nothing was changed") {
		t.Fatalf("a role given by an IO: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "confirm-grade", "CIO001", "--data-dir", dir, "--as", "CIO001"); code != 1 || !strings.Contains(stderr, "is for an administrator; Dana Okafor (CIO001) is not one") {
		t.Fatalf("a grade confirmed by its officer: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "add", "--data-dir", dir, "--staff-no", "CR0001", "--name", "Cara Reid", "--grade", "EO", "--team", "SLN", "--role", "admin", "--as", "IO0042"); code != 1 || !strings.Contains(stderr, "is for an administrator; Sam Patel (IO0042) is not one") {
		t.Fatalf("an administrator made by an IO: exit %d: %s", code, stderr)
	}
	if o, trail := profileIn(t, dir, "CIO001"); o.Roles != 0 || o.GradeConfirmed() || len(trail) != 1 {
		t.Fatalf("a refusal changed the profile: %+v, %d entries", o, len(trail))
	}

	// The administrator gives the role and confirms the grade.
	if code, stdout, stderr := runOIC(t, ctx, "officer", "role", "CIO001", "--add", "duty-cio", "--add", "clerk", "--data-dir", dir, "--as", "AD0001"); code != 0 || !strings.Contains(stdout, "Dana Okafor (CIO001) now has the roles: duty CIO, records clerk.") {
		t.Fatalf("role: exit %d: %s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runOIC(t, ctx, "officer", "confirm-grade", "CIO001", "--data-dir", dir, "--as", "AD0001"); code != 0 || !strings.Contains(stdout, "The grade of Dana Okafor (CIO001), CIO (HEO), is confirmed by Ada Boss (AD0001).") {
		t.Fatalf("confirm-grade: exit %d: %s%s", code, stdout, stderr)
	}
	o, trail := profileIn(t, dir, "CIO001")
	if !o.Has(domain.RoleDutyCIO) || !o.Has(domain.RoleClerk) || !o.GradeConfirmed() || len(trail) != 3 ||
		trail[1].Change.Action != "roles changed" || trail[1].Change.Actor != "AD0001" || trail[2].Change.Action != "grade confirmed" {
		t.Fatalf("after: %+v, %+v", o, trail)
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "role", "IO0042", "--add", "duty-cio", "--data-dir", dir, "--as", "AD0001"); code != 1 || !strings.Contains(stderr, "ASR-2: the duty CIO role is for a CIO (HEO) or above; Sam Patel (IO0042) is grade EO") {
		t.Fatalf("duty CIO to an IO: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "role", "AD0001", "--remove", "admin", "--data-dir", dir, "--as", "AD0001"); code != 1 || !strings.Contains(stderr, "may not take away your own administrator role") {
		t.Fatalf("own role taken away: exit %d: %s", code, stderr)
	}
	// A grade an officer edits is no longer the one confirmed.
	if code, stdout, _ := runOIC(t, ctx, "officer", "show", "AD0001", "--data-dir", dir); code != 0 || !strings.Contains(stdout, "Roles\tadministrator\n") || !strings.Contains(stdout, "Grade confirmed\tAda Boss (AD0001) at") {
		t.Errorf("show: %s", stdout)
	}
	if code, stdout, _ := runOIC(t, ctx, "officer", "show", "IO0042", "--data-dir", dir); code != 0 || !strings.Contains(stdout, "Roles\tofficer\nGrade confirmed\tnot yet, by an administrator (oic officer confirm-grade IO0042)") {
		t.Errorf("show: %s", stdout)
	}
}

// TestRecordsClerk (issue 17, point 4): where the folder has an
// administrator, export, import and measures are the records clerk's
// (or an administrator's): anyone else is refused with the role to ask
// for, and nothing is written.
func TestRecordsClerk(t *testing.T) {
	ctx := context.Background()
	dir, _ := closedStore(t, 2)
	out := t.TempDir()
	// Before an administrator, anyone exports, as before roles.
	addOfficer(t, dir, "--staff-no", "IO0042", "--name", "Sam Patel", "--grade", "IO", "--team", "SLN")
	if code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", filepath.Join(out, "before.jsonl")); code != 0 {
		t.Fatalf("export before an administrator: exit %d: %s%s", code, stdout, stderr)
	}
	addOfficer(t, dir, "--staff-no", "AD0001", "--name", "Ada Boss", "--grade", "G7", "--team", "SLN", "--role", "admin")
	addOfficer(t, dir, "--staff-no", "CR0001", "--name", "Cara Reid", "--grade", "AO", "--team", "SLN", "--role", "clerk", "--as", "AD0001")

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"export", []string{"export", "--format", "csv", "--out", filepath.Join(out, "io.csv")},
			"IDN-1: exporting visits is for a records clerk; Sam Patel (IO0042) is not one. Ask an administrator to give you the role: oic officer role IO0042 --add clerk --as THEIR-STAFFNO; nothing was exported"},
		{"import", []string{"import", filepath.Join(out, "before.jsonl")}, "IDN-1: importing visits is for a records clerk; Sam Patel (IO0042) is not one"},
		{"measures", []string{"measures"}, "IDN-1: counting the measures of effect is for a records clerk; Sam Patel (IO0042) is not one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runOIC(t, ctx, append(tc.args, "--data-dir", dir, "--as", "IO0042")...)
			if code != 1 || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Fatalf("as IO0042: exit %d: %s%s\nwant %s", code, stdout, stderr, tc.want)
			}
			for _, as := range []string{"CR0001", "AD0001"} {
				args := append(slices.Clone(tc.args), "--data-dir", dir, "--as", as)
				if tc.name == "export" {
					args = append(args, "--force")
				}
				if code, stdout, stderr := runOIC(t, ctx, args...); code != 0 {
					t.Fatalf("as %s: exit %d: %s%s", as, code, stdout, stderr)
				}
			}
		})
	}
	code, _, stderr := runOIC(t, ctx, "measures", "--data-dir", dir, "--as", "NOBODY1")
	if code != 1 || !strings.Contains(stderr, "Ask an administrator to give you the role: oic officer role NOBODY1 --add clerk") {
		t.Fatalf("an officer with no profile: exit %d: %s", code, stderr)
	}
}

// TestAccessLog (issue 17, DPA 2018 s.62): every export, by the command,
// is on the access log with who, the file and the count; the log is an
// administrator's to read, filtered by officer, reference and day.
func TestAccessLog(t *testing.T) {
	ctx := context.Background()
	dir, visits := closedStore(t, 2)
	out := t.TempDir()
	addOfficer(t, dir, "--staff-no", "AD0001", "--name", "Ada Boss", "--grade", "G7", "--team", "SLN", "--role", "admin")
	addOfficer(t, dir, "--staff-no", "CR0001", "--name", "Cara Reid", "--grade", "AO", "--team", "SLN", "--role", "clerk", "--as", "AD0001")
	path := filepath.Join(out, "v.csv")
	if code, stdout, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "csv", "--out", path, "--as", "CR0001"); code != 0 {
		t.Fatalf("export: exit %d: %s%s", code, stdout, stderr)
	}
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	opened := exportClock().Add(-time.Hour)
	if err := s.LogAccess(ctx, domain.Opened(domain.Officer{StaffNo: "CR0001", Name: "Cara Reid"}, visits[0].Ref, opened)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if code, _, stderr := runOIC(t, ctx, "access-log", "--data-dir", dir, "--as", "CR0001"); code != 1 || !strings.Contains(stderr, "IDN-1: reading the access log is for an administrator; Cara Reid (CR0001) is not one") {
		t.Fatalf("read by a clerk: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runOIC(t, ctx, "access-log", "--data-dir", dir, "--as", "AD0001")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "1\t") || !strings.Contains(lines[0], "\tCara Reid (CR0001)\texported 2 visits to "+path) ||
		!strings.HasPrefix(lines[1], "2\t") || !strings.HasSuffix(lines[1], "\tCara Reid (CR0001)\topened "+string(visits[0].Ref)) {
		t.Fatalf("access-log: exit %d: %s%s", code, stdout, stderr)
	}
	if code, stdout, _ := runOIC(t, ctx, "access-log", "--data-dir", dir, "--as", "AD0001", "--ref", string(visits[0].Ref), "--json"); code != 0 || !strings.Contains(stdout, `"action": "opened"`) || strings.Contains(stdout, "exported") {
		t.Fatalf("--ref --json: %s", stdout)
	}
	if code, stdout, _ := runOIC(t, ctx, "access-log", "--data-dir", dir, "--as", "AD0001", "--officer", "AD0001"); code != 0 || stdout != "" {
		t.Fatalf("--officer AD0001: %s", stdout)
	}
	if code, _, stderr := runOIC(t, ctx, "access-log", "--data-dir", dir, "--as", "AD0001", "--from", "02/01/2026", "--to", "01/01/2026"); code != 2 || !strings.Contains(stderr, "--to 01/01/2026 is before --from 02/01/2026") {
		t.Fatalf("--to before --from: %d %s", code, stderr)
	}
}

// TestCheckWhoSees (issue 17): oic check REF, where the folder has an
// administrator, is refused to an officer of another team with who may
// see the visit, and answered for one of its team.
func TestCheckWhoSees(t *testing.T) {
	ctx := context.Background()
	dir, visits := closedStore(t, 1)
	ref := string(visits[0].Ref)
	team := string(visits[0].Basics.Team)
	other := "WLN"
	if team == other {
		other = "NWE"
	}
	addOfficer(t, dir, "--staff-no", "AD0001", "--name", "Ada Boss", "--grade", "G7", "--team", team, "--role", "admin")
	addOfficer(t, dir, "--staff-no", "IO0500", "--name", "Wyn Lee", "--grade", "IO", "--team", other, "--as", "AD0001")
	addOfficer(t, dir, "--staff-no", "IO0042", "--name", "Sam Patel", "--grade", "IO", "--team", team, "--as", "AD0001")
	if code, _, stderr := runOIC(t, ctx, "check", ref, "--data-dir", dir, "--as", "IO0500"); code != 2 || !strings.Contains(stderr, ref+" is a visit of ") || !strings.Contains(stderr, "Wyn Lee (IO0500) is none of them") {
		t.Fatalf("another team's IO: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runOIC(t, ctx, "check", ref, "--data-dir", dir, "--as", "IO0042"); code == 2 {
		t.Fatalf("the team's IO: exit %d: %s", code, stderr)
	}
}

// TestRecordsClerk_TheirRegion (who sees what, issue 17): a records
// clerk's export holds their region's visits only, and says so; a
// clerk asking for a team of another region by --team is refused with
// nothing written; an administrator's holds every team's.
func TestRecordsClerk_TheirRegion(t *testing.T) {
	ctx := context.Background()
	dir, _ := closedStore(t, 2) // South London (SLN): the South region
	out := t.TempDir()
	addOfficer(t, dir, "--staff-no", "AD0001", "--name", "Ada Boss", "--grade", "G7", "--team", "SLN", "--role", "admin")
	addOfficer(t, dir, "--staff-no", "CR0001", "--name", "Cara Reid", "--grade", "AO", "--team", "WLN", "--role", "clerk", "--as", "AD0001")
	addOfficer(t, dir, "--staff-no", "CR0002", "--name", "Nia Hope", "--grade", "AO", "--team", "NWE", "--role", "clerk", "--as", "AD0001")

	export := func(as string, args ...string) (int, string, string) {
		return runOIC(t, ctx, append([]string{"export", "--data-dir", dir, "--format", "csv", "--force", "--as", as, "--out", filepath.Join(out, as+".csv")}, args...)...)
	}
	if code, stdout, stderr := export("CR0001"); code != 0 || !strings.HasPrefix(stdout, "Exported 2 closed visits") ||
		!strings.Contains(stdout, "It holds the visits of the South region's teams: what Cara Reid (CR0001) sees") {
		t.Fatalf("a clerk of the visits' region: exit %d: %s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := export("CR0002"); code != 0 || !strings.HasPrefix(stdout, "Exported 0 closed visits") ||
		!strings.Contains(stdout, "It holds the visits of the North region's teams") {
		t.Fatalf("a clerk of another region: exit %d: %s%s", code, stdout, stderr)
	}
	os.Remove(filepath.Join(out, "CR0002.csv"))
	code, stdout, stderr := export("CR0002", "--team", "SLN")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "the visits of South London ICE (SLN) are seen by that team and by the duty CIOs and records clerks of the South region; Nia Hope (CR0002) sees the visits of the North region's teams. An administrator sees every team's; nothing was exported") {
		t.Fatalf("a clerk asking for another region's team: exit %d: %s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "CR0002.csv")); !os.IsNotExist(err) {
		t.Fatalf("a refused export left a file: %v", err)
	}
	if code, stdout, stderr := export("AD0001"); code != 0 || !strings.HasPrefix(stdout, "Exported 2 closed visits") || strings.Contains(stdout, "It holds") {
		t.Fatalf("an administrator: exit %d: %s%s", code, stdout, stderr)
	}
}
