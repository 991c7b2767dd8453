package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"oic/cmd/oic/serve"
	"oic/domain"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
	"oic/tui"
	"oic/tui/board"
	"oic/tui/register"
)

const serveUsage = "[--listen ADDR] [--idle-timeout D]"

// serveStop is how long the sessions have to end once a signal stops
// the server: within the process's own hard stop (signals.go).
const serveStop = 1500 * time.Millisecond

// runServe serves the data folder over SSH to the officers whose keys it
// holds (oic officer key add): each session its own terminal UI, or a
// command, as the key's officer. The store is opened once, here, and
// shared by every session.
func runServe(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("serve", stderr)
	listen := fs.String("listen", ":2323", "the `address` to listen on, as :2323 or 127.0.0.1:2323")
	idle := fs.Duration("idle-timeout", 30*time.Minute, "close a terminal session after this `long` with no key pressed (0: never)")
	if err := parseFlags(fs, args, stdout, serveUsage); err != nil {
		return err
	}
	if g.as != "" {
		fmt.Fprintln(stderr, "oic serve: --as has no meaning here: over SSH each officer is the one their key belongs to")
		return errUsage
	}
	if *idle < 0 {
		fmt.Fprintf(stderr, "oic serve: --idle-timeout %s: give a length of time, as 30m, or 0 for none\n", *idle)
		return errUsage
	}
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	// Commands over SSH close the store they are given: it stays open
	// until the server has stopped.
	release := s.Hold()
	defer release()
	srv, err := newServer(s, cfg, *listen, *idle, stderr)
	if err != nil {
		return err
	}
	// oic check, export and the like, run on this host, ask the server
	// (serve_local.go).
	if err := srv.ListenLocal(); err != nil {
		srv.Shutdown(context.Background())
		return err
	}
	keys, err := s.OfficerKeys(ctx)
	if err == nil && len(keys) == 0 {
		fmt.Fprintf(stderr, "oic serve: no officer has a key in %s yet, so nobody can connect: oic officer key add STAFFNO FILE adds one\n", s.Dir())
	}
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	select {
	case err := <-served:
		srv.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "oic serve: stopping: every session is told, and what is being typed kept as drafts")
	sctx, cancel := context.WithTimeout(context.Background(), serveStop)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-served
	return err
}

// newServer is the server over the open store s, its sessions' terminal
// UIs and commands made as this process makes them locally.
func newServer(s *store.Store, cfg domain.Config, listen string, idle time.Duration, log io.Writer) (*serve.Server, error) {
	// One register index for every session: 50 sessions over 100,000
	// visits hold one copy of the rows, kept current from the change feed.
	index := register.NewIndex(s)
	// And one reading of each saved visit for every session's banner.
	incidents := board.NewIncidents()
	admins := watchAdmin(s)
	return serve.New(serve.Config{
		Dir: s.Dir(), Store: s, Listen: listen, IdleTimeout: idle, Log: log,
		App: func(o domain.Officer, r *lipgloss.Renderer, bell io.Writer) (*tui.App, error) {
			// Roles switch on once the folder has an administrator, who
			// may be made while the server runs: asked for each session.
			cfg := cfg
			cfg.Administered = admins.administered()
			return tui.New(tui.Options{Renderer: r, Store: s, Config: cfg, Clock: time.Now, Loc: cfg.Location(),
				As: o.StaffNo, Fixed: true, Version: Version(), Register: index, Incidents: incidents,
				Export: exchange.Exporter{Store: s, Config: cfg, ToolVersion: Version(), Loc: cfg.Location(), Clock: time.Now},
				Notice: halfImportedNotice(s, cfg.Location()), Bell: bell})
		},
		Run: func(ctx context.Context, o domain.Officer, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			return runRemote(ctx, s, cfg, o, args, stdin, stdout, stderr)
		},
		RunLocal: func(ctx context.Context, as string, pin *string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			return runLocal(ctx, s, cfg, as, pin, args, stdin, stdout, stderr)
		},
	})
}

// remoteCommands are the commands an officer may run over SSH, with the
// sub-commands allowed where not all are. The others change or read the
// whole folder on the server (demo, import, officer add, keys) and are
// run on the server host.
var remoteCommands = map[string][]string{
	"check": nil, "export": nil, "measures": nil, "verify": nil, "key": nil, "backup": nil,
	"officer": {"list", "show"}, "version": nil, "help": nil,
	// Which visits are past retention (RET-1), of those the officer sees.
	"retention": nil,
	// A laptop reserving reference numbers for its visits made offline
	// (refs.go).
	"refs": {"reserve"},
	// A laptop's oic push and oic pull (push.go, pull.go) run these.
	"push": nil, "pull": nil,
}

// remote is what a command run over SSH writes to as it is: an export's
// bytes and its signature, which the inert writers must not touch.
type remote struct {
	stdout, stderr io.Writer
}

// runRemote runs a command given over SSH as officer o, exactly as
// "oic --as STAFFNO COMMAND" would run locally, on the server's open
// store, and returns its exit status. --as and --data-dir are refused:
// the key is the officer, the server's folder the folder.
func runRemote(ctx context.Context, s *store.Store, cfg domain.Config, o domain.Officer, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out, errOut := newInertWriter(stdout), newInertWriter(stderr)
	defer out.flush()
	defer errOut.flush()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		remoteUsage(out)
		return 0
	}
	sub, ok := remoteCommands[args[0]]
	if !ok {
		fmt.Fprintf(errOut, "oic: %s is not run over SSH: it is run on the server host, by someone with access to the data folder.\n\n", oneLine(args[0]))
		remoteUsage(errOut)
		return 2
	}
	if sub != nil && (len(args) < 2 || !slices.Contains(sub, args[1])) {
		fmt.Fprintf(errOut, "oic: over SSH, oic %s runs as %s only; the rest is run on the server host.\n", args[0], strings.Join(sub, " or "))
		return 2
	}
	for _, a := range args[1:] {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		switch {
		case name == "as":
			fmt.Fprintf(errOut, "oic: --as is refused over SSH: you are %s, the officer your key belongs to. To act as another officer, they connect with their own key.\n", o.Label())
			return 2
		case name == "data-dir":
			fmt.Fprintln(errOut, "oic: --data-dir is refused over SSH: commands run on the server's data folder.")
			return 2
		case (name == "out" || name == "force") && args[0] != "export" && args[0] != "backup":
			fmt.Fprintf(errOut, "oic: --%s is refused over SSH: it would write a file on the server. Output comes on standard output: redirect it (ssh ... %s ... >FILE).\n", name, args[0])
			return 2
		case name == "rebuild" && args[0] == "verify":
			fmt.Fprintln(errOut, "oic: verify --rebuild is refused over SSH: it is run on the server host with the server stopped.")
			return 2
		}
	}
	g := &globals{dataDir: s.Dir(), as: string(o.StaffNo), stdin: stdin, served: s, servedCfg: cfg,
		remote: &remote{stdout: stdout, stderr: stderr}}
	return exitStatus(remoteDispatch(ctx, g, args, out, errOut), errOut)
}

// remoteDispatch and remoteList are dispatch and commands, set at init:
// commands holds serve, which leads here.
var (
	remoteDispatch func(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error
	remoteList     func() []command
)

func init() {
	remoteDispatch = dispatch
	remoteList = func() []command { return commands }
}

// remoteArgs are the arguments of a command over SSH, where they are not
// those it takes locally: no file is written on the server.
var remoteArgs = map[string]string{
	"export":   "--format F [--from DATE] [--to DATE] [--team CODE] [--redact [--keep-text]] [--recipient KEY]...",
	"backup":   "[--recipient KEY]...",
	"measures": "[--from DATE] [--to DATE] [--team CODE] [--by team|month|quarter] [--format table|csv|json]",
	"key":      "",
	"verify":   "[--json]",
	"push":     "(run by oic push on a laptop)",
	"pull":     "[REF...] (run by oic pull on a laptop)",
}

func remoteUsage(w io.Writer) {
	fmt.Fprint(w, `oic over SSH: you are the officer your key belongs to.

Usage:
  ssh -p PORT HOST                      open the visit register (terminal UI)
  ssh -p PORT HOST COMMAND [flags]

Commands:
`)
	for _, c := range remoteList() {
		if sub, ok := remoteCommands[c.name]; ok {
			args := c.args
			if a, ok := remoteArgs[c.name]; ok {
				args = a
			}
			if sub != nil {
				args = strings.Join(sub, "|") + " ..."
			}
			fmt.Fprintf(w, "  %-8s %-24s %s\n", c.name, args, c.summary)
		}
	}
	fmt.Fprint(w, `
export writes the export to standard output and its signature (SSHSIG, by
the server's key) to standard error:
  ssh -p PORT HOST export --format md >visits.md 2>visits.md.sig
backup does the same with a backup of the whole folder (administrators):
  ssh -p PORT HOST backup --recipient "$(cat ~/.ssh/id_ed25519.pub)" >oic.backup 2>oic.backup.sig
`)
}

// exportToSession writes an export over SSH: the file's bytes on
// standard output, its signature by the folder's key (as FILE.sig holds
// it locally) on standard error, and nothing else, so each can be
// redirected to its file.
func exportToSession(ctx context.Context, g *globals, s *store.Store, opt exchange.ExportOptions) error {
	if p, err := exchange.PendingImportOf(s); err != nil {
		return err
	} else if p != nil {
		return fmt.Errorf("cannot export from the server yet: %s. Nothing was written", p)
	}
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return err
	}
	res, err := exchange.Export(ctx, s, g.remote.stdout, opt)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("export interrupted: what was written is not whole, and is not signed")
		}
		return err
	}
	raw, err := hex.DecodeString(res.SHA256)
	if err != nil {
		return err
	}
	armored, err := key.SignSHA256(raw)
	if err != nil {
		return err
	}
	_, err = g.remote.stderr.Write(armored)
	return err
}
