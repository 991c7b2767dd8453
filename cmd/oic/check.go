package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"oic/domain"
)

const checkUsage = "REF [--at \"DD/MM/YYYY HH:MM\"] [--json]"

// checkClock is the moment oic check judges a visit at; tests stand still.
var checkClock = time.Now

// runCheck prints what a visit does not yet meet: the same findings as the
// planning tab (domain Readiness), one a line as RULE<TAB>blocks|warns<TAB>
// message, or as a JSON array with --json. It exits 0 when nothing blocks,
// 1 when something does and 2 when it cannot check (no such visit, or
// its record or audit trail does not verify), so a script can gate on it.
func runCheck(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("check", stderr)
	asJSON := fs.Bool("json", false, "print the findings as a JSON array of {rule, severity, message, do}")
	atFlag := fs.String("at", "", "judge the visit as it will stand at this `time`, as \"07/12/2026 06:00\" or \"tomorrow 06:00\" (default: now)")
	refs, err := parseWithArgs(fs, args, stdout, checkUsage)
	if err != nil {
		return err
	}
	if len(refs) != 1 {
		fmt.Fprintf(stderr, "oic check: give one visit reference, like SLN-2026-0042\nUsage: oic check %s\n", checkUsage)
		return errUsage
	}
	// --at asks what will block at a time to come ("will this visit be
	// ready at 06:00?"): the rules are judged at that moment, as they
	// would be then, with the record as it stands now.
	at := checkClock()
	if *atFlag != "" {
		if at, err = domain.ParseDateTime(*atFlag, at); err != nil {
			fmt.Fprintf(stderr, "oic check: --at %q: %v\nUsage: oic check %s\n", *atFlag, err, checkUsage)
			return errUsage
		}
	}
	ref, err := domain.ParseRef(refs[0])
	if err != nil {
		return &exitError{Code: 2, Err: err}
	}
	v, cfg, err := readVisit(ctx, g, ref, stderr)
	if err != nil {
		return &exitError{Code: 2, Err: err}
	}

	findings := cfg.Readiness(v, at)
	if *atFlag != "" {
		fmt.Fprintf(stderr, "oic check: %s as it will stand at %s, if nothing more is recorded\n", v.Ref, at.Format("Monday "+domain.DateTimeLayout+" MST"))
	}
	if v.State == domain.Cancelled || v.State == domain.StoodDown {
		fmt.Fprintf(stderr, "oic check: %s is %s: nothing is left to check\n", v.Ref, v.State)
	}
	retentionNote(stderr, cfg, v, at)
	if *asJSON {
		if findings == nil {
			findings = []domain.Finding{} // [], not null
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(findings); err != nil {
			return &exitError{Code: 2, Err: err}
		}
	} else {
		for _, f := range findings {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", f.Rule, f.Severity, oneLine(f.Message))
		}
	}
	if len(domain.Blocking(findings)) > 0 {
		return &exitError{Code: 1}
	}
	return nil
}

// readVisit opens the store just long enough to read one visit. A data
// folder that does not exist is not created: there is nothing in it.
func readVisit(ctx context.Context, g *globals, ref domain.Ref, stderr io.Writer) (*domain.Visit, domain.Config, error) {
	dir, err := g.dir()
	if err != nil {
		return nil, domain.Config{}, err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, domain.Config{}, fmt.Errorf("no visit %s in %s: there is no such folder", ref, dir)
	}
	s, cfg, err := g.open()
	if err != nil {
		return nil, cfg, err
	}
	defer s.Close()
	warnHalfImported(s, stderr)
	v, err := s.Visit(ctx, ref)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, cfg, fmt.Errorf("no visit %s in %s", ref, s.Dir())
	}
	if err != nil {
		return nil, cfg, err // a record changed outside oic is not judged
	}
	if err := maySee(ctx, g, s, cfg, v); err != nil {
		return nil, cfg, err
	}
	trail, err := s.Audit(ctx, ref)
	if err != nil {
		return nil, cfg, err
	}
	if err := domain.VerifyChain(trail); err != nil {
		return nil, cfg, fmt.Errorf("%s: its audit trail is broken: %v; report it, and restore the data folder from a backup (oic verify lists every such record)", ref, err)
	}
	return v, cfg, nil
}

// oneLine keeps a message on its line of the tab-separated output.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}

// parseWithArgs is parseFlags for a command that also takes arguments: it
// reads flags wherever they are, so "oic check REF --json" and "oic check
// --json REF" mean the same, and returns the arguments in order. After
// "--" everything is an argument.
func parseWithArgs(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) ([]string, error) {
	var flags, rest []string
	out := fs.Output()
	fs.SetOutput(io.Discard)
	for len(args) > 0 {
		if fs.Parse(args) != nil {
			flags = append(flags, args...) // parseFlags reports it
			break
		}
		used := args[:len(args)-fs.NArg()]
		flags = append(flags, used...)
		if len(used) > 0 && used[len(used)-1] == "--" {
			rest = append(rest, fs.Args()...)
			break
		}
		if fs.NArg() > 0 {
			rest = append(rest, fs.Arg(0))
		}
		args = fs.Args()[min(1, fs.NArg()):]
	}
	fs.SetOutput(out)
	return rest, parseFlags(fs, flags, stdout, usage)
}
