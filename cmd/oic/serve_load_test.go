package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
	"oic/store/exchange"
)

// The load at a small scale, for its correctness (its speed is
// measured with a load client, BENCHMARKS.md): every officer on a
// deployed visit's roster records notes on its live tab at once, each
// from an SSH session of their own. Every save acknowledged on a screen
// is on the visit's timeline once, by its officer; the chain verifies.
func TestServe_SessionsRecordingAtOnceLoseNothing(t *testing.T) {
	const entries = 4
	ctx := context.Background()
	team := []domain.Officer{oicAlice, domaintest.Authoriser, domaintest.Silver, domaintest.Arrest, domaintest.Driver}
	dt := deployedTeam(t, team)
	s, _, addr := serveFolder(t, dt.dir, 0, &syncBuffer{})
	v, keys := dt.visit, dt.keys

	// Each session waits for the frame that shows each step done, from
	// where its output stood before the step's key.
	var wg sync.WaitGroup
	errs := make(chan error, len(team))
	for i, o := range team {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- record(addr, keys[i], o, entries)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if t.Failed() {
		return
	}

	got, err := s.Visit(ctx, v.Ref)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range got.Timeline {
		if e.Kind == domain.EntryNote {
			seen[e.Text+" by "+string(e.Recorded.By)]++
		}
	}
	for _, o := range team {
		for j := range entries {
			if k := fmt.Sprintf("note %s.%d by %s", o.StaffNo, j, o.StaffNo); seen[k] != 1 {
				t.Errorf("%q is on the timeline %d times, want once", k, seen[k])
			}
		}
	}
	if n := len(seen); n != len(team)*entries {
		t.Errorf("%d notes on the timeline, want %d: %v", n, len(team)*entries, seen)
	}
	_, problems, err := s.Verify(ctx, nil)
	if err != nil || len(problems) != 0 {
		t.Fatalf("verify: %v %v", problems, err)
	}
}

// record opens the visit on the register's top row as o, goes to its live
// tab and records n notes, each acknowledged by its flash.
func record(addr string, key ssh.Signer, o domain.Officer, n int) error {
	c, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "whoever", Auth: []ssh.AuthMethod{ssh.PublicKeys(key)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return err
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 40, 120, ssh.TerminalModes{}); err != nil {
		return err
	}
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	in, err := sess.StdinPipe()
	if err != nil {
		return err
	}
	if err := sess.Shell(); err != nil {
		return err
	}
	step := func(keys, want string) error {
		from := len(out.String())
		if _, err := in.Write([]byte(keys)); err != nil {
			return err
		}
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(out.String()[from:], want) {
			if time.Now().After(deadline) {
				return fmt.Errorf("%s: after %q, never saw %q in:\n%q", o.StaffNo, keys, want, out.String()[from:])
			}
			time.Sleep(5 * time.Millisecond)
		}
		return nil
	}
	if err := step("", "1 visit"); err != nil {
		return err
	}
	if err := step("\r", "DEPLOYED"); err != nil {
		return err
	}
	if err := step("8", "On site"); err != nil {
		return err
	}
	for j := range n {
		if err := step("n", "pocket notebook"); err != nil {
			return err
		}
		if err := step(fmt.Sprintf("note %s.%d", o.StaffNo, j), fmt.Sprintf("%s.%d", o.StaffNo, j)); err != nil {
			return err
		}
		if err := step("\x13", ": note"); err != nil { // ctrl+s; the flash "✓ timeline #N: note"
			return err
		}
	}
	return nil
}

// deployedTeamFolder is a data folder holding the officers of team, each
// with an SSH key, and one visit deployed an hour ago with team's first
// as its OIC.
type deployedTeamFolder struct {
	dir   string
	visit *domain.Visit
	keys  []ssh.Signer // keys[i] is team[i]'s
}

func deployedTeam(t *testing.T, team []domain.Officer) deployedTeamFolder {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.OpenWith(dir, store.Options{Derive: exchange.Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range team {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, o.UpdatedAt)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSignedIn(ctx, team[0].StaffNo); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Hour)
	v, c, err := domain.NewVisit(starBasics(start, domain.Date{Year: 2026, Month: 2, Day: 1}, start.Add(-72*time.Hour)), team[0], start.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	if err := domaintest.Deploy(v, team[0], start.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, domain.Change{Action: "deployed (fixture)", Actor: team[0].StaffNo, At: start.Add(-30 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	keys := make([]ssh.Signer, len(team))
	for i, o := range team {
		var pub string
		keys[i], pub = testKey(t, string(o.StaffNo))
		if code, out, errs := runOIC(t, ctx, "officer", "key", "add", "--data-dir", dir, string(o.StaffNo), writeTemp(t, pub)); code != 0 {
			t.Fatalf("key add %s: exit %d: %s%s", o.StaffNo, code, out, errs)
		}
	}
	return deployedTeamFolder{dir: dir, visit: v, keys: keys}
}

// SIGTERM as a save is made (the "SIGTERM mid-save"): the stop
// comes at once after ctrl+s and a few milliseconds after, before, while
// and after the save is written (a save takes a few milliseconds, too
// few for its "Saving…" to be drawn). Each time the server stops within
// its 5 s, and the note typed is on the visit's timeline, or kept as a
// draft, never lost; the store verifies.
func TestServe_ShutdownMidSaveLosesNothing(t *testing.T) {
	for _, after := range []time.Duration{0, time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			ctx := context.Background()
			dt := deployedTeam(t, []domain.Officer{oicAlice})
			s, srv, addr := serveFolder(t, dt.dir, 0, &syncBuffer{})
			_, out, press := sshTerminal(t, connect(t, addr, dt.keys[0]))
			waitFor(t, out, "1 visit")
			press("\r")
			waitFor(t, out, "DEPLOYED")
			press("8")
			waitFor(t, out, "On site")
			press("n")
			waitFor(t, out, "pocket notebook")
			const note = "Rear door forced by the occupier before entry"
			press(note)
			waitFor(t, out, "occupier before entry")

			press("\x13") // ctrl+s
			time.Sleep(after)
			stopCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			began := time.Now()
			if err := srv.Shutdown(stopCtx); err != nil {
				t.Fatalf("Shutdown mid-save: %v", err)
			}
			t.Logf("stopped in %s", time.Since(began))

			v, err := s.Visit(ctx, dt.visit.Ref)
			if err != nil {
				t.Fatal(err)
			}
			saved := slices.ContainsFunc(v.Timeline, func(e domain.TimelineEntry) bool { return e.Text == note })
			draft, err := s.Draft(ctx, oicAlice.StaffNo, "live-note:"+string(dt.visit.Ref))
			if err != nil && !errors.Is(err, domain.ErrNotFound) {
				t.Fatal(err)
			}
			if !saved && !strings.Contains(string(draft), note) {
				t.Fatalf("the note is neither on the timeline nor kept as a draft (draft %q)", draft)
			}
			t.Logf("saved %v, draft kept %v", saved, strings.Contains(string(draft), note))
			if saved && strings.Contains(string(draft), note) {
				t.Fatalf("the note is on the timeline and kept as a draft too, to be recorded twice (draft %q)", draft)
			}
			if _, problems, err := s.Verify(ctx, nil); err != nil || len(problems) != 0 {
				t.Fatalf("verify after the stop: %v %v", problems, err)
			}
		})
	}
}
