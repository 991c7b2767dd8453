// Command oic is the officer in charge's tool for illegal-working
// enforcement visits: a terminal UI over an embedded store, and a few
// sub-commands for data and records.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"oic/store/exchange"
)

func main() {
	ctx, stop := watchSignals(os.Stderr)
	endProfile := startProfile()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	endProfile()
	// Ended by a signal: the status says so, whatever the command made
	// of its cancelled context.
	if sig := stop.signal(); sig != nil {
		code = exitCode(sig)
	}
	os.Exit(code)
}

// command is one sub-command.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"access-log", accessLogUsage, "who opened which visit and who exported what, when (administrators; DPA 2018 s.62)", runAccessLog},
	{"backup", backupUsage, "write a full backup of the data folder, signed, encrypted with --recipient (or the folder's passphrase); runs while oic is open", runBackup},
	{"check", checkUsage, "list what a visit does not yet meet; exit 1 if anything blocks", runCheck},
	{"demo", "[--visits N] [--seed S]", "fill an empty data folder with realistic sample visits", runDemo},
	{"encrypt", encryptUsage, "encrypt a plain data folder under a passphrase (copied, verified, swapped; the plain one kept until you remove it)", runEncrypt},
	{"export", "--format F --out PATH", "write closed visits to a file for central records (" + exchange.FormatList(", ", ", ") + ")", runExport},
	{"import", "PATH", "import an export into this data folder, all or nothing", runImport},
	{"key", keyUsage, "print this folder's public signing key, as a line for central records' allowed_signers", runKey},
	{"measures", measuresUsage, "count what visits achieved and how well they were recorded, by team, month or quarter (MOE-1)", runMeasures},
	{"passphrase", passphraseUsage, "change the passphrase of an encrypted data folder (the records are not rewritten)", runPassphrase},
	{"serve", serveUsage, "serve this data folder over SSH to officers with a key here (oic officer key add), each as themselves", runServe},
	{"refs", refsUsage, "list this folder's reserved reference numbers, or reserve some from a server to create visits offline", runRefs},
	{"retention", retentionUsage, "list the visits past retention (RET-1: six years after closure, or config.json's retention_years); deletes nothing", runRetention},
	{"push", "ssh://HOST:PORT [REF...]", "send this laptop's visits changed since the last push or pull (or those named) to a team server, all or nothing", runPush},
	{"pull", "ssh://HOST:PORT [REF...]", "bring down from a team server the visits you have work on (or those named), all or nothing", runPull},
	{"officer", officerUsage, "add an officer profile, list or show them, give roles, confirm grades, without the terminal UI", runOfficer},
	{"restore", restoreUsage, "make a new data folder from a backup, checked whole before anything is written, then verified", runRestore},
	{"verify", verifyUsage, "check every record and audit trail in the data folder; exit 1 if any fails", runVerify},
	{"version", "", "print the version of oic and of its store format", runVersion},
}

// errUsage marks an error in how oic was called: exit status 2.
var errUsage = errors.New("usage")

// exitError lets a command choose its exit status, as oic check does (1:
// a finding blocks; 2: it could not check). Err, if not nil, is printed
// like any other error; with none, the command has said all it has to.
type exitError struct {
	Code int
	Err  error
}

func (e *exitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *exitError) Unwrap() error { return e.Err }

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// What commands print is made inert (inert.go); the terminal UI draws
	// on stdout itself.
	screen := stdout
	out, errOut := newInertWriter(stdout), newInertWriter(stderr)
	defer out.flush()
	defer errOut.flush()
	stdout, stderr = out, errOut
	g := &globals{stdin: stdin, stop: stopperOf(ctx)}
	fs := g.flagSet("oic", stderr)
	fs.BoolVar(&g.board, "board", false, "open on today's board: incidents, deployed visits, today's, overdue (the duty CIO's)")
	fs.Usage = func() {} // printed below, once, to the right stream
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return 0
		}
		fmt.Fprintln(stderr)
		usage(stderr)
		return 2
	}
	rest := fs.Args()
	var err error
	if len(rest) == 0 {
		err = runTUI(ctx, g, stdin, screen, stderr)
	} else if rest[0] == "help" {
		usage(stdout)
		return 0
	} else {
		err = dispatch(ctx, g, rest, stdout, stderr)
		// The folder is held by oic serve: it runs the command instead
		// (serve_local.go).
		if code, ok := askServer(g, rest, err, stdout, stderr); ok {
			return code
		}
	}
	return exitStatus(err, stderr)
}

// exitStatus is the exit status of a command that returned err, which
// it prints to stderr if it has not said it already.
func exitStatus(err error, stderr io.Writer) int {
	var exit *exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &exit):
		if exit.Err != nil {
			fmt.Fprintln(stderr, "oic:", exit.Err)
		}
		return exit.Code
	default:
		fmt.Fprintln(stderr, "oic:", err)
		return 1
	}
}

func dispatch(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, g, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "oic: unknown command %q\n\n", args[0])
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `oic: the officer in charge's record of an illegal-working enforcement visit.

Usage:
  oic [--data-dir DIR] [--as STAFFNO]        open the visit register (terminal UI)
  oic [--data-dir DIR] [--as STAFFNO] --board  open on today's board (the duty CIO's)
  oic [global flags] COMMAND [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %-24s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprint(w, `
Global flags (before or after the command):
  --data-dir DIR   where records are kept (default $OIC_DATA_DIR, else `+defaultDataDirHint()+`)
  --as STAFFNO     sign in as this officer instead of the one last signed in
  --no-encrypt     make a new data folder NOT encrypted (its personal data in plain; not advised)

A new data folder is encrypted under a passphrase, asked at the terminal or
read from the file $OIC_PASSPHRASE_FILE names (readable by you alone).

Run 'oic COMMAND -h' for a command's own flags.
`)
}
