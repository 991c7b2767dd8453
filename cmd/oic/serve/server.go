// Package serve is oic serve's SSH transport: one data folder's store
// shared by every officer over SSH (charmbracelet/wish), each signed in
// by their own key; a session draws oic's terminal UI, or runs one of
// the commands that make sense remotely.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store"
	"oic/tui"
)

// Config is what a server needs. The store is the caller's, opened once
// for every session and closed by the caller after Shutdown.
type Config struct {
	// Dir is the data folder: the host key and the connection log are
	// kept in it.
	Dir   string
	Store *store.Store
	// Listen is the address to listen on, as ":2323".
	Listen string
	// IdleTimeout closes a terminal session after that long without a
	// key pressed; 0 never does.
	IdleTimeout time.Duration
	// App builds the terminal UI for officer o, drawn with r; bell is
	// where the program's output goes, for the terminal bell.
	App func(o domain.Officer, r *lipgloss.Renderer, bell io.Writer) (*tui.App, error)
	// Run runs a command (args, as after "oic") as officer o and returns
	// its exit status. stdout and stderr are the session's, as they are:
	// the command makes what it prints inert.
	Run func(ctx context.Context, o domain.Officer, args []string, stdin io.Reader, stdout, stderr io.Writer) int
	// RunLocal runs a command a local oic asked the server to run
	// (local.go) as it would have run itself: as officer as (--as), or,
	// if "", the one last signed in on the folder.
	RunLocal func(ctx context.Context, as string, pin *string, args []string, stdin io.Reader, stdout, stderr io.Writer) int
	// Log is where the server says what it does (started, stopping, a
	// connection log it could not write): the service's log.
	Log io.Writer
	// Clock is time.Now; tests may stand still.
	Clock func() time.Time
}

// Server is a running oic serve.
type Server struct {
	cfg  Config
	srv  *ssh.Server
	log  *connLog
	host gossh.Signer

	stopKeys func() // ends watchKeys (revoke.go)

	mu       sync.Mutex
	localL   net.Listener
	stopping bool
	sessions map[*session]struct{}
	wg       sync.WaitGroup
}

// New makes the server: its host key (made on first run) and its
// connection log, both in cfg.Dir.
func New(cfg Config) (*Server, error) {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	pem, host, err := hostKey(cfg.Dir, cfg.Store.Vault())
	if err != nil {
		return nil, err
	}
	cl, err := openConnLog(cfg.Dir)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cl, host: host, sessions: map[*session]struct{}{}}
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPEM(pem),
		wish.WithPublicKeyAuth(s.publicKey),
		// Offered only to tell an officer whose keys were all refused
		// which to have added: it never lets anyone in (auth.go).
		wish.WithKeyboardInteractiveAuth(s.refusal),
		// Outermost last: a session is identified and logged, runs a
		// command or, with a terminal, the UI.
		wish.WithMiddleware(
			s.afterProgram,
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			activeTerm,
			s.commands,
			s.identify,
		),
	}
	if cfg.IdleTimeout > 0 {
		// The connection's own limit, beyond the sessions' (which say
		// why they close): one that never authenticates, or whose
		// session is stuck, is dropped all the same.
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute))
	}
	if s.srv, err = wish.NewServer(opts...); err != nil {
		cl.close()
		return nil, err
	}
	events, stop := cfg.Store.Listen()
	s.stopKeys = stop
	go s.watchKeys(events)
	return s, nil
}

// HostKeyFingerprint is the host key's fingerprint, for officers to
// check the first time they connect.
func (s *Server) HostKeyFingerprint() string { return gossh.FingerprintSHA256(s.host.PublicKey()) }

// Serve accepts connections on l until Shutdown; it returns nil then.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on Config.Listen and serves.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", s.cfg.Listen, err)
	}
	fmt.Fprintf(s.cfg.Log, "oic serve: listening on %s for %s; host key %s\n", l.Addr(), s.cfg.Dir, s.HostKeyFingerprint())
	return s.Serve(l)
}

// Shutdown stops the server: no new connection is taken, every session
// is told the server is stopping and ends (a terminal's typing kept as
// drafts, a command cancelled), then every connection is closed. It
// returns when all sessions have ended, or when ctx ends first.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	for se := range s.sessions {
		se.stop(reasonStopping)
	}
	if s.localL != nil {
		s.localL.Close()
	}
	s.mu.Unlock()
	// Closes the listeners at once; the sessions are waited for below.
	now, cancel := context.WithCancel(context.Background())
	cancel()
	_ = s.srv.Shutdown(now)
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("sessions still open when the server stopped: %w", ctx.Err())
	}
	s.srv.Close()
	s.stopKeys()
	s.log.close()
	return err
}

// add registers a session for Shutdown; false if the server is stopping.
func (s *Server) add(se *session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.sessions[se] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) remove(se *session) {
	s.mu.Lock()
	delete(s.sessions, se)
	s.mu.Unlock()
	s.wg.Done()
}

func (s *Server) logf(format string, a ...any) {
	fmt.Fprintf(s.cfg.Log, "oic serve: "+format+"\n", a...)
}
