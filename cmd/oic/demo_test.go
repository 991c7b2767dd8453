package main

import (
	"bytes"
	"context"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"oic/domain"
	"oic/internal/demo"
)

// runOIC runs the command line in-process and returns its exit status and
// output.
func runOIC(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemoLoadsAndSignsIn(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "50")
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, want := range []string{"Loaded 50 visits and", dir, "Alex Renwick (DEMO01, CIO)", "oic --data-dir " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if n, err := s.CountVisits(ctx); err != nil || n != 50 {
		t.Errorf("CountVisits = %d, %v; want 50", n, err)
	}
	if sn, err := s.SignedIn(ctx); err != nil || sn != demo.DemoStaffNo {
		t.Errorf("signed in as %q, %v; want %s", sn, err, demo.DemoStaffNo)
	}
	me, err := s.Officer(ctx, demo.DemoStaffNo)
	if err != nil || me.Name != demo.DemoName {
		t.Errorf("demo officer %+v, %v", me, err)
	}
	// Loaded visits read back whole, with audit trails that verify.
	n := 0
	err = s.ScanSummaries(ctx, 20, func(sums []domain.Summary) error {
		for _, sum := range sums {
			v, err := s.Visit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			a, err := s.Audit(ctx, sum.Ref)
			if err != nil {
				return err
			}
			if uint64(len(a)) != v.Version {
				t.Errorf("%s: version %d, %d audit entries", v.Ref, v.Version, len(a))
			}
			if err := domain.VerifyChain(a); err != nil {
				t.Errorf("%s: %v", v.Ref, err)
			}
			n++
		}
		return nil
	})
	if err != nil || n != 50 {
		t.Errorf("scanned %d visits: %v", n, err)
	}
}

func TestDemoRefusesAFolderWithVisits(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "5"); code != 0 {
		t.Fatalf("first demo: exit %d: %s", code, errs)
	}
	code, out, errs := runOIC(t, context.Background(), "demo", "--data-dir", dir, "--visits", "5")
	if code != 1 || out != "" {
		t.Errorf("second demo: exit %d, stdout %q; want 1 and nothing", code, out)
	}
	for _, want := range []string{dir, "already holds 5 visits", "empty folder"} {
		if !strings.Contains(errs, want) {
			t.Errorf("message lacks %q: %s", want, errs)
		}
	}
}

func TestDemoFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{"help", []string{"demo", "-h"}, 0, "Usage: oic demo [--visits N] [--seed S]"},
		{"no visits", []string{"demo", "--visits", "0"}, 2, "choose a number from 1 to 1,000,000"},
		{"too many", []string{"demo", "--visits", "1000001"}, 2, "choose a number from 1 to 1,000,000"},
		{"not a number", []string{"demo", "--visits", "lots"}, 2, "invalid value"},
		{"bad seed", []string{"demo", "--seed", "-1"}, 2, "invalid value"},
		{"stray argument", []string{"demo", "extra"}, 2, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			code, out, errs := runOIC(t, context.Background(), append(tt.args, "--data-dir", dir)...)
			if code != tt.code || !strings.Contains(out+errs, tt.out) {
				t.Errorf("exit %d, output %q%q; want %d and %q", code, out, errs, tt.code, tt.out)
			}
		})
	}
}

// TestDemoInterrupted: a cancelled load says what it left behind.
func TestDemoInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	code, out, errs := runOIC(t, ctx, "demo", "--data-dir", dir, "--visits", "50")
	if code != 1 || out != "" || !strings.Contains(errs, "interrupted") || !strings.Contains(errs, dir) {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and a message naming the folder", code, out, errs)
	}
	s, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sn, _ := s.SignedIn(context.Background()); sn != "" {
		t.Errorf("signed in as %s after an interrupted load", sn)
	}
}

// The demo loads at a slower collector's pace under a soft memory limit,
// and leaves both as they were: a run in-process (these tests, a later
// command) keeps its own.
func TestDemoRestoresTheCollector(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	if code, _, errs := runOIC(t, context.Background(), "demo", "--data-dir", t.TempDir(), "--visits", "5"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GC percent after the demo %d, want 100", p)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit after the demo %d, want none", l)
	}
}
