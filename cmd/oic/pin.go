package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"golang.org/x/term"

	"oic/domain"
	"oic/store"
)

// A command that records as an officer (export's provenance, import's
// arrival entries, officer add's entry naming who added) asks for that
// officer's PIN, if they have one, as the terminal UI does at start
// (IDN-1 on a shared laptop): typed at the terminal without echo, or, with
// no terminal (a script), read from the file OIC_PIN_FILE names, which
// only its owner may read. Commands that only read ask nothing.

// pinFileMax is more than any PIN and its newline: a larger file is not
// a PIN file.
const pinFileMax = 64

// recordsAs checks the PIN of o, whom the command is about to record as,
// if they have one; a wrong PIN, a lock, or no way to ask refuses the
// command before it has done anything. Over SSH the officer's key is
// their identity, and no PIN is asked. A command a local oic asked the
// server to run (serve_local.go) brings the PIN its caller gave, as the
// server has no terminal of the caller's to ask at.
// recorder is the officer signed in (--as, or the folder's last), who
// must be there, with their PIN asked where they have one: the one the
// command's records name (IDN-1).
func recorder(ctx context.Context, g *globals, s *store.Store, cfg domain.Config, stderr io.Writer) (domain.Officer, error) {
	by, err := signedIn(ctx, g, s, true)
	if err != nil {
		return by, err
	}
	return by, recordsAs(ctx, g, s, by, cfg.Location(), stderr)
}

func recordsAs(ctx context.Context, g *globals, s *store.Store, o domain.Officer, loc *time.Location, stderr io.Writer) error {
	if g.remote != nil {
		return nil
	}
	now := time.Now().In(loc)
	st, err := s.PINState(ctx, o.StaffNo, now)
	if err != nil || !st.Set {
		return err
	}
	if st.Locked {
		return &domain.PINError{Officer: o.StaffNo, Locked: true, Until: st.Until.In(loc)}
	}
	var typed string
	switch {
	case g.served != nil && g.pin == nil:
		return fmt.Errorf("%s has a PIN and this command records as them, but oic serve holds %s and no PIN came with the command: "+
			"run it at a terminal (oic asks for the PIN there), or set OIC_PIN_FILE; nothing was done", o.Label(), s.Dir())
	case g.served != nil:
		typed = *g.pin
	default:
		if typed, err = readPIN(o, stderr); err != nil {
			return err
		}
	}
	pin, err := domain.ParsePIN(typed) // a slip of the finger is no try
	if err != nil {
		var ve domain.ValidationError
		if errors.As(err, &ve) {
			err = errors.New(ve.For(domain.FieldPIN))
		}
		return fmt.Errorf("the PIN of %s: %v; nothing was done", o.StaffNo, err)
	}
	if err := s.CheckPIN(ctx, o.StaffNo, pin, time.Now().In(loc)); err != nil {
		var pe *domain.PINError
		switch {
		case errors.As(err, &pe) && pe.Locked: // in the officers' zone
			return &domain.PINError{Officer: pe.Officer, Locked: true, Until: pe.Until.In(loc)}
		case pe != nil:
			return fmt.Errorf("%v; nothing was done", err)
		}
		return err
	}
	return nil
}

// readPIN asks o's PIN on the terminal, or reads it from OIC_PIN_FILE.
func readPIN(o domain.Officer, stderr io.Writer) (string, error) {
	if pin, ok, err := typePIN(stderr, "PIN of "+o.Label()+": "); ok {
		return pin, err
	}
	path := os.Getenv("OIC_PIN_FILE")
	if path == "" {
		return "", fmt.Errorf("%s has a PIN and this command records as them, but there is no terminal to type it at: "+
			"run it at a terminal, or set OIC_PIN_FILE to a file holding the PIN that only you may read (chmod 600); nothing was done", o.Label())
	}
	return readPINFile(path)
}

// typePIN asks for a PIN on the terminal, without echo, after prompt; ok
// is false where standard input is no terminal, and nothing was asked.
func typePIN(w io.Writer, prompt string) (pin string, ok bool, err error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", false, nil
	}
	fmt.Fprint(w, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(w)
	if err != nil {
		return "", true, fmt.Errorf("could not read the PIN from the terminal: %v; nothing was done", err)
	}
	return string(b), true, nil
}

// readPINFile reads the PIN in the file path (OIC_PIN_FILE), which only
// its owner may read.
func readPINFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("OIC_PIN_FILE: %v; nothing was done", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("OIC_PIN_FILE: %v; nothing was done", err)
	}
	// Windows keeps no such mode bits: its folder's access list is what
	// guards the file there.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("OIC_PIN_FILE %s may be read by others (mode %04o): chmod 600 %s, so it is yours alone; nothing was done", path, fi.Mode().Perm(), path)
	}
	if !fi.Mode().IsRegular() || fi.Size() > pinFileMax {
		return "", fmt.Errorf("OIC_PIN_FILE %s is not a file holding a PIN (4 to 12 digits and a newline); nothing was done", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, pinFileMax))
	if err != nil {
		return "", fmt.Errorf("OIC_PIN_FILE: %v; nothing was done", err)
	}
	return strings.TrimSpace(string(b)), nil
}
