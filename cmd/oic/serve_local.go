package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"oic/cmd/oic/serve"
	"oic/domain"
	"oic/store"
	"oic/store/agefile"
)

// While oic serve holds a data folder, the commands below, run on the
// server host, are run by the server on its open store, as they would
// have run here (--as, or the officer last signed in), rather than
// refused on the store's lock. The server's socket is in the data folder,
// which only the folder's owner may open: whoever reaches it could stop
// the server and run the command themselves.

// localCommands are the commands a local oic asks the server to run, with
// the sub-commands allowed where not all are.
var localCommands = map[string][]string{
	"check": nil, "export": nil, "measures": nil, "verify": nil, "key": nil, "backup": nil,
	"officer": {"list", "show", "key"},
	"refs":    {"list"},
	// RET-1's list: it notes, once, when ended visits ended, as it
	// would with the folder to itself (retention.go).
	"retention": nil,
}

// heldByServer is the lock of a folder oic serve holds (a socket there).
type heldByServer struct {
	dir string
	err error
}

// Error says what to do where the server cannot run the command.
func (e *heldByServer) Error() string {
	who := "oic serve"
	var le *store.LockedError
	if errors.As(e.err, &le) && le.PID > 0 {
		who = fmt.Sprintf("oic serve (process %d)", le.PID)
	}
	return fmt.Sprintf("%s holds the data folder %s, and this command is not one it runs for you (check, export, backup, measures, verify, key, retention, officer list, show and key, and refs list are). Stop the server to run it (systemctl stop oic, if it runs as a service), then start it again", who, e.dir)
}
func (e *heldByServer) Unwrap() error { return e.err }

// servedElsewhere marks err, the store's lock refusing dir, as a
// server's where the server's socket is in dir.
func servedElsewhere(dir string, err error) error {
	var le *store.LockedError
	if !errors.As(err, &le) {
		return err
	}
	if _, serr := os.Lstat(filepath.Join(dir, serve.SocketFile)); serr != nil {
		return err
	}
	return &heldByServer{dir: dir, err: err}
}

// askServer has the server that holds the folder run the command, if err
// says one does and the command is one it runs; ok is false otherwise,
// and the command's own error stands.
func askServer(g *globals, args []string, err error, stdout, stderr io.Writer) (int, bool) {
	var held *heldByServer
	if !errors.As(err, &held) || !localCommand(args) {
		return 0, false
	}
	req, rerr := localRequest(g, args)
	if rerr != nil {
		fmt.Fprintln(stderr, "oic:", rerr)
		return 1, true
	}
	code, ok, aerr := serve.AskLocal(held.dir, req, stdout, stderr)
	if !ok {
		return 0, false
	}
	if aerr != nil {
		fmt.Fprintln(stderr, "oic:", aerr)
		return max(code, 1), true
	}
	return code, true
}

// recordsLocally says a command the server runs for a local oic records
// as an officer (an export's provenance, a key given or taken), so needs
// their PIN if they have one.
func recordsLocally(args []string) bool {
	switch {
	case len(args) > 0 && (args[0] == "export" || args[0] == "backup"):
		return !slices.Contains(args, "-h") && !slices.Contains(args, "--help")
	case len(args) > 2 && args[0] == "officer" && args[1] == "key":
		return args[2] == "add" || args[2] == "remove"
	}
	return false
}

// localPIN is the PIN the caller gives for the officer a command the
// server runs records as: from OIC_PIN_FILE, or typed at the terminal
// (empty for an officer with none, which the server checks); nil where
// there is no way to ask, and the server refuses if a PIN is needed.
func localPIN(g *globals) (*string, error) {
	if path := os.Getenv("OIC_PIN_FILE"); path != "" {
		pin, err := readPINFile(path)
		return &pin, err
	}
	who := "the officer signed in"
	if g.as != "" {
		who = g.as
	}
	w := g.stderr
	if w == nil {
		w = os.Stderr
	}
	pin, ok, err := typePIN(w, "oic serve holds this folder and runs the command for you. PIN of "+who+" (enter if they have none): ")
	if !ok || err != nil {
		return nil, err
	}
	return &pin, nil
}

func localCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	sub, ok := localCommands[args[0]]
	return ok && (sub == nil || len(args) > 1 && slices.Contains(sub, args[1]))
}

// localRequest is args as the server runs them: without --data-dir and
// --as (the server's folder; --as goes as As), files named by absolute
// path (the server's working folder is not this one), and a key file
// for oic officer key add read here and sent as its standard input.
func localRequest(g *globals, args []string) (serve.LocalRequest, error) {
	req := serve.LocalRequest{As: g.as}
	if recordsLocally(args) {
		// The server asks no terminal: the PIN of the officer this
		// records as goes with the command, if they have one (pin.go).
		pin, err := localPIN(g)
		if err != nil {
			return req, err
		}
		req.PIN = pin
	}
	keyAdd := len(args) > 2 && args[0] == "officer" && args[1] == "key" && args[2] == "add"
	positional := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && a != "-" {
			switch name {
			case "data-dir", "as":
				if !hasVal {
					i++ // its value
				}
				continue
			case "out":
				if !hasVal {
					if i+1 >= len(args) {
						break
					}
					i++
					val = args[i]
				}
				abs, err := filepath.Abs(val)
				if err != nil {
					return req, err
				}
				req.Args = append(req.Args, "--out", abs)
				continue
			case "recipient":
				// A file of keys, named from here: the server reads it
				// by its absolute path; a key goes as it is.
				if !hasVal {
					if i+1 >= len(args) {
						break
					}
					i++
					val = args[i]
				}
				if !agefile.LooksLikeKey(val) {
					if abs, err := filepath.Abs(val); err == nil {
						val = abs
					}
				}
				req.Args = append(req.Args, "--recipient", val)
				continue
			}
			req.Args = append(req.Args, a)
			continue
		}
		positional++
		// officer key add STAFFNO FILE: FILE is the fifth word.
		if keyAdd && positional == 5 {
			_, b, err := readKeyArg(g, a)
			if err != nil {
				return req, err
			}
			req.Stdin, a = b, "-"
		}
		req.Args = append(req.Args, a)
	}
	return req, nil
}

// runLocal runs a command a local oic asked the server to run, as it
// would have run there: as officer as, or the one last signed in.
func runLocal(ctx context.Context, s *store.Store, cfg domain.Config, as string, pin *string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out, errOut := newInertWriter(stdout), newInertWriter(stderr)
	defer out.flush()
	defer errOut.flush()
	if !localCommand(args) {
		fmt.Fprintf(errOut, "oic: %s cannot run while oic serve holds %s; stop the server to run it\n", oneLine(strings.Join(args, " ")), s.Dir())
		return 2
	}
	if slices.Contains(args, "--rebuild") || slices.Contains(args, "-rebuild") {
		fmt.Fprintf(errOut, "oic: verify --rebuild cannot run while oic serve holds %s; stop the server to run it\n", s.Dir())
		return 2
	}
	g := &globals{dataDir: s.Dir(), as: as, stdin: stdin, served: s, servedCfg: cfg, pin: pin}
	return exitStatus(remoteDispatch(ctx, g, args, out, errOut), errOut)
}
