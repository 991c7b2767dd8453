package main

import (
	"context"
	"fmt"
	"net"
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
	dir := t.TempDir()
	s, err := store.OpenWith(dir, store.Options{Derive: exchange.Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	team := []domain.Officer{oicAlice, domaintest.Authoriser, domaintest.Silver, domaintest.Arrest, domaintest.Driver}
	for _, o := range team {
		if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, o.UpdatedAt)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSignedIn(ctx, oicAlice.StaffNo); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Hour)
	v, c, err := domain.NewVisit(starBasics(start, domain.Date{Year: 2026, Month: 2, Day: 1}, start.Add(-72*time.Hour)), oicAlice, start.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	if err := domaintest.Deploy(v, oicAlice, start.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, domain.Change{Action: "deployed (fixture)", Actor: oicAlice.StaffNo, At: start.Add(-30 * time.Minute)}); err != nil {
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
	if s, err = store.OpenWith(dir, store.Options{Derive: exchange.Derivation()}); err != nil {
		t.Fatal(err)
	}
	release := s.Hold()
	srv, err := newServer(s, domain.DefaultConfig(), "127.0.0.1:0", 0, &syncBuffer{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
		release()
	})

	// Each session waits for the frame that shows each step done, from
	// where its output stood before the step's key.
	var wg sync.WaitGroup
	errs := make(chan error, len(team))
	for i, o := range team {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- record(l.Addr().String(), keys[i], o, entries)
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
