package serve

import (
	"context"

	"github.com/charmbracelet/ssh"
)

// commands runs a session that gives a command (ssh HOST check REF) as
// its officer, as soft-serve does: Config.Run decides which commands may
// run remotely and runs them on the server's open store. Shutdown
// cancels it.
func (s *Server) commands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		args := sess.Command()
		if len(args) == 0 {
			next(sess)
			return
		}
		se := sessionOf(sess)
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		se.setQuit(cancel)
		code := s.cfg.Run(ctx, se.officer, args, sess, sess, sess.Stderr())
		_ = sess.Exit(code)
	}
}

// afterProgram is the handler the Bubble Tea middleware calls once the
// program has ended.
func (s *Server) afterProgram(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.done(sess)
		next(sess)
	}
}
