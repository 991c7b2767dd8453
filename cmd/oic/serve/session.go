package serve

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/tui"
)

// Why a session was ended by the server, told to the officer.
const (
	reasonStopping = "the server is stopping"
	reasonIdle     = "idle"
)

// session is one SSH session: its officer, and how the server ends it.
type session struct {
	officer domain.Officer
	fp      string
	addr    string
	began   time.Time

	mu     sync.Mutex
	reason string
	quit   func() // ends the program or cancels the command
	app    *tui.App

	lastKey atomic.Int64 // unix nanoseconds of the last input read
}

const sessionKey ctxKey = 100

func sessionOf(sess ssh.Session) *session {
	se, _ := sess.Context().Value(sessionKey).(*session)
	return se
}

// stop ends the session for reason, once.
func (se *session) stop(reason string) {
	se.mu.Lock()
	defer se.mu.Unlock()
	if se.reason == "" {
		se.reason = reason
	}
	if se.quit != nil {
		se.quit()
	}
}

func (se *session) setQuit(q func()) {
	se.mu.Lock()
	defer se.mu.Unlock()
	se.quit = q
	if se.reason != "" { // stopped before it started
		q()
	}
}

func (se *session) why() string {
	se.mu.Lock()
	defer se.mu.Unlock()
	return se.reason
}

// identify names the session's officer: the one the key it authenticated
// with belongs to (looked up again: a key only asked about is not one
// proven), and logs the session's start and end.
func (s *Server) identify(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		addr := sess.RemoteAddr().String()
		key := sess.PublicKey()
		if key == nil {
			wish.Fatalln(sess, "oic: this server lets officers in by their SSH key only.")
			return
		}
		fp := gossh.FingerprintSHA256(key)
		o, err := s.cfg.Store.OfficerByKey(sess.Context(), fp)
		if err != nil {
			s.logConn("refused", "", fp, addr, err.Error())
			wish.Fatalln(sess, strings.TrimRight(refusalText([]string{fp}), "\n"))
			return
		}
		se := &session{officer: o, fp: fp, addr: addr, began: s.cfg.Clock()}
		if !s.add(se) {
			wish.Fatalln(sess, "oic: the server is stopping; connect again when it is back.")
			return
		}
		defer s.remove(se)
		sess.Context().SetValue(sessionKey, se)
		what := "terminal"
		if cmd := sess.Command(); len(cmd) > 0 {
			what = "command " + cmd[0] // its name only: arguments may name a visit
		}
		s.logConn("connect", o.StaffNo, fp, addr, what)
		next(sess)
		s.logConn("end", o.StaffNo, fp, addr, s.cfg.Clock().Sub(se.began).Round(time.Second).String())
	}
}

// activeTerm refuses a session with no terminal and no command, saying
// what to do: the UI needs a terminal.
func activeTerm(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); ok {
			next(sess)
			return
		}
		wish.Fatalln(sess, "oic: the terminal UI needs a terminal: connect with ssh -t, or give a command (ssh -p PORT HOST help lists them).")
	}
}

// program builds the session's Bubble Tea program: oic's terminal UI as
// the officer runs it locally, with its own renderer for this terminal.
// After it ends, done (through the middleware's next handler) keeps the
// typing as drafts and says why the session ended.
func (s *Server) program(sess ssh.Session) *tea.Program {
	se := sessionOf(sess)
	pty, _, _ := sess.Pty()
	env := append(sess.Environ(), "TERM="+pty.Term)
	out := &frameWriter{w: sess}
	app, err := s.cfg.App(se.officer, sessionRenderer(sess, env), out)
	if err != nil {
		wish.Fatalln(sess, "oic: cannot open the terminal UI: "+err.Error())
		return nil
	}
	se.app = app
	se.lastKey.Store(s.cfg.Clock().UnixNano())
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithoutSignalHandler(),
		tea.WithInput(&keyReader{r: sess, se: se, clock: s.cfg.Clock}), tea.WithOutput(out), tea.WithEnvironment(env))
	se.setQuit(p.Quit)
	if s.cfg.IdleTimeout > 0 {
		go s.watchIdle(sess, se)
	}
	return p
}

// sessionRenderer is a lipgloss renderer for the session's terminal: the
// colour profile its TERM (and NO_COLOR, if sent) says, and a dark
// background assumed, both set here so that lipgloss never asks the
// terminal: some clients never answer, and the first frame would wait.
func sessionRenderer(w io.Writer, env []string) *lipgloss.Renderer {
	opts := []termenv.OutputOption{termenv.WithEnvironment(environ(env)), termenv.WithUnsafe()}
	r := lipgloss.NewRenderer(w, opts...)
	r.SetColorProfile(termenv.NewOutput(io.Discard, opts...).EnvColorProfile())
	r.SetHasDarkBackground(true)
	return r
}

type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(k string) string {
	v := ""
	for _, kv := range e {
		if rest, ok := strings.CutPrefix(kv, k+"="); ok {
			v = rest // the last wins, as TERM set above does
		}
	}
	return v
}

// done runs after the program ends: the session's typing is kept as
// drafts, what could not be is shown to be copied, and an officer whose
// session the server ended is told why.
func (s *Server) done(sess ssh.Session) {
	se := sessionOf(sess)
	if se == nil || se.app == nil {
		return
	}
	unkept := se.app.KeepDrafts()
	se.app.Close()
	if len(unkept) > 0 {
		fmt.Fprint(sess, "oic: this typing could not be kept as a draft; copy it before you close this window.\r\n")
		for _, u := range unkept {
			fmt.Fprint(sess, domain.Inert(u)+"\r\n")
		}
	}
	switch se.why() {
	case reasonStopping:
		fmt.Fprint(sess, "oic: the server is stopping; what you were typing is kept as a draft. Connect again when it is back.\r\n")
		_ = sess.Exit(1)
	case reasonKeyRemoved:
		fmt.Fprint(sess, "oic: an administrator has taken the key this session signed in with from your profile, so the session is closed; what you were typing is kept as a draft. If you did not expect this, ask an administrator.\r\n")
		_ = sess.Exit(1)
	case reasonIdle:
		fmt.Fprintf(sess, "oic: closed after %s with no key pressed; what you were typing is kept as a draft. Connect again to go on.\r\n", minutes(s.cfg.IdleTimeout))
		_ = sess.Exit(1)
	default:
		_ = sess.Exit(0)
	}
}

// watchIdle ends the session once no key has been pressed for the idle
// timeout.
func (s *Server) watchIdle(sess ssh.Session, se *session) {
	every := min(s.cfg.IdleTimeout/4, 15*time.Second)
	t := time.NewTicker(max(every, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-sess.Context().Done():
			return
		case <-t.C:
			if s.cfg.Clock().Sub(time.Unix(0, se.lastKey.Load())) >= s.cfg.IdleTimeout {
				se.stop(reasonIdle)
				return
			}
		}
	}
}

func minutes(d time.Duration) string {
	switch {
	case d%time.Hour == 0 && d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d%time.Minute == 0 && d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return d.String()
}

// keyReader is the session's input, noting when a key was last read.
type keyReader struct {
	r     io.Reader
	se    *session
	clock func() time.Time
}

func (k *keyReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.se.lastKey.Store(k.clock().UnixNano())
	}
	return n, err
}

// frameWriter is the session's output, one write at a time: Bubble Tea
// writes a frame in one write, so the bell (written by the UI from
// another goroutine) never lands inside one.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (f *frameWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Write(p)
}
