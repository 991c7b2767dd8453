package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"oic/domain"
)

// checkCases loads demo visits into a new folder and picks one visit of
// each kind oic check tells apart, judged at the moment the command will
// be: one with a blocking finding, one with only warnings, one with no
// findings, and one called off.
type checkCases struct {
	dir                               string
	at                                time.Time
	blocked, warned, clean, calledOff *domain.Visit
}

func loadCheckCases(t *testing.T) checkCases {
	t.Helper()
	c := checkCases{dir: t.TempDir(), at: time.Now()}
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", c.dir, "--visits", "300"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	old := checkClock
	checkClock = func() time.Time { return c.at }
	t.Cleanup(func() { checkClock = old })

	s, err := openFolder(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	cfg := domain.DefaultConfig()
	err = s.ScanSummaries(ctx, 100, func(sums []domain.Summary) error {
		for _, sum := range sums {
			v, err := s.Visit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			fs := cfg.Readiness(v, c.at)
			var slot **domain.Visit
			switch {
			case v.State == domain.Cancelled || v.State == domain.StoodDown:
				slot = &c.calledOff
			case len(domain.Blocking(fs)) > 1:
				slot = &c.blocked
			case len(fs) == 0:
				slot = &c.clean
			case len(domain.Blocking(fs)) == 0 && len(fs) > 1:
				slot = &c.warned
			}
			if slot != nil && *slot == nil {
				*slot = v
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]*domain.Visit{"blocked": c.blocked, "warned": c.warned, "clean": c.clean, "called off": c.calledOff} {
		if v == nil {
			t.Fatalf("the demo has no %s visit to check", name)
		}
	}
	return c
}

// tsv is what oic check should print for v.
func (c checkCases) tsv(v *domain.Visit) string {
	var b strings.Builder
	for _, f := range domain.Readiness(v, c.at) {
		b.WriteString(f.Rule + "\t" + string(f.Severity) + "\t" + f.Message + "\n")
	}
	return b.String()
}

func TestCheck(t *testing.T) {
	c := loadCheckCases(t)
	tests := []struct {
		name string
		v    *domain.Visit
		code int
	}{
		{"a finding blocks", c.blocked, 1},
		{"only warnings", c.warned, 0},
		{"nothing to meet", c.clean, 0},
		{"called off", c.calledOff, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := domain.Readiness(tt.v, c.at)
			ref := string(tt.v.Ref)

			code, out, errs := runOIC(t, context.Background(), "check", ref, "--data-dir", c.dir)
			if code != tt.code || out != c.tsv(tt.v) {
				t.Errorf("exit %d, stdout:\n%s\nstderr: %s\nwant exit %d and:\n%s", code, out, errs, tt.code, c.tsv(tt.v))
			}
			calledOff := tt.v.State == domain.Cancelled || tt.v.State == domain.StoodDown
			if note := ref + " is " + string(tt.v.State) + ": nothing is left to check"; calledOff != strings.Contains(errs, note) ||
				!calledOff && errs != "" {
				t.Errorf("stderr %q; want the note only for a visit called off", errs)
			}
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if f := strings.Split(line, "\t"); line != "" && (len(f) != 3 || f[1] != "blocks" && f[1] != "warns") {
					t.Errorf("line %q is not RULE<TAB>blocks|warns<TAB>message", line)
				}
			}

			// Flags before the reference read the same; a lower-case,
			// unpadded reference is the same visit.
			lower := strings.ToLower(strings.Replace(ref, "-00", "-", 1))
			code, out, _ = runOIC(t, context.Background(), "--data-dir", c.dir, "check", "--json", lower)
			if code != tt.code {
				t.Errorf("--json: exit %d, want %d", code, tt.code)
			}
			var got []domain.Finding
			if err := json.Unmarshal([]byte(out), &got); err != nil || got == nil {
				t.Fatalf("--json printed %q: not an array of findings (%v)", out, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("--json: %+v\nwant %+v", got, want)
			}
			if len(want) == 0 && strings.TrimSpace(out) != "[]" {
				t.Errorf("--json with no findings printed %q, want []", out)
			}
			for _, f := range got {
				if f.Do == "" {
					t.Errorf("%s finding without what to do: %+v", f.Rule, f)
				}
			}
		})
	}
}

func TestCheckRefused(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(t.TempDir(), "nowhere")
	tests := []struct {
		name string
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{"help", []string{"check", "-h"}, 0, "Usage: oic check REF [--at \"DD/MM/YYYY HH:MM\"] [--json]"},
		{"help after the reference", []string{"check", "SLN-2026-0001", "-h"}, 0, "Usage: oic check REF [--at \"DD/MM/YYYY HH:MM\"] [--json]"},
		{"no reference", []string{"check"}, 2, "give one visit reference"},
		{"two references", []string{"check", "SLN-2026-0001", "SLN-2026-0002"}, 2, "give one visit reference"},
		{"unknown flag", []string{"check", "SLN-2026-0001", "--yaml"}, 2, "flag provided but not defined: -yaml"},
		{"malformed reference", []string{"check", "SLN-26"}, 2, `"SLN-26" is not a visit reference (like SLN-2026-0042)`},
		{"unknown team", []string{"check", "XYZ-2026-0001"}, 2, "XYZ is not an ICE team code"},
		{"unknown visit", []string{"check", "SLN-2026-0099"}, 2, "no visit SLN-2026-0099 in " + dir},
		{"no such folder", []string{"check", "SLN-2026-0099", "--data-dir", missing}, 2, "no visit SLN-2026-0099 in " + missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if !slices.Contains(args, "--data-dir") {
				args = append(args, "--data-dir", dir)
			}
			code, out, errs := runOIC(t, context.Background(), args...)
			if code != tt.code || !strings.Contains(out+errs, tt.out) {
				t.Errorf("exit %d, output %q%q; want %d and %q", code, out, errs, tt.code, tt.out)
			}
			if tt.code != 0 && out != "" {
				t.Errorf("stdout %q on a refusal", out)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("oic check created the data folder it was asked about")
	}
}

// TestCheckLocked: a folder another oic has open gives the store's own
// message, and exit status 2.
func TestCheckLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, out, errs := runOIC(t, context.Background(), "check", "SLN-2026-0001", "--data-dir", dir)
	if code != 2 || out != "" || !strings.Contains(errs, "is already using the data folder "+dir) {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and the lock message", code, out, errs)
	}
}

func TestOneLine(t *testing.T) {
	if got := oneLine("a\tb\nc\r\nd"); got != "a b c d" {
		t.Errorf("oneLine = %q", got)
	}
}

// --at judges a visit at a time to come: "will this visit be ready at
// 06:00?". The findings are those of the rules at that moment, and differ
// from now's where the rules look at the clock (ONF-2's three days).
func TestCheckAt(t *testing.T) {
	dir := t.TempDir()
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	start := time.Date(2026, 12, 7, 6, 0, 0, 0, time.Local)
	b := starBasics(start, domain.Date{Year: 2026, Month: 11, Day: 20}, now.Add(-24*time.Hour))
	v, c, err := domain.NewVisit(b, oicAlice, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := checkClock
	checkClock = func() time.Time { return now }
	t.Cleanup(func() { checkClock = old })

	tsv := func(at time.Time) string {
		var b strings.Builder
		for _, f := range domain.DefaultConfig().Readiness(v, at) {
			b.WriteString(f.Rule + "\t" + string(f.Severity) + "\t" + oneLine(f.Message) + "\n")
		}
		return b.String()
	}
	for _, c := range []struct {
		at   string
		when time.Time
	}{
		{"", now},
		{"07/12/2026 06:00", start},
		{"tomorrow 06:00", time.Date(2026, 12, 2, 6, 0, 0, 0, time.Local)},
	} {
		args := []string{"check", string(v.Ref), "--data-dir", dir}
		if c.at != "" {
			args = append(args, "--at", c.at)
		}
		code, out, errs := runOIC(t, ctx, args...)
		if want := tsv(c.when); code != 1 || out != want {
			t.Errorf("--at %q: exit %d, stdout:\n%s\nstderr: %s\nwant exit 1 and:\n%s", c.at, code, out, errs, want)
		}
		if note := "as it will stand at " + c.when.Format("Monday 02/01/2006 15:04"); (c.at != "") != strings.Contains(errs, note) {
			t.Errorf("--at %q: stderr %q; want the note %q only with --at", c.at, errs, note)
		}
	}
	if tsv(now) == tsv(start) {
		t.Fatal("the fixture's findings do not change between now and the visit: the test proves nothing")
	}
	for _, bad := range []string{"07/12/2026", "31/02/2026 06:00", "07/12/2026 25:00"} {
		if code, _, errs := runOIC(t, ctx, "check", string(v.Ref), "--data-dir", dir, "--at", bad); code != 2 || !strings.Contains(errs, fmt.Sprintf("--at %q", bad)) {
			t.Errorf("--at %q: exit %d: %s", bad, code, errs)
		}
	}
}
