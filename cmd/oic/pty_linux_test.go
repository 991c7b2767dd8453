package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// terminal is a pseudo-terminal with oic (this test binary, as oic)
// running in it, its screen read as it is drawn.
type terminal struct {
	t      *testing.T
	master *os.File
	slave  *os.File
	cmd    *exec.Cmd

	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{} // closed when the process has ended
	err  error         // its Wait
}

// openPTY opens a pseudo-terminal pair of 120 by 40, as a terminal
// emulator would: Linux's /dev/ptmx, unlocked, and its numbered end.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 120}); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// startOIC runs oic with args in a terminal of its own, as the session
// leader with that terminal as its controlling one, as a shell would.
func startOIC(t *testing.T, args ...string) *terminal {
	t.Helper()
	m, s := openPTY(t)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runAsOIC+"=1", "TERM=xterm-256color", "NO_COLOR=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s, s, s
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tm := &terminal{t: t, master: m, slave: s, cmd: cmd, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := m.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
			tm.answer(buf[:n])
		}
	}()
	go func() {
		tm.err = cmd.Wait()
		close(tm.done)
	}()
	watchdog := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	t.Cleanup(func() {
		watchdog.Stop()
		cmd.Process.Kill()
		<-tm.done
		m.Close()
		s.Close()
	})
	return tm
}

// answer replies to what the program asks of its terminal, as a
// terminal emulator does: its background colour and where the cursor is.
// Without an answer it waits seconds for one, at every start.
func (tm *terminal) answer(b []byte) {
	if bytes.Contains(b, []byte("\x1b]11;?")) {
		tm.master.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07"))
	}
	if bytes.Contains(b, []byte("\x1b[6n")) {
		tm.master.Write([]byte("\x1b[1;1R"))
	}
}

// screen is everything drawn so far.
func (tm *terminal) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// waitFor waits for want to be drawn.
func (tm *terminal) waitFor(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(tm.screen(), want) {
		select {
		case <-tm.done:
			tm.t.Fatalf("oic ended (%v) before showing %q:\n%q", tm.err, want, tail(tm.screen()))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("oic never showed %q:\n%q", want, tail(tm.screen()))
		}
	}
}

// typeKeys types s, as keys pressed.
func (tm *terminal) typeKeys(s string) {
	tm.t.Helper()
	if _, err := tm.master.Write([]byte(s)); err != nil {
		tm.t.Fatal(err)
	}
}

// exited waits at most d for the process to end, and says how long it
// took.
func (tm *terminal) exited(d time.Duration) (time.Duration, bool) {
	began := time.Now()
	select {
	case <-tm.done:
		return time.Since(began), true
	case <-time.After(d):
		return time.Since(began), false
	}
}

// cooked reports whether the terminal is back in its usual line mode,
// echoing and reading whole lines, as oic found it.
func (tm *terminal) cooked() bool {
	tio, err := unix.IoctlGetTermios(int(tm.slave.Fd()), unix.TCGETS)
	if err != nil {
		tm.t.Fatal(err)
	}
	return tio.Lflag&unix.ICANON != 0 && tio.Lflag&unix.ECHO != 0
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// signIn types the demo officers' PIN at the prompt a demo folder's oic
// starts on (IDN-1), and waits for the register.
func (tm *terminal) signIn() {
	tm.t.Helper()
	tm.waitFor("Your PIN")
	tm.typeKeys(demoPIN + "\r")
	tm.waitFor("Visit register")
}
