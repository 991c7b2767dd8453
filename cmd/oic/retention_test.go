package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"oic/domain"
	"oic/store"
)

// retentionFolder holds, in a real store: two visits of South London
// closed in March 2018, one of Scotland closed then by an officer of
// its own, one closed in 2025, one still being planned since 2018, and
// one closed at a time still to come (a clock that jumped). oic
// retention stands at 1 December 2026.
func retentionFolder(t *testing.T) (dir string, old, scot *domain.Visit) {
	t.Helper()
	dir = t.TempDir()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	prev := retentionClock
	retentionClock = func() time.Time { return at }
	t.Cleanup(func() { retentionClock = prev })
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	iain := domain.Officer{StaffNo: "S3003", Name: "Iain Ross", Grade: "HEO", Team: "SCO", ArrestTrained: true}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 6, 0, 0, 0, time.UTC) }
	old = newVisit(t, s, oicAlice, "SLN", day(2018, time.March, 2), true)
	newVisit(t, s, oicAlice, "SLN", day(2018, time.March, 1), true)
	scot = newVisit(t, s, iain, "SCO", day(2018, time.March, 5), true)
	newVisit(t, s, oicAlice, "SLN", day(2025, time.March, 1), true)
	newVisit(t, s, oicAlice, "SLN", day(2018, time.March, 3), false)
	newVisit(t, s, oicAlice, "SLN", day(2031, time.March, 1), true)
	return dir, old, scot
}

// TestRetention_ListsVisitsPastIt (RET-1): oic retention lists the
// visits closed more than six years ago, oldest first, and no other;
// exits 0; and says nothing is deleted.
func TestRetention_ListsVisitsPastIt(t *testing.T) {
	dir, old, scot := retentionFolder(t)
	ctx := context.Background()
	code, stdout, stderr := runOIC(t, ctx, "retention", "--data-dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("listed %d, want the three closed in 2018:\n%s", len(lines), stdout)
	}
	if want := string(old.Ref) + "\tclosed\tended 02/03/2018\tpast by 2 years and 8 months"; lines[1] != want {
		t.Errorf("second line %q, want %q", lines[1], want)
	}
	if !strings.HasPrefix(lines[2], string(scot.Ref)+"\t") {
		t.Errorf("the last closed is not last: %q", lines[2])
	}
	for _, want := range []string{"past retention, 3 of the 6 visits you see", "kept 6 years", filepath.Join(dir, "config.json"), "Nothing is deleted", "no purge"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}

	// JSON says the same, with the times.
	code, stdout, stderr = runOIC(t, ctx, "retention", "--data-dir", dir, "--json")
	var rep struct {
		RetentionYears int `json:"retention_years"`
		Seen           int `json:"visits_seen"`
		Past           []struct {
			Ref      domain.Ref `json:"ref"`
			State    string     `json:"state"`
			Ended    time.Time  `json:"ended"`
			Until    time.Time  `json:"until"`
			PastBy   string     `json:"past_by"`
			DaysPast int        `json:"days_past"`
		} `json:"past"`
		Unknown []domain.Ref `json:"ended_no_time"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil {
		t.Fatalf("--json: exit %d, %v: %s%s", code, err, stdout, stderr)
	}
	closedAt, _ := old.ClosedAt()
	if p := rep.Past[1]; rep.RetentionYears != 6 || rep.Seen != 6 || len(rep.Past) != 3 || p.Ref != old.Ref || !p.Ended.Equal(closedAt) ||
		!p.Until.Equal(closedAt.AddDate(6, 0, 0)) || p.DaysPast < 900 || p.PastBy == "" || rep.Unknown == nil || len(rep.Unknown) != 0 {
		t.Errorf("--json: %+v", rep)
	}

	// A longer period in config.json: none is past it.
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"retention_years": 9}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runOIC(t, ctx, "retention", "--data-dir", dir)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "past retention, 0 of the 6 visits you see (RET-1: kept 9 years") {
		t.Errorf("retention_years 9: exit %d: %q %s", code, stdout, stderr)
	}
}

// TestRetention_BadConfigRefused: a period that is not one is refused,
// naming the file and the field, and nothing is listed.
func TestRetention_BadConfigRefused(t *testing.T) {
	dir, _, _ := retentionFolder(t)
	for _, bad := range []string{`{"retention_years": -6}`, `{"retention_years": 600}`, `{"retention_years": "six"}`} {
		if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runOIC(t, context.Background(), "retention", "--data-dir", dir)
		if code == 0 || stdout != "" || !strings.Contains(stderr, filepath.Join(dir, "config.json")) || !strings.Contains(stderr, "retention_years") {
			t.Errorf("%s: exit %d, %q, %s", bad, code, stdout, stderr)
		}
	}
}

// TestRetention_WhoSeesWhat: where the folder has an administrator, an
// officer is listed only the visits they see (issue 17): their team's
// and those they take part in, not Scotland's; the administrator every
// one; and nobody signed in is asked who they are.
func TestRetention_WhoSeesWhat(t *testing.T) {
	dir, _, scot := retentionFolder(t)
	ctx := context.Background()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	admin := domain.Officer{StaffNo: "AD0001", Name: "Ann Admin", Grade: "G7", Team: "CLN", Roles: domain.RolesOf(domain.RoleAdmin)}
	for _, o := range []domain.Officer{oicAlice, admin} {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, o.UpdatedAt)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	code, stdout, stderr := runOIC(t, ctx, "retention", "--data-dir", dir, "--as", "A1001")
	if code != 0 || strings.Count(stdout, "\n") != 2 || strings.Contains(stdout, string(scot.Ref)) || !strings.Contains(stderr, "2 of the 5 visits you see") {
		t.Errorf("as Alice (SLN): exit %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runOIC(t, ctx, "retention", "--data-dir", dir, "--as", "AD0001")
	if code != 0 || strings.Count(stdout, "\n") != 3 || !strings.Contains(stdout, string(scot.Ref)) {
		t.Errorf("as the administrator: exit %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runOIC(t, ctx, "retention", "--data-dir", dir)
	if code == 0 || stdout != "" || !strings.Contains(stderr, "nobody is signed in") {
		t.Errorf("nobody signed in: exit %d: %q %s", code, stdout, stderr)
	}
}

// TestCheck_SaysPastRetention (RET-1): oic check says a visit is past
// retention, and since when, beside its findings, with their exit
// status; of a visit within it, nothing.
func TestCheck_SaysPastRetention(t *testing.T) {
	dir, old, _ := retentionFolder(t)
	prev := checkClock
	checkClock = retentionClock
	t.Cleanup(func() { checkClock = prev })
	code, _, stderr := runOIC(t, context.Background(), "check", "--data-dir", dir, string(old.Ref))
	if code != 0 || !strings.Contains(stderr, string(old.Ref)+": RET-1: past retention by 2 years and 8 months") || !strings.Contains(stderr, "Nothing is deleted") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	checkClock = func() time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC) }
	if code, _, stderr := runOIC(t, context.Background(), "check", "--data-dir", dir, string(old.Ref)); code != 0 || strings.Contains(stderr, "RET-1") {
		t.Errorf("within retention: exit %d: %s", code, stderr)
	}
}

// TestRetention_WhileServed: with oic serve holding the folder, oic
// retention runs on the server's store for the officer who asks, as the
// other reading commands do.
func TestRetention_WhileServed(t *testing.T) {
	dir, old, _ := retentionFolder(t)
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	release := s.Hold()
	defer release()
	var out, errb strings.Builder
	if code := runLocal(context.Background(), s, domain.DefaultConfig(), "", nil, []string{"retention"}, nil, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), string(old.Ref)+"\tclosed") || !strings.Contains(errb.String(), "past retention, 3 of the 6 visits") {
		t.Errorf("served: exit %d:\n%s%s", code, out.String(), errb.String())
	}
}
