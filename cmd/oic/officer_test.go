package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// A records clerk takes an export into a folder of their own, adds their
// profile and exports again, with no terminal UI at any step.
func TestOfficerAddThenExportWithoutTheTUI(t *testing.T) {
	dir, visits := closedStore(t, 1)
	ctx := context.Background()
	out := t.TempDir()
	path := filepath.Join(out, "v.jsonl")
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", dir, "--format", "jsonl", "--out", path); code != 0 {
		t.Fatal(stderr)
	}
	central := filepath.Join(t.TempDir(), "central")
	if code, stdout, stderr := runOIC(t, ctx, "import", "--as", "CR0001", "--data-dir", central, path); code != 0 {
		t.Fatalf("import: exit %d: %s%s", code, stdout, stderr)
	}
	// Before: nobody is signed in and CR0001 has no profile, so no export.
	if code, _, stderr := runOIC(t, ctx, "export", "--data-dir", central, "--format", "csv", "--out", filepath.Join(out, "before.csv")); code != 1 || !strings.Contains(stderr, "nobody is signed in") {
		t.Fatalf("export before the profile: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runOIC(t, ctx, "officer", "add", "--data-dir", central, "--staff-no", "cr0001", "--name", "Cara Reid", "--grade", "CIO", "--team", "Central London")
	if code != 0 {
		t.Fatalf("officer add: exit %d: %s%s", code, stdout, stderr)
	}
	for _, want := range []string{"Added Cara Reid (CR0001), CIO (HEO), CLN, to " + central, "Signed in as Cara Reid (CR0001)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("officer add said %q; want %q", stdout, want)
		}
	}
	code, stdout, stderr = runOIC(t, ctx, "export", "--data-dir", central, "--format", "csv", "--out", filepath.Join(out, "after"))
	if code != 0 || !strings.Contains(stdout, "Exported 1 closed visit to "+filepath.Join(out, "after.csv")) {
		t.Fatalf("export after the profile: exit %d: %s%s", code, stdout, stderr)
	}
	// The importer is named on the visit's arrival, never blank.
	s, err := openFolder(central)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	arr, err := s.Arrivals(ctx, visits[0].Ref)
	if err != nil || len(arr) != 1 || domain.ArrivalOf(arr[0]).By != "CR0001" {
		t.Fatalf("arrivals: %v, %v", arr, err)
	}
	trail, err := s.OfficerAudit(ctx, "CR0001")
	if err != nil || len(trail) != 1 || trail[0].Change.Action != "profile created" || trail[0].Change.Actor != "CR0001" {
		t.Fatalf("the profile's trail: %+v, %v", trail, err)
	}
}

// The command's checks are the profile form's: each refusal names the
// flag to change, exits 2 and saves nothing, not even a data folder.
func TestOfficerAddRefusals(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "new")
	good := map[string]string{"--staff-no": "IO0042", "--name": "Sam Whitfield", "--grade": "EO", "--team": "SLN"}
	for _, c := range []struct {
		name string
		set  map[string]string
		more []string
		want string
	}{
		{"no staff number", map[string]string{"--staff-no": ""}, nil, "--staff-no: enter your staff number"},
		{"bad staff number", map[string]string{"--staff-no": "IO/42"}, nil, "--staff-no: a staff number has only letters and digits"},
		{"no name", map[string]string{"--name": " "}, nil, "--name: required"},
		{"escape in name", map[string]string{"--name": "Sam\x1b[31m"}, nil, "--name:"},
		{"unknown grade", map[string]string{"--grade": "CO"}, nil, `--grade: unknown grade "CO"; one of AO, EO, HEO, SEO, G7, G6`},
		{"team that fits several", map[string]string{"--team": "South"}, nil, `--team: "South" fits 3 teams (SCE South Central ICE, SLN South London ICE, SEA South East ICE)`},
		{"team that fits none", map[string]string{"--team": "Manchester"}, nil, `--team: no ICE team is called "Manchester"`},
		{"refresher without training", nil, []string{"--refresher", "01/03/2026"}, "--refresher: only an arrest-trained officer has a refresher"},
		{"refresher in the future", nil, []string{"--arrest-trained", "--refresher", "01/01/2099"}, "--refresher: cannot be in the future"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"officer", "add", "--data-dir", dir}
			for _, f := range []string{"--staff-no", "--name", "--grade", "--team"} {
				v, ok := c.set[f]
				if !ok {
					v = good[f]
				}
				args = append(args, f, v)
			}
			code, stdout, stderr := runOIC(t, ctx, append(args, c.more...)...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "Nothing was saved") {
				t.Errorf("exit %d, %q %q; want 2 and %q", code, stdout, stderr, c.want)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the refused profile made %s (%v)", dir, err)
			}
		})
	}
	// A staff number already here is refused and the profile kept.
	args := []string{"officer", "add", "--data-dir", dir, "--staff-no", "IO0042", "--name", "Sam Whitfield", "--grade", "IO", "--team", "south london", "--arrest-trained", "--refresher", "14/03/2026"}
	if code, stdout, stderr := runOIC(t, ctx, args...); code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	code, _, stderr := runOIC(t, ctx, "officer", "add", "--data-dir", dir, "--staff-no", "io0042", "--name", "Someone Else", "--grade", "SEO", "--team", "WLN")
	if code != 1 || !strings.Contains(stderr, "IO0042 already has a profile in "+dir+" (Sam Whitfield, EO, SLN); nothing was saved") {
		t.Errorf("a second IO0042: exit %d: %s", code, stderr)
	}
	// --as an officer with no profile here cannot add someone else.
	code, _, stderr = runOIC(t, ctx, "officer", "add", "--data-dir", dir, "--as", "HMI009", "--staff-no", "IO0043", "--name", "Kim Lee", "--grade", "EO", "--team", "SLN")
	if code != 1 || !strings.Contains(stderr, "--as HMI009: no profile in") {
		t.Errorf("--as with no profile: exit %d: %s", code, stderr)
	}
	code, stdout, _ := runOIC(t, ctx, "officer", "list", "--data-dir", dir)
	if code != 0 || stdout != "IO0042\tSam Whitfield\tIO (EO)\tSLN\tyes\t14/03/2026\n" {
		t.Errorf("list after the refusals: exit %d: %q", code, stdout)
	}
}

// list and show: one officer a line, and one officer with their trail;
// JSON for scripts.
func TestOfficerListAndShow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	officerClock = func() time.Time { return time.Date(2026, 11, 25, 5, 30, 0, 0, time.Local) }
	t.Cleanup(func() { officerClock = time.Now })
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, stdout, _ := runOIC(t, ctx, "officer", "list", "--data-dir", dir, "--json"); code != 0 || stdout != "[]\n" {
		t.Errorf("empty list --json: exit %d: %q", code, stdout)
	}
	for _, args := range [][]string{
		{"--staff-no", "HMI001", "--name", "Jo Patel", "--grade", "SEO", "--team", "SLN"},
		{"--staff-no", "IO0042", "--name", "Sam Whitfield", "--grade", "EO", "--team", "SLN", "--arrest-trained", "--refresher", "14/03/2026"},
	} {
		if code, stdout, stderr := runOIC(t, ctx, append([]string{"officer", "add", "--data-dir", dir}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s%s", args, code, stdout, stderr)
		}
	}
	code, stdout, _ := runOIC(t, ctx, "officer", "list", "--data-dir", dir)
	if want := "HMI001\tJo Patel\tHMI (SEO)\tSLN\tno\t\nIO0042\tSam Whitfield\tIO (EO)\tSLN\tyes\t14/03/2026\n"; code != 0 || stdout != want {
		t.Errorf("list: exit %d:\n%q\nwant\n%q", code, stdout, want)
	}
	code, stdout, _ = runOIC(t, ctx, "officer", "list", "--data-dir", dir, "--json")
	var list []domain.Officer
	if err := json.Unmarshal([]byte(stdout), &list); code != 0 || err != nil || len(list) != 2 || list[1].StaffNo != "IO0042" {
		t.Errorf("list --json: exit %d, %v: %s", code, err, stdout)
	}
	code, stdout, _ = runOIC(t, ctx, "officer", "show", "--data-dir", dir, "io0042")
	for _, want := range []string{"Staff number\tIO0042", "Grade\tIO (EO)", "Team\tSLN (South London ICE)", "Arrest-trained\tyes", "Last refresher\t14/03/2026",
		"1\t25/11/2026 05:30\tprofile created\tby Jo Patel (HMI001)\t", "name: — → Sam Whitfield"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("show: exit %d: lacks %q:\n%s", code, want, stdout)
		}
	}
	code, stdout, _ = runOIC(t, ctx, "officer", "show", "--json", "--data-dir", dir, "HMI001")
	var shown struct {
		Officer domain.Officer      `json:"officer"`
		Audit   []domain.AuditEntry `json:"audit"`
	}
	if err := json.Unmarshal([]byte(stdout), &shown); code != 0 || err != nil || shown.Officer.Name != "Jo Patel" || len(shown.Audit) != 1 {
		t.Errorf("show --json: exit %d, %v: %s", code, err, stdout)
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "show", "--data-dir", dir, "XX999"); code != 1 || !strings.Contains(stderr, "no officer XX999 in "+dir) {
		t.Errorf("show XX999: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{{"officer"}, {"officer", "sack"}, {"officer", "show"}, {"officer", "show", "A/1"}, {"officer", "list", "extra"}} {
		if code, _, stderr := runOIC(t, ctx, append(args, "--data-dir", dir)...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
	if code, _, stderr := runOIC(t, ctx, "officer", "list", "--data-dir", filepath.Join(dir, "none")); code != 1 || !strings.Contains(stderr, "no such data folder") {
		t.Errorf("list in no folder: exit %d: %s", code, stderr)
	}
}
